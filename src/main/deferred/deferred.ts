// The deferred account (compte d'attente, C5/C7, seed 000): an account's state and history,
// settling it when the cheque, mandate or transfer arrives, and changing who pays an order
// before it is invoiced.
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account, type Posting } from '../../shared/domain/accounts.ts';
import { settlementPostings } from '../../shared/domain/postings.ts';
import { allocateSettlement, settlementNeedsReference, type Allocation } from '../../shared/domain/deferred.ts';
import type { PaymentMethodType } from '../../shared/domain/types.ts';
import { stmt } from '../kernel/db/connection.ts';
import { checkThenApply, done, plan, type Planned } from '../kernel/tx.ts';
import { checkPostingsFit } from '../kernel/ledger/bounds.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { accountsAsOf, checkHeld, knownBalance, needsInstallmentHold, payerOfKnownInvoice, useHolds } from '../sync-client/index.ts';
import { recordAudit } from '../kernel/audit.ts';
import { institutionOf, methodFor, todayOf, type MethodInfo } from '../kernel/config.ts';
import { contactById } from '../contacts/index.ts';
import type { Ctx } from '../kernel/context.ts';
import { installmentsOfContact, installmentsOfOrder, isOwnInstallment, movePayment, movesPostings, overdueOf, planPaymentMove, reduceOpen, type InstallmentView, type PaymentMove } from '../installments/index.ts';
import { deferredMovementsOf } from './deferred-movements.ts';
import { installmentIdsOfKnownInvoice, invoiceIdByNumber, invoiceView, knownInvoiceIdsOf, knownInvoiceView } from '../invoicing/index.ts';
import { orderView } from '../orders/index.ts';
import { openSessionOf } from '../sessions/index.ts';
import { findRequest, recordRequest, requestOf, requestStamp, type ClientRequest } from '../kernel/requests.ts';

/** Where the money of a settlement lands: the drawer for cash, cards and cheques; the bank for the rest. */
const tillTypes: readonly PaymentMethodType[] = ['cash', 'card', 'cheque'];
const bankTypes: readonly PaymentMethodType[] = ['transfer', 'mandate'];

export function accountView(ctx: Ctx, contactId: string): OutputOf<'deferred.account'> {
  const contact = contactById(ctx.db, contactId)!;
  const today = todayOf(ctx);
  const installments = installmentsOfContact(ctx.db, contactId, today);
  const invoiceIds = stmt(ctx.db, 'SELECT id FROM invoices WHERE contact_id = ? ORDER BY issued_at_ms DESC, seq DESC').all(contactId) as { id: string }[];
  // and the invoices other tills or the web shop issued to this payer, as the pull names them (issue 15)
  const invoices = invoiceIds.map((r) => invoiceView(ctx, r.id));
  for (const known of knownInvoiceIdsOf(ctx.db, contactId)) invoices.push(knownInvoiceView(ctx, known.id)!);
  invoices.sort((a, b) => b.issuedAtMs - a.issuedAtMs);
  return {
    contact,
    outstandingMinor: contact.deferredOutstandingMinor,
    limitMinor: contact.deferredLimitMinor,
    headroomMinor: contact.deferredLimitMinor - contact.deferredOutstandingMinor,
    overdueMinor: overdueOf(ctx.db, contactId, today),
    installments: [...installments.filter((i) => i.openMinor > 0), ...installments.filter((i) => i.openMinor === 0)],
    invoices,
    movements: deferredMovementsOf(ctx.db, { contactId, limit: 500 }),
    asOf: accountsAsOf(ctx.db),
  };
}

/** By contact, or by an invoice's number or payment reference, an installment's too (seed 000: "par le nom du contact ou le numéro de facture"). */
export function deferredAccount(ctx: Ctx, input: ParsedInputOf<'deferred.account'>): Result<OutputOf<'deferred.account'>> {
  let contactId = input.contactId;
  if (input.invoiceNumber !== undefined) {
    const invoiceId = invoiceIdByNumber(ctx.db, input.invoiceNumber);
    // an invoice of another till's series (or the web's): its payer as the pulled installments say
    const payer = invoiceId ? (stmt(ctx.db, 'SELECT contact_id FROM invoices WHERE id = ?').get(invoiceId) as { contact_id: string }).contact_id : payerOfKnownInvoice(ctx.db, input.invoiceNumber);
    if (!payer) return refuse('invoice_not_found', { invoice: input.invoiceNumber });
    contactId = payer;
  }
  if (!contactId || !contactById(ctx.db, contactId)) return refuse('contact_not_found', { contactId });
  return ok(accountView(ctx, contactId));
}

type SettleOutput = OutputOf<'deferred.settle'>;

/** What a checked settlement writes: the allocation to the installments, its entry's postings. */
interface SettlePlan {
  request: ClientRequest;
  contactId: string;
  method: MethodInfo;
  sessionId: string | null;
  amountMinor: number;
  reference: string;
  allocation: Allocation;
  postings: Posting[];
}

/**
 * Checks, in order: a repeated requestId returns the first result (or request_conflict);
 * the contact exists; the method exists, moves money, is authorised and may pay; a cheque,
 * transfer or mandate carries its reference; cash, cards and cheques need an open till; an
 * invoice to pay first exists; the amount does not exceed the outstanding, unless the
 * (online: the installments other channels know are held here: hold_required)
 * excess goes to the credit balance (which the point of sale must then authorise); no
 * balance passes balanceMinorMax.
 */
function checkSettle(ctx: Ctx, input: ParsedInputOf<'deferred.settle'>): Result<Planned<SettlePlan, SettleOutput>> {
  const request = requestOf(ctx, 'deferred.settle', input);
  const known = findRequest(ctx.db, request);
  if (!known.ok) return known;
  if (known.value) return done(settledBefore(ctx, known.value, input.contactId));
  if (!contactById(ctx.db, input.contactId)) return refuse('contact_not_found', { contactId: input.contactId });
  const paid = checkSettleMethod(ctx, input);
  if (!paid.ok) return paid;
  const { method, sessionId } = paid.value;
  const allocated = checkAllocation(ctx, input);
  if (!allocated.ok) return allocated;
  const allocation = allocated.value;
  // online, what it pays of installments other channels know is held on the server (deferred.hold; issue 15)
  for (const a of allocation.allocations) {
    if (!needsInstallmentHold(ctx.db, a.installmentId)) continue;
    const unheld = checkHeld(ctx.db, `installment:${a.installmentId}`, a.amountMinor, ctx.clock.nowMs());
    if (unheld) return unheld;
  }
  const postings = settlementPostings(ctx.tillId, { id: method.id, isInDrawer: tillTypes.includes(method.type) }, input.contactId, input.amountMinor, allocation.excessMinor);
  const fits = checkPostingsFit(ctx.db, postings);
  if (!fits.ok) return fits;
  return plan({ request, contactId: input.contactId, method, sessionId, amountMinor: input.amountMinor, reference: input.reference, allocation, postings });
}

/** The method may settle here, with its reference, and the till is open if the money lands in the drawer. */
function checkSettleMethod(ctx: Ctx, input: ParsedInputOf<'deferred.settle'>): Result<{ method: MethodInfo; sessionId: string | null }> {
  const method = methodFor(ctx, input.methodId);
  if (!method) return refuse('method_not_found', { methodId: input.methodId });
  if (![...tillTypes, ...bankTypes].includes(method.type)) return refuse('method_not_for_accounts', { methodId: method.id });
  if (!method.isAuthorised) return refuse('method_not_authorised', { methodId: method.id });
  if (!method.mayPay) return refuse('method_cannot_pay', { methodId: method.id });
  if (settlementNeedsReference(method.type) && input.reference === '') return refuse('settlement_reference_required', { methodId: method.id, methodName: method.name, methodType: method.type });
  const session = openSessionOf(ctx.db, ctx.tillId);
  if (tillTypes.includes(method.type) && !session) return refuse('till_closed');
  return ok({ method, sessionId: session?.id ?? null });
}

/** Which open installments the amount pays (the picked ones, open: installment_not_open; a chosen invoice's first, then oldest first), and where an excess may go. */
export function checkAllocation(ctx: Ctx, input: ParsedInputOf<'deferred.settle'>): Result<Allocation> {
  const installments = installmentsOfContact(ctx.db, input.contactId, todayOf(ctx)).filter((i) => i.openMinor > 0);
  let picked = input.installmentIds ?? [];
  // a picked installment must still be open here: one paid online or at another till (issue 15) is not collected again
  const openIds = new Set(installments.map((i) => i.id));
  const closed = picked.find((id) => !openIds.has(id));
  if (closed) return refuse('installment_not_open', { installmentId: closed });
  if (input.invoiceId) {
    const onInvoice = checkInvoiceToPay(ctx, input.invoiceId, input.contactId, installments);
    if (!onInvoice.ok) return onInvoice;
    picked = [...onInvoice.value, ...picked];
  }
  const allocation = allocateSettlement(input.amountMinor, installments.map((i) => ({ id: i.id, dueDate: i.dueDate, openMinor: i.openMinor, saleAtMs: i.orderCreatedAtMs, seq: i.seq })), picked);
  if (allocation.excessMinor === 0) return ok(allocation);
  if (!input.excessToCredit) {
    const outstandingMinor = knownBalance(ctx.db, account.deferred(input.contactId).id);
    return refuse('settlement_exceeds_outstanding', { excessMinor: allocation.excessMinor, outstandingMinor: Math.max(outstandingMinor, 0) });
  }
  const creditMethod = stmt(ctx.db, "SELECT m.id FROM payment_methods m JOIN pos_payment_methods p ON p.method_id = m.id JOIN tills t ON t.point_of_sale_id = p.point_of_sale_id WHERE t.id = ? AND m.type = 'credit' AND m.active = 1").get(ctx.tillId) as { id: string } | undefined;
  return creditMethod ? ok(allocation) : refuse('method_not_authorised', { type: 'credit' });
}

/**
 * The open installments of the invoice to pay first, oldest first: one of this till's, or one
 * another till or the web shop issued (issue 15), as the pulled installments name it. Refused
 * (invoice_not_found) when the payer has no such invoice here.
 */
function checkInvoiceToPay(ctx: Ctx, invoiceId: string, contactId: string, open: readonly InstallmentView[]): Result<string[]> {
  if (stmt(ctx.db, 'SELECT id FROM invoices WHERE id = ? AND contact_id = ?').get(invoiceId, contactId)) return ok(open.filter((i) => i.invoiceId === invoiceId).map((i) => i.id));
  const elsewhere = installmentIdsOfKnownInvoice(ctx.db, invoiceId, contactId);
  if (!elsewhere) return refuse('invoice_not_found', { invoice: invoiceId });
  return ok(open.filter((i) => elsewhere.has(i.id)).map((i) => i.id));
}

/** A repeated settlement's first answer, with the account as it stands now. */
function settledBefore(ctx: Ctx, settlementId: string, contactId: string): SettleOutput {
  const previous = stmt(ctx.db, 'SELECT id, to_credit_minor FROM settlements WHERE id = ?').get(settlementId) as { id: string; to_credit_minor: number };
  const allocations = stmt(ctx.db, 'SELECT item_id AS installmentId, amount_minor AS amountMinor FROM settlement_allocations WHERE settlement_id = ?').all(previous.id) as { installmentId: string; amountMinor: number }[];
  return { settlementId: previous.id, allocations, toCreditMinor: previous.to_credit_minor, account: accountView(ctx, contactId) };
}

/** Writes the entry, the settlement with its allocations, the installments it pays, the request and the audit. */
function applySettle(ctx: Ctx, p: SettlePlan): SettleOutput {
  const settlementId = ctx.ids.ulid();
  const entryId = ctx.ids.ulid();
  const now = ctx.clock.nowMs();
  const { contactId, method, allocation } = p;
  appendEntry(ctx, {
    id: entryId,
    type: 'deferred_settle',
    createdAtMs: now,
    userId: ctx.actor.userId,
    sessionId: p.sessionId,
    currency: institutionOf(ctx.db).currency,
    data: { settlementId, contactId, methodId: method.id, amountMinor: p.amountMinor, toCreditMinor: allocation.excessMinor, reference: p.reference, allocations: allocation.allocations.map((a) => ({ installmentId: a.installmentId, amountMinor: a.amountMinor })) },
    postings: p.postings,
    links: { reference: p.reference, methods: { [account.deferred(contactId).id]: method.id, [account.credit(contactId).id]: method.id } },
  });
  stmt(
    ctx.db,
    `INSERT INTO settlements (id, request_id, request_hash, contact_id, method_id, amount_minor, to_credit_minor, reference, till_id, entry_id, created_at_ms, user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(settlementId, requestStamp(p.request), p.request.hash, contactId, method.id, p.amountMinor, allocation.excessMinor, p.reference, ctx.tillId, entryId, now, ctx.actor.userId);
  recordRequest(ctx.db, p.request, settlementId, now);
  const insertAllocation = stmt(ctx.db, 'INSERT INTO settlement_allocations (settlement_id, item_id, amount_minor) VALUES (?, ?, ?)');
  for (const a of allocation.allocations) {
    // another channel's installment (a web order on account): the entry's allocations name it, the server pays it (issue 15 point 3)
    if (!isOwnInstallment(ctx.db, a.installmentId)) continue;
    insertAllocation.run(settlementId, a.installmentId, a.amountMinor);
    reduceOpen(ctx.db, a.installmentId, a.amountMinor, 'paid');
  }
  useHolds(ctx.db, entryId, allocation.allocations.map((a) => `installment:${a.installmentId}`));
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'deferred.settled', details: { contactId, amountMinor: p.amountMinor, methodId: method.id, reference: p.reference } });
  return { settlementId, allocations: allocation.allocations, toCreditMinor: allocation.excessMinor, account: accountView(ctx, contactId) };
}

export const settle = checkThenApply(checkSettle, applySettle);

/** A payer change as checked: the order and each of its deferred payments' move. */
interface PayerChangePlan {
  orderId: string;
  payerContactId: string;
  moves: PaymentMove[];
}

/**
 * Before invoicing (seed 000: "Détails > Règlements"): the order's deferred payments move to
 * another payer. Checks, in order: the order exists and pays on account; it is not invoiced
 * (then the billing contact is changed instead); the new payer exists, is another one, may
 * pay on account and has the headroom; no balance passes balanceMinorMax.
 */
function checkChangePayer(ctx: Ctx, input: ParsedInputOf<'orders.changePayer'>): Result<Planned<PayerChangePlan, OutputOf<'orders.changePayer'>>> {
  if (!stmt(ctx.db, 'SELECT 1 FROM orders WHERE id = ?').get(input.orderId)) return refuse('order_not_found', { orderId: input.orderId });
  const installments = installmentsOfOrder(ctx.db, input.orderId, todayOf(ctx));
  if (installments.length === 0) return refuse('order_not_deferred', { orderId: input.orderId });
  // invoiced here or at another till (its number then, and no invoice row here)
  const invoiced = installments.find((i) => i.invoiceNumber !== null);
  if (invoiced) return refuse('order_already_invoiced', { invoice: invoiced.invoiceNumber, invoiceId: invoiced.invoiceId });
  const contact = contactById(ctx.db, input.payerContactId);
  if (!contact) return refuse('contact_not_found', { contactId: input.payerContactId });
  if (installments.every((i) => i.payerContactId === input.payerContactId)) return refuse('payer_unchanged');
  if (!contact.deferredAuthorised) return refuse('deferred_not_authorised', { contactId: contact.id });
  const moving = installments.filter((i) => i.payerContactId !== input.payerContactId);
  const movingMinor = moving.reduce((a, i) => a + i.openMinor, 0);
  const availableMinor = contact.deferredLimitMinor - contact.deferredOutstandingMinor;
  if (movingMinor > availableMinor) return refuse('deferred_limit_exceeded', { availableMinor: Math.max(availableMinor, 0) });
  const moves = [...new Set(moving.map((i) => i.paymentId))].map((paymentId) => planPaymentMove(ctx.db, paymentId, input.payerContactId));
  const fits = checkPostingsFit(ctx.db, movesPostings(moves));
  if (!fits.ok) return fits;
  return plan({ orderId: input.orderId, payerContactId: input.payerContactId, moves });
}

function applyChangePayer(ctx: Ctx, p: PayerChangePlan): OutputOf<'orders.changePayer'> {
  for (const move of p.moves) movePayment(ctx, move);
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'deferred.payer_changed', details: { orderId: p.orderId, contactId: p.payerContactId } });
  return orderView(ctx.db, p.orderId, todayOf(ctx));
}

export const changePayer = checkThenApply(checkChangePayer, applyChangePayer);
