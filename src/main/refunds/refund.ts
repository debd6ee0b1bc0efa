// Refunds by reversing entries (C8), as check then apply (kernel/tx.ts): the original rows
// are never touched; a refund is a new entry that mirrors part of the sale, to the
// original methods or to the credit balance.
import { refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { Posting } from '../../shared/domain/accounts.ts';
import { orderPostings } from '../../shared/domain/postings.ts';
import { seatsOf } from '../../shared/domain/seats.ts';
import type { RefundEvent } from '../../shared/domain/events.ts';
import type { CurrencyCode } from '../../shared/money/currency.ts';
import { recordAudit } from '../kernel/audit.ts';
import { todayOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { checkPostingsFit } from '../kernel/ledger/bounds.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { findRequest, recordRequest, requestOf, requestStamp, type ClientRequest } from '../kernel/requests.ts';
import { checkThenApply, done, plan, type Planned } from '../kernel/tx.ts';
import { orderView } from '../orders/index.ts';
import { reduceOpen } from '../installments/index.ts';
import { creditRefundOnInvoice } from '../invoicing/index.ts';
import { checkDrawerHolds, openSessionOf } from '../sessions/index.ts';
import { planCancellations, planLines, planPayments, type RefundLinePlan, type RefundPaymentPlan } from './refund-plan.ts';

type RefundInput = ParsedInputOf<'orders.refund'>;
type RefundOutput = OutputOf<'orders.refund'>;

/** A refund ready to write: nothing in it can be refused any more. */
export interface RefundPlan {
  request: ClientRequest;
  refundId: string;
  entryId: string;
  createdAtMs: number;
  orderId: string;
  reason: string;
  sessionId: string;
  currency: CurrencyCode;
  totalMinor: number;
  lines: RefundLinePlan[];
  payments: RefundPaymentPlan[];
  cancellations: { installmentId: string; amountMinor: number }[];
  postings: Posting[];
  data: RefundEvent;
}

interface RefundedOrder {
  id: string;
  currency: CurrencyCode;
  buyerContactId: string | null;
  /** Whether the sale's entry counted its seats (older entries did not): a refund gives back only seats that were counted. */
  saleCountsSeats: 0 | 1;
}

/**
 * Checks, in order: a repeated requestId answers the order as it is now (or
 * request_conflict); the till is open (till_closed); the order exists (order_not_found);
 * the lines (planLines); the payments (planPayments); cash handed back is in the drawer
 * (cash_insufficient); no account passes balanceMinorMax (total_too_large).
 */
export function checkRefund(ctx: Ctx, input: RefundInput): Result<Planned<RefundPlan, RefundOutput>> {
  const request = requestOf(ctx, 'orders.refund', input);
  const previous = findRequest(ctx.db, request);
  if (!previous.ok) return previous;
  if (previous.value) return done(orderView(ctx.db, previous.value, todayOf(ctx)));
  const session = openSessionOf(ctx.db, ctx.tillId);
  if (!session) return refuse('till_closed');
  const order = refundedOrder(ctx.db, input.orderId);
  if (!order) return refuse('order_not_found', { orderId: input.orderId });
  const lines = planLines(ctx.db, order.id, input.lines, input.tickets ?? []);
  if (!lines.ok) return lines;
  const totalMinor = lines.value.reduce((a, l) => a + l.amountMinor, 0);
  const payments = planPayments(ctx, order, input.payments, totalMinor);
  if (!payments.ok) return payments;
  // cash handed back leaves the drawer: never more than it holds, as for a pay-out
  for (const p of payments.value.filter((plan) => plan.method.givesChange)) {
    const short = checkDrawerHolds(ctx.db, ctx.tillId, p.method.id, p.amountMinor - p.roundingMinor);
    if (short) return short;
  }
  const refundId = ctx.ids.ulid();
  const postings = refundPostings(ctx.tillId, lines.value, payments.value);
  const fits = checkPostingsFit(ctx.db, postings);
  if (!fits.ok) return fits;
  return plan({
    request,
    refundId,
    entryId: ctx.ids.ulid(),
    createdAtMs: ctx.clock.nowMs(),
    orderId: order.id,
    reason: input.reason,
    sessionId: session.id,
    currency: order.currency,
    totalMinor,
    lines: lines.value,
    payments: payments.value,
    cancellations: planCancellations(ctx.db, payments.value),
    postings,
    data: refundEntryData(refundId, order, input.reason, totalMinor, lines.value, payments.value),
  });
}

function refundedOrder(db: Db, orderId: string): RefundedOrder | undefined {
  return stmt(
    db,
    `SELECT o.id, o.currency, o.buyer_contact_id AS buyerContactId, json_type(j.payload, '$.seats') IS NOT NULL AS saleCountsSeats
     FROM orders o JOIN journal j ON j.id = o.entry_id WHERE o.id = ?`,
  ).get(orderId) as RefundedOrder | undefined;
}

/** The mirror of the refunded part of the sale (shared/domain/postings.ts). */
function refundPostings(tillId: string, lines: readonly RefundLinePlan[], payments: readonly RefundPaymentPlan[]): Posting[] {
  return orderPostings(
    tillId,
    -1,
    lines.map((l) => ({
      kind: l.line.kind,
      vatRateBp: l.line.vat_rate_bp,
      netMinor: l.amountMinor - l.vatMinor,
      vatMinor: l.vatMinor,
      vouchers: l.vouchers.map((v) => ({ voucherId: v.id, valueMinor: v.valueMinor })),
    })),
    payments.flatMap((p) => p.legs),
  );
}

/** Rows in the order of a key (an id). */
function sortedBy<T>(rows: T[], key: (row: T) => string): T[] {
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The refund's journal payload (shared/domain/events.ts RefundEvent), sorted as the verifier reads the rows back (by line, ticket, voucher, method id). */
function refundEntryData(refundId: string, order: RefundedOrder, reason: string, totalMinor: number, lines: readonly RefundLinePlan[], payments: readonly RefundPaymentPlan[]): RefundEvent {
  const data: RefundEvent = {
    refundId,
    orderId: order.id,
    reason,
    totalMinor,
    lines: sortedBy(lines.map((l) => ({ orderLineId: l.line.id, quantity: l.quantity, amountMinor: l.amountMinor, vatMinor: l.vatMinor })), (l) => l.orderLineId),
    tickets: lines.flatMap((l) => l.ticketIds).sort(),
    vouchers: lines.flatMap((l) => l.vouchers.map((v) => v.id)).sort(),
    payments: sortedBy(payments.map((p) => ({ methodId: p.method.id, amountMinor: p.amountMinor, roundingMinor: p.roundingMinor })), (p) => p.methodId),
  };
  // the seats a refund gives back per performance, as the sale's entry counted them (shared/domain/seats.ts)
  if (order.saleCountsSeats === 1) data.seats = seatsOf(lines.flatMap((l) => l.ticketIds.map(() => ({ performanceId: l.performanceId! }))));
  return data;
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

export function applyRefund(ctx: Ctx, p: RefundPlan): RefundOutput {
  appendEntry(ctx, {
    id: p.entryId,
    type: 'refund',
    createdAtMs: p.createdAtMs,
    userId: ctx.actor.userId,
    sessionId: p.sessionId,
    currency: p.currency,
    data: p.data,
    postings: p.postings,
    links: { orderId: p.orderId, refundId: p.refundId, methods: customerAccountMethods(p.payments) },
  });
  insertRefundRows(ctx.db, ctx.tillId, ctx.actor.userId, p);
  const cancel = stmt(ctx.db, 'INSERT INTO item_cancellations (item_id, refund_id, amount_minor) VALUES (?, ?, ?)');
  for (const c of p.cancellations) {
    cancel.run(c.installmentId, p.refundId, c.amountMinor);
    reduceOpen(ctx.db, c.installmentId, c.amountMinor, 'cancelled');
  }
  creditRefundOnInvoice(ctx, p.refundId); // an invoiced order: a credit note for what the refund took back (issue 12)
  ctx.print.onRefund(ctx, p.orderId, p.refundId);
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'order.refunded', details: { orderId: p.orderId, refundId: p.refundId, totalMinor: p.totalMinor, reason: p.reason } });
  recordRequest(ctx.db, p.request, p.orderId, p.createdAtMs);
  return orderView(ctx.db, p.orderId, todayOf(ctx));
}

/** The refund, its lines, the tickets and vouchers it takes back (their seats freed) and what each method gets back. */
function insertRefundRows(db: Db, tillId: string, userId: string, p: RefundPlan): void {
  stmt(
    db,
    `INSERT INTO refunds (id, request_id, request_hash, order_id, till_id, session_id, entry_id, created_at_ms, user_id, total_minor, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(p.refundId, requestStamp(p.request), p.request.hash, p.orderId, tillId, p.sessionId, p.entryId, p.createdAtMs, userId, p.totalMinor, p.reason);
  const insertLine = stmt(db, 'INSERT INTO refund_lines (refund_id, order_line_id, quantity, amount_minor, vat_minor) VALUES (?, ?, ?, ?, ?)');
  const insertTicket = stmt(db, 'INSERT INTO refund_tickets (ticket_id, refund_id) VALUES (?, ?)');
  const insertVoucher = stmt(db, 'INSERT INTO refund_vouchers (voucher_id, refund_id) VALUES (?, ?)');
  const freeSeat = stmt(db, 'UPDATE performance_stock SET sold = sold - 1 WHERE performance_id = (SELECT performance_id FROM tickets WHERE id = ?)');
  for (const l of p.lines) {
    insertLine.run(p.refundId, l.line.id, l.quantity, l.amountMinor, l.vatMinor);
    for (const ticketId of l.ticketIds) {
      insertTicket.run(ticketId, p.refundId);
      freeSeat.run(ticketId);
    }
    for (const v of l.vouchers) insertVoucher.run(v.id, p.refundId);
  }
  const insertPayment = stmt(db, 'INSERT INTO refund_payments (refund_id, method_id, amount_minor, rounding_minor) VALUES (?, ?, ?, ?)');
  for (const pay of p.payments) insertPayment.run(p.refundId, pay.method.id, pay.amountMinor, pay.roundingMinor);
}

export const refundOrder = checkThenApply(checkRefund, applyRefund);
