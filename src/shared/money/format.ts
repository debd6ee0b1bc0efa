// The only place an amount becomes text. Intl formats the decimal string exactly.
import { dinero, toDecimal } from 'dinero.js';
import { dineroCurrencies, type CurrencyCode } from './currency.ts';

export type UiLanguage = 'fr' | 'en';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, currency: CurrencyCode, withSymbol: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency}|${withSymbol}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = withSymbol
      ? new Intl.NumberFormat(locale, { style: 'currency', currency })
      : new Intl.NumberFormat(locale, { minimumFractionDigits: dineroCurrencies[currency].exponent, maximumFractionDigits: dineroCurrencies[currency].exponent });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The locale for a UI language in the institution's country ("fr" + "CH" → "fr-CH"). */
export function localeFor(language: UiLanguage, country: string): string {
  return `${language}-${country}`;
}

/** The exact decimal text of an amount ("1234.50"), for CSV and machine-readable output. */
export function toDecimalString(amountMinor: number, currency: CurrencyCode): string {
  return toDecimal(dinero({ amount: amountMinor, currency: dineroCurrencies[currency] }));
}

/** "1 234.50 CHF" (fr-CH) or "CHF 1'234.50" (en-CH). */
export function formatMoney(
  amountMinor: number,
  currency: CurrencyCode,
  locale: string,
  options: { withSymbol?: boolean } = {},
): string {
  const decimal = toDecimalString(amountMinor, currency) as Intl.StringNumericLiteral;
  return formatterFor(locale, currency, options.withSymbol ?? true).format(decimal);
}

/**
 * French formatting uses U+202F (narrow no-break space) and U+00A0, which receipt
 * printers and standard PDF fonts garble; printed text gets plain spaces.
 */
export function normaliseSpaces(text: string): string {
  return text.replace(/[\u00A0\u202F\u2007\u2009]/g, ' ');
}
