// A web-shop order (seeds 003 and 000, online): tickets, items and gift vouchers (each
// with a new code, its value a liability), priced from the server's records, paid by the
// methods the shop's point of sale authorises — the credit balance, a voucher (its excess
// to the credit balance), the deferred account with its installment schedule, a card or
// another external method — and written as a 'sale' in the server's journal, in the
// payload a till writes, so that it is projected and pulled like a till's sale; and read
// back by its id or request id, as its POST answered.
import { randomInt } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { z } from 'zod';
import { assert } from '../../../src/shared/assert.ts';
import type { ShopOrderInput } from '../../../src/shared/api/shop-schemas.ts';
import { account, creditBalanceFromAccount } from '../../../src/shared/domain/accounts.ts';
import { dayIn, installmentSchedule } from '../../../src/shared/domain/deferred.ts';
import type { SaleEvent } from '../../../src/shared/domain/events.ts';
import { orderPostings } from '../../../src/shared/domain/postings.ts';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import type { ServerContext } from '../context.ts';
import type { ShopOrder } from '../outputs.ts';
import { balanceOf, lockBalances } from '../ledger/balances.ts';
import { webTillId } from '../ledger/journal.ts';
import { appendServerEvents, lockServerJournal } from '../ledger/server-journal.ts';
import { readRecord } from '../records.ts';
import { transaction, type Trx } from '../store/tx.ts';
import { authorisedMethods, hasMethodOfType, institutionOf, priceBasket, type PricedLine } from './catalogue.ts';
import { seatsOf } from '../../../src/shared/domain/seats.ts';
import { checkAccountLimits, paymentAccounts, resolvePayments, tenderOf, type ResolvedPayment, type SettledTender } from './payments.ts';
import { previousAnswer, rememberAnswer, requestHashOf, storedAnswer } from './requests.ts';
import { unusedVoucherCodes } from './vouchers.ts';
import { heldMinorOf, lessHeld } from '../holds.ts';


const nextId = monotonicFactory();
/** A ticket's barcode as a till makes one: 16 digits, never starting with 0. */
const newBarcode = () => String(randomInt(1, 10)) + Array.from({ length: 15 }, () => randomInt(0, 10)).join('');

/**
 * Checks, in order (the till's checkout): a repeated requestId answers the first order (or
 * request_conflict); the basket prices (products, seats left); the buyer exists; each
 * payment's method; account limits; the payments settle the total. All of them inside the
 * transaction, with the journal and the accounts locked; below "every check" nothing refuses.
 */
export async function placeOrder(ctx: ServerContext, pointOfSaleId: string, input: z.infer<typeof ShopOrderInput>): Promise<Result<ShopOrder>> {
  const { requestId, ...body } = input;
  const requestHash = requestHashOf('order', pointOfSaleId, body);
  const nowMs = ctx.clock.nowMs();
  return transaction(ctx.db, async (trx) => {
    const head = await lockServerJournal(trx);
    const previous = await previousAnswer<ShopOrder>(trx, { pointOfSaleId, kind: 'order', requestId }, requestHash);
    if (previous) return previous.ok ? ok(orderAnswerOf(previous.value)) : previous;
    const lines = await priceBasket(trx, input.lines);
    if (!lines.ok) return lines;
    const contact = await readRecord(trx, 'contact', input.contactId);
    if (!contact) return refuse('contact_not_found', { contactId: input.contactId });
    const methods = await authorisedMethods(trx, pointOfSaleId);
    const payments = await resolvePayments(trx, methods, input.payments, contact.id);
    if (!payments.ok) return payments;
    // the vouchers it sells, minted before the accounts are locked: their liabilities are among them
    const vouchers = await mintVouchers(trx, lines.value, nowMs);
    const lineAccounts = lines.value.filter((l) => l.kind !== 'voucher').flatMap((l) => [account.revenue(l.vatRateBp).id, account.vat(l.vatRateBp).id]);
    const moneyAccounts = payments.value.filter((p) => !p.voucherId && !p.contactId).map((p) => account.till(webTillId, p.method.id).id);
    const voucherAccounts = vouchers.map((v) => account.voucher(v.id).id);
    const balances = await lockBalances(trx, [...lineAccounts, ...moneyAccounts, ...voucherAccounts, ...paymentAccounts(payments.value, contact.id)]);
    // what the tills hold of the vouchers it spends is not the shop's to spend (holds.ts)
    const held = await heldMinorOf(trx, payments.value.flatMap((p) => (p.voucherId ? [account.voucher(p.voucherId).id] : [])), nowMs);
    const limits = checkAccountLimits(lessHeld(balances, held), contact, payments.value);
    if (!limits.ok) return limits;
    const institution = await institutionOf(trx);
    const totalMinor = lines.value.reduce((a, l) => a + l.totalMinor, 0);
    const tender = tenderOf(methods, totalMinor, payments.value, institution.cashStepMinor);
    if (!tender.ok) return tender;
    // every check is above this line: below it the order is written whole

    const sale = buildSale({ number: await nextOrderNumber(trx), contactId: contact.id, pointOfSaleId, requestId, lines: lines.value, vouchers, payments: payments.value, tender: tender.value, totalMinor, nowMs, institution });
    // every account the sale moves was locked above, in one sorted pass (no lock taken out of order below)
    assert(sale.postings.every((p) => balances.has(p.account.id)), 'the order locked every account it moves');
    let answer = null as ShopOrder | null; // set by afterApply, once the event is stored
    await appendServerEvents(trx, ctx, head, [{ type: 'sale', userId: pointOfSaleId, data: sale.data, postings: sale.postings }], nowMs, async ([event]) => {
      answer = {
        ...sale.order,
        eventId: event!.id,
        // seed 003: the balance shows only where the shop offers the credit balance
        creditBalanceMinor: hasMethodOfType(methods, 'credit') ? creditBalanceFromAccount(Number(await balanceOf(trx, account.credit(contact.id).id))) : null,
      };
      await rememberAnswer(trx, { pointOfSaleId, kind: 'order', requestId, requestHash, objectId: sale.order.orderId, eventId: event!.id, nowMs }, answer);
      await assertVouchersProjected(trx, vouchers);
    });
    assert(answer, 'the order was answered');
    return ok(answer);
  });
}

async function nextOrderNumber(trx: Trx): Promise<string> {
  // gapless: counted under the journal's lock, and an order is never deleted
  const row = await trx.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('till_id', '=', webTillId).where('type', '=', 'sale').executeTakeFirstOrThrow();
  return `${webTillId}-${String(Number(row.n) + 1).padStart(6, '0')}`;
}

interface SaleInput {
  number: string;
  contactId: string;
  pointOfSaleId: string;
  requestId: string;
  lines: readonly PricedLine[];
  vouchers: readonly MintedVoucher[];
  payments: readonly ResolvedPayment[];
  tender: SettledTender;
  totalMinor: number;
  nowMs: number;
  institution: Awaited<ReturnType<typeof institutionOf>>;
}

/** The sale's journal payload (a till's sale, src/shared/domain/events.ts SaleEvent, with the web shop's products), its postings and the answer. */
function buildSale(sale: SaleInput) {
  const orderId = nextId(sale.nowMs);
  const lineRows = sale.lines.map((l) => ({ ...l, id: nextId(sale.nowMs) }));
  const vouchers = sale.vouchers.map((v) => ({ ...v, lineId: lineRows[v.lineIndex]!.id }));
  const tickets = lineRows.flatMap((l) => (l.kind !== 'ticket' ? [] : Array.from({ length: l.quantity }, () => ({ id: nextId(sale.nowMs), lineId: l.id, performanceId: l.performanceId!, barcode: newBarcode() }))));
  const paymentRows = sale.payments.map((p, i) => ({ ...p, id: nextId(sale.nowMs), applied: sale.tender.applied[i]! }));
  // the installments of deferred payments: a tracked method's schedule, else one installment at
  // the institution's payment term; the payer is the buyer (as at the till)
  const saleDay = dayIn(sale.nowMs, sale.institution.timeZone);
  const installments = paymentRows
    .filter((p) => p.method.type === 'deferred' && p.applied.appliedMinor > 0)
    .flatMap((p) =>
      installmentSchedule(p.applied.appliedMinor, sale.institution.currency, saleDay, p.method.tracking, sale.institution.invoicing?.paymentTermDays ?? 30).map((installment) => ({ ...installment, id: nextId(sale.nowMs), paymentId: p.id })),
    );
  const postings = orderPostings(
    webTillId,
    1,
    lineRows.map((l) => ({ kind: l.kind, vatRateBp: l.vatRateBp, netMinor: l.netMinor, vatMinor: l.vatMinor, vouchers: vouchers.filter((v) => v.lineId === l.id).map((v) => ({ voucherId: v.id, valueMinor: v.valueMinor })) })),
    paymentRows.map((p) => ({
      methodId: p.method.id,
      methodType: p.method.type,
      appliedMinor: p.applied.appliedMinor,
      roundingMinor: p.applied.roundingMinor,
      contactId: p.applied.toCreditMinor > 0 ? sale.contactId : p.contactId,
      voucherId: p.voucherId,
      toCreditMinor: p.applied.toCreditMinor,
    })),
  );
  const data: SaleEvent = {
    orderId,
    number: sale.number,
    buyerContactId: sale.contactId,
    totalMinor: sale.totalMinor,
    changeMinor: 0,
    lines: lineRows.map((l) => ({ id: l.id, kind: l.kind, label: l.label, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, totalMinor: l.totalMinor, vatRateBp: l.vatRateBp, vatMinor: l.vatMinor })),
    tickets: tickets.map((t) => ({ id: t.id, lineId: t.lineId, barcode: t.barcode })),
    vouchers: vouchers.map((v) => ({ id: v.id, lineId: v.lineId, code: v.code, valueMinor: v.valueMinor })),
    payments: paymentRows.map((p) => ({ id: p.id, methodId: p.method.id, amountMinor: p.applied.appliedMinor, tenderedMinor: p.input.amountMinor, changeMinor: 0, roundingMinor: p.applied.roundingMinor, toCreditMinor: p.applied.toCreditMinor })),
    installments: installments.map((i) => ({ id: i.id, paymentId: i.paymentId, seq: i.seq, count: i.count, dueDate: i.dueDate, amountMinor: i.amountMinor })),
    // the WEB channel's seats, projected like a till's (ledger/seats.ts)
    seats: seatsOf(tickets),
    // beyond the till's payload: what each line sold (the server checks the seats against it), who asked
    products: lineRows.map((l) => ({ lineId: l.id, performanceId: l.performanceId, tariffId: l.tariffId, itemId: l.itemId, voucherProductId: l.voucherProductId })),
    pointOfSaleId: sale.pointOfSaleId,
    requestId: sale.requestId,
  };
  const order: Omit<ShopOrder, 'eventId' | 'creditBalanceMinor'> = {
    orderId,
    number: sale.number,
    contactId: sale.contactId,
    currency: sale.institution.currency,
    totalMinor: sale.totalMinor,
    lines: lineRows.map((l) => ({ kind: l.kind, performanceId: l.performanceId, tariffId: l.tariffId, itemId: l.itemId, voucherProductId: l.voucherProductId, label: l.label, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, totalMinor: l.totalMinor, vatRateBp: l.vatRateBp, vatMinor: l.vatMinor })),
    tickets: tickets.map((t) => ({ id: t.id, performanceId: t.performanceId, barcode: t.barcode })),
    vouchers: vouchers.map((v) => ({ id: v.id, code: v.code, voucherProductId: v.voucherProductId, valueMinor: v.valueMinor })),
    payments: paymentRows.map((p) => ({ id: p.id, methodId: p.method.id, type: p.method.type, amountMinor: p.input.amountMinor, appliedMinor: p.applied.appliedMinor, toCreditMinor: p.applied.toCreditMinor })),
    installments: installments.map((i) => ({ id: i.id, orderId, seq: i.seq, count: i.count, dueDate: i.dueDate, amountMinor: i.amountMinor, openMinor: i.amountMinor })),
  };
  return { data, postings, order };
}

/** A gift voucher an order sells: one per unit of a voucher line. */
interface MintedVoucher {
  id: string;
  lineIndex: number;
  code: string;
  voucherProductId: string;
  valueMinor: number;
}

async function mintVouchers(trx: Trx, lines: readonly PricedLine[], nowMs: number): Promise<MintedVoucher[]> {
  const units = lines.flatMap((l, lineIndex) => (l.kind !== 'voucher' ? [] : Array.from({ length: l.quantity }, () => ({ lineIndex, voucherProductId: l.voucherProductId!, valueMinor: l.unitPriceMinor }))));
  const codes = await unusedVoucherCodes(trx, units.length);
  return units.map((u, i) => ({ ...u, id: nextId(nowMs), code: codes[i]! }));
}

/**
 * The sale's vouchers are in the vouchers table, or the order is not written: the
 * projection skips a code a till's push took since it was drawn (ON CONFLICT), and a
 * voucher sold but unknown to the server could not be checked nor spent online.
 */
async function assertVouchersProjected(trx: Trx, vouchers: readonly MintedVoucher[]): Promise<void> {
  if (vouchers.length === 0) return;
  const found = await trx.selectFrom('vouchers').select('id').where('id', 'in', vouchers.map((v) => v.id)).execute();
  assert(found.length === vouchers.length, 'every voucher the order sells is projected under its code');
}

/**
 * An order's answer as it was stored, in today's shape: answers stored before vouchers
 * were sold online have no voucher lines (voucherProductId null) and no vouchers.
 */
export function orderAnswerOf(stored: unknown): ShopOrder {
  const answer = stored as ShopOrder;
  return { ...answer, lines: answer.lines.map((l) => ({ ...l, voucherProductId: l.voucherProductId ?? null })), vouchers: answer.vouchers ?? [] };
}

/** Checks: this shop (its point of sale) placed an order with this id (order_not_found). The answer its POST gave. */
export async function orderById(ctx: ServerContext, pointOfSaleId: string, orderId: string): Promise<Result<ShopOrder>> {
  const stored = await storedAnswer(ctx.db, pointOfSaleId, 'order', { objectId: orderId });
  return stored ? ok(orderAnswerOf(stored)) : refuse('order_not_found', { orderId });
}

/** Checks: this shop placed an order under this request id (order_not_found). The answer its POST gave. */
export async function orderByRequest(ctx: ServerContext, pointOfSaleId: string, requestId: string): Promise<Result<ShopOrder>> {
  const stored = await storedAnswer(ctx.db, pointOfSaleId, 'order', { requestId });
  return stored ? ok(orderAnswerOf(stored)) : refuse('order_not_found', { requestId });
}
