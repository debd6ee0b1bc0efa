// A report as CSV for French Excel: UTF-8 with BOM, ";" separator, CRLF, a header row.
//
// No totals row: a CSV is data for a spreadsheet, which sums, sorts and filters it; a
// totals line would be counted twice by SUM() and sorted into the middle of the rows.
// The totals stay on screen and in the PDF. Money is the exact decimal text
// ("1234.50", "-0.05") in the currency named by its column's header ("Montant (CHF)").
// A text cell that Excel would run as a formula (a contact named "=HYPERLINK(…)") gets a
// leading apostrophe, as OWASP advises for CSV injection; numbers are never touched.
import { columnHeading, csvText } from './cells.ts';
import { assertReportTable, type ReportTable } from './table.ts';

const bom = '\uFEFF';
const separator = ';';
const lineEnd = '\r\n';

export function toCsv(table: ReportTable): Buffer {
  assertReportTable(table);
  const lines = [table.columns.map((column) => columnHeading(table, column))];
  for (const row of table.rows) {
    lines.push(table.columns.map((column) => {
      const text = csvText(table, column, row[column.key]);
      return column.kind === 'text' ? neutraliseFormula(text) : text;
    }));
  }
  const text = lines.map((fields) => fields.map(quoteField).join(separator)).join(lineEnd) + lineEnd;
  return Buffer.from(bom + text, 'utf8');
}

/** RFC 4180 quoting, with ";" as the separator: quote when needed, double the quotes. */
export function quoteField(field: string): string {
  if (!/[;"\r\n]/.test(field) && field.trim() === field) return field;
  return `"${field.replaceAll('"', '""')}"`;
}

const formulaStart = /^[=+\-@\t\r]/;

/** "=1+1" → "'=1+1": shown as typed by Excel instead of computed. */
export function neutraliseFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}
