// Dates typed as the app's language writes them (issue 17 point 7): a browser's date input
// follows the browser's locale (US order in a headless Chromium), so the date fields are
// text in the locale's own order ("31.12.2026 20:00" in fr-CH), read back to ISO here.

type Part = 'day' | 'month' | 'year';

/** The locale's order of day, month and year, and the separator it writes between them. */
function patternOf(locale: string): { order: Part[]; separator: string } {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).formatToParts(Date.UTC(2026, 11, 31));
  const order = parts.filter((p): p is Intl.DateTimeFormatPart & { type: Part } => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type);
  return { order, separator: parts.find((p) => p.type === 'literal')?.value ?? '.' };
}

/** "2026-12-31" as the locale writes it ("31.12.2026"); anything else unchanged. */
export function shownDate(isoDate: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  const value: Record<Part, string> = { year: m[1]!, month: m[2]!, day: m[3]! };
  const { order, separator } = patternOf(locale);
  return order.map((p) => value[p]).join(separator);
}

/** A date typed in the locale's order (any of . / - between), as "YYYY-MM-DD"; null when it is no calendar date. */
export function isoDateOf(text: string, locale: string): string | null {
  const numbers = /^\s*(\d{1,4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,4})\s*$/.exec(text);
  if (!numbers) return null;
  const { order } = patternOf(locale);
  const value = Object.fromEntries(order.map((p, i) => [p, Number(numbers[i + 1])])) as Record<Part, number>;
  if (value.year < 1000) return null;
  const date = new Date(Date.UTC(value.year, value.month - 1, value.day));
  if (date.getUTCMonth() !== value.month - 1 || date.getUTCDate() !== value.day) return null;
  return `${String(value.year).padStart(4, '0')}-${String(value.month).padStart(2, '0')}-${String(value.day).padStart(2, '0')}`;
}

/** "2026-12-31T20:00" as the locale writes it ("31.12.2026 20:00"); anything else unchanged. */
export function shownDateTime(localDateTime: string, locale: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(localDateTime);
  return m ? `${shownDate(m[1]!, locale)} ${m[2]!}` : localDateTime;
}

/** A date and a time (hh:mm or hh.mm) typed in the locale's order, as "YYYY-MM-DDTHH:MM"; null when either is wrong. */
export function localDateTimeOf(text: string, locale: string): string | null {
  const m = /^\s*(\S+)\s+(\d{1,2})[:.h](\d{2})\s*$/.exec(text);
  if (!m) return null;
  const date = isoDateOf(m[1]!, locale);
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (date === null || hours > 23 || minutes > 59) return null;
  return `${date}T${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
