// The rules of a configuration's fields that a schema cannot say (issue 16): an IBAN's
// check digits, a BIC, a Swiss VAT number, a time zone, a PIN. Pure: the services refuse
// with them and the configuration forms name a wrong field with them before sending.
import { pinDigitsMax, pinDigitsMin } from '../limits.ts';
import type { CurrencyCode } from '../money/currency.ts';

/** An IBAN as stored: capitals, no spaces. */
export function compactIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

/** ISO 7064 mod 97-10 of an IBAN moved to check (country and check digits last, letters as 10–35). */
function ibanRemainder(iban: string): number {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of moved) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** Why an IBAN (or QR-IBAN) cannot be paid into, or null: its form, its check digits, or a country the currency's QR-bill refuses. */
export function ibanProblem(iban: string, currency: CurrencyCode): 'format' | 'checksum' | 'country' | null {
  const text = compactIban(iban);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(text)) return 'format';
  // Swiss and Liechtenstein IBANs are 21 characters
  if ((text.startsWith('CH') || text.startsWith('LI')) && text.length !== 21) return 'format';
  if (ibanRemainder(text) !== 1) return 'checksum';
  // a QR-bill in CHF is paid into a Swiss or Liechtenstein account only
  if (currency === 'CHF' && !text.startsWith('CH') && !text.startsWith('LI')) return 'country';
  return null;
}

/** A QR-IBAN: its institution id (characters 5–9) is 30000–31999; invoices then carry QR references. */
export function isQrIban(iban: string): boolean {
  return /^(CH|LI)\d{2}3[01]\d{3}/.test(compactIban(iban));
}

/** A BIC (SWIFT code): 8 or 11 letters and digits; empty is none. */
export function isValidBic(bic: string): boolean {
  return bic === '' || /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic.toUpperCase());
}

/** A Swiss UID for VAT (CHE-123.456.789 TVA | MWST | IVA); elsewhere any text; empty is none. */
export function isValidVatNumber(vatNumber: string, country: string): boolean {
  if (vatNumber === '' || country !== 'CH') return true;
  return /^CHE-?\d{3}\.?\d{3}\.?\d{3}(\s?(TVA|MWST|IVA|VAT))?$/i.test(vatNumber.trim());
}

/** An IANA time zone the runtime knows (Europe/Zurich). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Why a PIN chosen now is refused, or null: digits only, at least pinDigitsMin, at most pinDigitsMax. */
export function pinProblem(pin: string): 'pin_invalid' | 'pin_too_short' | null {
  if (!/^\d*$/.test(pin) || pin.length > pinDigitsMax) return 'pin_invalid';
  if (pin.length < pinDigitsMin) return 'pin_too_short';
  return null;
}

const countryVatRatesBp: Readonly<Record<string, readonly number[]>> = {
  CH: [810, 380, 260, 0],
  LI: [810, 380, 260, 0],
  FR: [2000, 1000, 550, 210, 0],
};

/** The VAT rates a country's catalogue uses when the institution has not listed its own (basis points). */
export function defaultVatRatesBp(country: string): number[] {
  return [...(countryVatRatesBp[country] ?? [0])];
}

/** The rates the catalogue may use: the institution's list, or its country's. */
export function vatRatesOf(institution: { vatRatesBp?: number[] | undefined; country: string }): number[] {
  return institution.vatRatesBp ?? defaultVatRatesBp(institution.country);
}
