// The deferred account's pure rules (compte d'attente, seed 000): installment schedules,
// how a settlement is allocated to open installments, dates as plain calendar days. An
// installment is what a deferred payment asks to be paid by one due date (one, due after the
// payment term, without tracking); "item" is merchandise, never an installment.
import { assert } from '../assert.ts';
import { allocateMinor } from '../money/money.ts';
import type { CurrencyCode } from '../money/currency.ts';
import type { PaymentMethodType } from './types.ts';

/** A calendar day, "YYYY-MM-DD", with no time zone: due dates are days, not instants. */
export type CalendarDay = string;

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

export function isCalendarDay(text: string): boolean {
  const match = dayPattern.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The day a number of days after another (calendar arithmetic in UTC: no daylight saving). */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  assert(isCalendarDay(day), `not a calendar day: ${day}`);
  assert(Number.isSafeInteger(days), 'whole days');
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** The calendar day of an instant where the institution is. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function dayIn(atMs: number, timeZone: string): CalendarDay {
  // a formatter costs ~0.1 ms to build and a sale asks for the day twice: one per zone
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(atMs);
}

export interface TrackingRule {
  installments: number;
  intervalDays: number;
  firstDueOffsetDays: number;
}

export interface ScheduledInstallment {
  seq: number;
  count: number;
  dueDate: CalendarDay;
  amountMinor: number;
}

/**
 * What a deferred payment asks to be paid, and when. With a tracked method ("avec suivi")
 * the amount is split into installments by the method's rule — equal shares, the cents
 * that do not divide going to the first installments (dinero.js allocate) — the first due
 * `firstDueOffsetDays` after the sale, then every `intervalDays`. Without tracking, one
 * installment due after the institution's payment term.
 */
export function installmentSchedule(
  amountMinor: number,
  currency: CurrencyCode,
  saleDay: CalendarDay,
  rule: TrackingRule | null,
  paymentTermDays: number,
): ScheduledInstallment[] {
  assert(Number.isSafeInteger(amountMinor) && amountMinor > 0, 'a deferred amount is positive');
  if (!rule) return [{ seq: 1, count: 1, dueDate: addDays(saleDay, paymentTermDays), amountMinor }];
  // never more installments than centimes: each installment is at least one
  const count = Math.min(rule.installments, amountMinor);
  const shares = allocateMinor(amountMinor, Array.from({ length: count }, () => 1), currency);
  return shares.map((share, i) => ({
    seq: i + 1,
    count,
    dueDate: addDays(saleDay, rule.firstDueOffsetDays + i * rule.intervalDays),
    amountMinor: share,
  }));
}

/**
 * The methods whose settlement names the money it records: the cheque's number, the bank
 * transfer's reference, the mandate's number. Without it nobody can match the settlement to
 * the cheque deposited or the line of the bank statement. Cash and cards need none.
 */
const referencedTypes: readonly PaymentMethodType[] = ['cheque', 'transfer', 'mandate'];

export function settlementNeedsReference(type: PaymentMethodType): boolean {
  return referencedTypes.includes(type);
}

export interface OpenInstallment {
  id: string;
  dueDate: CalendarDay;
  openMinor: number;
}

/** An open installment as a settlement sees it: when its order was sold and which of its schedule it is. */
export interface SettlementInstallment extends OpenInstallment {
  /** The sale time of the installment's order. */
  saleAtMs: number;
  /** The installment's number in its payment's schedule (1 without tracking). */
  seq: number;
}

/**
 * Oldest first: the earlier due date, then the order sold first, then the lower installment
 * number (then the id, so that the order is total). Two orders whose installments fall due
 * the same day are therefore paid one after the other, never interleaved.
 */
export function compareOldestFirst(a: SettlementInstallment, b: SettlementInstallment): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  if (a.saleAtMs !== b.saleAtMs) return a.saleAtMs - b.saleAtMs;
  if (a.seq !== b.seq) return a.seq - b.seq;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface Allocation {
  allocations: { installmentId: string; amountMinor: number }[];
  /** What is left once every open installment is paid. */
  excessMinor: number;
}

/**
 * Spreads a settlement over open installments: the picked ones first, in the order given, then
 * the others oldest first (compareOldestFirst). The allocations and the excess sum to the
 * settlement: asserted.
 */
export function allocateSettlement(amountMinor: number, installments: readonly SettlementInstallment[], pickedIds: readonly string[] = []): Allocation {
  assert(Number.isSafeInteger(amountMinor) && amountMinor > 0, 'a settlement is positive');
  const picked = pickedIds.map((id) => installments.find((i) => i.id === id)).filter((i): i is SettlementInstallment => i !== undefined);
  const rest = installments.filter((i) => !pickedIds.includes(i.id)).sort(compareOldestFirst);
  let left = amountMinor;
  const allocations: Allocation['allocations'] = [];
  for (const installment of [...picked, ...rest]) {
    if (left === 0) break;
    const share = Math.min(left, installment.openMinor);
    if (share <= 0) continue;
    allocations.push({ installmentId: installment.id, amountMinor: share });
    left -= share;
  }
  assert(allocations.reduce((a, x) => a + x.amountMinor, 0) + left === amountMinor, 'allocations and excess sum to the settlement');
  return { allocations, excessMinor: left };
}

/**
 * What a refund of a deferred payment cancels: its open installments, the last due first (the
 * installments furthest away go first). Never more than is open: asserted by the caller's
 * check, and here.
 */
export function cancelInstallments(amountMinor: number, installments: readonly OpenInstallment[]): { installmentId: string; amountMinor: number }[] {
  const ordered = [...installments].sort((a, b) => (a.dueDate === b.dueDate ? (a.id < b.id ? 1 : -1) : a.dueDate < b.dueDate ? 1 : -1));
  let left = amountMinor;
  const cancellations: { installmentId: string; amountMinor: number }[] = [];
  for (const installment of ordered) {
    const share = Math.min(left, installment.openMinor);
    if (share <= 0) continue;
    cancellations.push({ installmentId: installment.id, amountMinor: share });
    left -= share;
  }
  assert(left === 0, 'a refund cancels no more than is open');
  return cancellations;
}
