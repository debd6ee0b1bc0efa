// The virtual printer's picture: the paper as a PNG at the printer's 203 dpi, characters
// from a 10 × 20 bitmap font in 12 × 24 cells (font A), bold, double size, underline and
// reverse as the printer does them, images, barcodes and QR codes dot for dot.
import { PNG } from 'pngjs';
import { glyphData, glyphHeight, glyphWidth } from './font-data.ts';
import type { Block, Cell } from './layout.ts';

const cellW = 12;
const cellH = 24;
/** Default line spacing: 30 dots (about 1/6 inch at 180-203 dpi). */
const lineH = 30;
const margin = 16;

// a memo of constant data (the font, parsed on first use), not a till's state
let glyphs: Map<number, Uint16Array> | null = null;

function glyphOf(char: string): Uint16Array | undefined {
  if (!glyphs) {
    glyphs = new Map();
    const bytes = Buffer.from(glyphData, 'base64');
    const size = 2 + glyphHeight * 2;
    for (let at = 0; at + size <= bytes.length; at += size) {
      const rows = new Uint16Array(glyphHeight);
      for (let y = 0; y < glyphHeight; y++) rows[y] = bytes.readUInt16LE(at + 2 + y * 2);
      glyphs.set(bytes.readUInt16LE(at), rows);
    }
  }
  return glyphs.get(char.codePointAt(0)!) ?? glyphs.get(0x3f);
}

class Canvas {
  readonly pixels: Uint8Array;
  constructor(readonly width: number, readonly height: number) {
    this.pixels = new Uint8Array(width * height);
  }
  set(x: number, y: number, isBlack: boolean): void {
    if (x >= 0 && y >= 0 && x < this.width && y < this.height) this.pixels[y * this.width + x] = isBlack ? 1 : 0;
  }
}

function blockHeight(b: Block): number {
  if (b.type === 'text') return Math.max(1, ...b.cells.map((c) => c.height)) * (lineH - cellH) + Math.max(1, ...b.cells.map((c) => c.height)) * cellH;
  if (b.type === 'image') return b.heightDots + (b.caption ? lineH : 0) + 6;
  if (b.type === 'cut') return 24;
  return 0;
}

function left(align: 'left' | 'center' | 'right', width: number, paper: number): number {
  return margin + (align === 'center' ? Math.floor((paper - width) / 2) : align === 'right' ? paper - width : 0);
}

function drawCell(canvas: Canvas, cell: Cell, x0: number, baseline: number): void {
  const glyph = glyphOf(cell.char);
  const [w, h] = [cellW * cell.width, cellH * cell.height];
  const top = baseline - h;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const gx = Math.floor(x / cell.width) - 1;
      const gy = Math.floor(y / cell.height) - 2;
      let on = false;
      if (glyph && gx >= 0 && gy >= 0 && gx < glyphWidth && gy < glyphHeight) {
        const row = glyph[gy]!;
        on = ((row >> (glyphWidth - 1 - gx)) & 1) === 1 || (cell.isBold && gx > 0 && ((row >> (glyphWidth - gx)) & 1) === 1);
      }
      if (cell.isUnderlined && y >= h - 2 * cell.height) on = true;
      canvas.set(x0 + x, top + y, cell.isInverted ? !on : on);
    }
  }
}

function drawBlock(canvas: Canvas, b: Block, y: number, paper: number): void {
  if (b.type === 'text') {
    const width = b.cells.reduce((a, c) => a + c.width * cellW, 0);
    const baseline = y + blockHeight(b) - (lineH - cellH);
    let x = left(b.align, width, paper);
    for (const cell of b.cells) {
      drawCell(canvas, cell, x, baseline);
      x += cell.width * cellW;
    }
  } else if (b.type === 'image') {
    const x0 = left(b.align, b.widthDots, paper);
    for (let dy = 0; dy < b.heightDots; dy++) for (let dx = 0; dx < b.widthDots; dx++) if (b.isBlack(dx, dy)) canvas.set(x0 + dx, y + dy, true);
    if (b.caption) {
      const cells = [...b.caption].map((char) => ({ char, isBold: false, isUnderlined: false, isInverted: false, width: 1, height: 1 }));
      drawBlock(canvas, { type: 'text', cells, align: b.align }, y + b.heightDots + 2, paper);
    }
  } else if (b.type === 'cut') {
    for (let x = 0; x < canvas.width; x += 6) for (let k = 0; k < 3; k++) canvas.set(x + k, y + 12, true);
  }
}

/** The paper as a PNG: black dots on white, `paperDots` wide plus a margin. */
export function blocksToPng(blocks: readonly Block[], paperDots: number): { png: Buffer; width: number; height: number } {
  const width = paperDots + 2 * margin;
  const height = Math.max(1, blocks.reduce((a, b) => a + blockHeight(b), 0) + 2 * margin);
  const canvas = new Canvas(width, height);
  let y = margin;
  for (const b of blocks) {
    drawBlock(canvas, b, y, paperDots);
    y += blockHeight(b);
  }
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  const gray = Buffer.alloc(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = canvas.pixels[i] ? 0 : 255;
  png.data = gray;
  return { png: PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }), width, height };
}
