// Writes a document's ESC/POS bytes for a printer profile, over
// @point-of-sale/receipt-printer-encoder (ADR 0006): one fixed code page sent once,
// text made printable first, rules drawn in ASCII so that no second code page creeps in.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import iconv from 'iconv-lite';
import { code128Digits, drawerPulse, ESC, LF } from './commands.ts';
import { codePageInfo, printableText } from './code-pages.ts';
import type { PrintProfile } from './profile.ts';

export type Align = 'left' | 'center' | 'right';

export class DocumentWriter {
  readonly columns: number;
  private readonly encoder: ReceiptPrinterEncoder;

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
   * One line, wrapped where the paper ends. Text goes out as the code page's bytes: the
   * encoder's own tables map ¶ and § to 0x14 and 0x15 (DOS glyphs), which a printer reads
   * as control codes — the strict virtual printer caught it (ADR 0006).
   */
  line(text: string, options: { align?: Align; bold?: boolean; tall?: boolean; wide?: boolean } = {}): this {
    const e = this.encoder;
    const width = options.wide ? 2 : 1;
    const room = Math.floor(this.columns / width);
    const printable = this.printable(text);
    const rows = printable.length === 0 ? [''] : (printable.match(new RegExp(`.{1,${room}}`, 'gu')) ?? ['']);
    for (const row of rows) {
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
    return this;
  }

  private encode(text: string): Uint8Array {
    return iconv.encode(text, codePageInfo[this.profile.codePage].iconvName);
  }

  /** A label on the left and an amount on the right; the label is cut to make room. */
  pair(left: string, right: string, options: { bold?: boolean } = {}): this {
    const r = this.printable(right);
    const room = Math.max(this.columns - r.length - 1, 1);
    let l = this.printable(left);
    if (l.length > room) l = l.slice(0, room - 1) + '.';
    return this.line(l + ' '.repeat(this.columns - l.length - r.length) + r, options);
  }

  /** Wrapped at word boundaries, for free text (addresses, footers, reasons). */
  paragraph(text: string, align: Align = 'left'): this {
    for (const row of wrapWords(this.printable(text), this.columns)) this.line(row, { align });
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

  cut(): this {
    this.encoder.cut('partial');
    return this;
  }

  bytes(): Uint8Array {
    return this.encoder.encode();
  }
}

/** Splits text into rows of at most `columns` characters, breaking at spaces where it can. */
export function wrapWords(text: string, columns: number): string[] {
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > columns) {
      if (row) rows.push(row);
      rows.push(w.slice(0, columns));
      w = w.slice(columns);
      row = '';
    }
    if (!row) row = w;
    else if (row.length + 1 + w.length <= columns) row += ` ${w}`;
    else {
      rows.push(row);
      row = w;
    }
  }
  if (row) rows.push(row);
  return rows;
}
