import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRateBp, priceLine, splitGross, vatSummary } from './vat.ts';

describe('splitGross', () => {
  it.each([
    [4500, 810, 4163, 337],
    [500, 260, 487, 13],
    [3750, 2000, 3125, 625],
    [119995, 810, 111004, 8991],
    [0, 810, 0, 0],
  ])('%i at %i bp → net %i + VAT %i', (gross, rate, net, vat) => {
    expect(splitGross(gross, rate)).toEqual({ netMinor: net, vatMinor: vat });
  });

  it('net + VAT = gross, and VAT is within half a centime of the exact value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), fc.integer({ min: 0, max: 10000 }), (gross, rate) => {
        const { netMinor, vatMinor } = splitGross(gross, rate);
        expect(netMinor + vatMinor).toBe(gross);
        const exactTimes = BigInt(gross) * BigInt(rate); // VAT × (10000 + rate)
        const diff = BigInt(vatMinor) * BigInt(10000 + rate) - exactTimes;
        expect((diff < 0n ? -diff : diff) * 2n <= BigInt(10000 + rate)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('priceLine and vatSummary', () => {
  it('computes VAT per unit so a partial refund reverses exactly its share', () => {
    const line = priceLine(4500, 3, 810);
    expect(line).toEqual({ totalMinor: 13500, vatMinor: 1011, netMinor: 12489, unitVatMinor: 337 });
  });

  it('sums per rate', () => {
    expect(vatSummary([
      { vatRateBp: 810, totalMinor: 9000, vatMinor: 674 },
      { vatRateBp: 260, totalMinor: 500, vatMinor: 13 },
      { vatRateBp: 810, totalMinor: 3000, vatMinor: 225 },
    ])).toEqual([
      { rateBp: 260, grossMinor: 500, netMinor: 487, vatMinor: 13 },
      { rateBp: 810, grossMinor: 12000, netMinor: 11101, vatMinor: 899 },
    ]);
  });
});

describe('formatRateBp', () => {
  it.each([
    [810, '8.1 %'],
    [260, '2.6 %'],
    [2000, '20 %'],
    [55, '0.55 %'],
    [0, '0 %'],
  ])('names %i bp as %s', (rateBp, text) => {
    expect(formatRateBp(rateBp)).toBe(text);
  });
});
