// The virtual printer's text: one line per printed row, aligned in the paper's columns,
// codes and images named in brackets, cuts and drawer pulses marked.
import type { Block } from './layout.ts';

export function blocksToText(blocks: readonly Block[], columns: number): string {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.type === 'text') {
      const text = b.cells.map((c) => c.char).join('');
      const width = b.cells.reduce((a, c) => a + c.width, 0);
      const pad = b.align === 'center' ? Math.floor((columns - width) / 2) : b.align === 'right' ? columns - width : 0;
      lines.push((' '.repeat(Math.max(pad, 0)) + text).trimEnd());
    } else if (b.type === 'image') {
      const name = b.kind === 'qr' ? 'QR' : b.kind === 'barcode' ? 'CODE128' : 'IMAGE';
      lines.push(b.kind === 'raster' ? `[${name} ${b.widthDots}x${b.heightDots}]` : `[${name} ${b.data}]`);
      if (b.caption) lines.push(b.caption);
    } else if (b.type === 'cut') lines.push('-'.repeat(Math.max(columns - 8, 4)) + ' (cut)');
    else lines.push(`[DRAWER pin ${b.pin}, ${b.onMs} ms]`);
  }
  return lines.join('\n') + '\n';
}
