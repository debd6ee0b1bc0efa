// Draws a report's pages: header block, table with its heading row on every page, totals, footers.
import type { FontPaths } from '../../kernel/fonts.ts';
import { cellPaddingPt, marginPt, type TableLayout } from './layout.ts';
import type { ReportTable } from './table.ts';
import { ellipsise, wrapText, type Measure } from './wrap.ts';

/** The cells as printed, formatted once (pdf.ts). */
export interface ReportTexts {
  headings: string[];
  rows: string[][];
  totals: string[] | undefined;
}

interface DrawContext {
  doc: PDFKit.PDFDocument;
  fonts: FontPaths;
  table: ReportTable;
  layout: TableLayout;
}

interface TextStyle {
  sizePt: number;
  isBold: boolean;
  color: string;
}

const lineHeightFactor = 1.25;
const cellPaddingYPt = 2.5;
const cellLinesMax = 3;
const footerHeightPt = 24;
const colors = { text: '#000000', muted: '#555555', headingFill: '#e6e6e6', zebraFill: '#f3f3f3', rule: '#555555' };

export function drawReport(ctx: DrawContext & { texts: ReportTexts }): void {
  const { texts } = ctx;
  let y = startPage(ctx, texts.headings, true);
  texts.rows.forEach((cells, i) => {
    y = drawRow(ctx, texts.headings, cells, y, { isBold: false, isZebra: i % 2 === 1, isTotals: false });
  });
  if (texts.totals) drawRow(ctx, texts.headings, texts.totals, y, { isBold: true, isZebra: false, isTotals: true });
}

/** A new page: the report's header (in full on the first page), then the heading row. */
function startPage(ctx: DrawContext, headings: string[], isFirst: boolean): number {
  const { doc, layout, table } = ctx;
  doc.addPage({ size: 'A4', layout: layout.orientation, margin: 0 });
  let y = marginPt;
  if (isFirst) {
    y = drawTitleBlock(ctx, y);
  } else {
    const running = `${table.institution.name} — ${table.title}`;
    y = drawParagraph(ctx, running, y, { sizePt: 7.5, isBold: false, color: colors.muted }, 1) + 6;
  }
  return drawHeadingRow(ctx, headings, y);
}

function drawTitleBlock(ctx: DrawContext, top: number): number {
  const { table } = ctx;
  const muted = { sizePt: 8.5, isBold: false, color: colors.muted };
  let y = drawParagraph(ctx, table.institution.name, top, { sizePt: 11, isBold: true, color: colors.text }, 2);
  for (const line of table.institution.addressLines) y = drawParagraph(ctx, line, y, muted, 1);
  y = drawParagraph(ctx, table.title, y + 12, { sizePt: 15, isBold: true, color: colors.text }, 3) + 2;
  for (const line of table.subtitleLines) y = drawParagraph(ctx, line, y, { sizePt: 9, isBold: false, color: colors.text }, 2);
  return y + 10;
}

/** Text across the page's width, wrapped to at most linesMax lines; returns the y below it. */
function drawParagraph(ctx: DrawContext, text: string, y: number, style: TextStyle, linesMax: number): number {
  const widthPt = contentWidth(ctx);
  const lines = wrapText(text, widthPt, measureAt(ctx, style), linesMax);
  lines.forEach((line, i) => drawText(ctx, line, marginPt, y + i * lineHeight(style.sizePt), style));
  return y + lines.length * lineHeight(style.sizePt);
}

function drawHeadingRow(ctx: DrawContext, headings: string[], y: number): number {
  const style = { sizePt: ctx.layout.fontSizePt, isBold: true, color: colors.text };
  const cells = headings.map((heading, i) => wrapText(heading, innerWidth(ctx, i), measureAt(ctx, style), cellLinesMax));
  const heightPt = rowHeight(cells, style.sizePt);
  ctx.doc.rect(marginPt, y, contentWidth(ctx), heightPt).fill(colors.headingFill);
  drawCells(ctx, cells, y, style);
  rule(ctx, y + heightPt, 0.75);
  return y + heightPt;
}

function drawRow(
  ctx: DrawContext,
  headings: string[],
  texts: string[],
  top: number,
  kind: { isBold: boolean; isZebra: boolean; isTotals: boolean },
): number {
  const style = { sizePt: ctx.layout.fontSizePt, isBold: kind.isBold, color: colors.text };
  const measure = measureAt(ctx, style);
  const cells = texts.map((text, i) =>
    ctx.table.columns[i]!.kind === 'text' ? wrapText(text, innerWidth(ctx, i), measure, cellLinesMax) : [text],
  );
  const heightPt = rowHeight(cells, style.sizePt);
  const y = top + heightPt > tableBottom(ctx) ? startPage(ctx, headings, false) : top;
  if (kind.isZebra) ctx.doc.rect(marginPt, y, contentWidth(ctx), heightPt).fill(colors.zebraFill);
  if (kind.isTotals) rule(ctx, y, 0.75);
  drawCells(ctx, cells, y, style);
  return y + heightPt;
}

/** Each column's lines inside its cell, left or right aligned within the padding. */
function drawCells(ctx: DrawContext, cells: string[][], y: number, style: TextStyle): void {
  const measure = measureAt(ctx, style);
  let x = marginPt;
  cells.forEach((lines, i) => {
    const widthPt = ctx.layout.widthsPt[i]!;
    const isRight = ctx.table.columns[i]!.align === 'right';
    lines.forEach((line, k) => {
      const lineX = isRight ? x + widthPt - cellPaddingPt - measure(line) : x + cellPaddingPt;
      drawText(ctx, line, lineX, y + cellPaddingYPt + k * lineHeight(style.sizePt), style);
    });
    x += widthPt;
  });
}

/** The generation date and "Page n / N" at the bottom of every page, once N is known. */
export function drawFooters(ctx: DrawContext): void {
  const { doc, layout } = ctx;
  const style = { sizePt: 8, isBold: false, color: colors.muted };
  const measure = measureAt(ctx, style);
  const { start, count } = doc.bufferedPageRange();
  const y = layout.pageHeightPt - marginPt - lineHeight(style.sizePt);
  for (let index = 0; index < count; index++) {
    doc.switchToPage(start + index);
    rule(ctx, y - 4, 0.5);
    const page = `Page ${index + 1} / ${count}`;
    const pageWidthPt = measure(page);
    drawText(ctx, ellipsise(ctx.table.generatedAt, contentWidth(ctx) - pageWidthPt - 12, measure), marginPt, y, style);
    drawText(ctx, page, marginPt + contentWidth(ctx) - pageWidthPt, y, style);
  }
}

function drawText(ctx: DrawContext, text: string, x: number, y: number, style: TextStyle): void {
  const { doc, fonts } = ctx;
  doc.font(style.isBold ? fonts.bold : fonts.regular).fontSize(style.sizePt).fillColor(style.color);
  doc.text(text, x, y, { lineBreak: false });
}

function rule(ctx: DrawContext, y: number, widthPt: number): void {
  const { doc } = ctx;
  doc.moveTo(marginPt, y).lineTo(marginPt + contentWidth(ctx), y).lineWidth(widthPt).strokeColor(colors.rule).stroke();
}

function measureAt(ctx: DrawContext, style: Pick<TextStyle, 'sizePt' | 'isBold'>): Measure {
  const { doc, fonts } = ctx;
  return (text) => doc.font(style.isBold ? fonts.bold : fonts.regular).fontSize(style.sizePt).widthOfString(text);
}

const lineHeight = (sizePt: number) => sizePt * lineHeightFactor;
const rowHeight = (cells: string[][], sizePt: number) => Math.max(1, ...cells.map((lines) => lines.length)) * lineHeight(sizePt) + 2 * cellPaddingYPt;
const contentWidth = (ctx: DrawContext) => ctx.layout.pageWidthPt - 2 * marginPt;
const innerWidth = (ctx: DrawContext, column: number) => ctx.layout.widthsPt[column]! - 2 * cellPaddingPt;
const tableBottom = (ctx: DrawContext) => ctx.layout.pageHeightPt - marginPt - footerHeightPt;
