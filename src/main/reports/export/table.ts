// The report document model that the CSV and PDF exporters read, and its shape checks.
import { assert, assertNever } from '../../../shared/assert.ts';
import type { CurrencyCode } from '../../../shared/money/currency.ts';

export type ColumnAlign = 'left' | 'right';

/**
 * How a cell's value is read: `money` is integer minor units of the table's currency,
 * `date` is ms since the epoch, `integer` a count; `text` is shown as given.
 */
export type ColumnKind = 'text' | 'money' | 'date' | 'integer';

export interface ReportColumn {
  key: string;
  label: string;
  align: ColumnAlign;
  kind: ColumnKind;
}

export type ReportCell = string | number | null;
export type ReportRow = Readonly<Record<string, ReportCell>>;

export interface ReportTable {
  title: string;
  /** Institution, period, filters…: one line each, under the title. */
  subtitleLines: readonly string[];
  /** Already formatted by the caller ("Édité le 24.11.2026 à 10:15"); printed as given. */
  generatedAt: string;
  columns: readonly ReportColumn[];
  rows: readonly ReportRow[];
  /** Printed in bold under the rows of the PDF; not written to the CSV (see csv.ts). */
  totals?: ReportRow;
  currency: CurrencyCode;
  /** BCP 47 locale for the PDF's numbers and dates ("fr-CH"). */
  locale: string;
  /** The institution's IANA zone, for date cells: the hall's clock, never the machine's. */
  timeZone: string;
  institution: { name: string; addressLines: readonly string[] };
  /** File name without extension ("bordereau-avoir-2026-11-24"). */
  fileStem: string;
}

const fileStemPattern = /^[a-z0-9][a-z0-9._-]*$/i;

/** Throws on a table no report should build: a bug in the report, never user input. */
export function assertReportTable(table: ReportTable): void {
  assert(table.columns.length > 0, 'a report has at least one column');
  assert(fileStemPattern.test(table.fileStem), `file stem is not a safe file name: ${table.fileStem}`);
  const keys = new Set(table.columns.map((column) => column.key));
  assert(keys.size === table.columns.length, 'column keys are unique');
  const all = table.totals ? [...table.rows, table.totals] : table.rows;
  all.forEach((row, index) => {
    for (const column of table.columns) assertCell(column, row[column.key], index);
  });
}

function assertCell(column: ReportColumn, value: ReportCell | undefined, rowIndex: number): void {
  const where = `row ${rowIndex}, column ${column.key}`;
  if (value === null || value === undefined) return;
  switch (column.kind) {
    case 'text':
      return;
    case 'money':
    case 'integer':
      // minor units and counts are integers; a float here is a bug upstream
      assert(typeof value === 'number' && Number.isSafeInteger(value), `${where}: ${column.kind} must be a safe integer, got ${String(value)}`);
      return;
    case 'date':
      assert(typeof value === 'number' && Number.isFinite(value), `${where}: date must be ms since the epoch, got ${String(value)}`);
      return;
    default:
      assertNever(column.kind, 'column kind');
  }
}

