// The only place an amount becomes text. Intl formats the decimal string exactly.
import { dinero, toDecimal } from 'dinero.js';
import { dineroCurrencies, type CurrencyCode } from './currency.ts';

export type UiLanguage = 'fr' | 'en';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: string, currency: CurrencyCode): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The locale for a UI language in the institution's country ("fr" + "CH" → "fr-CH"). */
export function localeFor(language: UiLanguage, country: string): string {
  return `${language}-${country}`;
}

/** The exact decimal text of an amount ("1234.50"), for CSV and machine-readable output. */
export function toDecimalString(amountMinor: number, currency: CurrencyCode): string {
  return toDecimal(dinero({ amount: amountMinor, currency: dineroCurrencies[currency] }));
}

/** "1 234.50 CHF" (fr-CH) or "CHF 1'234.50" (en-CH). */
export function formatMoney(
  amountMinor: number,
  currency: CurrencyCode,
  locale: string,
  options: { withSymbol?: boolean } = {},
): string {
  const decimal = toDecimalString(amountMinor, currency) as Intl.StringNumericLiteral;
  const formatter = formatterFor(locale, currency);
  if (options.withSymbol ?? true) return formatter.format(decimal);
  // the same digits and separators as with the symbol (fr-CH's decimal style would use a
  // comma where its currency style uses a point), without the symbol and its spacing
  return formatter
    .formatToParts(decimal)
    .filter((part, i, parts) => part.type !== 'currency' && !(part.type === 'literal' && (parts[i - 1]?.type === 'currency' || parts[i + 1]?.type === 'currency')))
    .map((part) => part.value)
    .join('');
}

/**
 * French formatting uses U+202F (narrow no-break space) and U+00A0, which receipt
 * printers and standard PDF fonts garble; printed text gets plain spaces.
 */
export function normaliseSpaces(text: string): string {
  return text.replace(/[\u00A0\u202F\u2007\u2009]/g, ' ');
}
