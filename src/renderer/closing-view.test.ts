// The closing screen's counts (closing-view.ts): the cash as the services valued it, the
// other methods as typed, what is left to count.
import { describe, expect, it } from 'vitest';
import { buildCounts, isCountComplete, untypedMethods } from './closing-view.ts';

const methods = [
  { methodId: 'pm-cash', type: 'cash', expectedMinor: 20745 },
  { methodId: 'pm-card', type: 'card', expectedMinor: 7753 },
  { methodId: 'pm-cheque', type: 'cheque', expectedMinor: 0 },
] as const;
const cash = { rows: [{ valueMinor: 20000, count: 1, subtotalMinor: 20000 }, { valueMinor: 5, count: 148, subtotalMinor: 740 }], totalMinor: 20740 };

describe('the closing counts', () => {
  it('send the cash as the services valued it and each other method as typed (nothing typed: 0)', () => {
    expect(buildCounts(methods, cash, { 'pm-card': "77.53" }, 'CHF')).toEqual([
      { methodId: 'pm-cash', countedMinor: 20740, denominations: [{ valueMinor: 20000, count: 1 }, { valueMinor: 5, count: 148 }] },
      { methodId: 'pm-card', countedMinor: 7753 },
      { methodId: 'pm-cheque', countedMinor: 0 },
    ]);
  });

  it('wait for the cash to be valued, and for every typed total to be an amount', () => {
    expect(buildCounts(methods, null, {}, 'CHF')).toBeNull();
    expect(buildCounts(methods, cash, { 'pm-card': 'sept' }, 'CHF')).toBeNull();
  });

  it('may be closed once every method expected to hold something is counted', () => {
    const counts = buildCounts(methods, cash, {}, 'CHF');
    const untyped = untypedMethods(methods, { 'pm-cheque': ' ' });
    expect([...untyped]).toEqual(['pm-card', 'pm-cheque']);
    expect(isCountComplete(methods, counts, untyped)).toBe(false);
    const typed = untypedMethods(methods, { 'pm-card': '77.53' });
    expect([...typed]).toEqual(['pm-cheque']);
    expect(isCountComplete(methods, buildCounts(methods, cash, { 'pm-card': '77.53' }, 'CHF'), typed)).toBe(true);
    expect(isCountComplete(methods, null, typed)).toBe(false);
  });
});
