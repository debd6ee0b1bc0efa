// The till's id source: barcodes and voucher codes drawn from pooled cryptographic bytes,
// in their formats and without bias between digits or letters.
import { expect, it } from 'vitest';
import { pooledBelow, randomIds } from './context.ts';

it('draws barcodes of 16 digits, the first not zero, and voucher codes of the unambiguous alphabet', () => {
  const ids = randomIds();
  const digits = new Array<number>(10).fill(0);
  for (let i = 0; i < 20_000; i += 1) {
    const barcode = ids.barcode();
    expect(barcode).toMatch(/^[1-9]\d{15}$/);
    for (const c of barcode.slice(1)) digits[Number(c)]! += 1;
  }
  // 300 000 digits: each near a tenth (within five standard deviations, ~820)
  for (const n of digits) expect(Math.abs(n - 30_000)).toBeLessThan(820);
  for (let i = 0; i < 1000; i += 1) expect(ids.voucherCode()).toMatch(/^GV-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
});

it('draws below a bound by rejection: every value, nothing past the bound', () => {
  const below = pooledBelow(64);
  const seen = new Set<number>();
  for (let i = 0; i < 10_000; i += 1) {
    const n = below(7);
    expect(n).toBeGreaterThanOrEqual(0);
    expect(n).toBeLessThan(7);
    seen.add(n);
  }
  expect(seen.size).toBe(7);
});
