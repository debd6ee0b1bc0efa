// Money: integer minor units with a currency, over dinero.js. No float touches an amount.
import { add, allocate, dinero, toSnapshot, type Dinero } from 'dinero.js';
import { assert } from '../assert.ts';
import { ledgerMinorMax } from '../limits.ts';
import { dineroCurrencies, type CurrencyCode } from './currency.ts';

export type Money = Dinero<number, CurrencyCode>;

export function isAmountMinor(value: number): boolean {
  return Number.isSafeInteger(value) && Math.abs(value) <= ledgerMinorMax;
}

export function money(amountMinor: number, currency: CurrencyCode): Money {
  assert(isAmountMinor(amountMinor), `amount out of range: ${amountMinor}`);
  return dinero({ amount: amountMinor, currency: dineroCurrencies[currency] });
}

/** The integer minor units of a Money, at the currency's own scale. */
export function minorOf(value: Money): number {
  const snapshot = toSnapshot(value);
  assert(snapshot.scale === snapshot.currency.exponent, 'money at a foreign scale');
  return snapshot.amount;
}

export function currencyOf(value: Money): CurrencyCode {
  return toSnapshot(value).currency.code;
}

export function sumMinor(amountsMinor: readonly number[], currency: CurrencyCode): number {
  let total = money(0, currency);
  for (const amount of amountsMinor) total = add(total, money(amount, currency));
  return minorOf(total);
}

/**
 * Splits a total into shares proportional to the ratios (dinero.js allocate: the
 * remainder goes to the first shares, one minor unit each). The shares always sum to
 * the total: asserted.
 */
export function allocateMinor(
  totalMinor: number,
  ratios: readonly number[],
  currency: CurrencyCode,
): number[] {
  assert(ratios.length > 0, 'allocate needs at least one ratio');
  assert(ratios.every((r) => Number.isSafeInteger(r) && r >= 0), 'ratios are non-negative integers');
  assert(ratios.some((r) => r > 0), 'allocate needs a positive ratio');
  const shares = allocate(money(totalMinor, currency), ratios).map(minorOf);
  assert(shares.reduce((a, b) => a + b, 0) === totalMinor, 'allocation must sum to the whole');
  return shares;
}

/**
 * Integer division rounded half away from zero: the commercial rounding a VAT amount
 * or a cash amount gets. Computed in BigInt so that large products cannot lose digits.
 */
export function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): number {
  assert(denominator > 0n, 'denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = (magnitude * 2n + denominator) / (denominator * 2n);
  const result = Number(negative ? -quotient : quotient);
  assert(Number.isSafeInteger(result), 'rounded quotient out of range');
  return result;
}

/** −x for an amount, never −0 (which does not survive a JSON round trip and fails equality). */
export function negateMinor(amountMinor: number): number {
  return amountMinor === 0 ? 0 : -amountMinor;
}
