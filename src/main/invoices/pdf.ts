// An invoice as an A4 PDF (C6): the seller, the billing contact, each order's lines with
// VAT, the amount asked on account and its installments, and the payment slip — a Swiss
// QR-bill (swissqrbill) in CHF or an EPC QR code in EUR — carrying the invoice's reference.
import PDFDocument from 'pdfkit';
import { SwissQRBill } from 'swissqrbill/pdf';
import bwipjs from 'bwip-js/node';
import { assert } from '../../shared/assert.ts';
import { epcPayload } from '../../shared/domain/payment-references.ts';
import { formatMoney, normaliseSpaces, toDecimalString } from '../../shared/money/format.ts';
import type { CurrencyCode } from '../../shared/money/currency.ts';
import { resolveFontPaths } from '../reports/export/fonts.ts';
import { invoiceLabels, type InvoiceLabels } from './labels.ts';

export interface InvoiceDocument {
  language: 'fr' | 'en';
  locale: string;
  currency: CurrencyCode;
  seller: { name: string; addressLines: readonly string[]; vatNumber: string; street: string; buildingNumber: string; postcode: string; city: string; country: string; iban: string; bic: string };
  billing: { name: string; street: string; buildingNumber: string; postcode: string; city: string; country: string };
  invoice: { number: string; kind: 'invoice' | 'cancellation'; cancelsNumber: string | null; issuedOn: string; dueDate: string; reference: string; totalMinor: number; dueMinor: number };
  orders: { number: string; date: string; lines: { label: string; detail: string; quantity: number; unitMinor: number; totalMinor: number; vatRateBp: number }[]; totalMinor: number; invoicedMinor: number }[];
  vat: { rateBp: number; netMinor: number; vatMinor: number; grossMinor: number }[];
  installments: { label: string; dueDate: string; amountMinor: number }[];
  createdAtMs: number;
}

const margin = 50;
const pageWidth = 595.28;

/** Draws the invoice and returns its bytes, synchronously (pdfkit's buffer drained after end). */
export function invoicePdf(doc: InvoiceDocument): Buffer {
  const fonts = resolveFontPaths();
  const pdf = new PDFDocument({ size: 'A4', margin, font: fonts.regular, info: { Title: doc.invoice.number, Author: doc.seller.name, Creator: 'Guichet', CreationDate: new Date(doc.createdAtMs) } });
  // swissqrbill draws with "Helvetica": the same name registered with DejaVu keeps every glyph embedded
  pdf.registerFont('Helvetica', fonts.regular);
  pdf.registerFont('Helvetica-Bold', fonts.bold);
  pdf.registerFont('Body', fonts.regular);
  pdf.registerFont('Bold', fonts.bold);
  const labels = invoiceLabels[doc.language];
  const money = (minor: number) => normaliseSpaces(formatMoney(minor, doc.currency, doc.locale));
  header(pdf, doc, labels);
  body(pdf, doc, labels, money);
  paymentSlip(pdf, doc, labels);
  pdf.end();
  const chunks: Buffer[] = [];
  for (let chunk = pdf.read() as Buffer | null; chunk !== null; chunk = pdf.read() as Buffer | null) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function header(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, labels: InvoiceLabels): void {
  pdf.font('Bold').fontSize(14).text(doc.seller.name, margin, margin);
  pdf.font('Body').fontSize(9);
  for (const line of doc.seller.addressLines) pdf.text(line);
  if (doc.seller.vatNumber) pdf.text(`${labels.vatNumber} ${doc.seller.vatNumber}`);
  // the billing contact where a window envelope shows it
  pdf.font('Bold').fontSize(10).text(doc.billing.name, 330, 140, { width: 215 });
  pdf.font('Body').fontSize(10).text(`${doc.billing.street} ${doc.billing.buildingNumber}`.trim(), { width: 215 });
  pdf.text(`${doc.billing.country}-${doc.billing.postcode} ${doc.billing.city}`.trim(), { width: 215 });
  const title = doc.invoice.kind === 'invoice' ? labels.invoice : labels.cancellation;
  pdf.font('Bold').fontSize(16).text(`${title} ${doc.invoice.number}`, margin, 230);
  pdf.font('Body').fontSize(9);
  const facts = [
    [labels.issuedOn, doc.invoice.issuedOn],
    [labels.dueDate, doc.invoice.dueDate],
    [labels.reference, doc.invoice.reference],
    ...(doc.invoice.cancelsNumber ? [[labels.cancels, doc.invoice.cancelsNumber]] : []),
  ];
  for (const [label, value] of facts) pdf.text(`${label} : ${value}`);
  pdf.moveDown();
}

function row(pdf: PDFKit.PDFDocument, cells: readonly string[], widths: readonly number[], aligns: readonly ('left' | 'right')[], font = 'Body'): void {
  const y = pdf.y;
  let x = margin;
  let height = 0;
  cells.forEach((cell, i) => {
    pdf.font(font).fontSize(9);
    height = Math.max(height, pdf.heightOfString(cell, { width: widths[i]! - 4 }));
    pdf.text(cell, x, y, { width: widths[i]! - 4, align: aligns[i] });
    x += widths[i]!;
  });
  pdf.x = margin;
  pdf.y = y + height + 3;
  if (pdf.y > 700) pdf.addPage();
}

function body(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, labels: InvoiceLabels, money: (minor: number) => string): void {
  const widths = [225, 40, 80, 50, 100];
  const aligns = ['left', 'right', 'right', 'right', 'right'] as const;
  row(pdf, [labels.line, labels.quantity, labels.unit, labels.vat, labels.total], widths, aligns, 'Bold');
  for (const order of doc.orders) {
    row(pdf, [`${labels.order} ${order.number} — ${order.date}`, '', '', '', ''], widths, aligns, 'Bold');
    for (const l of order.lines) {
      row(pdf, [l.detail ? `${l.label}\n${l.detail}` : l.label, String(l.quantity), money(l.unitMinor), `${(l.vatRateBp / 100).toLocaleString(doc.locale)} %`, money(l.totalMinor)], widths, aligns);
    }
    if (order.invoicedMinor !== order.totalMinor) {
      row(pdf, [labels.paidOtherwise, '', '', '', money(order.invoicedMinor - order.totalMinor)], widths, aligns);
    }
  }
  pdf.moveDown(0.5);
  for (const v of doc.vat) row(pdf, [`${labels.vatAt} ${(v.rateBp / 100).toLocaleString(doc.locale)} % (${labels.net} ${money(v.netMinor)})`, '', '', '', money(v.vatMinor)], widths, aligns);
  row(pdf, [doc.invoice.kind === 'invoice' ? labels.totalInvoiced : labels.totalCancelled, '', '', '', money(doc.invoice.totalMinor)], widths, aligns, 'Bold');
  if (doc.invoice.kind === 'invoice') row(pdf, [labels.amountDue, '', '', '', money(doc.invoice.dueMinor)], widths, aligns, 'Bold');
  if (doc.installments.length > 1) {
    pdf.moveDown(0.5);
    row(pdf, [labels.installments, '', '', '', ''], widths, aligns, 'Bold');
    for (const i of doc.installments) row(pdf, [`${i.label} — ${i.dueDate}`, '', '', '', money(i.amountMinor)], widths, aligns);
  }
  pdf.moveDown();
  pdf.font('Body').fontSize(9).text(doc.invoice.kind === 'invoice' ? labels.terms.replace('{{due}}', doc.invoice.dueDate) : labels.doNotPay.replace('{{number}}', doc.invoice.cancelsNumber ?? ''), margin, pdf.y, { width: pageWidth - 2 * margin });
}

/** The QR-bill (CHF) or the EPC QR code (EUR) for what is due; nothing on a cancellation. */
function paymentSlip(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, labels: InvoiceLabels): void {
  if (doc.invoice.kind !== 'invoice' || doc.invoice.dueMinor <= 0) return;
  if (doc.currency === 'CHF') {
    const bill = new SwissQRBill(
      {
        currency: 'CHF',
        // swissqrbill takes francs as a number: the exact decimal text, read once
        amount: Number(toDecimalString(doc.invoice.dueMinor, 'CHF')),
        reference: doc.invoice.reference,
        message: `${labels.invoice} ${doc.invoice.number}`,
        creditor: { name: doc.seller.name, address: doc.seller.street, buildingNumber: doc.seller.buildingNumber, zip: doc.seller.postcode, city: doc.seller.city, country: doc.seller.country, account: doc.seller.iban.replace(/\s/g, '') },
        debtor: { name: doc.billing.name, address: doc.billing.street, buildingNumber: doc.billing.buildingNumber, zip: doc.billing.postcode, city: doc.billing.city, country: doc.billing.country },
      },
      { language: doc.language === 'fr' ? 'FR' : 'EN', scissors: true },
    );
    if (!SwissQRBill.isSpaceSufficient(pdf)) pdf.addPage();
    bill.attachTo(pdf);
    return;
  }
  const payload = epcPayload({ bic: doc.seller.bic, name: doc.seller.name, iban: doc.seller.iban, amountMinor: doc.invoice.dueMinor, reference: doc.invoice.reference });
  if (pdf.y > 620) pdf.addPage();
  pdf.moveDown();
  const y = pdf.y;
  drawQr(pdf, payload, margin, y, 130);
  pdf.font('Bold').fontSize(10).text(labels.payByTransfer, margin + 145, y);
  pdf.font('Body').fontSize(9).text(`IBAN ${doc.seller.iban}`).text(`BIC ${doc.seller.bic}`).text(`${labels.reference} : ${doc.invoice.reference}`);
}

/** A QR code drawn as vector squares from bwip-js's module matrix (synchronous, sharp at any zoom). */
function drawQr(pdf: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const [matrix] = bwipjs.raw({ bcid: 'qrcode', text, eclevel: 'M' } as never) as { pixs: number[]; pixx: number; pixy: number }[];
  assert(matrix && matrix.pixx === matrix.pixy, 'a square QR matrix');
  const quiet = 4; // modules of white around, as the standard asks
  const module = size / (matrix.pixx + 2 * quiet);
  pdf.save().rect(x, y, size, size).fill('#ffffff').fillColor('#000000');
  for (let r = 0; r < matrix.pixy; r += 1) {
    for (let c = 0; c < matrix.pixx; c += 1) {
      if (matrix.pixs[r * matrix.pixx + c]) pdf.rect(x + (quiet + c) * module, y + (quiet + r) * module, module, module);
    }
  }
  pdf.fill().restore();
}
