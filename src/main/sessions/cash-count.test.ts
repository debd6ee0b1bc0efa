import { describe, expect, it } from 'vitest';
import { amountMinorMax } from '../../shared/limits.ts';
import { stateFingerprint, testTill } from '../testing/fixtures.ts';

describe('sessions.countCash', () => {
  it('gives each denomination its subtotal and the total, as the opening then takes it', () => {
    const t = testTill();
    const before = stateFingerprint(t.db);
    const float = [{ valueMinor: 5000, count: 1 }, { valueMinor: 200, count: 12 }, { valueMinor: 5, count: 3 }];
    const count = t.must('sessions.countCash', { denominations: float });
    expect(count).toEqual({
      rows: [{ valueMinor: 5000, count: 1, subtotalMinor: 5000 }, { valueMinor: 200, count: 12, subtotalMinor: 2400 }, { valueMinor: 5, count: 3, subtotalMinor: 15 }],
      totalMinor: 7415,
    });
    expect(stateFingerprint(t.db)).toBe(before);
    expect(t.must('sessions.open', { float }).session?.floatMinor).toBe(count.totalMinor);
    expect(t.must('sessions.countCash', { denominations: [] })).toEqual({ rows: [], totalMinor: 0 });
  });

  it('refuses a count past the amount limit, naming the row or the sum', () => {
    const t = testTill();
    expect(t.call('sessions.countCash', { denominations: [{ valueMinor: 20000, count: 100_000 }] })).toMatchObject({ ok: false, error: { code: 'amount_too_large', details: { field: 'denominations.0', maxMinor: amountMinorMax } } });
    const rows = Array.from({ length: 3 }, () => ({ valueMinor: 20000, count: 20_000 }));
    expect(t.call('sessions.countCash', { denominations: rows })).toMatchObject({ ok: false, error: { code: 'amount_too_large', details: { field: 'denominations' } } });
  });

  it('needs a login', () => {
    const t = testTill();
    expect(t.call('sessions.countCash', { denominations: [] }, null)).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
  });
});
