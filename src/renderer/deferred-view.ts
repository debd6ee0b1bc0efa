// How the deferred account's screens sort and group what the services gave: items by
// order, orders still to invoice, an item's state, the methods a settlement may use.
// Nothing here adds up money (what a refund may put on account is the refund quote's).
import type { DeferredItem, DeferredMovement, OrderView, PaymentMethod } from './types.ts';

export type ItemState = 'overdue' | 'open' | 'settled' | 'cancelled';

/** Open and past due, open, paid in full, or cancelled (by a refund) without being paid in full. */
export function itemState(item: DeferredItem): ItemState {
  if (item.openMinor > 0) return item.isOverdue ? 'overdue' : 'open';
  return item.paidMinor > 0 || item.cancelledMinor === 0 ? 'settled' : 'cancelled';
}

export interface OrderToInvoice {
  orderId: string;
  orderNumber: string;
  /** When the order was charged to the account (from its movement), if it is in the history. */
  chargedAtMs: number | null;
  items: DeferredItem[];
}

/** Items the services would invoice: on no current invoice, and not wholly cancelled. */
export function isInvoiceable(item: DeferredItem): boolean {
  return item.invoiceId === null && item.cancelledMinor < item.amountMinor;
}

/**
 * The orders of an account with something still to invoice, oldest charge first; each
 * with the date its deferred payment was charged (a quarter is chosen by these dates).
 */
export function ordersToInvoice(items: readonly DeferredItem[], movements: readonly DeferredMovement[]): OrderToInvoice[] {
  const chargedAt = new Map<string, number>();
  for (const m of movements) {
    if (m.kind !== 'charged' && m.kind !== 'moved_in') continue;
    if (m.orderId === null) continue;
    const known = chargedAt.get(m.orderId);
    if (known === undefined || m.atMs < known) chargedAt.set(m.orderId, m.atMs);
  }
  const byOrder = new Map<string, OrderToInvoice>();
  for (const item of items.filter(isInvoiceable)) {
    const order = byOrder.get(item.orderId) ?? { orderId: item.orderId, orderNumber: item.orderNumber, chargedAtMs: chargedAt.get(item.orderId) ?? null, items: [] };
    order.items.push(item);
    byOrder.set(item.orderId, order);
  }
  for (const order of byOrder.values()) order.items.sort((a, b) => a.seq - b.seq);
  return [...byOrder.values()].sort(
    (a, b) => (a.chargedAtMs ?? Number.MAX_SAFE_INTEGER) - (b.chargedAtMs ?? Number.MAX_SAFE_INTEGER) || a.orderNumber.localeCompare(b.orderNumber),
  );
}

/** The orders charged within [fromMs, toMs] (an order with no known date is left out). */
export function ordersChargedIn(orders: readonly OrderToInvoice[], fromMs: number, toMs: number): string[] {
  return orders.filter((o) => o.chargedAtMs !== null && o.chargedAtMs >= fromMs && o.chargedAtMs <= toMs).map((o) => o.orderId);
}

/** The invoices an order's deferred items are on now, in the order they appear. */
export function invoicesOfOrder(order: Pick<OrderView, 'deferredItems'>): { invoiceId: string; invoiceNumber: string }[] {
  const seen = new Map<string, string>();
  for (const item of order.deferredItems) {
    if (item.invoiceId !== null && item.invoiceNumber !== null && !seen.has(item.invoiceId)) seen.set(item.invoiceId, item.invoiceNumber);
  }
  return [...seen].map(([invoiceId, invoiceNumber]) => ({ invoiceId, invoiceNumber }));
}

/** Whether some deferred item of the order is not on an invoice yet and can be. */
export function hasUninvoiced(order: Pick<OrderView, 'deferredItems'>): boolean {
  return order.deferredItems.some(isInvoiceable);
}

/** The payers of an order's deferred payments (one, unless the order was split oddly). */
export function payersOfOrder(order: Pick<OrderView, 'deferredItems'>): string[] {
  return [...new Set(order.deferredItems.map((i) => i.payerContactId))];
}

/** The method types a settlement may come by, the usual ones for an invoice first. */
const settleTypeOrder: readonly PaymentMethod['type'][] = ['cheque', 'mandate', 'transfer', 'cash', 'card'];

/** The methods of this point of sale that may bring a settlement in: cheque, mandate, transfer, then cash and card. */
export function settleMethods(methods: readonly PaymentMethod[]): PaymentMethod[] {
  return methods
    .filter((m) => m.mayPay && settleTypeOrder.includes(m.type))
    .sort((a, b) => settleTypeOrder.indexOf(a.type) - settleTypeOrder.indexOf(b.type));
}

/** Whether a method pays on account (compte d'attente). */
export function isDeferredMethod(method: Pick<PaymentMethod, 'type'>): boolean {
  return method.type === 'deferred';
}
