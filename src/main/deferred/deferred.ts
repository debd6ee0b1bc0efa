// The deferred account (compte d'attente, C5/C7, seed 000): an account's state and history,
// settling it when the cheque, mandate or transfer arrives, and changing who pays an order
// before it is invoiced.
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account, type Posting } from '../../shared/domain/accounts.ts';
import { allocateSettlement, settlementNeedsReference } from '../../shared/domain/deferred.ts';
import type { PaymentMethodType } from '../../shared/domain/types.ts';
import { immediate, stmt } from '../kernel/db/connection.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { knownBalance } from '../sync-client/index.ts';
import { recordAudit } from '../kernel/audit.ts';
import { institutionOf, methodFor, todayOf } from '../kernel/config.ts';
import { contactById } from '../contacts/index.ts';
import type { Ctx } from '../kernel/context.ts';
import { itemsOfContact, itemsOfOrder, overdueOf, reduceOpen } from './installments.ts';
import { deferredMovementsOf } from './deferred-movements.ts';
import { invoiceIdByNumber, invoiceView, movePayment } from '../invoicing/index.ts';
import { orderView } from '../orders/index.ts';
import { openSessionOf } from '../sessions/index.ts';
import { findRequest, recordRequest, requestOf, requestStamp } from '../kernel/requests.ts';

/** Where the money of a settlement lands: the drawer for cash, cards and cheques; the bank for the rest. */
const tillTypes: readonly PaymentMethodType[] = ['cash', 'card', 'cheque'];
const bankTypes: readonly PaymentMethodType[] = ['transfer', 'mandate'];

export function accountView(ctx: Ctx, contactId: string): OutputOf<'deferred.account'> {
  const contact = contactById(ctx.db, contactId)!;
  const today = todayOf(ctx);
  const items = itemsOfContact(ctx.db, contactId, today);
  const invoiceIds = stmt(ctx.db, 'SELECT id FROM invoices WHERE contact_id = ? ORDER BY issued_at_ms DESC, seq DESC').all(contactId) as { id: string }[];
  return {
    contact,
    outstandingMinor: contact.deferredOutstandingMinor,
    limitMinor: contact.deferredLimitMinor,
    headroomMinor: contact.deferredLimitMinor - contact.deferredOutstandingMinor,
    overdueMinor: overdueOf(ctx.db, contactId, today),
    items: [...items.filter((i) => i.openMinor > 0), ...items.filter((i) => i.openMinor === 0)],
    invoices: invoiceIds.map((r) => invoiceView(ctx, r.id)),
    movements: deferredMovementsOf(ctx.db, { contactId, limit: 500 }),
  };
}

/** By contact, or by an invoice's number or payment reference, an installment's too (seed 000: "par le nom du contact ou le numéro de facture"). */
export function deferredAccount(ctx: Ctx, input: ParsedInputOf<'deferred.account'>): Result<OutputOf<'deferred.account'>> {
  let contactId = input.contactId;
  if (input.invoiceNumber !== undefined) {
    const invoiceId = invoiceIdByNumber(ctx.db, input.invoiceNumber);
    if (!invoiceId) return refuse('invoice_not_found', { invoice: input.invoiceNumber });
    contactId = (stmt(ctx.db, 'SELECT contact_id FROM invoices WHERE id = ?').get(invoiceId) as { contact_id: string }).contact_id;
  }
  if (!contactId || !contactById(ctx.db, contactId)) return refuse('contact_not_found', { contactId });
  return ok(accountView(ctx, contactId));
}

/**
 * Checks, in order: a repeated requestId returns the first result (or request_conflict);
 * the contact exists; the method exists, moves money, is authorised and may pay; a cheque,
 * transfer or mandate carries its reference; cash, cards and cheques need an open till; an invoice to pay first exists; the amount does not exceed the
 * outstanding, unless the excess goes to the credit balance (which the point of sale must
 * then authorise).
 */
export function settle(ctx: Ctx, input: ParsedInputOf<'deferred.settle'>): Result<OutputOf<'deferred.settle'>> {
  const request = requestOf(ctx, 'deferred.settle', input);
  return immediate(ctx.db, (): Result<OutputOf<'deferred.settle'>> => {
    const known = findRequest(ctx.db, request);
    if (!known.ok) return known;
    const previous = known.value ? (stmt(ctx.db, 'SELECT id, to_credit_minor FROM settlements WHERE id = ?').get(known.value) as { id: string; to_credit_minor: number }) : null;
    if (previous) {
      const allocations = stmt(ctx.db, 'SELECT item_id AS itemId, amount_minor AS amountMinor FROM settlement_allocations WHERE settlement_id = ?').all(previous.id) as { itemId: string; amountMinor: number }[];
      return ok({ settlementId: previous.id, allocations, toCreditMinor: previous.to_credit_minor, account: accountView(ctx, input.contactId) });
    }
    if (!contactById(ctx.db, input.contactId)) return refuse('contact_not_found', { contactId: input.contactId });
    const method = methodFor(ctx, input.methodId);
    if (!method) return refuse('method_not_found', { methodId: input.methodId });
    if (![...tillTypes, ...bankTypes].includes(method.type)) return refuse('method_not_for_accounts', { methodId: method.id });
    if (!method.isAuthorised) return refuse('method_not_authorised', { methodId: method.id });
    if (!method.mayPay) return refuse('method_cannot_pay', { methodId: method.id });
    if (settlementNeedsReference(method.type) && input.reference === '') return refuse('settlement_reference_required', { methodId: method.id, methodName: method.name, methodType: method.type });
    const session = openSessionOf(ctx.db, ctx.tillId);
    if (tillTypes.includes(method.type) && !session) return refuse('till_closed');
    const items = itemsOfContact(ctx.db, input.contactId, todayOf(ctx)).filter((i) => i.openMinor > 0);
    let picked = input.itemIds ?? [];
    if (input.invoiceId) {
      const invoice = stmt(ctx.db, 'SELECT id FROM invoices WHERE id = ? AND contact_id = ?').get(input.invoiceId, input.contactId);
      if (!invoice) return refuse('invoice_not_found', { invoice: input.invoiceId });
      picked = [...items.filter((i) => i.invoiceId === input.invoiceId).map((i) => i.id), ...picked];
    }
    const allocation = allocateSettlement(input.amountMinor, items.map((i) => ({ id: i.id, dueDate: i.dueDate, openMinor: i.openMinor, saleAtMs: i.orderCreatedAtMs, seq: i.seq })), picked);
    const outstandingMinor = knownBalance(ctx.db, account.deferred(input.contactId).id);
    if (allocation.excessMinor > 0 && !input.excessToCredit) {
      return refuse('settlement_exceeds_outstanding', { excessMinor: allocation.excessMinor, outstandingMinor: Math.max(outstandingMinor, 0) });
    }
    const creditMethod = allocation.excessMinor > 0 ? stmt(ctx.db, "SELECT m.id FROM payment_methods m JOIN pos_payment_methods p ON p.method_id = m.id JOIN tills t ON t.point_of_sale_id = p.point_of_sale_id WHERE t.id = ? AND m.type = 'credit' AND m.active = 1").get(ctx.tillId) as { id: string } | undefined : undefined;
    if (allocation.excessMinor > 0 && !creditMethod) return refuse('method_not_authorised', { type: 'credit' });
    // every check is above this line
    const settledMinor = input.amountMinor - allocation.excessMinor;
    const moneyAccount = tillTypes.includes(method.type) ? account.till(ctx.tillId, method.id) : account.safe(ctx.tillId, method.id);
    const postings: Posting[] = [
      { account: moneyAccount, amountMinor: input.amountMinor },
      ...(settledMinor > 0 ? [{ account: account.deferred(input.contactId), amountMinor: -settledMinor }] : []),
      ...(allocation.excessMinor > 0 ? [{ account: account.credit(input.contactId), amountMinor: -allocation.excessMinor }] : []),
    ];
    const settlementId = ctx.ids.ulid();
    const entryId = ctx.ids.ulid();
    const now = ctx.clock.nowMs();
    appendEntry(ctx.db, ctx.journalKey, {
      id: entryId,
      tillId: ctx.tillId,
      type: 'deferred_settle',
      createdAtMs: now,
      userId: ctx.actor.userId,
      sessionId: session?.id ?? null,
      currency: institutionOf(ctx.db).currency,
      data: { settlementId, contactId: input.contactId, methodId: method.id, amountMinor: input.amountMinor, toCreditMinor: allocation.excessMinor, reference: input.reference, allocations: allocation.allocations.map((a) => [a.itemId, a.amountMinor]) },
      postings,
      links: { reference: input.reference, methods: { [account.deferred(input.contactId).id]: method.id, [account.credit(input.contactId).id]: method.id } },
    });
    stmt(
      ctx.db,
      `INSERT INTO settlements (id, request_id, request_hash, contact_id, method_id, amount_minor, to_credit_minor, reference, till_id, entry_id, created_at_ms, user_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(settlementId, requestStamp(request), request.hash, input.contactId, method.id, input.amountMinor, allocation.excessMinor, input.reference, ctx.tillId, entryId, now, ctx.actor.userId);
    recordRequest(ctx.db, request, settlementId, now);
    const insertAllocation = stmt(ctx.db, 'INSERT INTO settlement_allocations (settlement_id, item_id, amount_minor) VALUES (?, ?, ?)');
    for (const a of allocation.allocations) {
      insertAllocation.run(settlementId, a.itemId, a.amountMinor);
      reduceOpen(ctx.db, a.itemId, a.amountMinor, 'paid');
    }
    recordAudit(ctx, { userId: ctx.actor.userId, action: 'deferred.settled', details: { contactId: input.contactId, amountMinor: input.amountMinor, methodId: method.id, reference: input.reference } });
    return ok({ settlementId, allocations: allocation.allocations, toCreditMinor: allocation.excessMinor, account: accountView(ctx, input.contactId) });
  });
}

/**
 * Before invoicing (seed 000: "Détails > Règlements"): the order's deferred payments move to
 * another payer. Checks: the order exists and pays on account; it is not invoiced (then the
 * billing contact is changed instead); the new payer exists, is another one, may pay on
 * account and has the headroom.
 */
export function changePayer(ctx: Ctx, input: ParsedInputOf<'orders.changePayer'>): Result<OutputOf<'orders.changePayer'>> {
  return immediate(ctx.db, (): Result<OutputOf<'orders.changePayer'>> => {
    if (!stmt(ctx.db, 'SELECT 1 FROM orders WHERE id = ?').get(input.orderId)) return refuse('order_not_found', { orderId: input.orderId });
    const items = itemsOfOrder(ctx.db, input.orderId, todayOf(ctx));
    if (items.length === 0) return refuse('order_not_deferred', { orderId: input.orderId });
    const invoiced = items.find((i) => i.invoiceId !== null);
    if (invoiced) return refuse('order_already_invoiced', { invoice: invoiced.invoiceNumber, invoiceId: invoiced.invoiceId });
    const contact = contactById(ctx.db, input.contactId);
    if (!contact) return refuse('contact_not_found', { contactId: input.contactId });
    if (items.every((i) => i.payerContactId === input.contactId)) return refuse('payer_unchanged');
    if (!contact.deferredAuthorised) return refuse('deferred_not_authorised', { contactId: contact.id });
    const movingMinor = items.filter((i) => i.payerContactId !== input.contactId).reduce((a, i) => a + i.openMinor, 0);
    const availableMinor = contact.deferredLimitMinor - contact.deferredOutstandingMinor;
    if (movingMinor > availableMinor) return refuse('deferred_limit_exceeded', { availableMinor: Math.max(availableMinor, 0) });
    // every check is above this line
    for (const paymentId of new Set(items.filter((i) => i.payerContactId !== input.contactId).map((i) => i.paymentId))) movePayment(ctx, paymentId, input.contactId);
    recordAudit(ctx, { userId: ctx.actor.userId, action: 'deferred.payer_changed', details: { orderId: input.orderId, contactId: input.contactId } });
    return ok(orderView(ctx.db, input.orderId, todayOf(ctx)));
  });
}
