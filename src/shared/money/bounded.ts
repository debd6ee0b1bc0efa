// Products and sums of one operation's amounts, checked against amountMinorMax (limits.ts)
// before they are computed: a refusal that names the field, never a number past 2**53.
import { amountMinorMax } from '../limits.ts';
import { ok, refuse, type Result } from '../result.ts';

/** amount_too_large for a field, with the limit the message states. */
export function amountTooLarge(field: string): Result<never> {
  return refuse('amount_too_large', { field, maxMinor: amountMinorMax });
}

/** unit × count, refused when it would pass amountMinorMax (checked by division first: the product is never formed past it). */
export function boundedProductMinor(unitMinor: number, count: number, field: string): Result<number> {
  if (unitMinor > 0 && count > Math.floor(amountMinorMax / unitMinor)) return amountTooLarge(field);
  return ok(unitMinor * count);
}

/** The sum of non-negative amounts, refused as soon as the running sum would pass amountMinorMax. */
export function boundedSumMinor(amountsMinor: Iterable<number>, field: string): Result<number> {
  let totalMinor = 0;
  for (const amountMinor of amountsMinor) {
    if (amountMinor > amountMinorMax - totalMinor) return amountTooLarge(field);
    totalMinor += amountMinor;
  }
  return ok(totalMinor);
}

/** A cash count's total, Σ value × count, each product and the running sum within amountMinorMax. */
export function boundedCountMinor(rows: ReadonlyArray<{ valueMinor: number; count: number }>, field: string): Result<number> {
  let totalMinor = 0;
  for (const [index, row] of rows.entries()) {
    const product = boundedProductMinor(row.valueMinor, row.count, `${field}.${index}`);
    if (!product.ok) return product;
    if (product.value > amountMinorMax - totalMinor) return amountTooLarge(field);
    totalMinor += product.value;
  }
  return ok(totalMinor);
}
