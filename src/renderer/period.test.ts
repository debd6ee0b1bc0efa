// Report periods: whole days of the institution's calendar (Zurich here) on a computer set
// to another zone (New York), the current month and quarter, dates that do not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentMonth, currentQuarter, isoDate, periodMs } from './period.ts';

const hourMs = 3_600_000;
const zurich = 'Europe/Zurich';
let savedTz: string | undefined;

beforeAll(() => {
  // the browser's zone must not matter: put it an ocean away from the hall
  savedTz = process.env.TZ;
  process.env.TZ = 'America/New_York';
});

afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('report periods', () => {
  it('default to the current month in the institution’s calendar, first to last day', () => {
    expect(currentMonth(Date.parse('2026-11-24T15:30:00+01:00'), zurich)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(currentMonth(Date.parse('2028-02-29T00:00:00+01:00'), zurich)).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(currentMonth(Date.parse('2026-12-31T23:59:00+01:00'), zurich)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    // 00:30 on 1 December in Zurich is still November in New York: Zurich's month it is
    expect(currentMonth(Date.parse('2026-12-01T00:30:00+01:00'), zurich)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(isoDate(Date.parse('2026-01-05T00:10:00+01:00'), zurich)).toBe('2026-01-05');
  });

  it('cover whole days of the institution, both ends included, whatever the computer’s zone', () => {
    const p = periodMs({ from: '2026-11-01', to: '2026-11-30' }, zurich);
    expect(p).toEqual({ ok: true, fromMs: Date.parse('2026-11-01T00:00:00+01:00'), toMs: Date.parse('2026-12-01T00:00:00+01:00') - 1 });
    const summer = periodMs({ from: '2026-07-01', to: '2026-07-01' }, zurich);
    expect(summer).toEqual({ ok: true, fromMs: Date.parse('2026-07-01T00:00:00+02:00'), toMs: Date.parse('2026-07-02T00:00:00+02:00') - 1 });
    expect(periodMs({ from: '2026-11-01', to: '2026-11-01' }, 'Asia/Tokyo')).toMatchObject({ fromMs: Date.parse('2026-11-01T00:00:00+09:00') });
  });

  it('count a daylight-saving day whole (23 and 25 hours)', () => {
    const spring = periodMs({ from: '2026-03-29', to: '2026-03-29' }, zurich);
    const autumn = periodMs({ from: '2026-10-25', to: '2026-10-25' }, zurich);
    if (!spring.ok || !autumn.ok) throw new Error('valid periods');
    expect(spring.toMs - spring.fromMs + 1).toBe(23 * hourMs);
    expect(autumn.toMs - autumn.fromMs + 1).toBe(25 * hourMs);
  });

  it('refuse a missing or impossible date, and a period that ends before it starts', () => {
    expect(periodMs({ from: '', to: '2026-11-30' }, zurich)).toEqual({ ok: false, problem: 'date_missing' });
    expect(periodMs({ from: '2026-02-31', to: '2026-03-01' }, zurich)).toEqual({ ok: false, problem: 'date_missing' });
    expect(periodMs({ from: '2026-11-02', to: '2026-11-01' }, zurich)).toEqual({ ok: false, problem: 'period_invalid' });
    expect(periodMs({ from: '2026-11-01', to: '2026-11-01' }, zurich).ok).toBe(true);
  });

  it('give the calendar quarter of a day, first to last day', () => {
    expect(currentQuarter(Date.parse('2026-01-01T00:00:00+01:00'), zurich)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(currentQuarter(Date.parse('2026-11-24T15:30:00+01:00'), zurich)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(currentQuarter(Date.parse('2028-03-31T23:59:00+02:00'), zurich)).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(currentQuarter(Date.parse('2026-06-30T12:00:00+02:00'), zurich)).toEqual({ from: '2026-04-01', to: '2026-06-30' });
  });
});
