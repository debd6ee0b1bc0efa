// Report periods: local whole days, the current month, dates that do not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentMonth, currentQuarter, isoDate, periodMs } from './period.ts';

const hourMs = 3_600_000;
let savedTz: string | undefined;

beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = 'Europe/Zurich';
});

afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('report periods', () => {
  it('default to the current month, first to last day', () => {
    expect(currentMonth(new Date(2026, 10, 24, 15, 30))).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(currentMonth(new Date(2028, 1, 29))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(currentMonth(new Date(2026, 11, 31, 23, 59))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(isoDate(new Date(2026, 0, 5))).toBe('2026-01-05');
  });

  it('cover whole local days, both ends included', () => {
    const p = periodMs({ from: '2026-11-01', to: '2026-11-30' });
    expect(p).toEqual({ ok: true, fromMs: Date.parse('2026-11-01T00:00:00+01:00'), toMs: Date.parse('2026-12-01T00:00:00+01:00') - 1 });
  });

  it('count a daylight-saving day whole (23 and 25 hours)', () => {
    const spring = periodMs({ from: '2026-03-29', to: '2026-03-29' });
    const autumn = periodMs({ from: '2026-10-25', to: '2026-10-25' });
    if (!spring.ok || !autumn.ok) throw new Error('valid periods');
    expect(spring.toMs - spring.fromMs + 1).toBe(23 * hourMs);
    expect(autumn.toMs - autumn.fromMs + 1).toBe(25 * hourMs);
  });

  it('refuse a missing or impossible date, and a period that ends before it starts', () => {
    expect(periodMs({ from: '', to: '2026-11-30' })).toEqual({ ok: false, problem: 'date_missing' });
    expect(periodMs({ from: '2026-02-31', to: '2026-03-01' })).toEqual({ ok: false, problem: 'date_missing' });
    expect(periodMs({ from: '2026-11-02', to: '2026-11-01' })).toEqual({ ok: false, problem: 'period_invalid' });
    expect(periodMs({ from: '2026-11-01', to: '2026-11-01' }).ok).toBe(true);
  });

  it('give the calendar quarter of a day, first to last day', () => {
    expect(currentQuarter(new Date(2026, 0, 1, 0, 0))).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(currentQuarter(new Date(2026, 10, 24, 15, 30))).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(currentQuarter(new Date(2028, 2, 31, 23, 59))).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(currentQuarter(new Date(2026, 5, 30, 12, 0))).toEqual({ from: '2026-04-01', to: '2026-06-30' });
  });
});
