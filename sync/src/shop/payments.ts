// A web-shop order's payments, checked as the till checks a sale's (src/main/services/
// payments.ts), against the server's authoritative balances: each method authorised on the
// shop's point of sale and able to pay; what a voucher, a credit balance or a deferred
// account can give; then the shared split-tender rules. Online nothing gives change: every
// method pays exactly what it says (a card is charged by the shop's payment provider).
import type { z } from 'zod';
import type { ContactRecord } from '../../../src/shared/api/sync-records.ts';
import type { ShopPayment } from '../../../src/shared/api/shop-schemas.ts';
import { account, creditBalanceFromAccount } from '../../../src/shared/domain/accounts.ts';
import { computeTender, type TenderResult } from '../../../src/shared/domain/tender.ts';
import { boundedSumMinor } from '../../../src/shared/money/bounded.ts';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import { readRecords } from '../records.ts';
import type { Trx } from '../store/tx.ts';
import { hasMethodOfType, type Method } from './catalogue.ts';

export interface ResolvedPayment {
  input: z.infer<typeof ShopPayment>;
  method: Method;
  voucherId: string | null;
  /** The contact whose account it draws on (credit, deferred). */
  contactId: string | null;
}

export type SettledTender = Extract<TenderResult, { ok: true }>;

/**
 * Checks, in order (the till's): the amounts add up to at most amountMinorMax; per payment: the method exists; it is authorised here; it
 * may pay; a voucher names a known code. Credit and deferred draw on the buyer's accounts.
 */
export async function resolvePayments(trx: Trx, authorised: ReadonlyMap<string, Method>, payments: readonly z.infer<typeof ShopPayment>[], buyerContactId: string): Promise<Result<ResolvedPayment[]>> {
  const handed = boundedSumMinor(payments.map((p) => p.amountMinor), 'payments');
  if (!handed.ok) return handed;
  const known = await readRecords(trx, 'method', payments.map((p) => p.methodId));
  const resolved: ResolvedPayment[] = [];
  for (const input of payments) {
    const method = known.get(input.methodId);
    if (!method || !method.active) return refuse('method_not_found', { methodId: input.methodId });
    if (!authorised.has(method.id)) return refuse('method_not_authorised', { methodId: method.id });
    if (!method.mayPay) return refuse('method_cannot_pay', { methodId: method.id });
    let voucherId: string | null = null;
    if (method.type === 'voucher') {
      const code = input.reference?.trim().toUpperCase() ?? '';
      if (!code) return refuse('voucher_code_required');
      // two channels may have minted the same code (server migration 7): such a code is taken nowhere
      const vouchers = await trx.selectFrom('vouchers').select('id').where('code', '=', code).limit(2).execute();
      if (vouchers.length === 0) return refuse('voucher_not_found', { code });
      if (vouchers.length > 1) return refuse('voucher_code_ambiguous', { code });
      voucherId = vouchers[0]!.id;
    }
    const contactId = method.type === 'credit' || method.type === 'deferred' ? buyerContactId : null;
    resolved.push({ input, method, voucherId, contactId });
  }
  return ok(resolved);
}

/**
 * Every customer or voucher account the payments may move, to lock with the rest of the
 * order's accounts before their balances are read: a voucher may overflow to the buyer's
 * credit balance.
 */
export function paymentAccounts(payments: readonly ResolvedPayment[], buyerContactId: string): string[] {
  const ids: string[] = [];
  for (const p of payments) {
    if (p.voucherId) ids.push(account.voucher(p.voucherId).id, account.credit(buyerContactId).id);
    if (p.method.type === 'credit') ids.push(account.credit(buyerContactId).id);
    if (p.method.type === 'deferred') ids.push(account.deferred(buyerContactId).id);
  }
  return ids;
}

/**
 * What each account can give, summed over the payments that draw on it: a voucher's
 * remaining value, the credit balance, the deferred headroom (the contact must be
 * authorised). `balances` are locked in this transaction: two orders, or an order and a
 * till's push, cannot both spend the same money.
 */
export function checkAccountLimits(balances: ReadonlyMap<string, bigint>, contact: z.infer<typeof ContactRecord>, payments: readonly ResolvedPayment[]): Result<null> {
  const drawn = new Map<string, { payment: ResolvedPayment; amountMinor: number }>();
  for (const p of payments) {
    const key = p.voucherId ? account.voucher(p.voucherId).id : p.contactId ? `${p.method.type}:${p.contactId}` : null;
    if (!key) continue;
    const entry = drawn.get(key) ?? { payment: p, amountMinor: 0 };
    entry.amountMinor += p.input.amountMinor;
    drawn.set(key, entry);
  }
  const balance = (accountId: string) => Number(balances.get(accountId) ?? 0n);
  for (const [accountId, { payment, amountMinor }] of drawn) {
    if (payment.voucherId) {
      const availableMinor = -balance(accountId);
      if (amountMinor > availableMinor) return refuse('voucher_insufficient', { availableMinor: Math.max(availableMinor, 0) });
    } else if (payment.method.type === 'credit') {
      const availableMinor = creditBalanceFromAccount(balance(accountId));
      if (amountMinor > availableMinor) return refuse('credit_insufficient', { availableMinor: Math.max(availableMinor, 0) });
    } else if (payment.method.type === 'deferred') {
      if (!contact.deferredAuthorised) return refuse('deferred_not_authorised', { contactId: contact.id });
      const availableMinor = contact.deferredLimitMinor - balance(accountId);
      if (amountMinor > availableMinor) return refuse('deferred_limit_exceeded', { availableMinor: Math.max(availableMinor, 0) });
    }
  }
  return ok(null);
}

/**
 * The split tender (shared rules). A voucher worth more than what is due sends the
 * difference to the buyer's credit balance when the shop's point of sale authorises the
 * credit balance (seed 003, "si le solde avoir est autorisé sur le point de vente"); else
 * it is refused as exceeding the due. The order must be paid whole.
 */
export function tenderOf(authorised: ReadonlyMap<string, Method>, totalMinor: number, payments: readonly ResolvedPayment[], cashStepMinor: number): Result<SettledTender> {
  const isCreditAuthorised = hasMethodOfType(authorised, 'credit');
  const tender = computeTender(
    totalMinor,
    payments.map((p) => ({ amountMinor: p.input.amountMinor, givesChange: false, overflowsToCredit: isCreditAuthorised && p.method.type === 'voucher' })),
    cashStepMinor,
  );
  if (!tender.ok) return tender.code === 'payment_not_needed' ? refuse('payment_not_needed') : refuse('payment_exceeds_due', { excessMinor: tender.excessMinor });
  if (!tender.isSettled) return refuse('payment_insufficient', { missingMinor: tender.remainingMinor });
  return ok(tender);
}
