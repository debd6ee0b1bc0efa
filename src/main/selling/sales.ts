// Selling: price a basket (quote), and sell it (checkout) in one transaction — order,
// lines, tickets, vouchers, payments, seat counts and one balanced journal entry.
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { orderPostings } from '../../shared/domain/postings.ts';
import { vatSummary } from '../../shared/domain/vat.ts';
import { immediate, stmt, type Db } from '../kernel/db/connection.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { priceBasket, type PricedBasketLine } from '../catalogue/index.ts';
import { institutionOf, todayOf, type InstitutionConfig } from '../kernel/config.ts';
import { contactById } from '../contacts/index.ts';
import type { Ctx } from '../kernel/context.ts';
import { orderView } from '../orders/index.ts';
import { insertItem } from '../deferred/index.ts';
import { invoiceOrder } from '../invoicing/index.ts';
import { dayIn, installmentSchedule } from '../../shared/domain/deferred.ts';
import { assert } from '../../shared/assert.ts';
import { seatsOf } from '../../shared/domain/seats.ts';
import { checkAccountLimits, resolvePayments, tenderOf, type ResolvedPayment, type SettledTender } from './payments.ts';
import { openSessionOf } from '../sessions/index.ts';
import { findRequest, recordRequest, requestOf, requestStamp } from '../kernel/requests.ts';

/** Prices the basket and the payments entered so far; writes nothing. */
export function quote(ctx: Ctx, input: ParsedInputOf<'sales.quote'>): Result<OutputOf<'sales.quote'>> {
  const institution = institutionOf(ctx.db);
  const lines = input.lines.length === 0 ? ok<PricedBasketLine[]>([]) : priceBasket(ctx.db, input.lines);
  if (!lines.ok) return lines;
  const totalMinor = lines.value.reduce((a, l) => a + l.totalMinor, 0);
  const payments = resolvePayments(ctx, input.payments ?? [], input.buyerContactId ?? null);
  if (!payments.ok) return payments;
  // what a voucher, a credit balance or a deferred account can give is said at once, as the payment is entered
  const limits = checkAccountLimits(ctx.db, ctx.tillId, payments.value);
  if (!limits.ok) return limits;
  const tender = tenderOf(ctx, institution, totalMinor, payments.value, input.buyerContactId ?? null);
  if (!tender.ok) return tender;
  const { applied: _, ok: __, ...shown } = tender.value;
  return ok({
    currency: institution.currency,
    lines: lines.value.map((l) => ({
      index: l.index,
      kind: l.kind,
      label: l.label,
      detail: l.detail,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      totalMinor: l.totalMinor,
      vatRateBp: l.vatRateBp,
      vatMinor: l.vatMinor,
    })),
    vat: vatSummary(lines.value.filter((l) => l.kind !== 'voucher')),
    totalMinor,
    tender: shown,
  });
}

/**
 * Sells. Checks, in order: a repeated requestId returns the first sale (or
 * request_conflict); the till is open; the basket prices (products, capacity); the
 * buyer exists; each payment's method; account limits; the payments settle the total.
 * Every check runs inside the transaction; below "every check" nothing can refuse.
 */
export function checkout(ctx: Ctx, input: ParsedInputOf<'sales.checkout'>): Result<OutputOf<'sales.checkout'>> {
  const request = requestOf(ctx, 'sales.checkout', input);
  return immediate(ctx.db, (): Result<OutputOf<'sales.checkout'>> => {
    const previous = findRequest(ctx.db, request);
    if (!previous.ok) return previous;
    if (previous.value) return ok(orderView(ctx.db, previous.value, todayOf(ctx)));

    const session = openSessionOf(ctx.db, ctx.tillId);
    if (!session) return refuse('till_closed');
    const institution = institutionOf(ctx.db);
    const lines = priceBasket(ctx.db, input.lines);
    if (!lines.ok) return lines;
    if (input.buyerContactId && !contactById(ctx.db, input.buyerContactId)) return refuse('contact_not_found', { contactId: input.buyerContactId });
    const payments = resolvePayments(ctx, input.payments, input.buyerContactId);
    if (!payments.ok) return payments;
    const limits = checkAccountLimits(ctx.db, ctx.tillId, payments.value);
    if (!limits.ok) return limits;
    const totalMinor = lines.value.reduce((a, l) => a + l.totalMinor, 0);
    const tender = tenderOf(ctx, institution, totalMinor, payments.value, input.buyerContactId);
    if (!tender.ok) return tender;
    if (!tender.value.isSettled) return refuse('payment_insufficient', { missingMinor: tender.value.cashDueMinor || tender.value.remainingMinor });
    // every check is above this line: below it the sale is written whole

    const hasDeferred = payments.value.some((p) => p.method.type === 'deferred');
    if (input.invoiceDeferred && hasDeferred && !institution.invoicing) return refuse('invoicing_not_configured');
    const orderId = writeSale(ctx, institution, {
      invoiceDeferred: (input.invoiceDeferred ?? false) && hasDeferred,
      requestId: requestStamp(request),
      requestHash: request.hash,
      sessionId: session.id,
      buyerContactId: input.buyerContactId,
      lines: lines.value,
      payments: payments.value,
      tender: tender.value,
      totalMinor,
      currency: institution.currency,
    });
    recordRequest(ctx.db, request, orderId, ctx.clock.nowMs());
    return ok(orderView(ctx.db, orderId, dayIn(ctx.clock.nowMs(), institution.timeZone)));
  });
}

interface SaleToWrite {
  invoiceDeferred: boolean;
  requestId: string;
  requestHash: string;
  sessionId: string;
  buyerContactId: string | null;
  lines: readonly PricedBasketLine[];
  payments: readonly ResolvedPayment[];
  tender: SettledTender;
  totalMinor: number;
  currency: 'CHF' | 'EUR';
}

/**
 * The open items of the sale's deferred payments: one per installment of a tracked method
 * (its rule), else one at the institution's payment term; the payer is the buyer.
 */
function scheduleDeferred(
  ctx: Ctx,
  institution: InstitutionConfig,
  orderId: string,
  payments: readonly (ResolvedPayment & { id: string; applied: { appliedMinor: number } })[],
) {
  const deferred = payments.filter((p) => p.method.type === 'deferred' && p.applied.appliedMinor > 0);
  if (deferred.length === 0) return [];
  const saleDay = dayIn(ctx.clock.nowMs(), institution.timeZone);
  return deferred.flatMap((p) =>
    installmentSchedule(p.applied.appliedMinor, institution.currency, saleDay, p.method.tracking, institution.invoicing?.paymentTermDays ?? 30).map((item) => ({
      ...item,
      id: ctx.ids.ulid(),
      paymentId: p.id,
      orderId,
      payerContactId: p.contactId!,
    })),
  );
}

function nextOrderNumber(db: Db, tillId: string): { seq: number; number: string } {
  const row = stmt(
    db,
    'SELECT t.order_prefix, (SELECT COALESCE(MAX(number_seq), 0) + 1 FROM orders o WHERE o.till_id = t.id) AS n FROM tills t WHERE t.id = ?',
  ).get(tillId) as { order_prefix: string; n: number } | undefined;
  assert(row, `till ${tillId} is configured`);
  return { seq: row.n, number: `${row.order_prefix}-${String(row.n).padStart(6, '0')}` };
}

function uniqueCode(db: Db, sql: string, make: () => string): string {
  for (;;) {
    const code = make();
    if (!stmt(db, sql).get(code)) return code;
  }
}

function writeSale(ctx: Ctx, institution: InstitutionConfig, sale: SaleToWrite): string {
  const db = ctx.db;
  const now = ctx.clock.nowMs();
  const orderId = ctx.ids.ulid();
  const entryId = ctx.ids.ulid();
  const number = nextOrderNumber(db, ctx.tillId);

  // no spreads on this path: {...row, extra} makes a dictionary-mode object (~1.5 KB) each time
  const lineRows = sale.lines.map((line, i) => ({ line, id: ctx.ids.ulid(), lineNo: i + 1 }));
  const tickets = lineRows.flatMap(({ line: l, id: lineId }) =>
    l.kind !== 'ticket'
      ? []
      : Array.from({ length: l.quantity }, () => ({
          id: ctx.ids.ulid(),
          lineId,
          performanceId: l.performanceId!,
          barcode: uniqueCode(db, 'SELECT 1 FROM tickets WHERE barcode = ?', ctx.ids.barcode),
          priceMinor: l.unitPriceMinor,
        })),
  );
  const vouchers = lineRows.flatMap(({ line: l, id: lineId }) =>
    l.kind !== 'voucher'
      ? []
      : Array.from({ length: l.quantity }, () => ({
          id: ctx.ids.ulid(),
          lineId,
          code: uniqueCode(db, 'SELECT 1 FROM vouchers WHERE code = ?', ctx.ids.voucherCode),
          valueMinor: l.unitPriceMinor,
        })),
  );
  const paymentRows = sale.payments.map((p, i) => ({
    input: p.input,
    method: p.method,
    voucherId: p.voucherId,
    contactId: p.contactId,
    id: ctx.ids.ulid(),
    seq: i + 1,
    applied: sale.tender.applied[i]!,
  }));
  const deferredItems = scheduleDeferred(ctx, institution, orderId, paymentRows);

  const postings = orderPostings(
    ctx.tillId,
    1,
    lineRows.map(({ line: l, id }) => ({
      kind: l.kind,
      vatRateBp: l.vatRateBp,
      netMinor: l.netMinor,
      vatMinor: l.vatMinor,
      vouchers: vouchers.filter((v) => v.lineId === id).map((v) => ({ voucherId: v.id, valueMinor: v.valueMinor })),
    })),
    paymentRows.map((p) => ({
      methodId: p.method.id,
      methodType: p.method.type,
      appliedMinor: p.applied.appliedMinor,
      roundingMinor: p.applied.roundingMinor,
      contactId: p.applied.toCreditMinor > 0 ? sale.buyerContactId : p.contactId,
      voucherId: p.voucherId,
      toCreditMinor: p.applied.toCreditMinor,
    })),
  );
  // which method moved each customer account, for the account screens and reports
  const methods: Record<string, string> = {};
  for (const p of paymentRows) {
    if (p.contactId) methods[`${p.method.type}:${p.contactId}`] = p.method.id;
    if (p.applied.toCreditMinor > 0 && sale.buyerContactId) methods[`credit:${sale.buyerContactId}`] ??= p.method.id;
  }

  appendEntry(db, ctx.journalKey, {
    id: entryId,
    tillId: ctx.tillId,
    type: 'sale',
    createdAtMs: now,
    userId: ctx.actor.userId,
    sessionId: sale.sessionId,
    currency: sale.currency,
    data: {
      orderId,
      number: number.number,
      buyerContactId: sale.buyerContactId,
      totalMinor: sale.totalMinor,
      changeMinor: sale.tender.changeMinor,
      lines: lineRows.map(({ line: l, id }) => [id, l.kind, l.label, l.quantity, l.unitPriceMinor, l.totalMinor, l.vatRateBp, l.vatMinor]),
      tickets: tickets.map((t) => [t.id, t.lineId, t.barcode]),
      vouchers: vouchers.map((v) => [v.id, v.lineId, v.code, v.valueMinor]),
      payments: paymentRows.map((p) => [p.id, p.method.id, p.applied.appliedMinor, p.input.amountMinor, p.applied.changeMinor, p.applied.roundingMinor, p.applied.toCreditMinor]),
      deferredItems: deferredItems.map((i) => [i.id, i.paymentId, i.seq, i.count, i.dueDate, i.amountMinor]),
      // tickets per performance, for the server's count of seats across channels
      seats: seatsOf(tickets),
    },
    postings,
    links: { orderId, methods },
  });

  stmt(
    db,
    `INSERT INTO orders (id, request_id, request_hash, number, number_seq, till_id, session_id, entry_id, created_at_ms, user_id, buyer_contact_id, total_minor, change_minor, currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(orderId, sale.requestId, sale.requestHash, number.number, number.seq, ctx.tillId, sale.sessionId, entryId, now, ctx.actor.userId, sale.buyerContactId, sale.totalMinor, sale.tender.changeMinor, sale.currency);
  const insertLine = stmt(
    db,
    `INSERT INTO order_lines (id, order_id, line_no, kind, performance_id, tariff_id, item_id, voucher_product_id, label, detail, quantity, unit_price_minor, total_minor, vat_rate_bp, vat_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const { line: l, id, lineNo } of lineRows) {
    insertLine.run(id, orderId, lineNo, l.kind, l.performanceId, l.tariffId, l.itemId, l.voucherProductId, l.label, l.detail, l.quantity, l.unitPriceMinor, l.totalMinor, l.vatRateBp, l.vatMinor);
  }
  const insertTicket = stmt(db, 'INSERT INTO tickets (id, order_line_id, performance_id, barcode, price_minor) VALUES (?, ?, ?, ?, ?)');
  const addSeats = stmt(
    db,
    `INSERT INTO performance_stock (performance_id, sold) VALUES (?, 1)
     ON CONFLICT (performance_id) DO UPDATE SET sold = sold + 1`,
  );
  for (const t of tickets) {
    insertTicket.run(t.id, t.lineId, t.performanceId, t.barcode, t.priceMinor);
    addSeats.run(t.performanceId);
  }
  const insertVoucher = stmt(db, 'INSERT INTO vouchers (id, code, order_line_id, value_minor, currency) VALUES (?, ?, ?, ?, ?)');
  for (const v of vouchers) insertVoucher.run(v.id, v.code, v.lineId, v.valueMinor, sale.currency);
  const insertPayment = stmt(
    db,
    `INSERT INTO payments (id, order_id, seq, method_id, method_type, amount_minor, tendered_minor, change_minor, rounding_minor, reference, payer_contact_id, voucher_id, to_credit_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of paymentRows) {
    insertPayment.run(p.id, orderId, p.seq, p.method.id, p.method.type, p.applied.appliedMinor, p.input.amountMinor, p.applied.changeMinor, p.applied.roundingMinor, p.input.reference ?? '', p.contactId ?? sale.buyerContactId, p.voucherId, p.applied.toCreditMinor);
  }
  for (const item of deferredItems) insertItem(db, item);
  if (sale.invoiceDeferred) {
    const invoiced = invoiceOrder(ctx, orderId);
    assert(invoiced.ok, 'an order paid on account can be invoiced at once');
  }
  ctx.print.onSale(ctx, {
    orderId,
    sessionId: sale.sessionId,
    hasCash: paymentRows.some((p) => p.method.type === 'cash' && p.input.amountMinor > 0),
    hasTickets: tickets.length > 0,
  });
  return orderId;
}
