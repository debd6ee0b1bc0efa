// Refunds by reversing entries (C8): the original rows are never touched; a refund is a new
// entry that mirrors part of the sale, to the original methods or to the credit balance.
import { assert } from '../../shared/assert.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account } from '../../shared/domain/accounts.ts';
import { orderPostings, type PaymentPosting } from '../../shared/domain/postings.ts';
import { roundToCashStep } from '../../shared/money/cash.ts';
import { immediate, stmt, type Db } from '../kernel/db/connection.ts';
import { appendEntry, balanceOf } from '../kernel/ledger/ledger.ts';
import { recordAudit } from '../kernel/audit.ts';
import { institutionOf, methodFor, todayOf, type MethodInfo } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { orderLines, orderPayments, orderView, refundedByMethod, refundedPerPayment, type LineRow } from '../orders/index.ts';
import { payerOf, reduceOpen } from '../deferred/index.ts';
import { creditRefundOnInvoice } from '../invoicing/index.ts';
import { cancelItems, type OpenItem } from '../../shared/domain/deferred.ts';
import { seatsOf, type SeatCount } from '../../shared/domain/seats.ts';
import type { Json } from '../../shared/canonical-json.ts';
import { openSessionOf } from '../sessions/index.ts';
import { findRequest, recordRequest, requestOf, requestStamp } from '../kernel/requests.ts';
import { checkDrawerHolds } from '../sessions/index.ts';


interface RefundLinePlan {
  line: LineRow;
  quantity: number;
  amountMinor: number;
  vatMinor: number;
  ticketIds: string[];
  /** The performance of the line's tickets (a ticket line has one). */
  performanceId: string | null;
  vouchers: { id: string; valueMinor: number }[];
}

/** Checks per line: it belongs to the order; the quantity is still refundable; vouchers are unspent. */
export function planLines(db: Db, orderId: string, requested: ParsedInputOf<'orders.refund'>['lines']): Result<RefundLinePlan[]> {
  if (requested.length === 0) return refuse('refund_empty');
  const lines = new Map(orderLines(db, orderId).map((l) => [l.id, l]));
  const quantities = new Map<string, number>();
  for (const r of requested) {
    if (!lines.has(r.orderLineId)) return refuse('order_line_not_found', { orderLineId: r.orderLineId });
    quantities.set(r.orderLineId, (quantities.get(r.orderLineId) ?? 0) + r.quantity);
  }
  const plans: RefundLinePlan[] = [];
  for (const [lineId, quantity] of quantities) {
    const line = lines.get(lineId)!;
    const refundable = line.quantity - line.refunded_quantity;
    if (quantity > refundable) return refuse('refund_quantity_exceeded', { orderLineId: lineId, refundable });
    assert(line.vat_minor % line.quantity === 0, 'line VAT is per unit × quantity');
    const plan: RefundLinePlan = {
      line,
      quantity,
      amountMinor: line.unit_price_minor * quantity,
      vatMinor: (line.vat_minor / line.quantity) * quantity,
      ticketIds: [],
      performanceId: null,
      vouchers: [],
    };
    if (line.kind === 'ticket') {
      const open = stmt(
        db,
        'SELECT t.id, t.performance_id FROM tickets t WHERE t.order_line_id = ? AND NOT EXISTS (SELECT 1 FROM refund_tickets rt WHERE rt.ticket_id = t.id) ORDER BY t.id',
      ).all(lineId) as { id: string; performance_id: string }[];
      assert(open.length >= quantity, 'unrefunded tickets match the refundable quantity');
      plan.ticketIds = open.slice(0, quantity).map((t) => t.id);
      plan.performanceId = open[0]!.performance_id;
    }
    if (line.kind === 'voucher') {
      const unspent = (
        stmt(
          db,
          'SELECT v.id, v.value_minor FROM vouchers v WHERE v.order_line_id = ? AND NOT EXISTS (SELECT 1 FROM refund_vouchers rv WHERE rv.voucher_id = v.id) ORDER BY v.id',
        ).all(lineId) as { id: string; value_minor: number }[]
      ).filter((v) => -balanceOf(db, account.voucher(v.id).id) === v.value_minor);
      if (unspent.length < quantity) return refuse('voucher_already_used', { orderLineId: lineId });
      plan.vouchers = unspent.slice(0, quantity).map((v) => ({ id: v.id, valueMinor: v.value_minor }));
    }
    plans.push(plan);
  }
  return ok(plans);
}

interface RefundPaymentPlan {
  method: MethodInfo;
  amountMinor: number;
  roundingMinor: number;
  legs: PaymentPosting[];
}

/**
 * Checks per payment: the method exists; the credit method goes to the buyer's balance
 * (a buyer needed); any other was used on this order, may refund, is authorised here,
 * and gets back at most what it paid less what it already got back; then the refunded
 * amounts add up to the lines' total.
 */
export function planPayments(ctx: Ctx, order: { id: string; buyerContactId: string | null }, requested: ParsedInputOf<'orders.refund'>['payments'], dueMinor: number): Result<RefundPaymentPlan[]> {
  const orderId = order.id;
  const payments = orderPayments(ctx.db, orderId);
  const refunded = refundedByMethod(ctx.db, orderId);
  const perPayment = refundedPerPayment(payments, refunded);
  const amounts = new Map<string, number>();
  for (const r of requested) amounts.set(r.methodId, (amounts.get(r.methodId) ?? 0) + r.amountMinor);
  const cashStepMinor = institutionOf(ctx.db).cashStepMinor;
  const plans: RefundPaymentPlan[] = [];
  for (const [methodId, amountMinor] of amounts) {
    const method = methodFor(ctx, methodId);
    if (!method) return refuse('method_not_found', { methodId });
    if (method.type === 'credit') {
      // a refund to credit (seed 003): to the buyer's balance, whatever paid the order
      const plan = planRefundToCredit(method, amountMinor, order.buyerContactId);
      if (!plan.ok) return plan;
      plans.push(plan.value);
      continue;
    }
    const original = payments.filter((p) => p.method_id === methodId);
    if (original.length === 0) return refuse('refund_method_not_original', { methodId });
    if (!method.mayRefund) return refuse('method_cannot_refund', { methodId });
    if (!method.isAuthorised) return refuse('method_not_authorised', { methodId });
    const refundableMinor = original.reduce((a, p) => a + p.amount_minor, 0) - (refunded.get(methodId) ?? 0);
    if (amountMinor > refundableMinor) return refuse('refund_exceeds_paid', { methodId, refundableMinor });
    // cash paid back is rounded to the coins that exist; the till absorbs the difference
    const roundingMinor = method.givesChange ? amountMinor - roundToCashStep(amountMinor, cashStepMinor) : 0;
    let left = amountMinor;
    const legs: PaymentPosting[] = [];
    for (const p of original) {
      const share = Math.min(left, p.amount_minor - (perPayment.get(p.id) ?? 0));
      if (share <= 0) continue;
      // a deferred payment's receivable is with whoever pays it now (payer changes)
      const contactId = method.type === 'deferred' ? payerOf(ctx.db, p.id) : p.payer_contact_id;
      legs.push({ methodId, methodType: method.type, appliedMinor: share, roundingMinor: legs.length === 0 ? roundingMinor : 0, contactId, voucherId: p.voucher_id, paymentId: p.id });
      left -= share;
    }
    assert(left === 0, 'the refund fits in the original payments');
    if (method.type === 'deferred') {
      // refunding on account lowers what is still asked: never more than is open (what was
      // settled already goes back another way, e.g. to the credit balance)
      const openMinor = legs.reduce((a, leg) => a + openOfPayment(ctx.db, leg.paymentId!), 0);
      const tooMuch = legs.find((leg) => leg.appliedMinor > openOfPayment(ctx.db, leg.paymentId!));
      if (tooMuch) return refuse('refund_exceeds_paid', { methodId, refundableMinor: openMinor });
    }
    plans.push({ method, amountMinor, roundingMinor, legs });
  }
  const paidMinor = plans.reduce((a, p) => a + p.amountMinor, 0);
  if (paidMinor !== dueMinor) return refuse('refund_amount_mismatch', { paidMinor, dueMinor });
  return ok(plans);
}

/** Checks: the order has a buyer; the method may refund and is authorised here. */
function planRefundToCredit(method: MethodInfo, amountMinor: number, buyerContactId: string | null): Result<RefundPaymentPlan> {
  if (!buyerContactId) return refuse('buyer_required', { reason: 'refund_to_credit' });
  if (!method.mayRefund) return refuse('method_cannot_refund', { methodId: method.id });
  if (!method.isAuthorised) return refuse('method_not_authorised', { methodId: method.id });
  return ok({ method, amountMinor, roundingMinor: 0, legs: [{ methodId: method.id, methodType: 'credit', appliedMinor: amountMinor, roundingMinor: 0, contactId: buyerContactId }] });
}

/**
 * Refunds lines of an order to their original methods, or to the buyer's credit balance. Checks, in order: a repeated
 * requestId returns the order (or request_conflict); the till is open; the order
 * exists; the lines; the payments; cash handed back is in the drawer. Below "every check" the reversing entry is written.
 */
export function refundOrder(ctx: Ctx, input: ParsedInputOf<'orders.refund'>): Result<OutputOf<'orders.refund'>> {
  const request = requestOf(ctx, 'orders.refund', input);
  return immediate(ctx.db, (): Result<OutputOf<'orders.refund'>> => {
    const previous = findRequest(ctx.db, request);
    if (!previous.ok) return previous;
    if (previous.value) return ok(orderView(ctx.db, previous.value, todayOf(ctx)));
    const session = openSessionOf(ctx.db, ctx.tillId);
    if (!session) return refuse('till_closed');
    // whether the sale's entry counted its seats (older entries did not): a refund gives back only seats that were counted
    const order = stmt(
      ctx.db,
      `SELECT o.id, o.currency, o.buyer_contact_id AS buyerContactId, json_type(j.payload, '$.seats') IS NOT NULL AS saleCountsSeats
       FROM orders o JOIN journal j ON j.id = o.entry_id WHERE o.id = ?`,
    ).get(input.orderId) as { id: string; currency: 'CHF' | 'EUR'; buyerContactId: string | null; saleCountsSeats: 0 | 1 } | undefined;
    if (!order) return refuse('order_not_found', { orderId: input.orderId });
    const lines = planLines(ctx.db, order.id, input.lines);
    if (!lines.ok) return lines;
    const totalMinor = lines.value.reduce((a, l) => a + l.amountMinor, 0);
    const payments = planPayments(ctx, order, input.payments, totalMinor);
    if (!payments.ok) return payments;
    // cash handed back leaves the drawer: never more than it holds, as for a pay-out
    for (const p of payments.value.filter((plan) => plan.method.givesChange)) {
      const short = checkDrawerHolds(ctx.db, ctx.tillId, p.method.id, p.amountMinor - p.roundingMinor);
      if (short) return short;
    }
    // every check is above this line
    writeRefund(ctx, { ...input, requestId: requestStamp(request), requestHash: request.hash, sessionId: session.id, currency: order.currency, totalMinor, lines: lines.value, payments: payments.value, countsSeats: order.saleCountsSeats === 1 });
    recordRequest(ctx.db, request, order.id, ctx.clock.nowMs());
    return ok(orderView(ctx.db, order.id, todayOf(ctx)));
  });
}

/** Rows [id, …] in id order. */
function sortedBy<T extends [string, ...number[]]>(rows: T[]): T[] {
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Which method moved each customer account (credit, deferred) in a refund. */
function customerAccountMethods(payments: readonly RefundPaymentPlan[]): Record<string, string> {
  const methods: Record<string, string> = {};
  for (const p of payments) {
    for (const leg of p.legs) {
      if ((leg.methodType === 'credit' || leg.methodType === 'deferred') && leg.contactId) methods[`${leg.methodType}:${leg.contactId}`] = p.method.id;
    }
  }
  return methods;
}

function openOfPayment(db: Db, paymentId: string): number {
  return (stmt(db, 'SELECT COALESCE(SUM(s.open_minor), 0) AS open FROM deferred_items i JOIN deferred_item_state s ON s.item_id = i.id WHERE i.payment_id = ?').get(paymentId) as { open: number }).open;
}

/** A refund on account cancels the open installments of its payment, the furthest first. */
function cancelDeferredItems(ctx: Ctx, refundId: string, payments: readonly RefundPaymentPlan[]): void {
  const insert = stmt(ctx.db, 'INSERT INTO item_cancellations (item_id, refund_id, amount_minor) VALUES (?, ?, ?)');
  for (const leg of payments.flatMap((p) => p.legs).filter((l) => l.methodType === 'deferred')) {
    const open = stmt(ctx.db, 'SELECT i.id, i.due_date AS dueDate, s.open_minor AS openMinor FROM deferred_items i JOIN deferred_item_state s ON s.item_id = i.id WHERE i.payment_id = ?').all(leg.paymentId!) as OpenItem[];
    for (const c of cancelItems(leg.appliedMinor, open)) {
      insert.run(c.itemId, refundId, c.amountMinor);
      reduceOpen(ctx.db, c.itemId, c.amountMinor, 'cancelled');
    }
  }
}

interface RefundToWrite {
  requestId: string;
  requestHash: string;
  orderId: string;
  reason: string;
  sessionId: string;
  currency: 'CHF' | 'EUR';
  totalMinor: number;
  lines: RefundLinePlan[];
  payments: RefundPaymentPlan[];
  /** The sale's entry carried `seats`: the refund says which it gives back. */
  countsSeats: boolean;
}

/** The seats a refund gives back per performance, as the sale's entry counted them (shared/domain/seats.ts). */
function refundSeats(lines: readonly RefundLinePlan[]): SeatCount[] {
  return seatsOf(lines.flatMap((l) => l.ticketIds.map(() => ({ performanceId: l.performanceId! }))));
}

function writeRefund(ctx: Ctx, refund: RefundToWrite): void {
  const db = ctx.db;
  const refundId = ctx.ids.ulid();
  const entryId = ctx.ids.ulid();
  const now = ctx.clock.nowMs();
  const postings = orderPostings(
    ctx.tillId,
    -1,
    refund.lines.map((l) => ({
      kind: l.line.kind,
      vatRateBp: l.line.vat_rate_bp,
      netMinor: l.amountMinor - l.vatMinor,
      vatMinor: l.vatMinor,
      vouchers: l.vouchers.map((v) => ({ voucherId: v.id, valueMinor: v.valueMinor })),
    })),
    refund.payments.flatMap((p) => p.legs),
  );
  const data: { [key: string]: Json } = {
    refundId,
    orderId: refund.orderId,
    reason: refund.reason,
    totalMinor: refund.totalMinor,
    // sorted as the verifier reads the rows back (by line, ticket, voucher, method id)
    lines: sortedBy(refund.lines.map((l) => [l.line.id, l.quantity, l.amountMinor, l.vatMinor])),
    tickets: refund.lines.flatMap((l) => l.ticketIds).sort(),
    vouchers: refund.lines.flatMap((l) => l.vouchers.map((v) => v.id)).sort(),
    payments: sortedBy(refund.payments.map((p) => [p.method.id, p.amountMinor, p.roundingMinor])),
  };
  if (refund.countsSeats) data.seats = refundSeats(refund.lines);
  appendEntry(db, ctx.journalKey, {
    id: entryId,
    tillId: ctx.tillId,
    type: 'refund',
    createdAtMs: now,
    userId: ctx.actor.userId,
    sessionId: refund.sessionId,
    currency: refund.currency,
    data,
    postings,
    links: { orderId: refund.orderId, refundId, methods: customerAccountMethods(refund.payments) },
  });
  stmt(
    db,
    `INSERT INTO refunds (id, request_id, request_hash, order_id, till_id, session_id, entry_id, created_at_ms, user_id, total_minor, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(refundId, refund.requestId, refund.requestHash, refund.orderId, ctx.tillId, refund.sessionId, entryId, now, ctx.actor.userId, refund.totalMinor, refund.reason);
  const insertLine = stmt(db, 'INSERT INTO refund_lines (refund_id, order_line_id, quantity, amount_minor, vat_minor) VALUES (?, ?, ?, ?, ?)');
  const insertTicket = stmt(db, 'INSERT INTO refund_tickets (ticket_id, refund_id) VALUES (?, ?)');
  const insertVoucher = stmt(db, 'INSERT INTO refund_vouchers (voucher_id, refund_id) VALUES (?, ?)');
  const freeSeat = stmt(db, 'UPDATE performance_stock SET sold = sold - 1 WHERE performance_id = (SELECT performance_id FROM tickets WHERE id = ?)');
  for (const l of refund.lines) {
    insertLine.run(refundId, l.line.id, l.quantity, l.amountMinor, l.vatMinor);
    for (const ticketId of l.ticketIds) {
      insertTicket.run(ticketId, refundId);
      freeSeat.run(ticketId);
    }
    for (const v of l.vouchers) insertVoucher.run(v.id, refundId);
  }
  const insertPayment = stmt(db, 'INSERT INTO refund_payments (refund_id, method_id, amount_minor, rounding_minor) VALUES (?, ?, ?, ?)');
  for (const p of refund.payments) insertPayment.run(refundId, p.method.id, p.amountMinor, p.roundingMinor);
  cancelDeferredItems(ctx, refundId, refund.payments);
  creditRefundOnInvoice(ctx, refundId); // an invoiced order: a credit note for what the refund took back (issue 12)
  ctx.print.onRefund(ctx, refund.orderId, refundId);
  recordAudit(ctx, {
    userId: ctx.actor.userId,
    action: 'order.refunded',
    details: { orderId: refund.orderId, refundId, totalMinor: refund.totalMinor, reason: refund.reason },
  });
}
