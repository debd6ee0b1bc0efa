// The invoice's receipt copy as bytes: the reference invoice against its golden file, byte
// for byte, and as the virtual printer reads it back, at 80 and 58 mm, original and reprint.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPaymentReference } from '../../../shared/domain/payment-references.ts';
import { defaultProfile } from '../escpos/profile.ts';
import { renderText } from '../virtual/index.ts';
import { renderInvoiceCopy } from './invoice-copy.ts';
import { referenceContext, referenceInvoice } from './reference.ts';

const golden = join(import.meta.dirname, 'golden', 'reference-invoice-copy-80mm-cp858.hex');
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').match(/.{1,64}/g)!.join('\n') + '\n';
const narrow = { ...defaultProfile, widthMm: 58 as const, columns: 32 };

describe('invoice copy bytes', () => {
  it('match the golden file of the reference invoice (GUICHET_UPDATE_GOLDEN=1 rewrites it)', () => {
    const bytes = renderInvoiceCopy(referenceInvoice(), defaultProfile, referenceContext, 0);
    if (process.env.GUICHET_UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, hex(bytes));
    expect(hex(bytes)).toBe(readFileSync(golden, 'utf8'));
  });

  it('read back with the number, the contact, the total, the installments and the reference', () => {
    const text = renderText(renderInvoiceCopy(referenceInvoice(), defaultProfile, referenceContext, 0), 48);
    expect(text).toContain('FACTURE N° F-G1-000007');
    expect(text).toContain('École des Pâquis');
    expect(text).toContain('Rue de Berne 50');
    expect(text).toMatch(/TOTAL FACTURE\s+345\.00 CHF/);
    expect(text).toMatch(/TVA 8,1 % sur 405\.00 CHF\s+30\.34 CHF/);
    expect(text).toMatch(/1\/3 au 24\.12\.2026\s+100\.00 CHF/);
    expect(text).toMatch(/Échéance 25\.12\.2026\s+45\.00 CHF/);
    expect(text).toContain('21 00000 00003 13947 14300 09017');
    expect(text).not.toContain('DUPLICATA');
  });

  it('fit 58 mm paper in 32 columns, a long title with the number under it', () => {
    const text = renderText(renderInvoiceCopy(referenceInvoice(), narrow, referenceContext, 0), 32);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(32);
    expect(text).toContain('FACTURE N° F-G1-000007');
    expect(text).toMatch(/Dossier G1-000042 +24\.11\.2026/);
    expect(text).toContain('21 00000 00003 13947 14300 09017');
    const cancellation = renderText(renderInvoiceCopy({ ...referenceInvoice(), kind: 'cancellation', cancelsNumber: 'F-G1-000006', totalMinor: -34500 }, narrow, referenceContext, 0), 32);
    expect(cancellation).toMatch(/FACTURE D'ANNULATION\s*\n\s*N° F-G1-000007/);
  });

  it('title a cancellation invoice as such, with the invoice it cancels and nothing to pay', () => {
    const invoice = { ...referenceInvoice(), kind: 'cancellation' as const, number: 'F-G1-000008', cancelsNumber: 'F-G1-000007', totalMinor: -34500 };
    const text = renderText(renderInvoiceCopy(invoice, defaultProfile, referenceContext, 0), 48);
    expect(text).toContain("FACTURE D'ANNULATION N° F-G1-000008");
    expect(text).toMatch(/Annule la facture\s+F-G1-000007/);
    expect(text).toMatch(/TOTAL ANNULÉ\s+-345\.00 CHF/);
    expect(text).not.toContain('Référence de paiement');
  });

  it('title a refund’s credit note as such, with the invoice it credits, its negative lines and nothing to pay', () => {
    const reference = referenceInvoice();
    const order = { ...reference.orders[1]!, lines: [{ label: 'Atelier théâtre', quantity: -1, totalMinor: -4500 }], totalMinor: -4500, invoicedMinor: -4500 };
    const note = { ...reference, kind: 'credit_note' as const, number: 'F-G1-000009', cancelsNumber: 'F-G1-000007', orders: [order], vat: [{ rateBp: 810, grossMinor: -4500, netMinor: -4163, vatMinor: -337 }], totalMinor: -4500, installments: [] };
    const text = renderText(renderInvoiceCopy(note, defaultProfile, referenceContext, 0), 48);
    expect(text).toContain('NOTE DE CRÉDIT N° F-G1-000009');
    expect(text).toMatch(/Crédite la facture\s+F-G1-000007/);
    expect(text).toMatch(/-1 x Atelier théâtre\s+-45\.00 CHF/);
    expect(text).toMatch(/TOTAL CRÉDITÉ\s+-45\.00 CHF/);
    expect(text.replace(/\s+/g, ' ')).toContain("Note de crédit (remboursement) : rien n'est à payer.");
    expect(text).not.toContain('Référence de paiement');
  });

  it('mark a reprint DUPLICATA with its number, in English too', () => {
    expect(renderText(renderInvoiceCopy(referenceInvoice(), defaultProfile, referenceContext, 1), 48)).toContain('DUPLICATA N° 1');
    const en = renderText(renderInvoiceCopy(referenceInvoice(), defaultProfile, { ...referenceContext, language: 'en' }, 2), 48);
    expect(en).toContain('DUPLICATE No. 2');
    expect(en).toContain('INVOICE No. F-G1-000007');
    expect(en).toContain('Payment reference');
  });

  it('group references as people type them', () => {
    expect(formatPaymentReference('210000000003139471430009017')).toBe('21 00000 00003 13947 14300 09017');
    expect(formatPaymentReference('RF18539007547034')).toBe('RF18 5390 0754 7034');
  });
});
