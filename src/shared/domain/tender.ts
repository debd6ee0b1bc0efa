// Split tender: how a set of payments settles what is due, with cash change and rounding.
import { assert } from '../assert.ts';
import { roundToCashStep } from '../money/cash.ts';

export interface TenderPayment {
  amountMinor: number;
  givesChange: boolean;
  /** A voucher where the credit balance is authorised: what exceeds the due goes to the buyer's balance. */
  overflowsToCredit?: boolean;
}

export interface AppliedPayment {
  /** What this payment settles of the order. */
  appliedMinor: number;
  changeMinor: number;
  /** Cash rounding the till absorbs (positive: the customer handed over less than applied). */
  roundingMinor: number;
  /** What exceeded the due and goes to the buyer's credit balance (vouchers only). */
  toCreditMinor: number;
}

export type TenderResult =
  | {
      ok: true;
      paidMinor: number;
      remainingMinor: number;
      cashDueMinor: number;
      changeMinor: number;
      roundingMinor: number;
      toCreditMinor: number;
      isSettled: boolean;
      applied: AppliedPayment[];
    }
  | { ok: false; code: 'payment_exceeds_due'; excessMinor: number }
  | { ok: false; code: 'payment_not_needed' };

/**
 * Rules, in order:
 * 1. Methods that give no change (card, voucher, credit…) may not exceed what is due —
 *    except a voucher whose excess goes to the buyer's credit balance (seed 003): the
 *    excess is taken from the last such vouchers.
 * 2. A cash payment when they already settle everything is refused (it would be all change).
 * 3. What they leave is due in cash-like methods, rounded to the cash step (CHF 0.05);
 *    the rounding difference is the till's, not the customer's. A remainder below half a
 *    step (0.02) rounds to nothing: a cash payment of 0 settles it.
 * 4. Cash tendered beyond the cash due is given back as change; cash beyond the exact
 *    remainder but short of its rounded amount settles it, the surplus the till's rounding.
 * Cash is kept in payment order; the rounding goes with the last payment kept (a rounding
 * the customer pays beyond what that payment kept, with the kept ones before it).
 * Per payment: handed over − change − to credit = applied − rounding.
 */
export function computeTender(dueMinor: number, payments: readonly TenderPayment[], cashStepMinor: number): TenderResult {
  assert(Number.isSafeInteger(dueMinor) && dueMinor >= 0, 'due is a non-negative integer');
  let nonChangeMinor = 0;
  let changeTenderedMinor = 0;
  for (const p of payments) {
    assert(Number.isSafeInteger(p.amountMinor) && (p.amountMinor > 0 || (p.givesChange && p.amountMinor === 0)), 'payment amounts are positive integers (cash may be 0)');
    if (p.givesChange) changeTenderedMinor += p.amountMinor;
    else nonChangeMinor += p.amountMinor;
  }
  const applied: AppliedPayment[] = payments.map((p) => ({
    appliedMinor: p.givesChange ? 0 : p.amountMinor,
    changeMinor: 0,
    roundingMinor: 0,
    toCreditMinor: 0,
  }));
  let toCreditMinor = 0;
  if (nonChangeMinor > dueMinor) {
    const excessMinor = nonChangeMinor - dueMinor;
    const overflowable = payments.reduce((a, p) => a + (p.overflowsToCredit ? p.amountMinor : 0), 0);
    if (excessMinor > overflowable) return { ok: false, code: 'payment_exceeds_due', excessMinor };
    let left = excessMinor;
    for (let i = payments.length - 1; i >= 0 && left > 0; i -= 1) {
      if (!payments[i]!.overflowsToCredit) continue;
      const share = Math.min(left, payments[i]!.amountMinor);
      applied[i]!.appliedMinor -= share;
      applied[i]!.toCreditMinor = share;
      left -= share;
    }
    toCreditMinor = excessMinor;
    nonChangeMinor = dueMinor;
  }

  const leftMinor = dueMinor - nonChangeMinor;
  const hasCash = payments.some((p) => p.givesChange);
  if (hasCash && leftMinor === 0) return { ok: false, code: 'payment_not_needed' };
  const cashDueForLeft = roundToCashStep(leftMinor, cashStepMinor);

  if (!hasCash || changeTenderedMinor < cashDueForLeft) {
    // not settled yet (or settled by non-cash methods alone)
    let rest = leftMinor;
    let lastCash = -1;
    payments.forEach((p, i) => {
      if (!p.givesChange) return;
      applied[i]!.appliedMinor = p.amountMinor;
      rest -= p.amountMinor;
      if (p.amountMinor > 0) lastCash = i;
    });
    // cash beyond the exact remainder yet short of its rounded amount (0.14 handed for 0.13,
    // whose cash due is 0.15): settled, the surplus (under half a step) is the till's rounding
    const roundingMinor = Math.min(rest, 0);
    if (roundingMinor < 0) {
      applied[lastCash]!.appliedMinor += roundingMinor;
      applied[lastCash]!.roundingMinor = roundingMinor;
    }
    const remainingMinor = Math.max(rest, 0);
    return {
      ok: true,
      paidMinor: dueMinor - remainingMinor,
      remainingMinor,
      cashDueMinor: roundToCashStep(remainingMinor, cashStepMinor),
      changeMinor: 0,
      roundingMinor,
      toCreditMinor,
      isSettled: remainingMinor === 0,
      applied,
    };
  }

  // settled with cash: the till keeps the rounded amount due, in payment order; what a
  // payment hands over beyond that is its change; the rounding goes with the last kept cash
  const changeMinor = changeTenderedMinor - cashDueForLeft;
  const roundingMinor = leftMinor - cashDueForLeft;
  let toKeep = cashDueForLeft;
  let lastKept = -1;
  payments.forEach((p, i) => {
    if (!p.givesChange) return;
    const kept = Math.min(p.amountMinor, toKeep);
    toKeep -= kept;
    applied[i]!.appliedMinor = kept;
    applied[i]!.changeMinor = p.amountMinor - kept;
    if (kept > 0) lastKept = i;
  });
  assert(toKeep === 0, 'the cash handed over covers the cash due');
  if (roundingMinor < 0) {
    // the customer pays the rounding: it goes with the last kept cash, and what exceeds that
    // payment's keep with the kept cash before it (0.14 then 0.01 for 0.13: −0.01 each), so
    // that no payment settles less than nothing
    let left = roundingMinor;
    for (let i = lastKept; i >= 0 && left < 0; i -= 1) {
      if (!payments[i]!.givesChange) continue;
      const share = Math.max(left, -applied[i]!.appliedMinor);
      applied[i]!.appliedMinor += share;
      applied[i]!.roundingMinor = share;
      left -= share;
    }
    assert(left === 0, 'the kept cash carries the rounding');
  } else {
    // nothing kept (a remainder that rounds to 0): the first cash payment carries the rounding
    const carrier = lastKept >= 0 ? lastKept : payments.findIndex((p) => p.givesChange);
    applied[carrier]!.appliedMinor += roundingMinor;
    applied[carrier]!.roundingMinor = roundingMinor;
  }
  const appliedTotal = applied.reduce((sum, a) => sum + a.appliedMinor, 0);
  assert(appliedTotal === dueMinor, 'applied payments settle the order exactly');
  return { ok: true, paidMinor: dueMinor, remainingMinor: 0, cashDueMinor: 0, changeMinor, roundingMinor, toCreditMinor, isSettled: true, applied };
}
