// The only place user text becomes an amount. Never parseFloat: digits are read as digits.
import { amountMinorMax } from '../limits.ts';
import { exponentOf, type CurrencyCode } from './currency.ts';

export type ParseMoneyResult =
  | { ok: true; amountMinor: number }
  | { ok: false; reason: 'empty' | 'not_a_number' | 'too_many_decimals' | 'negative' | 'too_large' };

const groupSeparators = /['’\s\u00A0\u202F]/g;
const currencyMarks = /^(CHF|EUR|€|Fr\.?)\s*|\s*(CHF|EUR|€|Fr\.?)$/gi;

/**
 * Reads "12.50", "12,50", "1'234.50", "1 234,50", "12.–", "CHF 12.50" into minor units.
 * When both "." and "," appear, the last one is the decimal separator.
 */
export function parseMoney(
  text: string,
  currency: CurrencyCode,
  options: { allowNegative?: boolean } = {},
): ParseMoneyResult {
  let s = text.trim().replace(currencyMarks, '').trim();
  if (s === '') return { ok: false, reason: 'empty' };
  let negative = false;
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = true;
    s = s.slice(1).trim();
  }
  s = s.replace(groupSeparators, '').replace(/[.,][–-]$/, '');
  if (!/^[0-9.,]+$/.test(s) || !/[0-9]/.test(s)) return { ok: false, reason: 'not_a_number' };

  const split = splitDecimal(s);
  if (!split) return { ok: false, reason: 'not_a_number' };
  const exponent = exponentOf(currency);
  if (split.fraction.length > exponent) return { ok: false, reason: 'too_many_decimals' };
  const digits = (split.integer === '' ? '0' : split.integer) + split.fraction.padEnd(exponent, '0');
  const stripped = digits.replace(/^0+(?=\d)/, '');
  if (stripped.length > 16) return { ok: false, reason: 'too_large' };
  const magnitude = Number(stripped); // an integer string of at most 16 digits: exact below 2**53
  if (!Number.isSafeInteger(magnitude) || magnitude > amountMinorMax) return { ok: false, reason: 'too_large' };
  if (negative && magnitude !== 0) {
    if (!options.allowNegative) return { ok: false, reason: 'negative' };
    return { ok: true, amountMinor: -magnitude };
  }
  return { ok: true, amountMinor: magnitude };
}

function splitDecimal(s: string): { integer: string; fraction: string } | null {
  const hasDot = s.includes('.');
  const hasComma = s.includes(',');
  if (!hasDot && !hasComma) return { integer: s, fraction: '' };
  if (hasDot && hasComma) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    const at = s.lastIndexOf(decimal);
    const before = s.slice(0, at);
    const after = s.slice(at + 1);
    if (before.includes(decimal) || !isGrouped(before, group) || !/^\d*$/.test(after)) return null;
    return { integer: before.split(group).join(''), fraction: after };
  }
  const separator = hasDot ? '.' : ',';
  const parts = s.split(separator);
  // "1,234,567": several separators of one kind are grouping. A single one is the
  // decimal separator, so "50.000" is refused (too many decimals), never read as 50'000.
  if (parts.length > 2) return isGrouped(s, separator) ? { integer: parts.join(''), fraction: '' } : null;
  return { integer: parts[0]!, fraction: parts[1]! };
}

/** "1'234" style: a head of 1–3 digits, then groups of exactly three. */
function isGrouped(s: string, separator: string): boolean {
  const parts = s.split(separator);
  if (parts.length === 1) return /^\d*$/.test(s);
  return /^\d{1,3}$/.test(parts[0]!) && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}
