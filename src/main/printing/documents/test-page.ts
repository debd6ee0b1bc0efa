// The technician's test page: the fixed code page's upper half as a table, accents and €,
// a code 128, a QR code, a raster gradient that shows dead dots on the head, and the cut.
import iconv from 'iconv-lite';
import { codePageInfo } from '../escpos/code-pages.ts';
import { code128Digits } from '../escpos/commands.ts';
import { DocumentWriter } from '../escpos/writer.ts';
import type { PrintProfile } from '../escpos/profile.ts';
import { Words, type RenderContext } from './render-context.ts';

export const testAccents = 'àâäçéèêëîïôöùûüÿ ÀÉÈÇ œ æ ß ñ € 1 234,50 CHF';
export const testBarcode = '1234567890123456';

export function renderTestPage(printerName: string, profile: PrintProfile, ctx: RenderContext, atMs: number): Uint8Array {
  const w = new DocumentWriter(profile);
  const words = new Words(ctx);
  w.line(words.t('testTitle'), { align: 'center', bold: true, tall: true });
  w.line(printerName, { align: 'center' });
  w.line(words.dateTime(atMs), { align: 'center' });
  w.line(`${profile.widthMm} mm, ${profile.columns} col.`, { align: 'center' });
  w.rule();
  w.line(words.t('testCodePage', { codePage: profile.codePage, number: profile.codePageNumber }), { bold: true });
  for (const row of codePageRows(profile)) w.line(row);
  w.rule();
  w.line(words.t('testAccents'), { bold: true });
  w.paragraph(testAccents);
  w.line('Bold', { bold: true }).line('Tall', { tall: true }).line('Wide', { wide: true });
  w.rule();
  w.line(words.t('testBarcode'), { bold: true });
  w.raw(code128Digits(testBarcode));
  w.blank();
  w.line(words.t('testQr'), { bold: true });
  w.ticketCode(testBarcode);
  w.line(words.t('testRaster'), { bold: true });
  const width = profile.columns * 12;
  w.raster(width, 48, (x, y) => ditherGradient(x, y, width));
  w.blank();
  w.line(words.t('testEnd'));
  w.cut();
  return w.bytes();
}

/** "8x: ÇüéâäàåçêëèïîìÄÅ" — 16 characters of the upper half per row, as the page maps them. */
function codePageRows(profile: PrintProfile): string[] {
  const name = codePageInfo[profile.codePage].iconvName;
  const perRow = profile.columns >= 40 ? 16 : 8;
  const rows: string[] = [];
  for (let start = 0x80; start < 0x100; start += perRow) {
    const bytes = Buffer.from(Array.from({ length: perRow }, (_, i) => start + i));
    const chars = [...iconv.decode(bytes, name)].map((c) => (c.codePointAt(0)! < 0xa0 && c.codePointAt(0)! >= 0x80 ? '.' : c));
    rows.push(`${start.toString(16).toUpperCase()}: ${chars.join(perRow === 16 ? ' ' : '  ').slice(0, profile.columns - 4)}`);
  }
  return rows;
}

/** An ordered 4 × 4 dither of a left-to-right gradient: every dot of the head gets used. */
function ditherGradient(x: number, y: number, width: number): boolean {
  const bayer = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];
  const level = Math.floor((x * 16) / width);
  return level > bayer[(y % 4) * 4 + (x % 4)]!;
}
