// Lays the decoded operations out as a printer would: characters in rows of the paper's
// columns (wrapping where the paper ends), images, barcodes and QR codes as pixel blocks,
// cuts and drawer pulses where they happen.
import { assertNever } from '../../../shared/assert.ts';
import bwipjs from 'bwip-js/node';
import type { Op } from './decoder.ts';

export type Align = 'left' | 'center' | 'right';

export interface Cell {
  char: string;
  isBold: boolean;
  isUnderlined: boolean;
  isInverted: boolean;
  width: number;
  height: number;
}

export type Block =
  | { type: 'text'; cells: Cell[]; align: Align }
  | { type: 'image'; kind: 'raster' | 'barcode' | 'qr'; widthDots: number; heightDots: number; isBlack: (x: number, y: number) => boolean; align: Align; data: string; caption: string | null }
  | { type: 'cut' }
  | { type: 'pulse'; pin: 2 | 5; onMs: number };

interface Style {
  isBold: boolean;
  isUnderlined: boolean;
  isInverted: boolean;
  width: number;
  height: number;
  align: Align;
}

const initialStyle = (): Style => ({ isBold: false, isUnderlined: false, isInverted: false, width: 1, height: 1, align: 'left' });

export function layout(ops: readonly Op[], columns: number): Block[] {
  const blocks: Block[] = [];
  let style = initialStyle();
  let row: Cell[] = [];
  let used = 0;
  let hasRow = false;
  const flush = (force: boolean) => {
    if (row.length > 0 || force || hasRow) blocks.push({ type: 'text', cells: row, align: style.align });
    row = [];
    used = 0;
    hasRow = false;
  };
  for (const op of ops) {
    switch (op.op) {
      case 'init':
        style = initialStyle();
        break;
      case 'text':
        for (const char of op.text) {
          if (used + style.width > columns) flush(false);
          row.push({ char, isBold: style.isBold, isUnderlined: style.isUnderlined, isInverted: style.isInverted, width: style.width, height: style.height });
          used += style.width;
          hasRow = true;
        }
        break;
      case 'newline':
        flush(true);
        break;
      case 'feed':
        flush(false);
        for (let i = 0; i < op.lines; i++) blocks.push({ type: 'text', cells: [], align: 'left' });
        break;
      case 'bold': style.isBold = op.on; break;
      case 'underline': style.isUnderlined = op.dots > 0; break;
      case 'invert': style.isInverted = op.on; break;
      case 'size': style.width = op.width; style.height = op.height; break;
      case 'align': style.align = op.value; break;
      case 'barcode':
      case 'qr':
      case 'raster':
        if (row.length > 0) flush(false);
        blocks.push(imageBlock(op, style.align));
        break;
      case 'cut':
        if (row.length > 0) flush(false);
        blocks.push({ type: 'cut' });
        break;
      case 'pulse':
        blocks.push({ type: 'pulse', pin: op.pin, onMs: op.onMs });
        break;
      case 'font':
      case 'kanji_off':
      case 'code_page':
      case 'status_query':
      case 'asb':
        break;
      default:
        assertNever(op);
    }
  }
  if (row.length > 0) flush(false);
  return blocks;
}

function imageBlock(op: Extract<Op, { op: 'barcode' | 'qr' | 'raster' }>, align: Align): Block {
  if (op.op === 'raster') {
    const bytesPerRow = op.widthDots / 8;
    return {
      type: 'image', kind: 'raster', widthDots: op.widthDots, heightDots: op.heightDots, align, data: '', caption: null,
      isBlack: (x, y) => ((op.bits[y * bytesPerRow + (x >> 3)]! >> (7 - (x & 7))) & 1) === 1,
    };
  }
  if (op.op === 'qr') {
    const [symbol] = bwipjs.raw({ bcid: 'qrcode', text: op.data, eclevel: op.errorLevel } as bwipjs.RawOptions) as unknown as { pixs: number[]; pixx: number; pixy: number }[];
    const m = op.moduleDots;
    const quiet = 4 * m;
    const side = symbol!.pixx * m + 2 * quiet;
    return {
      type: 'image', kind: 'qr', widthDots: side, heightDots: side, align, data: op.data, caption: null,
      isBlack: (x, y) => {
        const [mx, my] = [Math.floor((x - quiet) / m), Math.floor((y - quiet) / m)];
        return mx >= 0 && my >= 0 && mx < symbol!.pixx && my < symbol!.pixy && symbol!.pixs[my * symbol!.pixx + mx] === 1;
      },
    };
  }
  const [symbol] = bwipjs.raw({ bcid: 'code128', text: op.data }) as unknown as { sbs: number[] }[];
  const modules: boolean[] = [];
  symbol!.sbs.forEach((w, i) => {
    for (let k = 0; k < w; k++) modules.push(i % 2 === 0);
  });
  const quiet = 10 * op.moduleDots;
  return {
    type: 'image', kind: 'barcode', widthDots: modules.length * op.moduleDots + 2 * quiet, heightDots: op.heightDots, align, data: op.data,
    caption: op.isTextBelow ? op.data : null,
    isBlack: (x) => modules[Math.floor((x - quiet) / op.moduleDots)] === true,
  };
}
