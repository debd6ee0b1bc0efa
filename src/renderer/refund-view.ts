// What the refund form makes of the services' refund quote: the lines chosen, the amount
// texts of a split, the split typed read back. Amounts are the quote's; none is added here.
import { parseMoney, type ParseMoneyResult } from '../shared/money/parse.ts';
import type { CurrencyCode } from '../shared/money/currency.ts';
import type { OrderView, RefundQuote } from './types.ts';

export type RefundDestination = RefundQuote['destinations'][number];
export type RefundShare = RefundQuote['split'][number];
/** The quantity to refund per order line id, as typed. */
export type RefundQuantities = Readonly<Record<string, number>>;

/** The lines with a quantity to refund, in the order's order: what orders.refund and its quote take. */
export function chosenLines(order: Pick<OrderView, 'lines'>, quantities: RefundQuantities): { orderLineId: string; quantity: number }[] {
  return order.lines.filter((l) => (quantities[l.id] ?? 0) > 0).map((l) => ({ orderLineId: l.id, quantity: quantities[l.id]! }));
}

/** A typed quantity: a whole number between 0 and what is left to refund of the line; anything else is 0. */
export function quantityFrom(text: string, refundable: number): number {
  const value = Number(text);
  return Number.isSafeInteger(value) ? Math.min(Math.max(value, 0), refundable) : 0;
}

/** The amount texts of a split the services gave (a share per destination, in its order), by method id. */
export function shareTexts(destinations: readonly RefundDestination[], shares: readonly RefundShare[], amount: (minor: number) => string): Record<string, string> {
  return Object.fromEntries(destinations.map((d, i) => [d.methodId, amount(shares[i]?.amountMinor ?? 0)]));
}

export type TypedSplit = { ok: true; payments: { methodId: string; amountMinor: number }[] } | Extract<ParseMoneyResult, { ok: false }>;

/** The split as typed, read destination by destination; zeros left out. The first text that is not an amount says why. */
export function typedSplit(destinations: readonly RefundDestination[], textOf: (methodId: string) => string, currency: CurrencyCode): TypedSplit {
  const payments: { methodId: string; amountMinor: number }[] = [];
  for (const d of destinations) {
    const parsed = parseMoney(textOf(d.methodId), currency);
    if (!parsed.ok) return { ok: false, reason: parsed.reason };
    if (parsed.amountMinor > 0) payments.push({ methodId: d.methodId, amountMinor: parsed.amountMinor });
  }
  return { ok: true, payments };
}

/** Whether the refund may go to the buyer's credit balance (a buyer, and a credit method that refunds here). */
export function isCreditDestination(destination: Pick<RefundDestination, 'methodType'>): boolean {
  return destination.methodType === 'credit';
}
