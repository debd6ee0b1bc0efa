// A report as an A4 PDF (pdfkit, DejaVu Sans embedded): the document, its metadata and bytes.
import { assert } from '../../../shared/assert.ts';
import PDFDocument from 'pdfkit';
import { columnHeading, displayText } from './cells.ts';
import { drawFooters, drawReport, type ReportTexts } from './pdf-draw.ts';
import { resolveFontPaths, type FontPaths } from '../../kernel/fonts.ts';
import { chooseLayout, type ColumnMeasure } from './layout.ts';
import { assertReportTable, type ReportTable } from './table.ts';

export interface PdfOptions {
  /**
   * The PDF's creation date (from the caller's clock). pdfkit derives the file ID from it,
   * so the same table and date give the same bytes.
   */
  createdAtMs: number;
  /** Defaults to `process.env` (GUICHET_ASSETS_DIR, see fonts.ts). */
  env?: NodeJS.ProcessEnv;
}

export function toPdf(table: ReportTable, options: PdfOptions): Buffer {
  assertReportTable(table);
  const fonts = resolveFontPaths(options.env);
  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    margin: 0,
    font: fonts.regular, // never load the standard Helvetica (WinAnsi, see fonts.ts)
    lang: table.locale,
    displayTitle: true,
    info: {
      Title: table.title,
      Author: table.institution.name,
      Creator: 'Guichet',
      Producer: 'Guichet (PDFKit)',
      CreationDate: new Date(options.createdAtMs),
    },
  });
  const texts = reportTexts(table);
  const layout = chooseLayout(measureColumns(texts, table, emMeasure(doc, fonts)));
  drawReport({ doc, fonts, table, texts, layout });
  drawFooters({ doc, fonts, table, layout });
  doc.end();
  return drainBytes(doc);
}

/**
 * pdfkit writes the whole document into its readable buffer during end(); reading it
 * back here keeps the export synchronous, like every service method (no transaction or
 * request spans an await).
 */
function drainBytes(doc: PDFKit.PDFDocument): Buffer {
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  assert(bytes.subarray(-6).toString('latin1').includes('%%EOF'), 'the PDF was written whole');
  return bytes;
}

/** Every cell as the PDF prints it, formatted once. */
function reportTexts(table: ReportTable): ReportTexts {
  const rowTexts = (row: ReportTable['rows'][number]) => table.columns.map((column) => displayText(table, column, row[column.key]));
  return {
    headings: table.columns.map((column) => columnHeading(table, column)),
    rows: table.rows.map(rowTexts),
    totals: table.totals ? rowTexts(table.totals) : undefined,
  };
}

type EmMeasure = (text: string, isBold: boolean) => number;

/** Width of a text at 1 pt: widths scale with the size, so layout measures once. */
function emMeasure(doc: PDFKit.PDFDocument, fonts: FontPaths): EmMeasure {
  return (text, isBold) => doc.font(isBold ? fonts.bold : fonts.regular).fontSize(1).widthOfString(text);
}

function measureColumns(texts: ReportTexts, table: ReportTable, measure: EmMeasure): ColumnMeasure[] {
  const widestLine = (text: string, isBold: boolean) => Math.max(0, ...text.split(/\r\n|\r|\n/).map((line) => measure(line, isBold)));
  return table.columns.map((column, i) => {
    let valuesEm = texts.totals ? widestLine(texts.totals[i]!, true) : 0;
    for (const row of texts.rows) valuesEm = Math.max(valuesEm, widestLine(row[i]!, false));
    const heading = texts.headings[i]!;
    const headingWordEm = Math.max(0, ...heading.split(' ').map((word) => measure(word, true)));
    return { kind: column.kind, valuesEm, headingEm: measure(heading, true), headingWordEm };
  });
}
