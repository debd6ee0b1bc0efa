// Documents as bytes: a reference receipt against its golden file, byte for byte; € and
// accents in cp858 at their Epson code points; French spacing normalised; one code page.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../shared/money/format.ts';
import { DocumentWriter } from '../escpos/writer.ts';
import { defaultProfile } from '../escpos/profile.ts';
import { printableText } from '../escpos/code-pages.ts';
import { renderBytes, renderText } from '../virtual/index.ts';
import { renderReceipt } from './receipt.ts';
import { referenceContext, referenceReceipt } from './reference.ts';

const golden = join(import.meta.dirname, 'golden', 'reference-receipt-80mm-cp858.hex');
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').match(/.{1,64}/g)!.join('\n') + '\n';
const count = (bytes: Uint8Array, seq: number[]) => Buffer.from(bytes).toString('latin1').split(Buffer.from(seq).toString('latin1')).length - 1;

describe('receipt bytes', () => {
  it('match the golden file of the reference receipt (GUICHET_UPDATE_GOLDEN=1 rewrites it)', () => {
    const bytes = renderReceipt(referenceReceipt(), defaultProfile, referenceContext, 0);
    if (process.env.GUICHET_UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, hex(bytes));
    expect(hex(bytes)).toBe(readFileSync(golden, 'utf8'));
  });

  it('start with ESC @ and send the code page once (ESC t 19), and end with a cut', () => {
    const bytes = renderReceipt(referenceReceipt(), defaultProfile, referenceContext, 0);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1b, 0x40]);
    expect(count(bytes, [0x1b, 0x74])).toBe(1);
    expect(count(bytes, [0x1b, 0x74, 19])).toBe(1);
    expect(count(bytes, [0x1d, 0x56])).toBe(1);
  });

  it('print € and accents at their cp858 code points, byte for byte', () => {
    const bytes = new DocumentWriter(defaultProfile).line('€ é è ê à â ç ô û ü É È À Ç').bytes();
    const text = [...bytes.subarray(bytes.indexOf(0x74) + 2, bytes.lastIndexOf(0x0a))];
    expect(text).toEqual([0xd5, 0x20, 0x82, 0x20, 0x8a, 0x20, 0x88, 0x20, 0x85, 0x20, 0x83, 0x20, 0x87, 0x20, 0x93, 0x20, 0x96, 0x20, 0x81, 0x20, 0x90, 0x20, 0xd4, 0x20, 0xb7, 0x20, 0x80]);
  });

  it('turn French spacing (U+202F, U+00A0) into plain spaces, never "?"', () => {
    const amount = formatMoney(123456789, 'EUR', 'fr-FR');
    expect(amount).toMatch(/[\u202F\u00A0]/);
    expect(printableText(amount, 'cp858')).toBe('1 234 567,89 €');
    const bytes = new DocumentWriter(defaultProfile).line(amount).bytes();
    expect(Buffer.from(bytes).includes(0x3f)).toBe(false);
    expect(Buffer.from(bytes).includes(Buffer.from([0x31, 0x20, 0x32, 0x33, 0x34, 0x20]))).toBe(true);
  });

  it('fall back to a base letter or "?" for what the page lacks, and never emit a control byte for text', () => {
    expect(printableText('Łódź ő œ 😀', 'cp858')).toBe('Lódz o oe ?');
    const bytes = new DocumentWriter(defaultProfile).line('¶ § ¤').bytes();
    expect(renderText(bytes, 48).trim()).toBe('¶ § ¤');
  });

  it('mark a reprint DUPLICATA with its number', () => {
    const text = renderText(renderReceipt(referenceReceipt(), defaultProfile, referenceContext, 2), 48);
    expect(text).toContain('DUPLICATA N° 2');
    expect(renderText(renderReceipt(referenceReceipt(), defaultProfile, referenceContext, 0), 48)).not.toContain('DUPLICATA');
  });

  it('render as the virtual printer shows it (docs/screenshots/receipt-preview.png with GUICHET_SCREENSHOTS=1)', () => {
    const { png, text } = renderBytes(renderReceipt(referenceReceipt(), defaultProfile, referenceContext, 0), 48);
    expect(text).toContain('Solde avoir restant');
    if (process.env.GUICHET_SCREENSHOTS === '1') writeFileSync(join(import.meta.dirname, '../../../../docs/screenshots/receipt-preview.png'), png);
  });

  it('lay out 58 mm paper in 32 columns', () => {
    const text = renderText(renderReceipt(referenceReceipt(), { ...defaultProfile, widthMm: 58, columns: 32 }, referenceContext, 0), 32);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(32);
    expect(text).toContain('TOTAL');
    expect(text).toMatch(/Solde avoir restant\s+1 234\.50 CHF/);
  });
});
