// What the payment panel makes of the services' quote: the amount a method pays when none
// is typed, whether an amount may be entered, the notes offered. Every amount is the quote's
// (sales.quote: remaining, cash due, the credit offer) or typed; none is computed here.
import type { ApiError } from '../shared/api/errors.ts';
import { changeUnconfirmedMaxMinor } from '../shared/limits.ts';
import type { PaymentMethod, Quote } from './types.ts';

/** Notes a customer hands over, smallest first (CHF: 10.– to 200.–). */
const noteMinMinor = 1000;
const noteMaxMinor = 20000;

/**
 * What a payment by this method settles when no amount is typed: the rest, in cash
 * rounded (0 when the rest is below half a coin: the till absorbs it); by the credit
 * balance, what the quote offers of it.
 */
export function dueFor(method: Pick<PaymentMethod, 'type' | 'givesChange'>, quote: Quote | null): number {
  if (!quote) return 0;
  if (method.type === 'credit') return quote.credit?.proposalMinor ?? 0;
  return method.givesChange ? quote.tender.cashDueMinor : quote.tender.remainingMinor;
}

/** A cash payment of 0 settles a rest that rounds to nothing; any other payment is positive. */
export function isPayable(method: Pick<PaymentMethod, 'givesChange'>, amountMinor: number, quote: Quote | null): boolean {
  if (amountMinor > 0) return true;
  return amountMinor === 0 && method.givesChange && (quote?.tender.remainingMinor ?? 0) > 0;
}

/** A voucher worth more than the due, sold without a buyer: where its rest would go is missing. */
export function voucherOverflowMinor(error: ApiError | null): number | null {
  if (error?.code !== 'buyer_required' || error.details?.reason !== 'voucher_overflow') return null;
  const toCreditMinor = error.details.toCreditMinor;
  return typeof toCreditMinor === 'number' ? toCreditMinor : null;
}

/** The notes of the till's denominations a customer hands over, smallest first. */
export function notesOf(denominationsMinor: readonly number[]): number[] {
  return denominationsMinor.filter((d) => d >= noteMinMinor && d <= noteMaxMinor).sort((a, b) => a - b);
}

/** Why the change of a sale is asked to be confirmed before selling: more than is plausible, more than the drawer holds. */
export interface ChangeDoubt {
  isImplausible: boolean;
  /** The drawer's cash when it cannot give the change back; null when it can. */
  drawerCashMinor: number | null;
}

/**
 * The change the quote gives, doubted: above changeUnconfirmedMaxMinor (limits.ts), or above
 * the cash the drawer holds before the sale. Null when the sale may go through unasked.
 * Compares the services' amounts; computes none.
 */
export function changeDoubt(quote: Pick<Quote, 'tender' | 'drawerCashMinor'> | null): ChangeDoubt | null {
  if (!quote || quote.tender.changeMinor === 0) return null;
  const isImplausible = quote.tender.changeMinor > changeUnconfirmedMaxMinor;
  const isShort = quote.drawerCashMinor !== null && quote.tender.changeMinor > quote.drawerCashMinor;
  if (!isImplausible && !isShort) return null;
  return { isImplausible, drawerCashMinor: isShort ? quote.drawerCashMinor : null };
}
