// VAT on prices that include it (Swiss and French counters sell at gross prices).
import { assert } from '../assert.ts';
import { divideRoundHalfAwayFromZero } from '../money/money.ts';

/**
 * Splits a gross amount into net + VAT. The VAT is rounded commercially (half away
 * from zero), as a tax authority computes it, and the net is the rest, so the two
 * always sum to the gross. (dinero.js `allocate` would floor the VAT and give the
 * remainder to the net, which is not the tax rule; this is the one split that does
 * not use it.)
 */
/** 810 → "8.1 %": a rate in basis points as a refusal names it (integer digits, no float). */
export function formatRateBp(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const hundredths = String(rateBp % 100).padStart(2, '0').replace(/0+$/, '');
  return `${whole}${hundredths ? `.${hundredths}` : ''} %`;
}

export function splitGross(grossMinor: number, rateBp: number): { netMinor: number; vatMinor: number } {
  assert(Number.isSafeInteger(rateBp) && rateBp >= 0 && rateBp <= 10000, 'VAT rate in basis points');
  const vatMinor = divideRoundHalfAwayFromZero(BigInt(grossMinor) * BigInt(rateBp), BigInt(10000 + rateBp));
  const netMinor = grossMinor - vatMinor;
  assert(netMinor + vatMinor === grossMinor, 'net + VAT = gross');
  return { netMinor, vatMinor };
}

export interface VatBucket {
  rateBp: number;
  grossMinor: number;
  netMinor: number;
  vatMinor: number;
}

/** Adds up lines per VAT rate, lowest rate first. */
export function vatSummary(lines: ReadonlyArray<{ vatRateBp: number; totalMinor: number; vatMinor: number }>): VatBucket[] {
  const buckets = new Map<number, VatBucket>();
  for (const line of lines) {
    const bucket = buckets.get(line.vatRateBp) ?? { rateBp: line.vatRateBp, grossMinor: 0, netMinor: 0, vatMinor: 0 };
    bucket.grossMinor += line.totalMinor;
    bucket.vatMinor += line.vatMinor;
    bucket.netMinor = bucket.grossMinor - bucket.vatMinor;
    buckets.set(line.vatRateBp, bucket);
  }
  return [...buckets.values()].sort((a, b) => a.rateBp - b.rateBp);
}

/**
 * A line of `quantity` units: VAT is computed per unit and multiplied, so that
 * refunding some of the units reverses exactly their share of VAT.
 */
export function priceLine(unitPriceMinor: number, quantity: number, rateBp: number) {
  const unit = splitGross(unitPriceMinor, rateBp);
  const totalMinor = unitPriceMinor * quantity;
  const vatMinor = unit.vatMinor * quantity;
  assert(Number.isSafeInteger(totalMinor), 'line total out of range');
  return { totalMinor, vatMinor, netMinor: totalMinor - vatMinor, unitVatMinor: unit.vatMinor };
}
