// The invoice and credit note PDFs read back: their text with poppler, their payment QR
// codes with jsQR (and zbarimg where it can), checked field by field against the Swiss
// QR-bill specification (SIX IG 2.3) and, for euros, the EPC QR (EPC069-12). An issued
// document is archived: printed again after settlements, refunds and its cancellation it
// is the same file, byte for byte, and its receipt copy the same bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { installmentReference, isCreditorReference, isQrReference } from '../../shared/domain/payment-references.ts';
import { defaultProfile } from '../printing/index.ts';
import { loadInvoiceCopy } from '../printing/index.ts';
import { renderInvoiceCopy } from '../printing/index.ts';
import { referenceContext } from '../printing/index.ts';
import { setSetting } from '../kernel/config.ts';
import { institutionOf } from '../kernel/config.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'guichet-invoice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const twoTicketsAndAProgramme = [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }, { kind: 'item', itemId: 'i-programme', quantity: 1 }] as const;

/** 2 tickets (45.00 at 8.1 %) and a programme (5.00 at 2.6 %): 10.00 by card, 85.00 on account in three installments. */
function invoicedTill(configure?: (t: TestTill) => void, methodId = 'pm-deferred-3') {
  const t = testTill();
  configure?.(t);
  t.must('sessions.open', { float: [] });
  const order = t.must('sales.checkout', {
    requestId: ulid(),
    lines: [...twoTicketsAndAProgramme],
    buyerContactId: 'c-ecole',
    payments: [{ methodId: 'pm-card', amountMinor: 1000 }, { methodId, amountMinor: 8500 }],
  });
  const invoice = t.must('invoices.createForOrder', { orderId: order.id }, 'supervisor');
  return { t, order, invoice };
}

async function pdfOf(t: TestTill, invoiceId: string, language: 'fr' | 'en' = 'fr'): Promise<Buffer> {
  return Buffer.from((await t.mustAsync('invoices.pdf', { invoiceId, language }, 'supervisor')).contentBase64, 'base64');
}

function textOf(bytes: Buffer, name: string): string {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  // pdftotext puts U+2212 or a hyphen for a minus: read them as one
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\u2212/g, '-');
}

/** Every page as PNG (pdftoppm), and the QR codes jsQR and zbarimg read on them, page by page. */
function codesOf(bytes: Buffer, name: string) {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  execFileSync('pdftoppm', ['-r', '150', '-png', path, join(dir, name)]);
  const pages = readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort();
  // jsQR reads the QR-bill (zbar does not decode it through the Swiss cross); zbarimg is an
  // independent second reader where it can
  const qr = pages.flatMap((page) => {
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
  return { pages, qr, zbar };
}

const fieldsOf = (payload: string) => payload.split(/\r?\n/);

describe('the invoice PDF', () => {
  it('carries the seller, the billing contact, the lines with VAT, the schedule and the amounts', async () => {
    const { t, invoice } = invoicedTill();
    const text = textOf(await pdfOf(t, invoice.id), 'chf');
    for (const expected of ['Théâtre du Léman', 'CHE-123.456.789 TVA', 'École du Bois-Gentil', `Facture ${invoice.number}`, 'Le Misanthrope', 'Programme de salle', 'Montant à payer', '85.00']) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/Réglé par d’autres moyens\s+-10\.00 CHF/);
    expect(text).toMatch(/dont TVA 8,1 % \(HT 83\.26 CHF\)\s+6\.74 CHF/);
    expect(text).toMatch(/dont TVA 2,6 % \(HT 4\.87 CHF\)\s+0\.13 CHF/);
    expect(text).toMatch(/Échéances : 3, du 24 déc\. 2026 au 22 févr\. 2027/);
    expect(text).toMatch(/Échéance 1 sur 3 — 24 déc\. 2026\s+28\.34 CHF/);
    expect(text).toMatch(/Échéance 3 sur 3 — 22 févr\. 2027\s+28\.33 CHF/);
    expect(text).toContain('Payable selon l’échéancier');
    expect(text).not.toContain('Payable jusqu’au 24 déc. 2026 au moyen');
  });

  it('has one Swiss QR-bill per installment, each with its amount, its due date and its own reference', async () => {
    const { t, invoice } = invoicedTill();
    const bytes = await pdfOf(t, invoice.id);
    const { qr, pages } = codesOf(bytes, 'installments');
    expect(pages).toHaveLength(4); // the invoice, then a page per installment
    expect(qr).toHaveLength(3);
    const fields = qr.map(fieldsOf);
    expect(fields.map((f) => f[18])).toEqual(['28.34', '28.33', '28.33']);
    const seq = Number(invoice.number.slice(-6));
    expect(fields.map((f) => f[28])).toEqual([1, 2, 3].map((n) => installmentReference('qr', 'G1', seq, n)));
    for (const f of fields) {
      expect(f[27]).toBe('QRR');
      expect(isQrReference(f[28]!)).toBe(true);
    }
    expect(fields.map((f) => f[29])).toEqual([
      `Facture ${invoice.number}, échéance 1/3 au 24 déc. 2026`,
      `Facture ${invoice.number}, échéance 2/3 au 23 janv. 2027`,
      `Facture ${invoice.number}, échéance 3/3 au 22 févr. 2027`,
    ]);
    // each payment slip's page says what it pays and by when, as the schedule does
    const text = textOf(bytes, 'installments-text');
    expect(text).toMatch(/Facture F-G1-000001 — Échéance 2 sur 3\s+Payable jusqu’au 23 janv\. 2027 : 28\.33 CHF/);
    // a bank line's reference finds the invoice and its installment (C17)
    expect(t.must('invoices.get', { number: fields[1]![28]! }).id).toBe(invoice.id);
    expect(t.must('deferred.account', { invoiceNumber: fields[2]![28]! }).contact.id).toBe('c-ecole');
  });

  it('with one due date, has one QR-bill whose payload follows the specification, field by field', async () => {
    const { t, invoice } = invoicedTill(undefined, 'pm-deferred');
    const { qr, pages } = codesOf(await pdfOf(t, invoice.id), 'qrbill');
    expect(pages).toHaveLength(1);
    expect(qr).toHaveLength(1);
    const fields = fieldsOf(qr[0]!);
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
    expect(textOf(await pdfOf(t, invoice.id), 'single')).toContain('Payable jusqu’au 24 déc. 2026 au moyen du bulletin de versement');
  });

  it('printed again after a settlement, a refund and its cancellation, is the same file, byte for byte, and its receipt copy the same bytes', async () => {
    const { t, order, invoice } = invoicedTill();
    const copy = () => {
      const data = loadInvoiceCopy(t.db, t.context.tillId, invoice.id);
      if (!data.ok) throw new Error(data.error.code);
      return Buffer.from(renderInvoiceCopy(data.value, defaultProfile, referenceContext, 1));
    };
    const [pdfFr, pdfEn, copyBytes] = [await pdfOf(t, invoice.id), await pdfOf(t, invoice.id, 'en'), copy()];
    t.must('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 2000, reference: 'Chèque 1', excessToCredit: false }, 'supervisor');
    t.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[1]!.id, quantity: 1 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 500 }], reason: 'Programme rendu' });
    t.must('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-amis' }, 'supervisor');
    t.clock.advance(40 * 86_400_000);
    expect(t.must('invoices.get', { invoiceId: invoice.id }).cancelledByNumber).not.toBeNull();
    expect((await pdfOf(t, invoice.id)).equals(pdfFr)).toBe(true);
    expect((await pdfOf(t, invoice.id, 'en')).equals(pdfEn)).toBe(true);
    expect(copy().equals(copyBytes)).toBe(true);
    // and it still asks what it asked, with its three slips
    const text = textOf(await pdfOf(t, invoice.id), 'reprint');
    expect(text).toMatch(/Montant à payer\s+85\.00 CHF/);
    expect(codesOf(await pdfOf(t, invoice.id), 'reprint').qr).toHaveLength(3);
  });

  it('in euros, carries an EPC QR code per installment, each with its creditor reference', async () => {
    const { t, invoice } = invoicedTill((t) => {
      const institution = institutionOf(t.db);
      setSetting(t.db, 'institution', JSON.stringify({ ...institution, currency: 'EUR', cashStepMinor: 1, country: 'FR', invoicing: { ...institution.invoicing!, iban: 'FR76 3000 4000 0312 3456 7890 143', bic: 'BNPAFRPP', postcode: '74000', city: 'Annecy' } }));
    });
    expect(isCreditorReference(invoice.reference)).toBe(true);
    const { qr, zbar } = codesOf(await pdfOf(t, invoice.id), 'epc');
    expect(qr).toHaveLength(3);
    expect(zbar).toEqual(qr);
    const seq = Number(invoice.number.slice(-6));
    expect(qr.map((q) => q.split('\n'))).toEqual(
      [['EUR28.34', 1], ['EUR28.33', 2], ['EUR28.33', 3]].map(([amount, n]) => ['BCD', '002', '1', 'SCT', 'BNPAFRPP', 'Théâtre du Léman', 'FR7630004000031234567890143', amount, '', installmentReference('creditor', 'G1', seq, n as number)]),
    );
    for (const q of qr) expect(isCreditorReference(q.split('\n')[9]!)).toBe(true);
  });
});

describe('the credit note PDF', () => {
  it('of a cancellation: negative lines and VAT per rate, names the invoice, no due date, schedule or payment slip', async () => {
    const { t, invoice } = invoicedTill();
    const { cancellation } = t.must('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-amis' }, 'supervisor');
    const bytes = await pdfOf(t, cancellation.id);
    const text = textOf(bytes, 'cancellation');
    expect(text).toContain(`Facture d’annulation ${cancellation.number}`);
    expect(text).toMatch(new RegExp(`Annule la facture : ${invoice.number} du 24 nov\\. 2026`));
    expect(text).toMatch(/Le Misanthrope[^\n]*\s+-2\s+45\.00 CHF\s+8,1 %\s+-90\.00 CHF/);
    expect(text).toMatch(/Programme de salle\s+-1\s+5\.00 CHF\s+2,6 %\s+-5\.00 CHF/);
    expect(text).toMatch(/Réglé par d’autres moyens, non annulé\s+10\.00 CHF/);
    expect(text).toMatch(/dont TVA 8,1 % \(HT -83\.26 CHF\)\s+-6\.74 CHF/);
    expect(text).toMatch(/dont TVA 2,6 % \(HT -4\.87 CHF\)\s+-0\.13 CHF/);
    expect(text).toMatch(/Total annulé\s+-85\.00 CHF/);
    expect(text).toContain(`Cette facture annule la facture ${invoice.number} : ne pas la payer.`);
    for (const absent of ['Échéance', 'Échéancier', 'Montant à payer', 'Payable', 'Référence']) expect(text).not.toContain(absent);
    expect(codesOf(bytes, 'cancellation').qr).toEqual([]);
  });
});

describe('a refund of an invoiced order', () => {
  it('issues a credit note for the refunded part, numbered in the same series, the invoice left as issued', async () => {
    const { t, order, invoice } = invoicedTill();
    const before = await pdfOf(t, invoice.id);
    t.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 4500 }], reason: 'Élève absent' });
    const invoices = t.must('invoices.list', { contactId: 'c-ecole' });
    expect(invoices.map((i) => [i.number, i.kind, i.totalMinor, i.cancelsInvoiceNumber])).toEqual([
      ['F-G1-000002', 'credit_note', -4500, invoice.number],
      [invoice.number, 'invoice', 8500, null],
    ]);
    expect(invoices[1]).toMatchObject({ creditNoteNumbers: ['F-G1-000002'], cancelledByNumber: null, openMinor: 4000 });
    const text = textOf(await pdfOf(t, invoices[0]!.id), 'credit-note');
    expect(text).toContain('Note de crédit F-G1-000002');
    expect(text).toMatch(new RegExp(`Crédite la facture : ${invoice.number} du 24 nov\\. 2026`));
    expect(text).toMatch(/Le Misanthrope[^\n]*\s+-1\s+45\.00 CHF\s+8,1 %\s+-45\.00 CHF/);
    expect(text).not.toContain('Programme de salle');
    expect(text).toMatch(/dont TVA 8,1 % \(HT -41\.63 CHF\)\s+-3\.37 CHF/);
    expect(text).toMatch(/Total crédité\s+-45\.00 CHF/);
    for (const absent of ['Échéance', 'Montant à payer', 'Payable', 'autres moyens']) expect(text).not.toContain(absent);
    expect((await pdfOf(t, invoice.id)).equals(before)).toBe(true);
  });

  it('to card, issues a credit note for the line, what went back by card on it, nothing credited on account', async () => {
    const { t, order, invoice } = invoicedTill();
    t.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[1]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 500 }], reason: 'Programme rendu' });
    const note = t.must('invoices.list', { contactId: 'c-ecole' })[0]!;
    expect(note).toMatchObject({ kind: 'credit_note', totalMinor: 0, cancelsInvoiceNumber: invoice.number });
    const text = textOf(await pdfOf(t, note.id), 'credit-note-card');
    expect(text).toMatch(/Programme de salle\s+-1\s+5\.00 CHF\s+2,6 %\s+-5\.00 CHF/);
    expect(text).toMatch(/Remboursé par d’autres moyens\s+5\.00 CHF/);
    expect(text).toMatch(/Total crédité\s+0\.00 CHF/);
  });

  it('of a ticket on account and a programme by card: both lines and VAT rates negative, what the card got back, the account credited', async () => {
    const { t, order, invoice } = invoicedTill();
    t.must('orders.refund', {
      requestId: ulid(),
      orderId: order.id,
      lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }, { orderLineId: order.lines[1]!.id, quantity: 1 }],
      payments: [{ methodId: 'pm-deferred-3', amountMinor: 4500 }, { methodId: 'pm-card', amountMinor: 500 }],
      reason: 'Élève absent',
    });
    const note = t.must('invoices.list', { contactId: 'c-ecole' })[0]!;
    expect(note).toMatchObject({ kind: 'credit_note', number: 'F-G1-000002', totalMinor: -4500, cancelsInvoiceNumber: invoice.number });
    const bytes = await pdfOf(t, note.id);
    const text = textOf(bytes, 'credit-note-both');
    expect(text).toMatch(/Le Misanthrope[^\n]*\s+-1\s+45\.00 CHF\s+8,1 %\s+-45\.00 CHF/);
    expect(text).toMatch(/Programme de salle\s+-1\s+5\.00 CHF\s+2,6 %\s+-5\.00 CHF/);
    expect(text).toMatch(/Remboursé par d’autres moyens\s+5\.00 CHF/);
    expect(text).toMatch(/dont TVA 2,6 % \(HT -4\.87 CHF\)\s+-0\.13 CHF/);
    expect(text).toMatch(/dont TVA 8,1 % \(HT -41\.63 CHF\)\s+-3\.37 CHF/);
    expect(text).toMatch(/Total crédité\s+-45\.00 CHF/);
    const { pages, qr } = codesOf(bytes, 'credit-note-both');
    expect([pages.length, qr]).toEqual([1, []]);
    // the README's picture of a credit note (GUICHET_SCREENSHOTS=1 rewrites it)
    if (process.env.GUICHET_SCREENSHOTS === '1') {
      writeFileSync(join(dir, 'credit-note.pdf'), bytes);
      execFileSync('pdftoppm', ['-r', '100', '-png', '-singlefile', join(dir, 'credit-note.pdf'), 'docs/screenshots/credit-note']);
    }
  });

  it('before invoicing: the invoice lists VAT and the schedule on what it invoices, not on what was refunded', async () => {
    const t = testTill();
    t.must('sessions.open', { float: [] });
    const order = t.must('sales.checkout', { requestId: ulid(), lines: [...twoTicketsAndAProgramme], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred-3', amountMinor: 9500 }] });
    t.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 4500 }], reason: 'Élève absent' });
    expect(t.must('invoices.list', { contactId: 'c-ecole' })).toEqual([]); // not invoiced: no credit note
    const invoice = t.must('invoices.createForOrder', { orderId: order.id }, 'supervisor');
    expect(invoice.totalMinor).toBe(5000);
    const text = textOf(await pdfOf(t, invoice.id), 'after-refund');
    expect(text).toMatch(/Le Misanthrope[^\n]*\s+1\s+45\.00 CHF\s+8,1 %\s+45\.00 CHF/);
    expect(text).toMatch(/dont TVA 8,1 % \(HT 41\.63 CHF\)\s+3\.37 CHF/);
    expect(text).toMatch(/dont TVA 2,6 % \(HT 4\.87 CHF\)\s+0\.13 CHF/);
    expect(text).not.toContain('autres moyens');
    expect(text).toMatch(/Total facturé \(compte d’attente\)\s+50\.00 CHF/);
    // the refund cancelled the last installments first: what is left falls due on the first two dates
    expect(text).toMatch(/Échéance 1 sur 2 — 24 déc\. 2026\s+31\.67 CHF/);
    expect(text).toMatch(/Échéance 2 sur 2 — 23 janv\. 2027\s+18\.33 CHF/);
    expect(text).toMatch(/Montant à payer\s+50\.00 CHF/);
  });
});
