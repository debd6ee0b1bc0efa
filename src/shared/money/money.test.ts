import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountMinorMax, ledgerMinorMax } from '../limits.ts';
import { roundToCashStep } from './cash.ts';
import { formatMoney, normaliseSpaces, toDecimalString } from './format.ts';
import { allocateMinor, divideRoundHalfAwayFromZero, sumMinor } from './money.ts';
import { parseMoney } from './parse.ts';

const amount = fc.integer({ min: 0, max: 10_000_000_000 });

describe('allocateMinor', () => {
  it('always sums to the whole, never negative for a positive total', () => {
    fc.assert(
      fc.property(amount, fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }), (total, ratios) => {
        fc.pre(ratios.some((r) => r > 0));
        const shares = allocateMinor(total, ratios, 'CHF');
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(shares.every((s) => s >= 0)).toBe(true);
        ratios.forEach((r, i) => r === 0 && expect(shares[i]).toBe(0));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits 100.00 in three as 33.34 + 33.33 + 33.33', () => {
    expect(allocateMinor(10000, [1, 1, 1], 'CHF')).toEqual([3334, 3333, 3333]);
  });
});

describe('roundToCashStep', () => {
  it.each([
    [1237, 1235],
    [1238, 1240],
    [1225, 1225],
    [1227, 1225],
    [1228, 1230],
    [2, 0],
    [3, 5],
    [-1237, -1235],
    [-1238, -1240],
  ])('CHF %i → %i', (input, expected) => {
    expect(roundToCashStep(input, 5)).toBe(expected);
  });

  it('lands on a multiple of the step, within half a step, and is idempotent', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(1, 5, 10, 50), (value, step) => {
        const rounded = roundToCashStep(value, step);
        expect(rounded % step === 0).toBe(true);
        expect(Math.abs(rounded - value) * 2).toBeLessThanOrEqual(step);
        expect(roundToCashStep(rounded, step)).toBe(rounded);
        expect(roundToCashStep(-value, step)).toBe(-rounded || 0);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('divideRoundHalfAwayFromZero', () => {
  it('rounds halves away from zero', () => {
    expect(divideRoundHalfAwayFromZero(5n, 2n)).toBe(3);
    expect(divideRoundHalfAwayFromZero(-5n, 2n)).toBe(-3);
    expect(divideRoundHalfAwayFromZero(4n, 3n)).toBe(1);
  });
});

describe('parseMoney', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12,50', 1250],
    ['12.–', 1200],
    ['12.-', 1200],
    ["1'234.50", 123450],
    ['1 234,50', 123450],
    ['1\u202F234,50', 123450],
    ['CHF 50.00', 5000],
    ['50 CHF', 5000],
    ['1,234.56', 123456],
    ['1.234,56', 123456],
    ['0.05', 5],
    ['.5', 50],
  ])('%s → %i', (text, minor) => {
    expect(parseMoney(text, 'CHF')).toEqual({ ok: true, amountMinor: minor });
  });

  it.each([
    ['', 'empty'],
    ['abc', 'not_a_number'],
    ['12.345', 'too_many_decimals'],
    ['50.000', 'too_many_decimals'],
    ['1,234', 'too_many_decimals'],
    ['1.2.3', 'not_a_number'],
    ['12,5,5', 'not_a_number'],
    ['-5', 'negative'],
    ['99999999999999999', 'too_large'],
  ])('refuses %s (%s)', (text, reason) => {
    expect(parseMoney(text, 'CHF')).toEqual({ ok: false, reason });
  });

  it('refuses more decimals than the currency has', () => {
    expect(parseMoney('1.234,567', 'CHF')).toEqual({ ok: false, reason: 'too_many_decimals' });
  });

  it('accepts a negative amount only when asked', () => {
    expect(parseMoney('-5.20', 'CHF', { allowNegative: true })).toEqual({ ok: true, amountMinor: -520 });
  });

  it('refuses an amount past what one operation may carry (amountMinorMax)', () => {
    expect(parseMoney(toDecimalString(amountMinorMax, 'CHF'), 'CHF')).toEqual({ ok: true, amountMinor: amountMinorMax });
    expect(parseMoney(toDecimalString(amountMinorMax + 1, 'CHF'), 'CHF')).toEqual({ ok: false, reason: 'too_large' });
  });

  it('round-trips every formatted amount, in both languages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: amountMinorMax }), fc.constantFrom('fr-CH', 'en-CH', 'fr-FR', 'de-CH'), fc.constantFrom('CHF' as const, 'EUR' as const), (minor, locale, currency) => {
        const text = formatMoney(minor, currency, locale);
        expect(parseMoney(text, currency)).toEqual({ ok: true, amountMinor: minor });
        expect(parseMoney(toDecimalString(minor, currency), currency)).toEqual({ ok: true, amountMinor: minor });
      }),
      { numRuns: 3000 },
    );
  });
});

describe('formatMoney', () => {
  it('formats French Swiss francs with a narrow no-break space, and prints plain spaces', () => {
    const text = formatMoney(123450, 'CHF', 'fr-CH');
    expect(text).toBe('1\u202F234.50\u00A0CHF');
    expect(normaliseSpaces(text)).toBe('1 234.50 CHF');
    expect(normaliseSpaces(formatMoney(5, 'CHF', 'en-CH'))).toBe('CHF 0.05');
    expect(formatMoney(123450, 'CHF', 'fr-CH', { withSymbol: false })).toBe('1\u202F234.50');
    expect(formatMoney(-4500, 'EUR', 'fr-FR', { withSymbol: false })).toBe('-45,00');
    expect(formatMoney(4500, 'CHF', 'en-CH', { withSymbol: false })).toBe('45.00');
  });

  it('formats huge amounts exactly, with no float in between', () => {
    expect(toDecimalString(ledgerMinorMax, 'CHF')).toBe('11258999068426.24');
  });
});

describe('sumMinor', () => {
  it('adds exactly', () => {
    expect(sumMinor([1, 2, 3], 'CHF')).toBe(6);
  });
});
