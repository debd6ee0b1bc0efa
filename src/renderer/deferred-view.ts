// How the deferred account's screens sort and group what the services gave: installments by
// order, orders still to invoice, an installment's state, the methods a settlement may use.
// Nothing here adds up money (what a refund may put on account is the refund quote's).
import type { DeferredMovement, Installment, OrderView, PaymentMethod } from './types.ts';

export type InstallmentState = 'overdue' | 'open' | 'settled' | 'cancelled';

/** Open and past due, open, paid in full, or cancelled (by a refund) without being paid in full. */
export function installmentState(installment: Installment): InstallmentState {
  if (installment.openMinor > 0) return installment.isOverdue ? 'overdue' : 'open';
  return installment.paidMinor > 0 || installment.cancelledMinor === 0 ? 'settled' : 'cancelled';
}

export interface OrderToInvoice {
  orderId: string;
  orderNumber: string;
  /** When the order was charged to the account (from its movement), if it is in the history. */
  chargedAtMs: number | null;
  installments: Installment[];
}

/** Installments the services would invoice: on no current invoice, and not wholly cancelled. */
export function isInvoiceable(installment: Installment): boolean {
  // a web order's installment invoiced at another till has that invoice's number, not an id known here (issue 15 point 3)
  return installment.invoiceId === null && installment.invoiceNumber === null && installment.cancelledMinor < installment.amountMinor;
}

/**
 * The orders of an account with something still to invoice, oldest charge first; each
 * with the date its deferred payment was charged (a quarter is chosen by these dates).
 */
export function ordersToInvoice(installments: readonly Installment[], movements: readonly DeferredMovement[]): OrderToInvoice[] {
  const chargedAt = new Map<string, number>();
  for (const m of movements) {
    if (m.kind !== 'charged' && m.kind !== 'moved_in') continue;
    if (m.orderId === null) continue;
    const known = chargedAt.get(m.orderId);
    if (known === undefined || m.atMs < known) chargedAt.set(m.orderId, m.atMs);
  }
  const byOrder = new Map<string, OrderToInvoice>();
  for (const installment of installments.filter(isInvoiceable)) {
    const order = byOrder.get(installment.orderId) ?? { orderId: installment.orderId, orderNumber: installment.orderNumber, chargedAtMs: chargedAt.get(installment.orderId) ?? null, installments: [] };
    order.installments.push(installment);
    byOrder.set(installment.orderId, order);
  }
  for (const order of byOrder.values()) order.installments.sort((a, b) => a.seq - b.seq);
  return [...byOrder.values()].sort(
    (a, b) => (a.chargedAtMs ?? Number.MAX_SAFE_INTEGER) - (b.chargedAtMs ?? Number.MAX_SAFE_INTEGER) || a.orderNumber.localeCompare(b.orderNumber),
  );
}

/** The orders charged within [fromMs, toMs] (an order with no known date is left out). */
export function ordersChargedIn(orders: readonly OrderToInvoice[], fromMs: number, toMs: number): string[] {
  return orders.filter((o) => o.chargedAtMs !== null && o.chargedAtMs >= fromMs && o.chargedAtMs <= toMs).map((o) => o.orderId);
}

/** The invoices an order's deferred installments are on now, in the order they appear. */
export function invoicesOfOrder(order: Pick<OrderView, 'installments'>): { invoiceId: string; invoiceNumber: string }[] {
  const seen = new Map<string, string>();
  for (const installment of order.installments) {
    if (installment.invoiceId !== null && installment.invoiceNumber !== null && !seen.has(installment.invoiceId)) seen.set(installment.invoiceId, installment.invoiceNumber);
  }
  return [...seen].map(([invoiceId, invoiceNumber]) => ({ invoiceId, invoiceNumber }));
}

/** Whether some deferred installment of the order is not on an invoice yet and can be. */
export function hasUninvoiced(order: Pick<OrderView, 'installments'>): boolean {
  return order.installments.some(isInvoiceable);
}

/** The payers of an order's deferred payments (one, unless the order was split oddly). */
export function payersOfOrder(order: Pick<OrderView, 'installments'>): string[] {
  return [...new Set(order.installments.map((i) => i.payerContactId))];
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
