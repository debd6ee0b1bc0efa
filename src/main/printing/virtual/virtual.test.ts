// The virtual printer: strict about what it reads, and its pictures are real — a ticket's
// QR code and code 128 read back from the PNG (jsQR, and zbarimg where installed) give the
// ticket's barcode value.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderTickets, type TicketData } from '../documents/tickets.ts';
import { referenceContext } from '../documents/reference.ts';
import { defaultProfile } from '../escpos/profile.ts';
import { decodeEscPos, EscPosDecodeError, renderBytes } from './index.ts';

const ticket = (barcode: string): TicketData => ({
  institutionName: 'Théâtre du Léman',
  orderNumber: 'G1-000042',
  tickets: [{ barcode, eventName: 'Le Misanthrope - Molière', startsAt: '2026-11-27T20:00', hall: 'Grande salle', tariffName: 'Plein tarif', priceMinor: 4500, n: 1, count: 1 }],
});

function hasZbar(): boolean {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('virtual printer', () => {
  it('refuses a command it does not know, and a control byte it is not sent', () => {
    expect(() => decodeEscPos(Uint8Array.of(0x1b, 0x40, 0x1b, 0x7a, 0x01))).toThrow(EscPosDecodeError);
    expect(() => decodeEscPos(Uint8Array.of(0x41, 0x0d))).toThrow(/control byte 0xd/);
    expect(() => decodeEscPos(Uint8Array.of(0x1b, 0x74, 0x63))).toThrow(/ESC t 99/);
    expect(() => decodeEscPos(Uint8Array.of(0x1d, 0x76, 0x30, 0x00, 0x02, 0x00))).toThrow(/cut short/);
  });

  it('reads text, styles, the code page, a cut and a drawer pulse', () => {
    const ops = decodeEscPos(Uint8Array.of(0x1b, 0x40, 0x1b, 0x74, 19, 0x1b, 0x45, 1, 0xd5, 0x0a, 0x1b, 0x70, 0, 25, 250, 0x1d, 0x56, 1));
    expect(ops).toEqual([
      { op: 'init' }, { op: 'code_page', n: 19 }, { op: 'bold', on: true }, { op: 'text', text: '€' }, { op: 'newline' },
      { op: 'pulse', pin: 2, onMs: 50, offMs: 500, isRealtime: false }, { op: 'cut', isPartial: true },
    ]);
  });

  it('reads the real-time drawer pulse (DLE DC4 1 m t) and refuses one out of range', () => {
    expect(decodeEscPos(Uint8Array.of(0x10, 0x14, 1, 1, 2))).toEqual([{ op: 'pulse', pin: 5, onMs: 200, offMs: 200, isRealtime: true }]);
    expect(() => decodeEscPos(Uint8Array.of(0x10, 0x14, 1, 0, 9))).toThrow(/DLE DC4 1 0 9/);
    expect(() => decodeEscPos(Uint8Array.of(0x10, 0x14, 2, 0, 1))).toThrow(/DLE DC4 2/);
  });

  it("draws a ticket's QR code that jsQR reads back as the ticket's barcode", () => {
    const barcode = '4305788300170842';
    const { png, text } = renderBytes(renderTickets(ticket(barcode), defaultProfile, referenceContext, 0), 48);
    expect(text).toContain(`[QR ${barcode}]`);
    const image = PNG.sync.read(png);
    const rgba = new Uint8ClampedArray(image.width * image.height * 4);
    for (let i = 0; i < image.width * image.height; i++) {
      const v = image.data[i * 4]!;
      rgba.set([v, v, v, 255], i * 4);
    }
    expect(jsQR(rgba, image.width, image.height)?.data).toBe(barcode);
  });

  it.runIf(hasZbar())('draws QR codes and code 128 that zbarimg reads back (58 and 80 mm)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-zbar-'));
    for (const [code, columns] of [['qr', 48], ['code128', 32]] as const) {
      const barcode = '1167483611914368';
      const bytes = renderTickets(ticket(barcode), { ...defaultProfile, columns, widthMm: columns === 32 ? 58 : 80, ticketCode: code }, referenceContext, 0);
      const file = join(dir, `${code}.png`);
      writeFileSync(file, renderBytes(bytes, columns).png);
      const out = execFileSync('zbarimg', ['--quiet', '--raw', file], { encoding: 'utf8' }).trim();
      expect(out).toBe(barcode);
    }
  });

  it('writes the picture of a ticket to docs/screenshots with GUICHET_SCREENSHOTS=1', () => {
    const { png, widthPx, heightPx } = renderBytes(renderTickets(ticket('1167483611914368'), defaultProfile, referenceContext, 1), 48);
    expect(widthPx).toBe(48 * 12 + 32);
    expect(heightPx).toBeGreaterThan(400);
    if (process.env.GUICHET_SCREENSHOTS === '1') writeFileSync(join(import.meta.dirname, '../../../../docs/screenshots/ticket-preview.png'), png);
  });
});
