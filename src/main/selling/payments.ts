// Resolving a sale's payments: each method authorised and able to pay, account limits
// (voucher value, credit balance, deferred headroom), then the split-tender arithmetic.
import { ok, refuse, type Result } from '../../shared/result.ts';
import { account, creditBalanceFromAccount } from '../../shared/domain/accounts.ts';
import { computeTender, type TenderResult } from '../../shared/domain/tender.ts';
import { boundedSumMinor } from '../../shared/money/bounded.ts';
import type { PaymentInput } from '../../shared/domain/types.ts';
import type { Db } from '../kernel/db/connection.ts';
import { checkHeld, checkOfflineCap, checkVoucherSpend, knownBalance, needsHold, voucherByCode, voucherById } from '../sync-client/index.ts';
import { isTypeAuthorised, methodFor, type InstitutionConfig, type MethodInfo } from '../kernel/config.ts';
import type { TillContext } from '../kernel/context.ts';
import { contactById } from '../contacts/index.ts';

export interface ResolvedPayment {
  input: PaymentInput;
  method: MethodInfo;
  voucherId: string | null;
  contactId: string | null;
}

export type SettledTender = Extract<TenderResult, { ok: true }>;

/**
 * Payments of one method that gives change are merged (two cash payments are one
 * handful of notes); others stay as entered, in order.
 */
function mergeChangeGiving(payments: readonly ResolvedPayment[]): ResolvedPayment[] {
  const merged: ResolvedPayment[] = [];
  for (const p of payments) {
    const same = p.method.givesChange ? merged.find((m) => m.method.id === p.method.id) : undefined;
    if (same) same.input = { ...same.input, amountMinor: same.input.amountMinor + p.input.amountMinor };
    // each field named: a spread whose field is then overridden becomes a dictionary-mode object
    else merged.push({ input: { ...p.input }, method: p.method, voucherId: p.voucherId, contactId: p.contactId });
  }
  return merged;
}

/**
 * Checks: the amounts add up to at most amountMinorMax; then per payment, in order:
 * method exists; an amount of 0 only for a method that gives change; authorised here;
 * may pay; has what its type needs.
 */
export function resolvePayments(
  till: TillContext,
  payments: readonly PaymentInput[],
  buyerContactId: string | null,
): Result<ResolvedPayment[]> {
  // what is handed over for one sale adds up to at most amountMinorMax: a few extra digits are refused, not summed
  const handed = boundedSumMinor(payments.map((p) => p.amountMinor), 'payments');
  if (!handed.ok) return handed;
  const resolved: ResolvedPayment[] = [];
  for (const [index, input] of payments.entries()) {
    const method = methodFor(till, input.methodId);
    if (!method) return refuse('method_not_found', { methodId: input.methodId });
    if (input.amountMinor === 0 && !method.givesChange) return refuse('amount_invalid', { field: `payments.${index}.amountMinor` });
    if (!method.isAuthorised) return refuse('method_not_authorised', { methodId: method.id });
    if (!method.mayPay) return refuse('method_cannot_pay', { methodId: method.id });
    let voucherId: string | null = null;
    let contactId: string | null = null;
    if (method.type === 'voucher') {
      const code = input.reference?.trim().toUpperCase() ?? '';
      if (!code) return refuse('voucher_code_required');
      // sold here or at any channel the server published (issue 15 point 2)
      const voucher = voucherByCode(till.db, code);
      if (!voucher.ok) return voucher;
      voucherId = voucher.value.id;
    }
    if (method.type === 'credit' || method.type === 'deferred') {
      if (!buyerContactId) return refuse('buyer_required', { methodId: method.id });
      contactId = buyerContactId;
    }
    resolved.push({ input, method, voucherId, contactId });
  }
  return ok(mergeChangeGiving(resolved));
}

/**
 * What each account can give, summed over the payments that draw on it: a voucher's
 * remaining value (as this till knows it; offline and shared, within the till's cap), a
 * contact's credit balance, a contact's deferred headroom.
 * Runs inside the sale's transaction, so two tills cannot both spend the same money.
 */
export function checkAccountLimits(db: Db, tillId: string, payments: readonly ResolvedPayment[]): Result<null> {
  const drawn = new Map<string, { payment: ResolvedPayment; amountMinor: number }>();
  for (const p of payments) {
    const key = p.voucherId ? `voucher:${p.voucherId}` : p.contactId ? `${p.method.type}:${p.contactId}` : null;
    if (!key) continue;
    const entry = drawn.get(key) ?? { payment: p, amountMinor: 0 };
    entry.amountMinor += p.input.amountMinor;
    drawn.set(key, entry);
  }
  for (const { payment, amountMinor } of drawn.values()) {
    if (payment.voucherId) {
      const refused = checkVoucherSpend(db, tillId, voucherById(db, payment.voucherId), amountMinor);
      if (refused) return refused;
    } else if (payment.method.type === 'credit' && payment.contactId) {
      const availableMinor = creditBalanceFromAccount(knownBalance(db, account.credit(payment.contactId).id));
      if (amountMinor > availableMinor) return refuse('credit_insufficient', { availableMinor: Math.max(availableMinor, 0) });
      const capped = checkOfflineCap(db, tillId, 'credit', payment.contactId, amountMinor);
      if (capped) return capped;
    } else if (payment.method.type === 'deferred' && payment.contactId) {
      const contact = contactById(db, payment.contactId);
      if (!contact) return refuse('contact_not_found', { contactId: payment.contactId });
      if (!contact.deferredAuthorised) return refuse('deferred_not_authorised', { contactId: contact.id });
      const availableMinor = contact.deferredLimitMinor - contact.deferredOutstandingMinor;
      if (amountMinor > availableMinor) return refuse('deferred_limit_exceeded', { availableMinor: Math.max(availableMinor, 0) });
      const capped = checkOfflineCap(db, tillId, 'deferred', contact.id, amountMinor);
      if (capped) return capped;
    }
  }
  return ok(null);
}

/**
 * The split tender of a sale. A voucher worth more than what is due sends the difference
 * to the buyer's credit balance when this point of sale authorises the credit balance
 * (seed 003); the buyer is then required, and the till says so as soon as the voucher is
 * entered (the quote refuses too). Beside such a voucher, any other payment is refused
 * (payment_covered_by_voucher): the voucher already pays what it would pay.
 */
export function tenderOf(
  till: TillContext,
  institution: InstitutionConfig,
  totalMinor: number,
  payments: readonly ResolvedPayment[],
  buyerContactId: string | null,
): Result<SettledTender> {
  const isCreditAuthorised = isTypeAuthorised(till, 'credit');
  const tender = computeTender(
    totalMinor,
    payments.map((p) => ({ amountMinor: p.input.amountMinor, givesChange: p.method.givesChange, overflowsToCredit: isCreditAuthorised && p.method.type === 'voucher' })),
    institution.cashStepMinor,
  );
  if (!tender.ok) return tender.code === 'payment_not_needed' ? refuse('payment_not_needed') : refuse('payment_exceeds_due', { excessMinor: tender.excessMinor });
  if (tender.toCreditMinor > 0) {
    // Another payment beside a voucher that overflows would be taken only to go back on the
    // balance: the receipt would say "credit used" while the ledger (one posting per account
    // and entry) nets it with the remainder. The cashier takes that much less instead.
    const covered = payments.findLast((p) => p.method.type !== 'voucher');
    if (covered) return refuse('payment_covered_by_voucher', { methodId: covered.method.id, method: covered.method.name, excessMinor: Math.min(covered.input.amountMinor, tender.toCreditMinor) });
  }
  if (tender.toCreditMinor > 0 && !buyerContactId) return refuse('buyer_required', { reason: 'voucher_overflow', toCreditMinor: tender.toCreditMinor });
  return ok(tender);
}

/**
 * Online on an enrolled till, what a sale spends of each shared voucher is covered by the
 * holds this till took on the server just before (sales.hold; hold_required otherwise):
 * no other channel can spend it meanwhile. Offline, the offline rule bounds it instead.
 */
export function checkHolds(db: Db, payments: readonly ResolvedPayment[], nowMs: number): Result<string[]> {
  const drawn = new Map<string, number>();
  for (const p of payments) if (p.voucherId && needsHold(db, voucherById(db, p.voucherId))) drawn.set(account.voucher(p.voucherId).id, (drawn.get(account.voucher(p.voucherId).id) ?? 0) + p.input.amountMinor);
  for (const [accountId, amountMinor] of drawn) {
    const refused = checkHeld(db, accountId, amountMinor, nowMs);
    if (refused) return refused;
  }
  return ok([...drawn.keys()]);
}
