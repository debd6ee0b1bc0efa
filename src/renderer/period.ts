// Report periods as the screens take them: two calendar dates (the <input type="date">
// values, "2026-11-01") of the institution's calendar, turned into the instants the
// services filter on. A web till's browser may be in another zone: "November" is
// November where the hall is.
import { dayIn } from '../shared/domain/deferred.ts';

export interface DatePeriod {
  /** "YYYY-MM-DD", a date of the institution's calendar */
  from: string;
  to: string;
}

export type PeriodProblem = 'date_missing' | 'period_invalid';

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The institution's calendar date of an instant, as an <input type="date"> value. */
export function isoDate(atMs: number, timeZone: string): string {
  return dayIn(atMs, timeZone);
}

/** "YYYY-MM-DD" of a year, a month (0-based, may run past December) and a day (0: the month before's last). */
function calendarDate(year: number, month: number, day: number): string {
  const at = new Date(Date.UTC(year, month, day));
  return `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
}

/** The month of `nowMs` in the institution's calendar, first to last day. */
export function currentMonth(nowMs: number, timeZone: string): DatePeriod {
  const [y, m] = dayIn(nowMs, timeZone).split('-').map(Number) as [number, number];
  return { from: calendarDate(y, m - 1, 1), to: calendarDate(y, m, 0) };
}

/** The calendar quarter of `nowMs` (January–March, April–June…) in the institution's calendar, first to last day. */
export function currentQuarter(nowMs: number, timeZone: string): DatePeriod {
  const [y, m] = dayIn(nowMs, timeZone).split('-').map(Number) as [number, number];
  const firstMonth = m - 1 - ((m - 1) % 3);
  return { from: calendarDate(y, firstMonth, 1), to: calendarDate(y, firstMonth + 3, 0) };
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(atMs: number, timeZone: string): number {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    wallClockFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(atMs).map((part) => [part.type, Number(part.value)]));
  const wallMs = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wallMs - (atMs - (atMs % 1000));
}

/** The instant the day begins in the zone (its midnight, or the first moment after a gap). */
function startOfDayMs(year: number, month: number, day: number, timeZone: string): number {
  const wallMs = Date.UTC(year, month, day);
  const guess = wallMs - zoneOffsetMs(wallMs, timeZone);
  // the offset at the guess may differ from the offset at UTC midnight (a change that day)
  return wallMs - zoneOffsetMs(guess, timeZone);
}

/** The date's year, month (0-based) and day, or null when the text is not a real date. */
function parseDate(text: string): [number, number, number] | null {
  const match = isoDatePattern.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // 2026-02-31 rolls over to March: not a date
  if (calendarDate(y, m - 1, d) !== text) return null;
  return [y, m - 1, d];
}

/**
 * [fromMs, toMs], both included, for the whole days of the institution's calendar from
 * `from` to `to`: from the first day's midnight to the last millisecond before the day
 * after `to` (a day of 23 or 25 hours at a daylight-saving change counts whole).
 */
export function periodMs(period: DatePeriod, timeZone: string): { ok: true; fromMs: number; toMs: number } | { ok: false; problem: PeriodProblem } {
  const from = parseDate(period.from);
  const to = parseDate(period.to);
  if (!from || !to) return { ok: false, problem: 'date_missing' };
  const fromMs = startOfDayMs(...from, timeZone);
  const toMs = startOfDayMs(to[0], to[1], to[2] + 1, timeZone) - 1;
  if (toMs < fromMs) return { ok: false, problem: 'period_invalid' };
  return { ok: true, fromMs, toMs };
}
