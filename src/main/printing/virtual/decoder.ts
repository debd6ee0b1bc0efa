// The virtual printer's reader: ESC/POS bytes back to operations, for exactly the subset
// this till sends, strictly — an unknown command is an error, not something skipped.
// Written from the Epson command reference, independent of the encoder that wrote them:
// its own code-page table (ESC t n → iconv-lite name) and its own parsing.
import iconv from 'iconv-lite';

export type Op =
  | { op: 'init' }
  | { op: 'kanji_off' }
  | { op: 'font'; n: number }
  | { op: 'code_page'; n: number }
  | { op: 'text'; text: string }
  | { op: 'newline' }
  | { op: 'feed'; lines: number }
  | { op: 'bold'; on: boolean }
  | { op: 'underline'; dots: number }
  | { op: 'invert'; on: boolean }
  | { op: 'size'; width: number; height: number }
  | { op: 'align'; value: 'left' | 'center' | 'right' }
  | { op: 'barcode'; symbology: 'code128'; data: string; heightDots: number; moduleDots: number; isTextBelow: boolean }
  | { op: 'qr'; data: string; moduleDots: number; errorLevel: 'L' | 'M' | 'Q' | 'H' }
  | { op: 'raster'; widthDots: number; heightDots: number; bits: Uint8Array }
  | { op: 'cut'; isPartial: boolean }
  | { op: 'pulse'; pin: 2 | 5; onMs: number; offMs: number; isRealtime: boolean }
  | { op: 'status_query'; n: number }
  | { op: 'asb'; mask: number };

export class EscPosDecodeError extends Error {
  override name = 'EscPosDecodeError';
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
  }
}

/** Epson's "character code table" numbers for the pages this till may fix. */
export const escTCodePages: Readonly<Record<number, string>> = { 0: 'cp437', 2: 'cp850', 16: 'windows1252', 17: 'cp866', 18: 'cp852', 19: 'cp858', 40: 'iso885915' };

const errorLevels = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' } as const;

interface State {
  codePage: string;
  barcodeHeight: number;
  barcodeModule: number;
  hri: number;
  qrModule: number;
  qrError: 'L' | 'M' | 'Q' | 'H';
  qrData: string | null;
}

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  get done(): boolean {
    return this.at >= this.bytes.length;
  }
  byte(): number {
    if (this.at >= this.bytes.length) throw new EscPosDecodeError('command cut short', this.at);
    return this.bytes[this.at++]!;
  }
  take(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new EscPosDecodeError(`command wants ${n} bytes more`, this.at);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

export function decodeEscPos(bytes: Uint8Array): Op[] {
  const r = new Reader(bytes);
  const state: State = { codePage: 'cp437', barcodeHeight: 162, barcodeModule: 3, hri: 0, qrModule: 3, qrError: 'L', qrData: null };
  const ops: Op[] = [];
  while (!r.done) {
    const start = r.at;
    const b = r.byte();
    if (b >= 0x20) {
      let end = r.at;
      while (end < bytes.length && bytes[end]! >= 0x20) end++;
      r.at = end;
      ops.push({ op: 'text', text: iconv.decode(Buffer.from(bytes.subarray(start, end)), state.codePage) });
    } else if (b === 0x0a) ops.push({ op: 'newline' });
    else if (b === 0x1b) escape(r, state, ops, start);
    else if (b === 0x1d) groupSeparator(r, state, ops, start);
    else if (b === 0x1c) {
      if (r.byte() !== 0x2e) throw new EscPosDecodeError('unknown FS command', start);
      ops.push({ op: 'kanji_off' });
    } else if (b === 0x10) dataLinkEscape(r, ops, start);
    else throw new EscPosDecodeError(`control byte 0x${b.toString(16)} is not sent by this till`, start);
  }
  return ops;
}

function escape(r: Reader, state: State, ops: Op[], start: number): void {
  const c = r.byte();
  // lint-allow: switch (over command bytes: any other byte is refused by the default branch)
  switch (c) {
    case 0x40: return void ops.push({ op: 'init' });
    case 0x4d: return void ops.push({ op: 'font', n: r.byte() });
    case 0x45: return void ops.push({ op: 'bold', on: (r.byte() & 1) === 1 });
    case 0x2d: return void ops.push({ op: 'underline', dots: r.byte() % 48 });
    case 0x64: return void ops.push({ op: 'feed', lines: r.byte() });
    case 0x61: {
      const n = r.byte() % 48;
      if (n > 2) throw new EscPosDecodeError(`ESC a ${n}`, start);
      return void ops.push({ op: 'align', value: (['left', 'center', 'right'] as const)[n]! });
    }
    case 0x74: {
      const n = r.byte();
      const name = escTCodePages[n];
      if (!name) throw new EscPosDecodeError(`ESC t ${n} is not a code page this till uses`, start);
      state.codePage = name;
      return void ops.push({ op: 'code_page', n });
    }
    case 0x70: {
      const m = r.byte();
      const [t1, t2] = [r.byte(), r.byte()];
      if (![0, 1, 48, 49].includes(m)) throw new EscPosDecodeError(`ESC p ${m}`, start);
      return void ops.push({ op: 'pulse', pin: m % 48 === 0 ? 2 : 5, onMs: t1 * 2, offMs: Math.max(t1, t2) * 2, isRealtime: false });
    }
    default:
      throw new EscPosDecodeError(`unknown command ESC 0x${c.toString(16)}`, start);
  }
}

/** DLE EOT n (a status question) and DLE DC4 1 m t (a real-time drawer pulse). */
function dataLinkEscape(r: Reader, ops: Op[], start: number): void {
  const c = r.byte();
  if (c === 0x04) {
    const n = r.byte();
    if (n < 1 || n > 4) throw new EscPosDecodeError(`DLE EOT ${n} is not a status this till asks`, start);
    return void ops.push({ op: 'status_query', n });
  }
  if (c !== 0x14) throw new EscPosDecodeError('unknown DLE command', start);
  const [fn, m, t] = [r.byte(), r.byte(), r.byte()];
  if (fn !== 1 || (m !== 0 && m !== 1) || t < 1 || t > 8) throw new EscPosDecodeError(`DLE DC4 ${fn} ${m} ${t}`, start);
  ops.push({ op: 'pulse', pin: m === 0 ? 2 : 5, onMs: t * 100, offMs: t * 100, isRealtime: true });
}

function groupSeparator(r: Reader, state: State, ops: Op[], start: number): void {
  const c = r.byte();
  // lint-allow: switch (over command bytes: any other byte is refused by the default branch)
  switch (c) {
    case 0x21: {
      const n = r.byte();
      return void ops.push({ op: 'size', width: (n >> 4) + 1, height: (n & 0x0f) + 1 });
    }
    case 0x42: return void ops.push({ op: 'invert', on: (r.byte() & 1) === 1 });
    case 0x68: state.barcodeHeight = r.byte(); return;
    case 0x77: state.barcodeModule = r.byte(); return;
    case 0x48: state.hri = r.byte() % 48; return;
    case 0x61: return void ops.push({ op: 'asb', mask: r.byte() });
    case 0x6b: return barcode(r, state, ops, start);
    case 0x28: return twoDimensional(r, state, ops, start);
    case 0x76: return raster(r, ops, start);
    case 0x56: {
      const m = r.byte();
      if (m === 65 || m === 66) r.byte();
      else if (![0, 1, 48, 49].includes(m)) throw new EscPosDecodeError(`GS V ${m}`, start);
      return void ops.push({ op: 'cut', isPartial: m % 48 === 1 || m === 66 });
    }
    default:
      throw new EscPosDecodeError(`unknown command GS 0x${c.toString(16)}`, start);
  }
}

/** GS k 73 n {C|{B data: a code 128; code set C packs two digits in a byte. */
function barcode(r: Reader, state: State, ops: Op[], start: number): void {
  const m = r.byte();
  if (m !== 73) throw new EscPosDecodeError(`GS k ${m}: only code 128 is sent`, start);
  const data = r.take(r.byte());
  if (data[0] !== 0x7b || (data[1] !== 0x43 && data[1] !== 0x42)) throw new EscPosDecodeError('code 128 without a code set', start);
  const body = [...data.subarray(2)];
  const text = data[1] === 0x43 ? body.map((v) => String(v).padStart(2, '0')).join('') : String.fromCharCode(...body);
  if (data[1] === 0x43 && body.some((v) => v > 99)) throw new EscPosDecodeError('code set C byte above 99', start);
  ops.push({ op: 'barcode', symbology: 'code128', data: text, heightDots: state.barcodeHeight, moduleDots: state.barcodeModule, isTextBelow: state.hri === 2 || state.hri === 3 });
}

/** GS ( k: QR code model, module size, error level, store, print. */
function twoDimensional(r: Reader, state: State, ops: Op[], start: number): void {
  if (r.byte() !== 0x6b) throw new EscPosDecodeError('GS ( other than k', start);
  const length = r.byte() + r.byte() * 256;
  const body = r.take(length);
  const [cn, fn] = [body[0], body[1]];
  if (cn !== 0x31) throw new EscPosDecodeError(`GS ( k cn ${cn}: only QR codes`, start);
  if (fn === 0x41) return;
  if (fn === 0x43) state.qrModule = body[2]!;
  else if (fn === 0x45) {
    const level = errorLevels[body[2] as keyof typeof errorLevels];
    if (!level) throw new EscPosDecodeError('QR error level', start);
    state.qrError = level;
  } else if (fn === 0x50) state.qrData = Buffer.from(body.subarray(3)).toString('latin1');
  else if (fn === 0x51) {
    if (state.qrData === null) throw new EscPosDecodeError('QR printed before it was stored', start);
    ops.push({ op: 'qr', data: state.qrData, moduleDots: state.qrModule, errorLevel: state.qrError });
  } else throw new EscPosDecodeError(`GS ( k fn ${fn}`, start);
}

/** GS v 0 m xL xH yL yH d…: a raster image, x bytes wide (8 dots a byte), y dots high. */
function raster(r: Reader, ops: Op[], start: number): void {
  if (r.byte() !== 0x30) throw new EscPosDecodeError('GS v other than 0', start);
  const mode = r.byte();
  if (mode % 48 !== 0) throw new EscPosDecodeError(`GS v 0 scaled mode ${mode}`, start);
  const xBytes = r.byte() + r.byte() * 256;
  const yDots = r.byte() + r.byte() * 256;
  ops.push({ op: 'raster', widthDots: xBytes * 8, heightDots: yDots, bits: r.take(xBytes * yDots) });
}
