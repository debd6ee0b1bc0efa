// An order as the screens and receipts show it: lines with refunded quantities,
// payments with refunded amounts, tickets, vouchers and refunds. The reads are here, one
// per part; assembleOrderView and its leaves turn the rows into the view without reading
// (the sale builds its answer from the same leaves, selling/sale-view.ts).
import { assert } from '../../shared/assert.ts';
import type { OrderView, PaymentMethodType } from '../../shared/domain/types.ts';
import { vatSummary } from '../../shared/domain/vat.ts';
import type { CurrencyCode } from '../../shared/money/currency.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { contactName } from '../../shared/domain/contact-name.ts';
import { installmentsOfOrder, type InstallmentView } from '../installments/index.ts';
import { voucherRemainingMinor } from '../sync-client/index.ts';

export interface OrderRow {
  id: string;
  number: string;
  till_id: string;
  session_id: string;
  created_at_ms: number;
  user_name: string;
  buyer_contact_id: string | null;
  buyer_name: string | null;
  buyer_first_name: string | null;
  total_minor: number;
  change_minor: number;
  currency: CurrencyCode;
}

export interface LineRow {
  id: string;
  line_no: number;
  kind: 'ticket' | 'item' | 'voucher';
  label: string;
  detail: string;
  quantity: number;
  unit_price_minor: number;
  total_minor: number;
  vat_rate_bp: number;
  vat_minor: number;
  refunded_quantity: number;
}

export interface PaymentRow {
  id: string;
  seq: number;
  method_id: string;
  method_name: string;
  method_type: PaymentMethodType;
  amount_minor: number;
  tendered_minor: number;
  change_minor: number;
  rounding_minor: number;
  to_credit_minor: number;
  reference: string;
  payer_contact_id: string | null;
  voucher_id: string | null;
}

export function orderLines(db: Db, orderId: string): LineRow[] {
  return stmt(
    db,
    `SELECT l.*, COALESCE((SELECT SUM(rl.quantity) FROM refund_lines rl WHERE rl.order_line_id = l.id), 0) AS refunded_quantity
     FROM order_lines l WHERE l.order_id = ? ORDER BY l.line_no`,
  ).all(orderId) as LineRow[];
}

export function orderPayments(db: Db, orderId: string): PaymentRow[] {
  return stmt(
    db,
    // voucher_id: the voucher it paid with, sold here or at another channel (known_voucher_id: issue 15)
    `SELECT p.*, COALESCE(p.voucher_id, p.known_voucher_id) AS voucher_id, m.name AS method_name FROM payments p JOIN payment_methods m ON m.id = p.method_id
     WHERE p.order_id = ? ORDER BY p.seq`,
  ).all(orderId) as PaymentRow[];
}

/** What has been refunded so far per method on this order. */
export function refundedByMethod(db: Db, orderId: string): Map<string, number> {
  const rows = stmt(
    db,
    `SELECT rp.method_id, SUM(rp.amount_minor) AS amount FROM refund_payments rp JOIN refunds r ON r.id = rp.refund_id
     WHERE r.order_id = ? GROUP BY rp.method_id`,
  ).all(orderId) as { method_id: string; amount: number }[];
  return new Map(rows.map((r) => [r.method_id, r.amount]));
}

/**
 * Spreads what was refunded to a method over that method's payments, oldest first:
 * the order in which refunds consume payments is fixed, so it needs no table.
 */
export function refundedPerPayment(payments: readonly PaymentRow[], refunded: ReadonlyMap<string, number>): Map<string, number> {
  const left = new Map(refunded);
  const perPayment = new Map<string, number>();
  for (const p of payments) {
    const available = left.get(p.method_id) ?? 0;
    const share = Math.min(available, p.amount_minor);
    perPayment.set(p.id, share);
    left.set(p.method_id, available - share);
  }
  return perPayment;
}

export interface TicketRow {
  id: string;
  order_line_id: string;
  barcode: string;
  price_minor: number;
  event_name: string;
  starts_at: string;
  hall: string;
  tariff_name: string;
  refunded: number;
}

export interface VoucherRow {
  id: string;
  code: string;
  order_line_id: string;
  value_minor: number;
  /** What the voucher can still pay, as this till knows it (spent at other channels too: sync-client/known-vouchers.ts). */
  remaining_minor: number;
}

interface RefundRow {
  id: string;
  created_at_ms: number;
  total_minor: number;
  reason: string;
  user_name: string;
}

/** What an order view is made of, read (orderView) or planned (a sale's answer). */
export interface OrderParts {
  order: OrderRow;
  lines: readonly LineRow[];
  payments: readonly PaymentRow[];
  /** Per payment id: what refunds took back of it. */
  refundedPerPayment: ReadonlyMap<string, number>;
  tickets: readonly TicketRow[];
  vouchers: readonly VoucherRow[];
  refunds: readonly OrderView['refunds'][number][];
  installments: readonly InstallmentView[];
}

/** `today` (the institution's calendar day) marks overdue installments; today in UTC when not given. */
export function orderView(db: Db, orderId: string, today: string = new Date().toISOString().slice(0, 10)): OrderView {
  const order = stmt(
    db,
    `SELECT o.*, u.name AS user_name, c.name AS buyer_name, c.first_name AS buyer_first_name
     FROM orders o JOIN users u ON u.id = o.user_id LEFT JOIN contacts c ON c.id = o.buyer_contact_id WHERE o.id = ?`,
  ).get(orderId) as OrderRow | undefined;
  assert(order, `order ${orderId} exists`);
  const lines = orderLines(db, orderId);
  const payments = orderPayments(db, orderId);
  // tickets, vouchers and open installments exist only for ticket lines, voucher lines and payments on account
  const hasLines = (kind: LineRow['kind']) => lines.some((l) => l.kind === kind);
  return assembleOrderView({
    order,
    lines,
    payments,
    refundedPerPayment: refundedPerPayment(payments, refundedByMethod(db, orderId)),
    tickets: hasLines('ticket') ? orderTickets(db, orderId) : [],
    vouchers: hasLines('voucher') ? orderVouchers(db, orderId) : [],
    refunds: orderRefunds(db, orderId),
    installments: payments.some((p) => p.method_type === 'deferred') ? installmentsOfOrder(db, orderId, today) : [],
  });
}

function orderTickets(db: Db, orderId: string): TicketRow[] {
  return stmt(
    db,
    `SELECT t.id, t.order_line_id, t.barcode, t.price_minor, e.name AS event_name, p.starts_at, p.hall, tf.name AS tariff_name,
            EXISTS (SELECT 1 FROM refund_tickets rt WHERE rt.ticket_id = t.id) AS refunded
     FROM tickets t JOIN order_lines l ON l.id = t.order_line_id JOIN performances p ON p.id = t.performance_id
     JOIN events e ON e.id = p.event_id JOIN tariffs tf ON tf.id = l.tariff_id
     WHERE l.order_id = ? ORDER BY l.line_no, t.id`,
  ).all(orderId) as TicketRow[];
}

function orderVouchers(db: Db, orderId: string): VoucherRow[] {
  const rows = stmt(
    db,
    `SELECT v.id, v.code, v.order_line_id, v.value_minor FROM vouchers v JOIN order_lines l ON l.id = v.order_line_id
     WHERE l.order_id = ? ORDER BY l.line_no, v.id`,
  ).all(orderId) as Omit<VoucherRow, 'remaining_minor'>[];
  return rows.map((v) => ({ id: v.id, code: v.code, order_line_id: v.order_line_id, value_minor: v.value_minor, remaining_minor: Math.max(voucherRemainingMinor(db, v.id), 0) }));
}

function orderRefunds(db: Db, orderId: string): OrderView['refunds'] {
  const refunds = stmt(
    db,
    `SELECT r.id, r.created_at_ms, r.total_minor, r.reason, u.name AS user_name FROM refunds r JOIN users u ON u.id = r.user_id
     WHERE r.order_id = ? ORDER BY r.created_at_ms, r.id`,
  ).all(orderId) as RefundRow[];
  if (refunds.length === 0) return [];
  const refundLines = stmt(db, 'SELECT order_line_id, quantity, amount_minor FROM refund_lines WHERE refund_id = ? ORDER BY order_line_id');
  const refundPayments = stmt(
    db,
    `SELECT rp.method_id, m.name AS method_name, rp.amount_minor, rp.rounding_minor FROM refund_payments rp
     JOIN payment_methods m ON m.id = rp.method_id WHERE rp.refund_id = ? ORDER BY rp.method_id`,
  );
  return refunds.map((r) => ({
    id: r.id,
    createdAtMs: r.created_at_ms,
    userName: r.user_name,
    reason: r.reason,
    totalMinor: r.total_minor,
    lines: (refundLines.all(r.id) as { order_line_id: string; quantity: number; amount_minor: number }[]).map((l) => ({
      orderLineId: l.order_line_id,
      quantity: l.quantity,
      amountMinor: l.amount_minor,
    })),
    payments: (refundPayments.all(r.id) as { method_id: string; method_name: string; amount_minor: number; rounding_minor: number }[]).map((p) => ({
      methodId: p.method_id,
      methodName: p.method_name,
      amountMinor: p.amount_minor,
      roundingMinor: p.rounding_minor,
    })),
  }));
}

/** The view of an order from its parts; reads nothing. */
export function assembleOrderView(parts: OrderParts): OrderView {
  const { order, lines } = parts;
  return {
    id: order.id,
    number: order.number,
    tillId: order.till_id,
    sessionId: order.session_id,
    createdAtMs: order.created_at_ms,
    userName: order.user_name,
    buyer: order.buyer_contact_id ? { id: order.buyer_contact_id, name: contactName({ name: order.buyer_name ?? '', firstName: order.buyer_first_name ?? '' }) } : null,
    currency: order.currency,
    lines: lines.map(toLineView),
    vat: vatSummary(lines.filter((l) => l.kind !== 'voucher').map((l) => ({ vatRateBp: l.vat_rate_bp, totalMinor: l.total_minor, vatMinor: l.vat_minor }))),
    totalMinor: order.total_minor,
    refundedMinor: parts.refunds.reduce((a, r) => a + r.totalMinor, 0),
    payments: parts.payments.map((p) => toPaymentView(p, parts.refundedPerPayment.get(p.id) ?? 0)),
    changeMinor: order.change_minor,
    tickets: parts.tickets.map(toTicketView),
    vouchers: parts.vouchers.map(toVoucherView),
    refunds: [...parts.refunds],
    installments: [...parts.installments],
  };
}

function toLineView(l: LineRow): OrderView['lines'][number] {
  return {
    id: l.id,
    lineNo: l.line_no,
    kind: l.kind,
    label: l.label,
    detail: l.detail,
    quantity: l.quantity,
    refundedQuantity: l.refunded_quantity,
    unitPriceMinor: l.unit_price_minor,
    totalMinor: l.total_minor,
    vatRateBp: l.vat_rate_bp,
    vatMinor: l.vat_minor,
  };
}

function toPaymentView(p: PaymentRow, refundedMinor: number): OrderView['payments'][number] {
  return {
    id: p.id,
    methodId: p.method_id,
    methodName: p.method_name,
    methodType: p.method_type,
    amountMinor: p.amount_minor,
    tenderedMinor: p.tendered_minor,
    changeMinor: p.change_minor,
    roundingMinor: p.rounding_minor,
    toCreditMinor: p.to_credit_minor,
    reference: p.reference,
    refundedMinor,
  };
}

function toTicketView(t: TicketRow): OrderView['tickets'][number] {
  return {
    id: t.id,
    orderLineId: t.order_line_id,
    barcode: t.barcode,
    eventName: t.event_name,
    startsAt: t.starts_at,
    hall: t.hall,
    tariffName: t.tariff_name,
    priceMinor: t.price_minor,
    isRefunded: t.refunded === 1,
  };
}

function toVoucherView(v: VoucherRow): OrderView['vouchers'][number] {
  return { id: v.id, code: v.code, orderLineId: v.order_line_id, valueMinor: v.value_minor, remainingMinor: v.remaining_minor };
}
