// Selling (sales.checkout), as check then apply (kernel/tx.ts): the check prices the
// basket, settles the payments and plans every row and posting; the apply writes the
// order, its lines, tickets, vouchers, payments, seats and one balanced journal entry.
import { refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { OrderView } from '../../shared/domain/types.ts';
import { dayIn } from '../../shared/domain/deferred.ts';
import { account } from '../../shared/domain/accounts.ts';
import { priceBasket } from '../catalogue/index.ts';
import { contactById } from '../contacts/index.ts';
import { insertInstallment, installmentsOfOrder } from '../installments/index.ts';
import { checkInvoiceAtSale, issueOrderInvoice } from '../invoicing/index.ts';
import { orderView } from '../orders/index.ts';
import { useHolds } from '../sync-client/index.ts';
import { openSessionOf } from '../sessions/index.ts';
import { tillOf, todayOf } from '../kernel/config.ts';
import { can, type Ctx } from '../kernel/context.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { checkPostingsFit } from '../kernel/ledger/bounds.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { findRequest, recordRequest, requestOf } from '../kernel/requests.ts';
import { checkThenApply, done, plan, type Planned } from '../kernel/tx.ts';
import { checkAccountLimits, checkHolds, resolvePayments, tenderOf } from './payments.ts';
import { planSale, saleEntryData, ticketCount, voucherCount, type CheckedSale, type SalePlan } from './sale-plan.ts';
import { insertSaleRows } from './sale-rows.ts';
import { saleView } from './sale-view.ts';

type CheckoutInput = ParsedInputOf<'sales.checkout'>;
type CheckoutOutput = OutputOf<'sales.checkout'>;

/**
 * Checks, in order: a repeated requestId answers the first sale (or request_conflict);
 * then checkSale; then, once every row is planned, an invoice at once can number its
 * installments (invoice_installments_exceeded), and no account passes balanceMinorMax
 * (total_too_large).
 */
export function checkCheckout(ctx: Ctx, input: CheckoutInput): Result<Planned<SalePlan, CheckoutOutput>> {
  const request = requestOf(ctx, 'sales.checkout', input);
  const previous = findRequest(ctx.db, request);
  if (!previous.ok) return previous;
  if (previous.value) return done(orderView(ctx.db, previous.value, todayOf(ctx)));
  const checked = checkSale(ctx, input, request);
  if (!checked.ok) return checked;
  const createdAtMs = ctx.clock.nowMs();
  // the calendar day dates installments only (an Intl formatting, ~30 µs: not for every sale)
  const isOnAccount = checked.value.payments.some((p) => p.method.type === 'deferred');
  const saleDay = isOnAccount ? dayIn(createdAtMs, checked.value.institution.timeZone) : null;
  const at = { orderNumber: nextOrderNumber(ctx), createdAtMs, saleDay, tillId: ctx.tillId };
  const codes = { barcodes: unusedCodes(ctx.db, 'tickets', ticketCount(checked.value.lines), ctx.ids.barcode), voucherCodes: unusedCodes(ctx.db, 'vouchers', voucherCount(checked.value.lines), ctx.ids.voucherCode) };
  const sale = planSale(ctx.ids, checked.value, at, codes);
  if (sale.invoiceDeferred) {
    const invoiceable = checkInvoiceAtSale(ctx.db, sale.installments);
    if (!invoiceable.ok) return invoiceable;
  }
  const fits = checkPostingsFit(ctx.db, sale.postings);
  if (!fits.ok) return fits;
  return plan(sale);
}

/**
 * Checks, in order: the till is open (till_closed); the basket prices (products, amounts,
 * capacity); the buyer exists (contact_not_found); each payment's method; account limits;
 * online, the holds on the shared vouchers it spends (hold_required);
 * the split tender; the payments settle the total (payment_insufficient); an invoice asked
 * for deferred payments needs invoicing configured (invoicing_not_configured).
 */
function checkSale(ctx: Ctx, input: CheckoutInput, request: CheckedSale['request']): Result<CheckedSale> {
  const session = openSessionOf(ctx.db, ctx.tillId);
  if (!session) return refuse('till_closed');
  const institution = ctx.config.institution();
  const lines = priceBasket(ctx, input.lines);
  if (!lines.ok) return lines;
  const buyer = input.buyerContactId ? contactById(ctx.db, input.buyerContactId) : null;
  if (input.buyerContactId && !buyer) return refuse('contact_not_found', { contactId: input.buyerContactId });
  const payments = resolvePayments(ctx, input.payments, input.buyerContactId);
  if (!payments.ok) return payments;
  const limits = checkAccountLimits(ctx.db, ctx.tillId, payments.value);
  if (!limits.ok) return limits;
  const held = checkHolds(ctx.db, payments.value, ctx.clock.nowMs());
  if (!held.ok) return held;
  const totalMinor = lines.value.reduce((a, l) => a + l.totalMinor, 0);
  const tender = tenderOf(ctx, institution, totalMinor, payments.value, input.buyerContactId);
  if (!tender.ok) return tender;
  if (!tender.value.isSettled) return refuse('payment_insufficient', { missingMinor: tender.value.cashDueMinor || tender.value.remainingMinor });
  const hasDeferred = payments.value.some((p) => p.method.type === 'deferred');
  if (input.invoiceDeferred && hasDeferred && !institution.invoicing) return refuse('invoicing_not_configured');
  // the same right as invoicing the order from its detail (invoices.createForOrder)
  if (input.invoiceDeferred && hasDeferred && !can(ctx.actor, 'invoice:order')) return refuse('not_permitted', { permission: 'invoice:order' });
  return {
    ok: true,
    value: {
      request,
      sessionId: session.id,
      institution,
      buyer: buyer && { id: buyer.id, name: buyer.name, firstName: buyer.firstName },
      lines: lines.value,
      payments: payments.value,
      tender: tender.value,
      totalMinor,
      invoiceDeferred: (input.invoiceDeferred ?? false) && hasDeferred,
    },
  };
}

function nextOrderNumber(ctx: Ctx): { seq: number; number: string } {
  const prefix = tillOf(ctx.db, ctx.tillId).order_prefix;
  const { n } = stmt(ctx.db, 'SELECT COALESCE(MAX(number_seq), 0) + 1 AS n FROM orders WHERE till_id = ?').get(ctx.tillId) as { n: number };
  return { seq: n, number: `${prefix}-${String(n).padStart(6, '0')}` };
}

const takenColumn = { tickets: 'barcode', vouchers: 'code' } as const;

/**
 * `count` distinct codes from `make` that no ticket (or voucher) has yet: the candidates
 * checked in one statement (`IN (?, …)`: ≈ 5 µs for a sale's three against ≈ 8 µs for one
 * indexed read each), and as many more as were taken, until there are `count`.
 */
function unusedCodes(db: Db, table: keyof typeof takenColumn, count: number, make: () => string): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const candidates: string[] = [];
    for (let i = codes.size; i < Math.min(count, codes.size + 100); i += 1) candidates.push(make());
    const column = takenColumn[table];
    const taken = new Set(stmt(db, `SELECT ${column} FROM ${table} WHERE ${column} IN (${candidates.map(() => '?').join(', ')})`).pluck().all(...candidates) as string[]);
    for (const code of candidates) if (!codes.has(code) && !taken.has(code)) codes.add(code);
  }
  return [...codes];
}

export function applyCheckout(ctx: Ctx, sale: SalePlan): CheckoutOutput {
  const buyerContactId = sale.buyer?.id ?? null;
  appendEntry(ctx, {
    id: sale.entryId,
    type: 'sale',
    createdAtMs: sale.createdAtMs,
    userId: ctx.actor.userId,
    sessionId: sale.sessionId,
    currency: sale.currency,
    data: saleEntryData(sale, buyerContactId),
    postings: sale.postings,
    links: { orderId: sale.orderId, methods: sale.methods },
  });
  insertSaleRows(ctx.db, ctx.tillId, ctx.actor.userId, sale);
  // the holds this till took on the vouchers it spends are used by this entry
  useHolds(ctx.db, sale.entryId, sale.payments.flatMap((p) => (p.voucherId ? [account.voucher(p.voucherId).id] : [])));
  for (const installment of sale.installments) insertInstallment(ctx.db, installment);
  if (sale.invoiceDeferred) issueOrderInvoice(ctx, sale.orderId);
  ctx.print.onSale(ctx, {
    orderId: sale.orderId,
    sessionId: sale.sessionId,
    hasCash: sale.payments.some((p) => p.method.type === 'cash' && p.input.amountMinor > 0),
    hasTickets: sale.tickets.length > 0,
  });
  recordRequest(ctx.db, sale.request, sale.orderId, sale.createdAtMs);
  return answerOf(ctx, sale);
}

/**
 * The order as the sale answers it, built from the plan rather than read back (six reads
 * fewer per sale); the installments, when there are any, are read back (an invoice at
 * once numbers them). sale-view.test.ts holds it to orders.get.
 */
function answerOf(ctx: Ctx, sale: SalePlan): OrderView {
  const installments = sale.installments.length > 0 ? installmentsOfOrder(ctx.db, sale.orderId, sale.saleDay!) : [];
  return saleView(sale, { tillId: ctx.tillId, userName: ctx.actor.name, installments });
}

export const checkout = checkThenApply(checkCheckout, applyCheckout);
