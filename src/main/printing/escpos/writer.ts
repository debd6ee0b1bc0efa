// Writes a document's ESC/POS bytes for a printer profile, over
// @point-of-sale/receipt-printer-encoder (ADR 0006): one fixed code page sent once,
// text made printable first, rules drawn in ASCII so that no second code page creeps in.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import iconv from 'iconv-lite';
import { assert } from '../../../shared/assert.ts';
import { code128Digits, drawerPulse, ESC, GS, LF } from './commands.ts';
import { codePageInfo, printableText } from './code-pages.ts';
import type { PrintProfile } from './profile.ts';

export type Align = 'left' | 'center' | 'right';
export type RowOptions = { align?: Align; bold?: boolean; tall?: boolean; wide?: boolean };

export class DocumentWriter {
  readonly columns: number;
  private readonly encoder: ReceiptPrinterEncoder;
  /** The bytes up to each cut so far (see cut()). */
  private readonly cutSections: Uint8Array[] = [];

  constructor(readonly profile: PrintProfile) {
    this.columns = profile.columns;
    this.encoder = new ReceiptPrinterEncoder({
      language: 'esc-pos',
      columns: profile.columns,
      newline: '\n',
      imageMode: 'raster',
      feedBeforeCut: 4,
    });
    this.encoder.initialize().raw(Uint8Array.of(ESC, 0x74, profile.codePageNumber));
  }

  /** The text as this printer's code page can print it. */
  printable(text: string): string {
    return printableText(text, this.profile.codePage);
  }

  /**
   * One line; where it is longer than the paper it wraps at its spaces onto more rows (each
   * aligned, indented like the first), so that no word is lost. Text goes out as the code
   * page's bytes: the encoder's own tables map ¶ and § to 0x14 and 0x15 (DOS glyphs), which
   * a printer reads as control codes — the strict virtual printer caught it (ADR 0006).
   */
  line(text: string, options: RowOptions = {}): this {
    const room = Math.floor(this.columns / (options.wide ? 2 : 1));
    const whole = this.printable(text);
    const rows = whole.length <= room ? [whole] : wrapLabel(text, room, null, (t) => this.printable(t)).rows;
    for (const row of rows) this.row(row, options);
    return this;
  }

  /** One printed row that fits the paper: padding for its alignment, its styles, LF. */
  private row(row: string, options: RowOptions): void {
    const e = this.encoder;
    const width = options.wide ? 2 : 1;
    const free = this.columns - row.length * width;
    const pad = options.align === 'center' ? Math.floor(free / 2) : options.align === 'right' ? free : 0;
    if (pad > 0) e.raw(this.encode(' '.repeat(pad)));
    if (options.bold) e.bold(true);
    if (options.tall || options.wide) e.size(width, options.tall ? 2 : 1);
    e.raw(this.encode(row));
    if (options.tall || options.wide) e.size(1, 1);
    if (options.bold) e.bold(false);
    e.raw(Uint8Array.of(LF));
  }

  private encode(text: string): Uint8Array {
    return iconv.encode(text, codePageInfo[this.profile.codePage].iconvName);
  }

  /**
   * A label on the left and an amount on the right. Neither is ever cut: a label too long
   * wraps at its spaces (continuation rows indented like it) and the amount ends its last
   * row; where that row has no room left, the amount gets a row of its own.
   */
  pair(left: string, right: string, options: { bold?: boolean } = {}): this {
    const r = this.printable(right);
    const printable = (t: string) => this.printable(t);
    if (r.length >= this.columns) {
      for (const row of wrapLabel(left, this.columns, null, printable).rows) this.row(row, options);
      for (const row of wrapWords(right, this.columns, printable)) this.row(row, { ...options, align: 'right' });
      return this;
    }
    const { rows, isLastFree } = wrapLabel(left, this.columns, this.columns - r.length - 1, printable);
    if (isLastFree) rows.push(withRight(rows.pop()!, r, this.columns));
    else rows.push(withRight('', r, this.columns));
    for (const row of rows) this.row(row, options);
    return this;
  }

  /** Wrapped at word boundaries, for free text (addresses, footers, reasons). */
  paragraph(text: string, align: Align = 'left'): this {
    for (const row of wrapWords(text, this.columns, (t) => this.printable(t))) this.row(row, { align });
    return this;
  }

  rule(char: '-' | '=' = '-'): this {
    return this.line(char.repeat(this.columns));
  }

  blank(lines = 1): this {
    this.encoder.raw(new Uint8Array(lines).fill(LF));
    return this;
  }

  /** A ticket's access-control value as a QR code or a code 128, centred. */
  ticketCode(value: string): this {
    const e = this.encoder;
    e.align('center');
    if (this.profile.ticketCode === 'qr') e.qrcode(value, { model: 2, size: this.profile.widthMm === 58 ? 5 : 6, errorlevel: 'm' });
    else e.raw(code128Digits(value.length % 2 === 0 ? value : `0${value}`));
    e.newline();
    e.align('left');
    return this;
  }

  /** A 1-bit raster (row-major, true = black) printed with GS v 0. */
  raster(width: number, height: number, isBlack: (x: number, y: number) => boolean): this {
    const data = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const v = isBlack(x, y) ? 0 : 255;
        data[i] = v;
        data[i + 1] = v;
        data[i + 2] = v;
        data[i + 3] = 255;
      }
    }
    this.encoder.image({ width, height, data, colorSpace: 'srgb' } as ImageData, width, height, 'threshold');
    return this;
  }

  /** Bytes the writer does not make itself (a code 128 in code set C). */
  raw(bytes: Uint8Array): this {
    this.encoder.raw(bytes);
    return this;
  }

  pulse(pin: 2 | 5): this {
    this.encoder.raw(drawerPulse(pin));
    return this;
  }

  /**
   * Feeds the last row past the blade and cuts. The encoder ends every line with LF, the
   * cut's line too: that LF would feed the next ticket's top blank, so the bytes so far are
   * taken here without it.
   */
  cut(): this {
    this.encoder.cut('partial');
    const bytes = this.encoder.encode();
    assert(bytes.length >= 4 && bytes.at(-4) === GS && bytes.at(-3) === 0x56 && bytes.at(-1) === LF, 'the encoder ends a cut with GS V n LF');
    this.cutSections.push(bytes.subarray(0, -1));
    return this;
  }

  bytes(): Uint8Array {
    return Buffer.concat([...this.cutSections, this.encoder.encode()]);
  }
}

/**
 * Holds a phrase together where a row wraps ("1 234.50 CHF", "8,1 %"): its spaces become
 * no-break spaces, which a wrap never breaks at and the printer prints as spaces.
 */
export function unbreakable(text: string): string {
  return text.replace(/ /g, '\u00a0');
}

/** Where a row may break: ASCII spaces only, so that a no-break space holds its phrase. */
const breakableSpace = /[ \t\r\n]+/;

/** The words of a text as printed (a word's printed length is what counts). */
function printedWords(text: string, printable: (text: string) => string): string[] {
  return text.split(breakableSpace).filter(Boolean).map(printable);
}

/** Words into rows of at most `columns` characters; only a word longer than a row is split. */
function wrapRows(words: readonly string[], columns: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let length = 0;
  for (const word of words) {
    let w = word;
    while (w.length > columns) {
      if (row.length > 0) rows.push(row);
      rows.push([w.slice(0, columns)]);
      w = w.slice(columns);
      [row, length] = [[], 0];
    }
    if (w.length === 0) continue;
    if (row.length > 0 && length + 1 + w.length > columns) {
      rows.push(row);
      [row, length] = [[], 0];
    }
    length += (row.length > 0 ? 1 : 0) + w.length;
    row.push(w);
  }
  if (row.length > 0 || rows.length === 0) rows.push(row);
  return rows;
}

/** Splits text into rows of at most `columns` characters at its breakable spaces. */
export function wrapWords(text: string, columns: number, printable: (text: string) => string = (t) => t): string[] {
  return wrapRows(printedWords(text, printable), columns).map((row) => row.join(' '));
}

/**
 * A label's rows, each keeping its leading indentation ("  Rendu"). With `lastRoom`, a
 * label that wraps anyway has its last row wrapped again to leave that much room for an
 * amount (unless a word is longer than the room); isLastFree says whether the last row has
 * it. A label that fits one row is never broken for the amount: the amount goes below.
 */
function wrapLabel(text: string, columns: number, lastRoom: number | null, printable: (text: string) => string): { rows: string[]; isLastFree: boolean } {
  const indent = /^ */.exec(text)![0].slice(0, Math.max(columns - 1, 0));
  const words = printedWords(text, printable);
  const rows = wrapRows(words, columns - indent.length);
  let isLastFree = false;
  if (lastRoom !== null) {
    const room = lastRoom - indent.length;
    const last = rows.at(-1)!;
    if (last.join(' ').length <= room) isLastFree = true;
    else if (rows.length > 1 && room > 0 && last.every((w) => w.length <= room)) {
      rows.splice(-1, 1, ...wrapRows(last, room));
      isLastFree = true;
    }
  }
  return { rows: rows.map((row) => indent + row.join(' ')), isLastFree };
}

/** A row with `right` flush against the paper's right edge (the caller made room for it). */
function withRight(left: string, right: string, columns: number): string {
  return left + ' '.repeat(Math.max(columns - left.length - right.length, 0)) + right;
}
