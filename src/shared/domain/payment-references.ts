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

/**
 * The digits that stand for an invoice series (a till's prefix, "G1"): its digits as they
 * are, each letter as two digits (its code modulo 100), at most ten.
 */
export function seriesDigits(series: string): string {
  return [...series].map((ch) => (/\d/.test(ch) ? ch : String(ch.charCodeAt(0) % 100).padStart(2, '0'))).join('').slice(0, 10);
}

/** Whether an invoice's references are QR references (CHF paid to a QR-IBAN) or creditor references. */
export type ReferenceScheme = 'qr' | 'creditor';

/**
 * The reference of an invoice (or credit note): the series' digits and the invoice's
 * sequence number on ten digits — at most 20 digits, so a QR reference made of them starts
 * with six zeros and a creditor reference's body has at most 20 characters.
 */
export function invoiceReference(scheme: ReferenceScheme, series: string, seq: number): string {
  assert(Number.isSafeInteger(seq) && seq >= 1 && seq < 1e10, 'an invoice sequence number has at most ten digits');
  const payload = `${seriesDigits(series)}${String(seq).padStart(10, '0')}`;
  return scheme === 'qr' ? qrReference(payload) : creditorReference(payload);
}

/** Installments one invoice may number in its references (three digits). */
export const installmentReferenceMax = 999;

/**
 * The reference of installment `n` of an invoice, that a bank line carries back (C17): it
 * names the series, the invoice and the installment, and never equals an invoice's
 * reference. QR: "1", the series' digits on ten, the invoice's number on ten, the
 * installment on three (24 digits; an invoice's QR reference has zeros where the "1" is).
 * Creditor reference: the series' digits on ten, the invoice's number on eight, the
 * installment on three — always 21 characters, an invoice's at most 20.
 */
export function installmentReference(scheme: ReferenceScheme, series: string, seq: number, n: number): string {
  assert(Number.isSafeInteger(n) && n >= 1 && n <= installmentReferenceMax, `an installment reference numbers 1 to ${installmentReferenceMax} installments`);
  const series10 = seriesDigits(series).padStart(10, '0');
  const n3 = String(n).padStart(3, '0');
  if (scheme === 'qr') {
    assert(Number.isSafeInteger(seq) && seq >= 1 && seq < 1e10, 'an invoice sequence number has at most ten digits');
    return qrReference(`1${series10}${String(seq).padStart(10, '0')}${n3}`);
  }
  assert(Number.isSafeInteger(seq) && seq >= 1 && seq < 1e8, 'in a creditor reference an invoice number has at most eight digits');
  return creditorReference(`${series10}${String(seq).padStart(8, '0')}${n3}`);
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
