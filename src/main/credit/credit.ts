// The credit balance (solde avoir, C4, seed 003): a contact's history, funding by a
// direct deposit, paying out. Spending, voucher overflow and refunds to credit happen in
// sales and refunds; all of them post to the contact's `credit` account.
import { ok, refuse, type Refusal, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account, creditBalanceFromAccount, type Posting } from '../../shared/domain/accounts.ts';
import { creditPostings } from '../../shared/domain/postings.ts';
import { moneyMethodTypes } from '../../shared/domain/accounts.ts';
import type { PaymentMethodType } from '../../shared/domain/types.ts';
import { stmt } from '../kernel/db/connection.ts';
import { checkThenApply, done, plan, type Planned } from '../kernel/tx.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { checkPostingsFit } from '../kernel/ledger/bounds.ts';
import { accountsAsOf, checkOfflineCap, knownBalance } from '../sync-client/index.ts';
import { recordAudit } from '../kernel/audit.ts';
import { institutionOf, methodFor, type MethodInfo } from '../kernel/config.ts';
import { contactById } from '../contacts/index.ts';
import type { Ctx } from '../kernel/context.ts';
import { findRequest, recordRequest, requestOf, requestStamp, type ClientRequest } from '../kernel/requests.ts';
import { latestMovementRows } from '../kernel/ledger/account-movements.ts';
import { movementOf, toCreditMovement } from './credit-movements.ts';
import { checkDrawerHolds } from '../sessions/index.ts';
import { openSessionOf } from '../sessions/index.ts';

const moneyTypes: readonly PaymentMethodType[] = moneyMethodTypes;

export function creditHistory(ctx: Ctx, input: ParsedInputOf<'credit.history'>): Result<OutputOf<'credit.history'>> {
  const contact = contactById(ctx.db, input.contactId);
  if (!contact) return refuse('contact_not_found', { contactId: input.contactId });
  const limit = input.limit ?? 200;
  const rows = latestMovementRows(ctx.db, '', 'credit', input.contactId, limit + 1);
  return ok({ contact, movements: rows.slice(0, limit).map(toCreditMovement), isTruncated: rows.length > limit, asOf: accountsAsOf(ctx.db) });
}

type Operation = 'credit_fund' | 'credit_payout';
type CreditOutput = OutputOf<'credit.fund'>;

/** What a checked fund or pay-out writes: its entry's postings, already within the bounds. */
interface CreditPlan {
  operation: Operation;
  request: ClientRequest;
  contactId: string;
  method: MethodInfo;
  sessionId: string;
  amountMinor: number;
  reference: string;
  postings: Posting[];
}

/**
 * Checks, in order: a repeated requestId returns the first result (or request_conflict);
 * the contact exists; the method exists, moves money, is authorised here and may pay (a
 * deposit) or refund (a pay-out); the till is open; cash amounts are in coins that exist;
 * a pay-out does not exceed the balance, nor this till's offline cap, nor, in cash, what
 * the drawer holds; no balance passes balanceMinorMax.
 */
function checkOperation(operation: Operation) {
  return (ctx: Ctx, input: ParsedInputOf<'credit.fund'>): Result<Planned<CreditPlan, CreditOutput>> => {
    const request = requestOf(ctx, operation === 'credit_fund' ? 'credit.fund' : 'credit.payOut', input);
    const previous = findRequest(ctx.db, request);
    if (!previous.ok) return previous;
    if (previous.value) return done(creditOutput(ctx, previous.value, input.contactId));
    const checked = checkMethodAndTill(ctx, operation, input);
    if (!checked.ok) return checked;
    const { method, sessionId } = checked.value;
    if (operation === 'credit_payout') {
      const short = checkCreditPayOutCovered(ctx, method, input);
      if (short) return short;
    }
    const postings = creditPostings(ctx.tillId, method.id, input.contactId, input.amountMinor, operation === 'credit_fund' ? 1 : -1);
    const fits = checkPostingsFit(ctx.db, postings);
    if (!fits.ok) return fits;
    return plan({ operation, request, contactId: input.contactId, method, sessionId, amountMinor: input.amountMinor, reference: input.reference ?? '', postings });
  };
}

function checkMethodAndTill(ctx: Ctx, operation: Operation, input: ParsedInputOf<'credit.fund'>): Result<{ method: MethodInfo; sessionId: string }> {
  if (!contactById(ctx.db, input.contactId)) return refuse('contact_not_found', { contactId: input.contactId });
  const method = methodFor(ctx, input.methodId);
  if (!method) return refuse('method_not_found', { methodId: input.methodId });
  if (!moneyTypes.includes(method.type)) return refuse('method_not_for_accounts', { methodId: method.id });
  if (!method.isAuthorised) return refuse('method_not_authorised', { methodId: method.id });
  if (operation === 'credit_fund' && !method.mayPay) return refuse('method_cannot_pay', { methodId: method.id });
  if (operation === 'credit_payout' && !method.mayRefund) return refuse('method_cannot_refund', { methodId: method.id });
  const session = openSessionOf(ctx.db, ctx.tillId);
  if (!session) return refuse('till_closed');
  const stepMinor = institutionOf(ctx.db).cashStepMinor;
  if (method.givesChange && input.amountMinor % stepMinor !== 0) return refuse('cash_step_invalid', { stepMinor });
  return ok({ method, sessionId: session.id });
}

/** A pay-out takes no more than the balance as this till knows it, its offline cap, and in cash the drawer. */
function checkCreditPayOutCovered(ctx: Ctx, method: MethodInfo, input: ParsedInputOf<'credit.fund'>): Refusal | null {
  const availableMinor = creditBalanceFromAccount(knownBalance(ctx.db, account.credit(input.contactId).id));
  if (input.amountMinor > availableMinor) return refuse('credit_insufficient', { availableMinor: Math.max(availableMinor, 0) });
  const capped = checkOfflineCap(ctx.db, ctx.tillId, 'credit', input.contactId, input.amountMinor);
  if (capped) return capped;
  return method.givesChange ? checkDrawerHolds(ctx.db, ctx.tillId, method.id, input.amountMinor) : null;
}

function creditOutput(ctx: Ctx, entryId: string, contactId: string): CreditOutput {
  return { contact: contactById(ctx.db, contactId)!, movement: movementOf(ctx.db, entryId, contactId) };
}

/** Writes the entry, its operation and request rows, the slip and the audit. */
function applyOperation(ctx: Ctx, p: CreditPlan): CreditOutput {
  const entryId = ctx.ids.ulid();
  const creditAccount = account.credit(p.contactId).id;
  appendEntry(ctx, {
    id: entryId,
    type: p.operation,
    createdAtMs: ctx.clock.nowMs(),
    userId: ctx.actor.userId,
    sessionId: p.sessionId,
    currency: institutionOf(ctx.db).currency,
    data: { contactId: p.contactId, methodId: p.method.id, amountMinor: p.amountMinor, reference: p.reference },
    postings: p.postings,
    links: { reference: p.reference, methods: { [creditAccount]: p.method.id } },
  });
  stmt(ctx.db, 'INSERT INTO account_operations (request_id, request_hash, entry_id, kind) VALUES (?, ?, ?, ?)').run(requestStamp(p.request), p.request.hash, entryId, p.operation);
  recordRequest(ctx.db, p.request, entryId, ctx.clock.nowMs());
  ctx.print.onCashSlip(ctx, entryId);
  recordAudit(ctx, {
    userId: ctx.actor.userId,
    action: p.operation === 'credit_fund' ? 'credit.funded' : 'credit.paid_out',
    details: { contactId: p.contactId, methodId: p.method.id, amountMinor: p.amountMinor },
  });
  return creditOutput(ctx, entryId, p.contactId);
}

export const fundCredit = checkThenApply(checkOperation('credit_fund'), applyOperation);
export const payOutCredit = checkThenApply(checkOperation('credit_payout'), applyOperation);
