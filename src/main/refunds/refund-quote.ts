// The refund quote (orders.refundQuote): what an order can give back, to which methods and
// how it splits, and what orders.refund would refuse — the refund's own planning run on a
// read, nothing written. The refund form shows these amounts and adds up none of its own.
import { ok, refuse, type Refusal, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { boundedSumMinor } from '../../shared/money/bounded.ts';
import { roundToCashStep } from '../../shared/money/cash.ts';
import type { CurrencyCode } from '../../shared/money/currency.ts';
import { stmt } from '../kernel/db/connection.ts';
import { authorisedMethods, institutionOf, methodFor, todayOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { orderLines, orderPayments, refundedByMethod, refundedPerPayment, type LineRow } from '../orders/index.ts';
import { installmentsOfOrder } from '../installments/index.ts';
import { checkDrawerHolds, openSessionOf } from '../sessions/index.ts';
import { planLines, planPayments } from './refund-plan.ts';

type Quote = OutputOf<'orders.refundQuote'>;
type Destination = Quote['destinations'][number];
type Share = Quote['split'][number];
type QuotedRefusal = Quote['refusals'][number];

interface OrderHead {
  id: string;
  currency: CurrencyCode;
  buyerContactId: string | null;
}

/**
 * Every line of the order with what is chosen of it (its quantity, plus one per ticket of it
 * ticked); a quantity past the refundable one is priced at the refundable one (and refused).
 */
export function quoteLines(lines: readonly LineRow[], requested: ParsedInputOf<'orders.refundQuote'>['lines'], ticketLines: readonly string[] = []): Quote['lines'] {
  const chosen = new Map<string, number>();
  for (const r of requested) chosen.set(r.orderLineId, (chosen.get(r.orderLineId) ?? 0) + r.quantity);
  for (const lineId of ticketLines) chosen.set(lineId, (chosen.get(lineId) ?? 0) + 1);
  return lines.map((l) => {
    const refundableQuantity = l.quantity - l.refunded_quantity;
    const quantity = chosen.get(l.id) ?? 0;
    return { orderLineId: l.id, refundableQuantity, quantity, amountMinor: l.unit_price_minor * Math.min(quantity, refundableQuantity) };
  });
}

/**
 * The methods that paid the order, most recently used first, each with what it may get
 * back (what it paid less what it got back; on account at most what is still open, since
 * what was settled already goes back another way); only those that may refund here.
 * Then the buyer's credit balance, which takes any amount whatever paid the order (seed 003).
 */
export function refundDestinations(ctx: Ctx, order: OrderHead): Destination[] {
  const payments = orderPayments(ctx.db, order.id);
  const refundedPer = refundedPerPayment(payments, refundedByMethod(ctx.db, order.id));
  const openByPayment = new Map<string, number>();
  for (const installment of installmentsOfOrder(ctx.db, order.id, todayOf(ctx))) openByPayment.set(installment.paymentId, (openByPayment.get(installment.paymentId) ?? 0) + installment.openMinor);
  const byMethod = new Map<string, Destination & { openMinor: number }>();
  for (const p of [...payments].reverse()) {
    const method = methodFor(ctx, p.method_id);
    if (!method || !method.mayRefund || !method.isAuthorised) continue;
    const d = byMethod.get(p.method_id) ?? { methodId: p.method_id, methodName: p.method_name, methodType: p.method_type, givesChange: method.givesChange, refundableMinor: 0, openMinor: 0 };
    d.refundableMinor += p.amount_minor - (refundedPer.get(p.id) ?? 0);
    d.openMinor += openByPayment.get(p.id) ?? 0;
    byMethod.set(p.method_id, d);
  }
  const originals = [...byMethod.values()]
    .map(({ openMinor, ...d }) => (d.methodType === 'deferred' ? { ...d, refundableMinor: Math.min(d.refundableMinor, openMinor) } : d))
    .filter((d) => d.refundableMinor > 0);
  const credit = order.buyerContactId ? authorisedMethods(ctx).find((m) => m.type === 'credit' && m.mayRefund) : undefined;
  if (!credit || originals.some((d) => d.methodId === credit.id)) return originals;
  return [...originals, { methodId: credit.id, methodName: credit.name, methodType: credit.type, givesChange: credit.givesChange, refundableMinor: 0 }];
}

/** A share of the refund; cash is paid back rounded to the cash step, the till absorbing the difference (as orders.refund rounds it). */
export function shareOf(methodId: string, amountMinor: number, givesChange: boolean, cashStepMinor: number): Share {
  const paidBackMinor = givesChange ? roundToCashStep(amountMinor, cashStepMinor) : amountMinor;
  return { methodId, amountMinor, roundingMinor: amountMinor - paidBackMinor, paidBackMinor };
}

/** The total over the destinations in their order, each taking at most what it may get back. */
export function proposeSplit(totalMinor: number, destinations: readonly Destination[], cashStepMinor: number): Share[] {
  let leftMinor = totalMinor;
  return destinations.map((d) => {
    const amountMinor = Math.min(leftMinor, d.refundableMinor);
    leftMinor -= amountMinor;
    return shareOf(d.methodId, amountMinor, d.givesChange, cashStepMinor);
  });
}

/** The whole total to the buyer's credit balance; null when there is no such destination. */
export function splitToCredit(totalMinor: number, destinations: readonly Destination[], cashStepMinor: number): Share[] | null {
  if (!destinations.some((d) => d.methodType === 'credit')) return null;
  return destinations.map((d) => shareOf(d.methodId, d.methodType === 'credit' ? totalMinor : 0, d.givesChange, cashStepMinor));
}

/** The split typed, merged by method in the order first typed, zeros left out; each method's sum within amountMinorMax. */
function typedSplit(ctx: Ctx, payments: NonNullable<ParsedInputOf<'orders.refundQuote'>['payments']>, cashStepMinor: number): Result<Share[]> {
  const total = boundedSumMinor(payments.map((p) => p.amountMinor), 'payments');
  if (!total.ok) return total;
  const amounts = new Map<string, number>();
  for (const p of payments) if (p.amountMinor > 0) amounts.set(p.methodId, (amounts.get(p.methodId) ?? 0) + p.amountMinor);
  return ok([...amounts].map(([methodId, amountMinor]) => shareOf(methodId, amountMinor, methodFor(ctx, methodId)?.givesChange ?? false, cashStepMinor)));
}

function quoted(refusal: Refusal): QuotedRefusal {
  return refusal.error.details === undefined ? { code: refusal.error.code, message: refusal.error.message } : { code: refusal.error.code, message: refusal.error.message, details: refusal.error.details };
}

/**
 * What orders.refund would refuse, stage by stage as it checks (the till open; the lines;
 * the payments; the drawer holding the cash paid back): the first refusal of each stage, and
 * a split that does not add up to the total even when another payment check came first.
 */
function refusalsOf(ctx: Ctx, order: OrderHead, input: ParsedInputOf<'orders.refundQuote'>, split: readonly Share[], totalMinor: number): QuotedRefusal[] {
  const refusals: QuotedRefusal[] = [];
  const isOpen = openSessionOf(ctx.db, ctx.tillId) !== null;
  if (!isOpen) refusals.push(quoted(refuse('till_closed')));
  const lines = planLines(ctx.db, order.id, input.lines, input.tickets ?? []);
  if (!lines.ok) refusals.push(quoted(lines));
  const payments = planPayments(ctx, order, split.map((s) => ({ methodId: s.methodId, amountMinor: s.amountMinor })), totalMinor);
  if (!payments.ok) refusals.push(quoted(payments));
  const paidMinor = split.reduce((a, s) => a + s.amountMinor, 0);
  if (paidMinor !== totalMinor && refusals.every((r) => r.code !== 'refund_amount_mismatch')) {
    refusals.push(quoted(refuse('refund_amount_mismatch', { paidMinor, dueMinor: totalMinor })));
  }
  if (isOpen) {
    for (const s of split.filter((x) => methodFor(ctx, x.methodId)?.givesChange === true)) {
      const short = checkDrawerHolds(ctx.db, ctx.tillId, s.methodId, s.paidBackMinor);
      if (short) refusals.push(quoted(short));
    }
  }
  return refusals;
}

/** The line of each ticket ticked that is one of the order's, a ticket named twice once (an unknown or refunded one is among the refusals). */
function ticketLinesOf(ctx: Ctx, orderId: string, ticketIds: readonly string[]): string[] {
  if (ticketIds.length === 0) return [];
  const lineOf = stmt(ctx.db, 'SELECT t.order_line_id AS lineId FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE t.id = ? AND l.order_id = ?');
  return [...new Set(ticketIds)].flatMap((id) => {
    const row = lineOf.get(id, orderId) as { lineId: string } | undefined;
    return row ? [row.lineId] : [];
  });
}

/** Quotes a refund of the lines chosen: the total, where it may go, the proposal, and what orders.refund would refuse. Writes nothing. */
export function refundQuote(ctx: Ctx, input: ParsedInputOf<'orders.refundQuote'>): Result<Quote> {
  const order = stmt(ctx.db, 'SELECT id, currency, buyer_contact_id AS buyerContactId FROM orders WHERE id = ?').get(input.orderId) as OrderHead | undefined;
  if (!order) return refuse('order_not_found', { orderId: input.orderId });
  const cashStepMinor = institutionOf(ctx.db).cashStepMinor;
  const lines = quoteLines(orderLines(ctx.db, order.id), input.lines, ticketLinesOf(ctx, order.id, input.tickets ?? []));
  const totalMinor = lines.reduce((a, l) => a + l.amountMinor, 0);
  const destinations = refundDestinations(ctx, order);
  const proposal = proposeSplit(totalMinor, destinations, cashStepMinor);
  const typed = input.payments === undefined ? ok(proposal.filter((s) => s.amountMinor > 0)) : typedSplit(ctx, input.payments, cashStepMinor);
  if (!typed.ok) return typed;
  const split = typed.value;
  return ok({
    orderId: order.id,
    currency: order.currency,
    lines,
    totalMinor,
    destinations,
    proposal,
    toCredit: splitToCredit(totalMinor, destinations, cashStepMinor),
    split,
    paidMinor: split.reduce((a, s) => a + s.amountMinor, 0),
    refusals: refusalsOf(ctx, order, input, split, totalMinor),
  });
}
