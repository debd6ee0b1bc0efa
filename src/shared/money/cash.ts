// Cash rounding: what a customer can actually hand over or receive in coins.
import { assert } from '../assert.ts';
import { divideRoundHalfAwayFromZero } from './money.ts';

/**
 * Rounds an amount to the cash step (CHF 0.05): half away from zero, the Swiss
 * "arrondi à 5 centimes" (0.025 → 0.05, 0.024 → 0.00). Negative amounts (cash paid
 * back) round symmetrically.
 */
export function roundToCashStep(amountMinor: number, stepMinor: number): number {
  assert(Number.isSafeInteger(stepMinor) && stepMinor > 0, 'cash step must be a positive integer');
  if (stepMinor === 1) return amountMinor === 0 ? 0 : amountMinor; // no -0
  return divideRoundHalfAwayFromZero(BigInt(amountMinor), BigInt(stepMinor)) * stepMinor;
}

/** The total of a cash count: Σ value × count. */
export function denominationTotalMinor(
  rows: ReadonlyArray<{ valueMinor: number; count: number }>,
): number {
  let total = 0;
  for (const row of rows) {
    assert(Number.isSafeInteger(row.valueMinor) && row.valueMinor > 0, 'denomination value');
    assert(Number.isSafeInteger(row.count) && row.count >= 0, 'denomination count');
    total += row.valueMinor * row.count;
  }
  assert(Number.isSafeInteger(total), 'cash count out of range');
  return total;
}
