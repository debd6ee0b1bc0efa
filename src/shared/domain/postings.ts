// Pure builders of ledger postings for each financial event. Each result sums to zero.
import { assert, assertNever } from '../assert.ts';
import type { PaymentMethodType } from './types.ts';
import { account, type Posting } from './accounts.ts';

export interface LinePosting {
  kind: 'ticket' | 'item' | 'voucher';
  vatRateBp: number;
  netMinor: number;
  vatMinor: number;
  /** For a voucher line: the vouchers it issues and their value. */
  vouchers?: ReadonlyArray<{ voucherId: string; valueMinor: number }>;
}

export interface PaymentPosting {
  methodId: string;
  methodType: PaymentMethodType;
  /** What the payment settles of the order. */
  appliedMinor: number;
  /** Cash rounding the till absorbs. */
  roundingMinor: number;
  contactId?: string | null;
  voucherId?: string | null;
  /** A voucher's excess that goes to the contact's credit balance (contactId: the buyer). */
  toCreditMinor?: number;
  /** The payment this leg refunds (refunds only). */
  paymentId?: string;
}

export function sumPostings(postings: readonly Posting[]): number {
  let sum = 0;
  for (const p of postings) sum += p.amountMinor;
  return sum;
}

export function assertBalanced(postings: readonly Posting[]): void {
  assert(sumPostings(postings) === 0, `postings must sum to zero, got ${sumPostings(postings)}`);
}

/**
 * A sale (direction 1) or a refund of some of it (direction −1): revenue and VAT per
 * rate, voucher liabilities, and the payments by method. A refund is exactly the
 * mirror of a sale, so it reverses what the sale posted.
 */
export function orderPostings(
  tillId: string,
  direction: 1 | -1,
  lines: readonly LinePosting[],
  payments: readonly PaymentPosting[],
): Posting[] {
  const postings: Posting[] = [];
  for (const line of lines) {
    if (line.kind === 'voucher') {
      assert(line.vatMinor === 0, 'a gift voucher carries no VAT: it is a liability, not a sale');
      for (const v of line.vouchers ?? []) pushNonZero(postings, account.voucher(v.voucherId), -v.valueMinor * direction);
      continue;
    }
    pushNonZero(postings, account.revenue(line.vatRateBp), -line.netMinor * direction);
    pushNonZero(postings, account.vat(line.vatRateBp), -line.vatMinor * direction);
  }
  for (const p of payments) {
    for (const posting of paymentLegs(tillId, p)) pushNonZero(postings, posting.account, posting.amountMinor * direction);
  }
  const merged = mergePostings(postings);
  assertBalanced(merged);
  return merged;
}

/** A posting of a non-zero amount (a module function, not a closure made per order: the sale's path is hot). */
function pushNonZero(postings: Posting[], to: Posting['account'], amountMinor: number): void {
  if (amountMinor !== 0) postings.push({ account: to, amountMinor });
}

/** Where the money of one payment lands (debit side of a sale). */
function paymentLegs(tillId: string, p: PaymentPosting): Posting[] {
  switch (p.methodType) {
    case 'cash':
    case 'card':
    case 'cheque':
    case 'transfer':
    case 'mandate':
      return [
        { account: account.till(tillId, p.methodId), amountMinor: p.appliedMinor - p.roundingMinor },
        { account: account.rounding(tillId), amountMinor: p.roundingMinor },
      ];
    case 'voucher': {
      assert(p.voucherId, 'a voucher payment names its voucher');
      const toCreditMinor = p.toCreditMinor ?? 0;
      if (toCreditMinor === 0) return [{ account: account.voucher(p.voucherId), amountMinor: p.appliedMinor }];
      assert(p.contactId, 'a voucher that overflows to credit names the buyer');
      return [
        { account: account.voucher(p.voucherId), amountMinor: p.appliedMinor + toCreditMinor },
        { account: account.credit(p.contactId), amountMinor: -toCreditMinor },
      ];
    }
    case 'credit':
      assert(p.contactId, 'a credit payment names its contact');
      return [{ account: account.credit(p.contactId), amountMinor: p.appliedMinor }];
    case 'deferred':
      assert(p.contactId, 'a deferred payment names its contact');
      return [{ account: account.deferred(p.contactId), amountMinor: p.appliedMinor }];
    default:
      return assertNever(p.methodType, 'payment method type');
  }
}

/** Opening float, pay-in (direction 1) or pay-out (−1): cash between the safe and the till. */
export function drawerCashPostings(tillId: string, cashMethodId: string, amountMinor: number, direction: 1 | -1): Posting[] {
  const postings = [
    { account: account.till(tillId, cashMethodId), amountMinor: amountMinor * direction },
    { account: account.safe(tillId, cashMethodId), amountMinor: -amountMinor * direction },
  ];
  assertBalanced(postings);
  return postings;
}

/**
 * Closing one method: book the variance (counted − expected), then remit what was
 * counted to the safe, so that the till account ends at zero for the next session.
 */
export function closingPostings(
  tillId: string,
  counts: ReadonlyArray<{ methodId: string; expectedMinor: number; countedMinor: number }>,
): Posting[] {
  const postings: Posting[] = [];
  for (const c of counts) {
    const varianceMinor = c.countedMinor - c.expectedMinor;
    if (varianceMinor !== 0) {
      postings.push({ account: account.till(tillId, c.methodId), amountMinor: varianceMinor });
      postings.push({ account: account.variance(tillId), amountMinor: -varianceMinor });
    }
    if (c.countedMinor !== 0) {
      postings.push({ account: account.till(tillId, c.methodId), amountMinor: -c.countedMinor });
      postings.push({ account: account.safe(tillId, c.methodId), amountMinor: c.countedMinor });
    }
  }
  const merged = mergePostings(postings);
  assertBalanced(merged);
  return merged;
}

/** One posting per account, zero postings dropped, in first-seen order. */
export function mergePostings(postings: readonly Posting[]): Posting[] {
  const byAccount = new Map<string, Posting>();
  for (const p of postings) {
    const existing = byAccount.get(p.account.id);
    if (existing) existing.amountMinor += p.amountMinor;
    else byAccount.set(p.account.id, { account: p.account, amountMinor: p.amountMinor });
  }
  return [...byAccount.values()].filter((p) => p.amountMinor !== 0);
}

/**
 * A credit balance funded (direction 1: the money comes into the till, the balance grows)
 * or paid out (−1: the money leaves the till, the balance shrinks).
 */
export function creditPostings(tillId: string, methodId: string, contactId: string, amountMinor: number, direction: 1 | -1): Posting[] {
  const postings = [
    { account: account.till(tillId, methodId), amountMinor: amountMinor * direction },
    { account: account.credit(contactId), amountMinor: -amountMinor * direction },
  ];
  assertBalanced(postings);
  return postings;
}

/**
 * A deferred account settled: the money lands in the drawer (cash, card, cheque) or the
 * bank; what it settles leaves the deferred account, an excess goes to the credit balance.
 */
export function settlementPostings(
  tillId: string,
  method: { id: string; isInDrawer: boolean },
  contactId: string,
  amountMinor: number,
  excessMinor: number,
): Posting[] {
  const settledMinor = amountMinor - excessMinor;
  const postings: Posting[] = [{ account: method.isInDrawer ? account.till(tillId, method.id) : account.safe(tillId, method.id), amountMinor }];
  if (settledMinor > 0) postings.push({ account: account.deferred(contactId), amountMinor: -settledMinor });
  if (excessMinor > 0) postings.push({ account: account.credit(contactId), amountMinor: -excessMinor });
  assertBalanced(postings);
  return postings;
}

/** What a deferred payment still asks moves from one payer's account to another's (none when nothing is open). */
export function payerChangePostings(fromContactId: string, toContactId: string, openMinor: number): Posting[] {
  if (openMinor <= 0) return [];
  const postings = [
    { account: account.deferred(toContactId), amountMinor: openMinor },
    { account: account.deferred(fromContactId), amountMinor: -openMinor },
  ];
  assertBalanced(postings);
  return postings;
}
