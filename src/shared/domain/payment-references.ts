// The references an invoice carries so that a bank payment can be matched to it (C6, C17):
// the Swiss QR reference (27 digits, recursive modulo 10) and the ISO 11649 creditor
// reference ("RF", modulo 97), and the EPC QR payload for SEPA transfers in euros.
import { assert } from '../assert.ts';
import { toDecimalString } from '../money/format.ts';

const mod10Table = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];

/** The check digit of the Swiss QR reference (and of ISR/ESR): recursive modulo 10. */
export function mod10Recursive(digits: string): number {
  assert(/^\d*$/.test(digits), 'digits only');
  let carry = 0;
  for (const ch of digits) carry = mod10Table[(carry + Number(ch)) % 10]!;
  return (10 - carry) % 10;
}

/** A 27-digit QR reference from up to 26 digits of payload, zero-padded on the left. */
export function qrReference(payloadDigits: string): string {
  assert(/^\d{1,26}$/.test(payloadDigits), 'a QR reference carries 1 to 26 digits before its check digit');
  const body = payloadDigits.padStart(26, '0');
  return `${body}${mod10Recursive(body)}`;
}

export function isQrReference(reference: string): boolean {
  return /^\d{27}$/.test(reference) && mod10Recursive(reference.slice(0, 26)) === Number(reference[26]);
}

/** ISO 7064 mod 97-10 of a string of digits and letters (A = 10 … Z = 35). */
function mod97(text: string): number {
  let remainder = 0;
  for (const ch of text) {
    const value = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** "RF" + two check digits + up to 21 letters and digits (ISO 11649). */
export function creditorReference(payload: string): string {
  const body = payload.toUpperCase();
  assert(/^[0-9A-Z]{1,21}$/.test(body), 'a creditor reference carries 1 to 21 letters or digits');
  const check = 98 - mod97(`${body}RF00`);
  return `RF${String(check).padStart(2, '0')}${body}`;
}

export function isCreditorReference(reference: string): boolean {
  const text = reference.replace(/\s/g, '').toUpperCase();
  return /^RF\d{2}[0-9A-Z]{1,21}$/.test(text) && mod97(`${text.slice(4)}${text.slice(0, 4)}`) === 1;
}

export interface EpcTransfer {
  bic: string;
  name: string;
  iban: string;
  amountMinor: number;
  /** A creditor reference (structured) or a free text, not both. */
  reference: string;
  text?: string;
}

/**
 * The EPC QR code's payload ("GiroCode", EPC069-12 v002): BCD, 002, UTF-8 (1), SCT, then the
 * beneficiary, the amount in euros with a point and cents, and the remittance. At most 331
 * bytes, asserted.
 */
export function epcPayload(transfer: EpcTransfer): string {
  assert(transfer.amountMinor > 0 && transfer.amountMinor <= 99_999_999_999, 'EPC amounts are 0.01 to 999999999.99');
  const euros = toDecimalString(transfer.amountMinor, 'EUR');
  const isStructured = isCreditorReference(transfer.reference);
  const lines = ['BCD', '002', '1', 'SCT', transfer.bic, transfer.name.slice(0, 70), transfer.iban.replace(/\s/g, ''), `EUR${euros}`, '', isStructured ? transfer.reference : '', isStructured ? (transfer.text ?? '') : transfer.reference.slice(0, 140)];
  const payload = lines.join('\n').replace(/\n+$/, '');
  assert(new TextEncoder().encode(payload).length <= 331, 'an EPC payload is at most 331 bytes');
  return payload;
}

/**
 * A reference as people read and type it: a QR reference in groups of five from the right
 * ("21 00000 00003 13947 14300 09017"), a creditor reference in groups of four.
 */
export function formatPaymentReference(reference: string): string {
  const text = reference.replace(/\s/g, '');
  if (/^\d{27}$/.test(text)) return `${text.slice(0, 2)} ${text.slice(2).match(/.{5}/g)!.join(' ')}`;
  return text.match(/.{1,4}/g)?.join(' ') ?? '';
}
