import { describe, expect, it } from 'vitest';
import { percentile, summarise } from './stats.ts';

describe('bench statistics', () => {
  it('nearest-rank percentiles', () => {
    const list = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(list, 50)).toBe(50);
    expect(percentile(list, 99)).toBe(99);
    expect(percentile(list, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
  });

  it('refuses what has no percentile', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });

  it('summarises unsorted durations', () => {
    const s = summarise([4, 1, 3, 2]);
    expect(s).toMatchObject({ count: 4, p50Ms: 2, p99Ms: 4, meanMs: 2.5, totalMs: 10 });
    expect(s.perSecond).toBeCloseTo(400);
  });
});
