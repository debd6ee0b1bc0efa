// The invoice PDF read back: its text with poppler, and its payment QR code with zbarimg,
// checked field by field against the Swiss QR-bill specification (SIX IG 2.3) and, for
// euros, the EPC QR (EPC069-12).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { isCreditorReference, isQrReference } from '../../shared/domain/payment-references.ts';
import { setSetting } from './config.ts';
import { institutionOf } from './config.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'guichet-invoice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function invoicedTill(configure?: (t: TestTill) => void) {
  const t = testTill();
  configure?.(t);
  t.must('sessions.open', { float: [] });
  const order = t.must('sales.checkout', {
    requestId: ulid(),
    lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }, { kind: 'item', itemId: 'i-programme', quantity: 1 }],
    buyerContactId: 'c-ecole',
    payments: [{ methodId: 'pm-card', amountMinor: 1000 }, { methodId: 'pm-deferred-3', amountMinor: 8500 }],
  });
  const invoice = t.must('invoices.createForOrder', { orderId: order.id }, 'supervisor');
  return { t, order, invoice };
}

function renderAndRead(t: TestTill, invoiceId: string, name: string) {
  const file = t.must('invoices.pdf', { invoiceId, language: 'fr' }, 'supervisor');
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, Buffer.from(file.contentBase64, 'base64'));
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  execFileSync('pdftoppm', ['-r', '300', '-png', path, join(dir, name)]);
  const pages = readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort();
  // jsQR reads the QR-bill (zbar does not decode it through the Swiss cross); zbarimg is an
  // independent second reader where it can
  const codes = pages.flatMap((page) => {
    const png = PNG.sync.read(readFileSync(join(dir, page)));
    const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    return code ? [code.data] : [];
  });
  const zbar = pages.flatMap((page) => {
    try {
      return [execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', join(dir, page)], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8').replace(/\n?$/, '')];
    } catch {
      return [];
    }
  });
  return { file, text, pages, qr: codes, zbar };
}

describe('the invoice PDF', () => {
  it('carries the seller, the billing contact, the lines with VAT, the installments and the amounts', () => {
    const { t, invoice } = invoicedTill();
    const { file, text } = renderAndRead(t, invoice.id, 'chf');
    expect(file).toMatchObject({ fileName: `${invoice.number}.pdf`, mimeType: 'application/pdf' });
    for (const expected of ['Théâtre du Léman', 'CHE-123.456.789 TVA', 'École du Bois-Gentil', `Facture ${invoice.number}`, 'Le Misanthrope', 'Programme de salle', 'Échéance 1 sur 3', 'Montant à payer', '85.00']) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Réglé par d’autres moyens\s+-10\.00/);
  });

  it('has a Swiss QR-bill whose payload follows the specification, field by field', () => {
    const { t, invoice } = invoicedTill();
    const { qr } = renderAndRead(t, invoice.id, 'qrbill');
    expect(qr).toHaveLength(1);
    const fields = qr[0]!.split(/\r?\n/);
    expect(fields.slice(0, 3)).toEqual(['SPC', '0200', '1']); // QR type, version, UTF-8
    expect(fields[3]).toBe('CH4431999123000889012'); // the QR-IBAN
    expect(fields.slice(4, 11)).toEqual(['S', 'Théâtre du Léman', 'Quai du Mont-Blanc', '1', '1201', 'Genève', 'CH']); // creditor, structured
    expect(fields.slice(11, 18)).toEqual(['', '', '', '', '', '', '']); // no ultimate creditor
    expect(fields.slice(18, 20)).toEqual(['85.00', 'CHF']);
    expect(fields.slice(20, 27)).toEqual(['S', 'École du Bois-Gentil', 'Chemin du Bois-Gentil', '9', '1203', 'Genève', 'CH']); // debtor
    expect(fields[27]).toBe('QRR');
    expect(fields[28]).toBe(invoice.reference);
    expect(isQrReference(fields[28]!)).toBe(true);
    expect(fields[29]).toBe(`Facture ${invoice.number}`);
    expect(fields[30]).toBe('EPD');
  });

  it('shows what is still due after a partial settlement', () => {
    const { t, invoice } = invoicedTill();
    t.must('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 2000, reference: 'Chèque 1', excessToCredit: false }, 'supervisor');
    const { qr } = renderAndRead(t, invoice.id, 'partial');
    expect(qr[0]!.split(/\r?\n/)[18]).toBe('65.00');
  });

  it('has no payment slip on a cancellation invoice', () => {
    const { t, invoice } = invoicedTill();
    const { cancellation } = t.must('invoices.changeBillingContact', { invoiceId: invoice.id, contactId: 'c-amis' }, 'supervisor');
    const { text, qr } = renderAndRead(t, cancellation.id, 'cancellation');
    expect(text).toContain(`Facture d’annulation ${cancellation.number}`);
    expect(text).toContain(`Cette facture annule la facture ${invoice.number} : ne pas la payer.`);
    expect(qr).toEqual([]);
  });

  it('in euros, carries an EPC QR code with a creditor reference', () => {
    const { t, invoice } = invoicedTill((t) => {
      const institution = institutionOf(t.db);
      setSetting(t.db, 'institution', JSON.stringify({ ...institution, currency: 'EUR', cashStepMinor: 1, country: 'FR', invoicing: { ...institution.invoicing!, iban: 'FR76 3000 4000 0312 3456 7890 143', bic: 'BNPAFRPP', postcode: '74000', city: 'Annecy' } }));
    });
    expect(isCreditorReference(invoice.reference)).toBe(true);
    const { qr, zbar } = renderAndRead(t, invoice.id, 'epc');
    expect(qr).toHaveLength(1);
    expect(zbar).toEqual(qr);
    expect(qr[0]!.split('\n')).toEqual(['BCD', '002', '1', 'SCT', 'BNPAFRPP', 'Théâtre du Léman', 'FR7630004000031234567890143', 'EUR85.00', '', invoice.reference]);
  });
});
