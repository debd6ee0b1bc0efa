// How a report cell becomes text: for people (PDF, in the table's locale) and for machines (CSV).
import { assertNever } from '../../../shared/assert.ts';
import { formatMoney, toDecimalString } from '../../../shared/money/format.ts';
import type { ReportCell, ReportColumn, ReportTable } from './table.ts';

type CellContext = Pick<ReportTable, 'currency' | 'locale' | 'timeZone'>;

/** The column's header; a money column names its currency once, so its cells need not. */
export function columnHeading(table: Pick<ReportTable, 'currency'>, column: ReportColumn): string {
  if (column.kind !== 'money' || column.label.includes(table.currency)) return column.label;
  return `${column.label} (${table.currency})`;
}

/** "1 234.50" (fr-CH, U+202F kept), "24.11.2026 09:05", "1 234": what the PDF prints. */
export function displayText(table: CellContext, column: ReportColumn, value: ReportCell | undefined): string {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'text':
      return String(value);
    case 'money':
      return formatMoney(value as number, table.currency, table.locale, { withSymbol: false });
    case 'integer':
      return cached(`int|${table.locale}`, () => new Intl.NumberFormat(table.locale, { maximumFractionDigits: 0 })).format(value as number);
    case 'date':
      return displayDateFormat(table.locale, table.timeZone).format(value as number);
    default:
      return assertNever(column.kind, 'column kind');
  }
}

/** "1234.50", "-0.05", "2026-11-24 09:05", "42": exact, locale-free text for a spreadsheet. */
export function csvText(table: CellContext, column: ReportColumn, value: ReportCell | undefined): string {
  if (value === null || value === undefined) return '';
  switch (column.kind) {
    case 'text':
      return String(value);
    case 'money':
      return toDecimalString(value as number, table.currency);
    case 'integer':
      return String(value);
    case 'date':
      return isoLocalMinute(value as number, table.timeZone);
    default:
      return assertNever(column.kind, 'column kind');
  }
}

function displayDateFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  return cached(`date|${locale}|${timeZone}`, () =>
    new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone }),
  );
}

/** YYYY-MM-DD HH:MM in the zone (h23: midnight is 00, never 24). */
function isoLocalMinute(ms: number, timeZone: string): string {
  const format = cached(`iso|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US', {
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
      hourCycle: 'h23', numberingSystem: 'latn', timeZone,
    }),
  );
  const parts = Object.fromEntries(format.formatToParts(ms).map((part) => [part.type, part.value]));
  return `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter as T;
}
