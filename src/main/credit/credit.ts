// The credit balance (solde avoir, C4, seed 003): a contact's history, funding by a
// direct deposit, paying out. Spending, voucher overflow and refunds to credit happen in
// sales and refunds; all of them post to the contact's `credit` account.
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account, creditBalanceFromAccount, type Posting } from '../../shared/domain/accounts.ts';
import { moneyMethodTypes } from '../../shared/domain/accounts.ts';
import type { PaymentMethodType } from '../../shared/domain/types.ts';
import { immediate, stmt } from '../kernel/db/connection.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { checkPostingsFit } from '../kernel/ledger/bounds.ts';
import { checkOfflineCap, knownBalance } from '../sync-client/index.ts';
import { recordAudit } from '../kernel/audit.ts';
import { institutionOf, methodFor, type MethodInfo } from '../kernel/config.ts';
import { contactById } from '../contacts/index.ts';
import type { Ctx } from '../kernel/context.ts';
import { findRequest, recordRequest, requestOf, requestStamp } from '../kernel/requests.ts';
import { latestMovementRows } from '../kernel/ledger/account-movements.ts';
import { movementOf, movementSelect, toCreditMovement } from './credit-movements.ts';
import { printHooks } from '../kernel/print-hooks.ts';
import { checkDrawerHolds } from '../sessions/index.ts';
import { openSessionOf } from '../sessions/index.ts';

const moneyTypes: readonly PaymentMethodType[] = moneyMethodTypes;

export function creditHistory(ctx: Ctx, input: ParsedInputOf<'credit.history'>): Result<OutputOf<'credit.history'>> {
  const contact = contactById(ctx.db, input.contactId);
  if (!contact) return refuse('contact_not_found', { contactId: input.contactId });
  const limit = input.limit ?? 200;
  const rows = latestMovementRows(ctx.db, movementSelect, 'credit', input.contactId, limit + 1);
  return ok({ contact, movements: rows.slice(0, limit).map(toCreditMovement), isTruncated: rows.length > limit });
}

type Operation = 'credit_fund' | 'credit_payout';

/**
 * Checks, in order: a repeated requestId returns the first result (or request_conflict);
 * the contact exists; the method exists, moves money, is authorised here and may pay (a
 * deposit) or refund (a pay-out); the till is open; cash amounts are in coins that exist;
 * a pay-out does not exceed the balance, nor, in cash, what the drawer holds; no balance
 * passes balanceMinorMax.
 */
function checkOperation(ctx: Ctx, operation: Operation, input: ParsedInputOf<'credit.fund'>): Result<{ method: MethodInfo; sessionId: string }> {
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
  if (operation === 'credit_payout') {
    const availableMinor = creditBalanceFromAccount(knownBalance(ctx.db, account.credit(input.contactId).id));
    if (input.amountMinor > availableMinor) return refuse('credit_insufficient', { availableMinor: Math.max(availableMinor, 0) });
    const capped = checkOfflineCap(ctx.db, ctx.tillId, 'credit', input.contactId, input.amountMinor);
    if (capped) return capped;
    const short = method.givesChange ? checkDrawerHolds(ctx.db, ctx.tillId, method.id, input.amountMinor) : null;
    if (short) return short;
  }
  return ok({ method, sessionId: session.id });
}

function operate(ctx: Ctx, operation: Operation, input: ParsedInputOf<'credit.fund'>): Result<OutputOf<'credit.fund'>> {
  const request = requestOf(ctx, operation === 'credit_fund' ? 'credit.fund' : 'credit.payOut', input);
  return immediate(ctx.db, (): Result<OutputOf<'credit.fund'>> => {
    const previous = findRequest(ctx.db, request);
    if (!previous.ok) return previous;
    if (previous.value) return ok({ contact: contactById(ctx.db, input.contactId)!, movement: movementOf(ctx.db, previous.value, input.contactId) });
    const checked = checkOperation(ctx, operation, input);
    if (!checked.ok) return checked;
    const { method, sessionId } = checked.value;
    const direction = operation === 'credit_fund' ? 1 : -1;
    const postings: Posting[] = [
      { account: account.till(ctx.tillId, method.id), amountMinor: input.amountMinor * direction },
      { account: account.credit(input.contactId), amountMinor: -input.amountMinor * direction },
    ];
    const fits = checkPostingsFit(ctx.db, postings);
    if (!fits.ok) return fits;
    // every check is above this line
    const entryId = ctx.ids.ulid();
    const creditAccount = account.credit(input.contactId).id;
    appendEntry(ctx.db, ctx.journalKey, {
      id: entryId,
      tillId: ctx.tillId,
      type: operation,
      createdAtMs: ctx.clock.nowMs(),
      userId: ctx.actor.userId,
      sessionId,
      currency: institutionOf(ctx.db).currency,
      data: { contactId: input.contactId, methodId: method.id, amountMinor: input.amountMinor, reference: input.reference ?? '' },
      postings,
      links: { reference: input.reference ?? '', methods: { [creditAccount]: method.id } },
    });
    stmt(ctx.db, 'INSERT INTO account_operations (request_id, request_hash, entry_id, kind) VALUES (?, ?, ?, ?)').run(requestStamp(request), request.hash, entryId, operation);
    recordRequest(ctx.db, request, entryId, ctx.clock.nowMs());
    printHooks().onCashMovement(ctx, entryId);
    recordAudit(ctx, {
      userId: ctx.actor.userId,
      action: operation === 'credit_fund' ? 'credit.funded' : 'credit.paid_out',
      details: { contactId: input.contactId, methodId: method.id, amountMinor: input.amountMinor },
    });
    return ok({ contact: contactById(ctx.db, input.contactId)!, movement: movementOf(ctx.db, entryId, input.contactId) });
  });
}

export function fundCredit(ctx: Ctx, input: ParsedInputOf<'credit.fund'>): Result<OutputOf<'credit.fund'>> {
  return operate(ctx, 'credit_fund', input);
}

export function payOutCredit(ctx: Ctx, input: ParsedInputOf<'credit.payOut'>): Result<OutputOf<'credit.payOut'>> {
  return operate(ctx, 'credit_payout', input);
}
