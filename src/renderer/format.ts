// Amounts, dates and refusals in the UI language, the institution's country and its time
// zone (a web till's browser may be anywhere: the hall's clock is the one shown).
// Amounts are formatted by shared/money only; nothing here computes money.
import { useMemo } from 'react';
import type { ApiError } from '../shared/api/errors.ts';
import { isErrorCode } from '../shared/api/errors.ts';
import { errorMessage } from '../shared/i18n/messages.ts';
import type { CurrencyCode } from '../shared/money/currency.ts';
import { formatMoney, localeFor, type UiLanguage } from '../shared/money/format.ts';
import { useLanguage } from './stores/language-store.ts';
import { useSystem } from './stores/system-store.ts';

export interface Formatters {
  language: UiLanguage;
  currency: CurrencyCode;
  locale: string;
  /** The institution's IANA zone: its clock and its calendar are the ones shown. */
  timeZone: string;
  /** "125.00 CHF" */
  money(amountMinor: number): string;
  /** "125.00" */
  amount(amountMinor: number): string;
  /** A note or coin: "50.–", "0.20". */
  denomination(amountMinor: number): string;
  /** An instant (ms since the epoch) at the institution's wall-clock time, wherever this computer is. */
  dateTime(atMs: number): string;
  /** A performance's "2026-12-05T20:00:00+01:00", at the venue's wall-clock time. */
  performance(startsAt: string): string;
  /** A calendar day "2026-12-05" (a due date): the same day wherever this computer is. */
  day(isoDate: string): string;
  /** 810 basis points → "8.1 %" */
  vatRate(rateBp: number): string;
  error(error: ApiError): string;
}

/** The wall-clock fields of an ISO date-time, as a Date to format in UTC. */
function wallClock(startsAt: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(startsAt);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi));
}

export function makeFormatters(language: UiLanguage, currency: CurrencyCode, country: string, timeZone: string): Formatters {
  const locale = localeFor(language, country);
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const performance = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  const plain = (minor: number) => formatMoney(minor, currency, locale, { withSymbol: false });
  return {
    language,
    currency,
    locale,
    timeZone,
    money: (minor) => formatMoney(minor, currency, locale),
    amount: plain,
    denomination: (minor) => plain(minor).replace(/([.,])0+$/, '$1–'),
    dateTime: (atMs) => dateTime.format(new Date(atMs)),
    performance: (startsAt) => {
      const at = wallClock(startsAt);
      return at ? performance.format(at) : startsAt;
    },
    day: (isoDate) => {
      const at = wallClock(`${isoDate}T00:00`);
      return at ? day.format(at) : isoDate;
    },
    // a display of a rate, not an amount: the division is exact enough for two decimals
    vatRate: (rateBp) => percent.format(rateBp / 10000),
    error: (error) =>
      isErrorCode(error.code) ? errorMessage(error.code, error.details, { language, currency, country, timeZone }) : error.message,
  };
}

export function useFormat(): Formatters {
  const language = useLanguage((s) => s.language);
  const currency = useSystem((s) => s.info?.institution.currency ?? 'CHF');
  const country = useSystem((s) => s.info?.institution.country ?? 'CH');
  const timeZone = useSystem((s) => s.info?.institution.timeZone ?? 'Europe/Zurich');
  return useMemo(() => makeFormatters(language, currency, country, timeZone), [language, currency, country, timeZone]);
}
