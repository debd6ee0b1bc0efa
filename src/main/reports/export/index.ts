// The report exporters' public face: the table model, CSV and PDF.
export type { ColumnAlign, ColumnKind, ReportCell, ReportColumn, ReportRow, ReportTable } from './table.ts';
export { assertReportTable } from './table.ts';
export { toCsv } from './csv.ts';
export { toPdf, type PdfOptions } from './pdf.ts';
