// What a refund takes back, planned before any write (C8): the lines and the tickets and
// vouchers they give back (the very tickets handed back, when named: issue 17), where the money goes per method (the original payments, or
// the buyer's credit balance), and the open installments a refund on account cancels.
// The refund's check (refund.ts) and its quote (refund-quote.ts) both run these, reading only.
import { assert } from '../../shared/assert.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { ParsedInputOf } from '../../shared/api/contract.ts';
import { account } from '../../shared/domain/accounts.ts';
import { cancelInstallments, type OpenInstallment } from '../../shared/domain/deferred.ts';
import type { PaymentPosting } from '../../shared/domain/postings.ts';
import { roundToCashStep } from '../../shared/money/cash.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { balanceOf } from '../kernel/ledger/ledger.ts';
import { methodFor, type MethodInfo } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { orderLines, orderPayments, refundedByMethod, refundedPerPayment, type LineRow } from '../orders/index.ts';
import { openInstallmentsOfPayment, payerOf } from '../installments/index.ts';

export interface RefundLinePlan {
  line: LineRow;
  quantity: number;
  amountMinor: number;
  vatMinor: number;
  ticketIds: string[];
  /** The performance of the line's tickets (a ticket line has one). */
  performanceId: string | null;
  vouchers: { id: string; valueMinor: number }[];
}

/** The quantity asked per line: its quantity in `lines`, plus one per ticket of it handed back. */
interface AskedLine {
  quantity: number;
  /** The tickets handed back, in the order named. */
  ticketIds: string[];
}

interface OpenTicket {
  id: string;
  order_line_id: string;
  barcode: string;
  performance_id: string;
  refunded: number;
}

/**
 * The lines asked for, each with its tickets handed back. Checks: a named line belongs to
 * the order (order_line_not_found); a named ticket is one of the order's
 * (ticket_not_found) and not refunded yet (ticket_already_refunded). A ticket named twice
 * counts once.
 */
function askedLines(db: Db, orderId: string, lines: ReadonlyMap<string, LineRow>, requested: ParsedInputOf<'orders.refund'>['lines'], ticketIds: readonly string[]): Result<Map<string, AskedLine>> {
  const asked = new Map<string, AskedLine>();
  const ask = (lineId: string) => asked.get(lineId) ?? asked.set(lineId, { quantity: 0, ticketIds: [] }).get(lineId)!;
  for (const r of requested) {
    if (!lines.has(r.orderLineId)) return refuse('order_line_not_found', { orderLineId: r.orderLineId });
    ask(r.orderLineId).quantity += r.quantity;
  }
  if (ticketIds.length === 0) return ok(asked);
  const tickets = new Map(orderTicketRows(db, orderId).map((t) => [t.id, t]));
  for (const ticketId of new Set(ticketIds)) {
    const ticket = tickets.get(ticketId);
    if (!ticket) return refuse('ticket_not_found', { ticketId });
    if (ticket.refunded === 1) return refuse('ticket_already_refunded', { ticketId, barcode: ticket.barcode });
    const line = ask(ticket.order_line_id);
    line.quantity += 1;
    line.ticketIds.push(ticketId);
  }
  return ok(asked);
}

function orderTicketRows(db: Db, orderId: string): OpenTicket[] {
  return stmt(
    db,
    `SELECT t.id, t.order_line_id, t.barcode, t.performance_id, EXISTS (SELECT 1 FROM refund_tickets rt WHERE rt.ticket_id = t.id) AS refunded
     FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE l.order_id = ? ORDER BY t.id`,
  ).all(orderId) as OpenTicket[];
}

/**
 * Checks per line: it belongs to the order; the tickets named are the order's and not yet
 * refunded; the quantity is still refundable; vouchers are unspent. A ticket line gives back
 * the tickets named, then (for a quantity asked beyond them) its first tickets not refunded.
 */
export function planLines(db: Db, orderId: string, requested: ParsedInputOf<'orders.refund'>['lines'], ticketIds: readonly string[] = []): Result<RefundLinePlan[]> {
  if (requested.length === 0 && ticketIds.length === 0) return refuse('refund_empty');
  const lines = new Map(orderLines(db, orderId).map((l) => [l.id, l]));
  const asked = askedLines(db, orderId, lines, requested, ticketIds);
  if (!asked.ok) return asked;
  const plans: RefundLinePlan[] = [];
  for (const [lineId, { quantity, ticketIds: named }] of asked.value) {
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
      // the tickets handed back first, then the line's first others for a quantity asked beyond them
      const others = open.filter((t) => !named.includes(t.id)).map((t) => t.id);
      plan.ticketIds = [...named, ...others.slice(0, quantity - named.length)];
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

export interface RefundPaymentPlan {
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
  const cashStepMinor = ctx.config.institution().cashStepMinor;
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

/** What is open of a deferred payment box-office wide: another till (or the web shop) may have settled part of it (issue 15). */
function openOfPayment(db: Db, paymentId: string): number {
  return openInstallmentsOfPayment(db, paymentId).reduce((a, i) => a + i.openMinor, 0);
}

/** The open installments a refund on account cancels, the furthest first, per deferred leg. */
export function planCancellations(db: Db, payments: readonly RefundPaymentPlan[]): { installmentId: string; amountMinor: number }[] {
  const cancellations: { installmentId: string; amountMinor: number }[] = [];
  for (const leg of payments.flatMap((p) => p.legs).filter((l) => l.methodType === 'deferred')) {
    const open: OpenInstallment[] = openInstallmentsOfPayment(db, leg.paymentId!);
    for (const c of cancelInstallments(leg.appliedMinor, open)) cancellations.push({ installmentId: c.installmentId, amountMinor: c.amountMinor });
  }
  return cancellations;
}
