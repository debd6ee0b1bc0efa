// The virtual printer: the bytes this till sends, read back strictly and shown as text and
// as a PNG — for receipt previews, training and tests.
import { decodeEscPos } from './decoder.ts';
import { layout } from './layout.ts';
import { blocksToPng } from './render-png.ts';
import { blocksToText } from './render-text.ts';

export { decodeEscPos, EscPosDecodeError, type Op } from './decoder.ts';

export interface Rendered {
  text: string;
  png: Buffer;
  widthPx: number;
  heightPx: number;
}

export function renderBytes(bytes: Uint8Array, columns: number): Rendered {
  const blocks = layout(decodeEscPos(bytes), columns);
  const { png, width, height } = blocksToPng(blocks, columns * 12);
  return { text: blocksToText(blocks, columns), png, widthPx: width, heightPx: height };
}

export function renderText(bytes: Uint8Array, columns: number): string {
  return blocksToText(layout(decodeEscPos(bytes), columns), columns);
}
