// Turns a refusal code and its details into a sentence in the user's language.
import type { ErrorCode } from '../api/errors.ts';
import type { CurrencyCode } from '../money/currency.ts';
import { formatMoney, localeFor, type UiLanguage } from '../money/format.ts';
import { errorsEn, errorsEnOne } from './errors-en.ts';
import { errorsFr, errorsFrOne } from './errors-fr.ts';

export const errorCatalogues: Record<UiLanguage, Record<ErrorCode, string>> = { fr: errorsFr, en: errorsEn };

export interface MessageContext {
  language: UiLanguage;
  currency: CurrencyCode;
  country: string;
  /**
   * The institution's IANA zone, in which a time of day is said (never the host's). The
   * ledger server's refusals carry no time of day and give none: UTC then.
   */
  timeZone?: string;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "23:05" in the zone. */
function timeOfDay(atMs: number, locale: string, timeZone: string): string {
  const key = `${locale}|${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
    timeFormats.set(key, format);
  }
  return format.format(atMs);
}

/**
 * Detail keys ending in `Minor` are amounts and appear in the sentence formatted
 * without the suffix (`availableMinor` → `{{available}}`); `…AtMs` and `…UntilMs`
 * are instants shown as a time of day in the institution's zone.
 */
export function detailValues(details: Record<string, unknown> | undefined, ctx: MessageContext): Record<string, string> {
  const values: Record<string, string> = {};
  const locale = localeFor(ctx.language, ctx.country);
  for (const [key, value] of Object.entries(details ?? {})) {
    if (key.endsWith('Minor') && typeof value === 'number') {
      values[key.slice(0, -'Minor'.length)] = formatMoney(value, ctx.currency, locale);
    } else if (key.endsWith('Ms') && typeof value === 'number') {
      values[key.replace(/(At|Until)?Ms$/, '') || key] = timeOfDay(value, locale, ctx.timeZone ?? 'UTC');
    } else if (Array.isArray(value)) {
      values[key] = value.join(', ');
    } else {
      values[key] = String(value);
    }
  }
  return values;
}

export function interpolate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => values[name] ?? '…');
}

/** The singular of the sentences whose noun agrees with a number (the catalogue holds the plural). */
const errorSingulars: Record<UiLanguage, Partial<Record<ErrorCode, string>>> = { fr: errorsFrOne, en: errorsEnOne };

/** Which detail counts the noun of a sentence that has a singular ("il reste 1 place", "12 places"). */
const errorPlurals: Partial<Record<ErrorCode, string>> = { capacity_exceeded: 'remaining' };

/** The sentence for the number its noun follows: the singular where the language's plural rules say "one". */
function errorTemplate(code: ErrorCode, details: Record<string, unknown> | undefined, ctx: MessageContext): string {
  const count = details?.[errorPlurals[code] ?? ''];
  const singular = errorSingulars[ctx.language][code];
  const isOne = typeof count === 'number' && new Intl.PluralRules(localeFor(ctx.language, ctx.country)).select(count) === 'one';
  return isOne && singular !== undefined ? singular : errorCatalogues[ctx.language][code];
}

export function errorMessage(code: ErrorCode, details: Record<string, unknown> | undefined, ctx: MessageContext): string {
  return interpolate(errorTemplate(code, details, ctx), detailValues(details, ctx));
}
