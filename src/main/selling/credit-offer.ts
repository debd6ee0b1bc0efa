// What the buyer's credit balance can still pay in the basket being sold (the quote's
// credit offer): the screen proposes it for a "pay with the balance" click and adds up
// nothing. The sale checks the balance again, inside the transaction that spends it.
import type { OutputOf } from '../../shared/api/contract.ts';
import { contactById } from '../contacts/index.ts';
import type { Ctx } from '../kernel/context.ts';
import type { ResolvedPayment } from './payments.ts';

type CreditOffer = NonNullable<OutputOf<'sales.quote'>['credit']>;

/**
 * The balance — offline, at most what this till may still commit on it — less the credit
 * payments already entered (never below 0); proposed: that, at most what remains to pay.
 */
export function creditOffer(balanceMinor: number, offlineLeftMinor: number | null, creditPaidMinor: readonly number[], remainingMinor: number): CreditOffer {
  let leftMinor = offlineLeftMinor === null ? balanceMinor : Math.min(balanceMinor, offlineLeftMinor);
  for (const paid of creditPaidMinor) leftMinor -= paid;
  leftMinor = Math.max(leftMinor, 0);
  return { leftMinor, proposalMinor: Math.min(leftMinor, remainingMinor) };
}

/** The buyer's offer in this basket; null without a buyer (or one the till does not know). */
export function creditOfferOf(ctx: Ctx, buyerContactId: string | null, payments: readonly ResolvedPayment[], remainingMinor: number): CreditOffer | null {
  const buyer = buyerContactId === null ? null : contactById(ctx.db, buyerContactId);
  if (!buyer) return null;
  const creditPaid = payments.filter((p) => p.method.type === 'credit').map((p) => p.input.amountMinor);
  return creditOffer(buyer.creditBalanceMinor, buyer.offlineAllowance?.creditMinor ?? null, creditPaid, remainingMinor);
}
