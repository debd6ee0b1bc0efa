// The configuration forms' checks before anything is sent: the contract's zod schemas and
// the shared field rules (an IBAN, a PIN, a time zone) name each wrong field, in words the
// form shows under it. Text typed by the administrator becomes numbers here (amounts through
// the shared money parser: the renderer computes no money).
import type { z } from 'zod';
import { parseMoney } from '../../shared/money/parse.ts';
import type { CurrencyCode } from '../../shared/money/currency.ts';

/** Why a field is wrong: a key of config.problems (or moneyParse) and what its message names. */
export interface FieldProblem {
  key: string;
  values?: Record<string, string | number>;
}

/** Wrong fields by their path in the input ("address.city", "tracking.installments"). */
export type Problems = Record<string, FieldProblem>;

type Issue = z.core.$ZodIssue;

function problemOf(issue: Issue): FieldProblem {
  // lint-allow: switch (zod's issue codes are the library's open set: any other is "invalid")
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? { key: 'required' } : { key: 'tooShort', values: { min: Number(issue.minimum) } };
      if (issue.origin === 'array') return { key: 'tooFew', values: { min: Number(issue.minimum) } };
      return { key: 'tooSmall', values: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'tooLong', values: { max: Number(issue.maximum) } };
      if (issue.origin === 'array') return { key: 'tooMany', values: { max: Number(issue.maximum) } };
      return { key: 'tooLarge', values: { max: Number(issue.maximum) } };
    case 'invalid_format':
      return { key: 'format' };
    case 'invalid_type':
      return { key: issue.expected === 'number' ? 'notANumber' : 'required' };
    case 'invalid_value':
      return { key: 'choose' };
    default:
      return { key: 'invalid' };
  }
}

/** The schema's verdict on an input: the parsed value, or the first problem of each wrong field. */
export function check<S extends z.ZodType>(schema: S, input: unknown, extra: Problems = {}): { ok: true; value: z.output<S> } | { ok: false; problems: Problems } {
  const result = schema.safeParse(input);
  const problems: Problems = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      problems[path] ??= problemOf(issue);
    }
  }
  // a field the form read itself (an amount, a number) keeps its own reason
  Object.assign(problems, extra);
  if (result.success && Object.keys(problems).length === 0) return { ok: true, value: result.data };
  return { ok: false, problems };
}

/** A whole number typed in a field: NaN (refused by the schema as not a number) unless digits only. */
export function wholeNumber(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** An amount typed in a field, read by the shared money parser; its problem, when it cannot be read, goes under `field`. */
export function amountField(text: string, currency: CurrencyCode, field: string, problems: Problems): number {
  const parsed = parseMoney(text, currency);
  if (parsed.ok) return parsed.amountMinor;
  problems[field] = { key: `moneyParse.${parsed.reason}` };
  return 0;
}

/** A VAT rate typed in percent ("8.1", "2,6", "0") in basis points; its problem goes under `field`. */
export function percentField(text: string, field: string, problems: Problems): number {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!match) {
    problems[field] = { key: 'percent' };
    return 0;
  }
  // digits joined as digits: "8.1" is 8 and "10" hundredths, 810 basis points
  return Number(match[1]! + (match[2] ?? '').padEnd(2, '0'));
}

/** Basis points shown as a percentage to type again: 810 → "8.1". */
export function percentText(rateBp: number): string {
  const text = String(rateBp).padStart(3, '0');
  const whole = text.slice(0, -2);
  const fraction = text.slice(-2).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The offset ("+01:00") of a time zone at a wall-clock time, to send a performance's start with it. */
export function offsetAt(localDateTime: string, timeZone: string): string {
  const at = new Date(`${localDateTime.slice(0, 16)}:00Z`);
  if (Number.isNaN(at.getTime())) return '';
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
    return match ? `${match[1]}:${match[2] ?? '00'}` : '+00:00';
  } catch {
    return '+00:00';
  }
}

/** A performance's start as typed (datetime-local) with its time zone's offset: 2026-12-01T20:00:00+01:00. */
export function startsAtOf(localDateTime: string, timeZone: string): string {
  const local = localDateTime.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)) return local;
  return `${local.slice(0, 16)}:00${offsetAt(local, timeZone)}`;
}

/** A start as the datetime-local field shows it (its wall-clock part). */
export function localOf(startsAt: string): string {
  return startsAt.slice(0, 16);
}
