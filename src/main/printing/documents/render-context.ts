// What every document needs to turn numbers into printed words: the language, the
// institution's locale, currency and time zone.
import type { CurrencyCode } from '../../../shared/money/currency.ts';
import { formatMoney, localeFor, type UiLanguage } from '../../../shared/money/format.ts';
import { interpolate } from '../../../shared/i18n/messages.ts';
import { printLabels, type PrintLabels } from '../../../shared/i18n/print-labels.ts';

export interface RenderContext {
  language: UiLanguage;
  country: string;
  currency: CurrencyCode;
  /** The institution's IANA zone: a receipt says the time of the hall, not of the computer it prints from. */
  timeZone: string;
}

// a memo of formatters by language and zone (the same for every till), not a till's state
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

type LabelKey = { [K in keyof PrintLabels]: PrintLabels[K] extends string ? K : never }[keyof PrintLabels];

export class Words {
  readonly locale: string;
  constructor(readonly ctx: RenderContext) {
    this.locale = localeFor(ctx.language, ctx.country);
  }

  t(key: LabelKey, values: Record<string, string | number> = {}): string {
    return interpolate(printLabels[this.ctx.language][key], Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])));
  }

  money(amountMinor: number): string {
    return formatMoney(amountMinor, this.ctx.currency, this.locale);
  }

  /** "24.11.2026 10:05" in the institution's zone. */
  dateTime(atMs: number): string {
    const key = `${this.locale}|${this.ctx.timeZone}`;
    let format = dateTimeFormats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(this.locale, { timeZone: this.ctx.timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
      dateTimeFormats.set(key, format);
    }
    return format.format(atMs);
  }

  /** "24.11.2026" in the institution's zone. */
  date(atMs: number): string {
    const key = `${this.locale}|${this.ctx.timeZone}|date`;
    let format = dateTimeFormats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(this.locale, { timeZone: this.ctx.timeZone, day: '2-digit', month: '2-digit', year: 'numeric' });
      dateTimeFormats.set(key, format);
    }
    return format.format(atMs);
  }

  /** A performance's local start ("2026-12-05T20:00") as "05.12.2026 20:00". */
  localDateTime(isoLocal: string): string {
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(isoLocal);
    if (!match) return isoLocal;
    const [, y, m, d, hh, mm] = match;
    return hh ? `${d}.${m}.${y} ${hh}:${mm}` : `${d}.${m}.${y}`;
  }

  /** 810 basis points → "8,1 %" (fr) or "8.1%" (en): integer arithmetic, no float. */
  rate(rateBp: number): string {
    const whole = Math.trunc(rateBp / 100);
    const fraction = String(rateBp % 100).padStart(2, '0').replace(/0+$/, '');
    const separator = this.ctx.language === 'fr' ? ',' : '.';
    const number = fraction ? `${whole}${separator}${fraction}` : String(whole);
    return this.ctx.language === 'fr' ? `${number} %` : `${number}%`;
  }
}
