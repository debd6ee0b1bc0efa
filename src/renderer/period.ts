// Report periods as the screens take them: two local dates (the <input type="date">
// values, "2026-11-01"), turned into the instants the services filter on.

export interface DatePeriod {
  /** "YYYY-MM-DD", a local date */
  from: string;
  to: string;
}

export type PeriodProblem = 'date_missing' | 'period_invalid';

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The local calendar date of an instant, as an <input type="date"> value. */
export function isoDate(at: Date): string {
  return `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** The month of `now`, first to last day, in local time. */
export function currentMonth(now: Date): DatePeriod {
  const first = new Date(now.getFullYear(), now.getMonth(), 1);
  const last = new Date(now.getFullYear(), now.getMonth() + 1, 0);
  return { from: isoDate(first), to: isoDate(last) };
}

/** Local midnight at the start of a date, or null when the text is not a real date. */
function startOfDay(text: string): Date | null {
  const match = isoDatePattern.exec(text);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = new Date(y, m - 1, d);
  // 2026-02-31 rolls over to March: not a date
  if (at.getFullYear() !== y || at.getMonth() !== m - 1 || at.getDate() !== d) return null;
  return at;
}

/**
 * [fromMs, toMs], both included, for the whole local days from `from` to `to`: from the
 * first day's midnight to the last millisecond before the day after `to` (a day of 23 or
 * 25 hours at a daylight-saving change counts whole).
 */
export function periodMs(period: DatePeriod): { ok: true; fromMs: number; toMs: number } | { ok: false; problem: PeriodProblem } {
  const from = startOfDay(period.from);
  const to = startOfDay(period.to);
  if (!from || !to) return { ok: false, problem: 'date_missing' };
  const dayAfter = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1);
  const fromMs = from.getTime();
  const toMs = dayAfter.getTime() - 1;
  if (toMs < fromMs) return { ok: false, problem: 'period_invalid' };
  return { ok: true, fromMs, toMs };
}

/** The calendar quarter of `now` (January–March, April–June…), first to last day, in local time. */
export function currentQuarter(now: Date): DatePeriod {
  const firstMonth = now.getMonth() - (now.getMonth() % 3);
  const first = new Date(now.getFullYear(), firstMonth, 1);
  const last = new Date(now.getFullYear(), firstMonth + 3, 0);
  return { from: isoDate(first), to: isoDate(last) };
}
