// What the refund form makes of the services' refund quote: the lines chosen, the amount
// texts of a split, the split typed read back. Amounts are the quote's; none is added here.
import { parseMoney, type ParseMoneyResult } from '../shared/money/parse.ts';
import type { CurrencyCode } from '../shared/money/currency.ts';
import type { OrderView, RefundQuote } from './types.ts';

export type RefundDestination = RefundQuote['destinations'][number];
export type RefundShare = RefundQuote['split'][number];
/** The quantity to refund per order line id, as typed. */
export type RefundQuantities = Readonly<Record<string, number>>;

/**
 * The lines with a quantity to refund, in the order's order: what orders.refund and its
 * quote take. A ticket line is refunded by its tickets ticked (ticketsChosen), not here.
 */
export function chosenLines(order: Pick<OrderView, 'lines'>, quantities: RefundQuantities): { orderLineId: string; quantity: number }[] {
  return order.lines.filter((l) => l.kind !== 'ticket' && (quantities[l.id] ?? 0) > 0).map((l) => ({ orderLineId: l.id, quantity: quantities[l.id]! }));
}

type TicketRef = Pick<OrderView['tickets'][number], 'id' | 'orderLineId' | 'isRefunded'>;

/** The tickets ticked, in the order's order: exactly the barcodes orders.refund voids. */
export function ticketsChosen(order: { tickets: readonly TicketRef[] }, ticked: ReadonlySet<string>): string[] {
  return order.tickets.filter((t) => ticked.has(t.id) && !t.isRefunded).map((t) => t.id);
}

/** How many of a line's tickets are ticked: the quantity its field shows. */
export function tickedOfLine(order: { tickets: readonly TicketRef[] }, lineId: string, ticked: ReadonlySet<string>): number {
  return order.tickets.filter((t) => t.orderLineId === lineId && ticked.has(t.id) && !t.isRefunded).length;
}

/**
 * A quantity typed on a ticket line, as ticks: the line's tickets ticked stay ticked (the
 * first ones, when fewer are wanted), then its first others not refunded are ticked up to
 * the quantity. The other lines' ticks stay as they are.
 */
export function tickForQuantity(order: { tickets: readonly TicketRef[] }, lineId: string, quantity: number, ticked: ReadonlySet<string>): Set<string> {
  const open = order.tickets.filter((t) => t.orderLineId === lineId && !t.isRefunded);
  const kept = open.filter((t) => ticked.has(t.id)).slice(0, quantity);
  const added = open.filter((t) => !ticked.has(t.id)).slice(0, Math.max(quantity - kept.length, 0));
  const next = new Set([...ticked].filter((id) => !open.some((t) => t.id === id)));
  for (const t of [...kept, ...added]) next.add(t.id);
  return next;
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
