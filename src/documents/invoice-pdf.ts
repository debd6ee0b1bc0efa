// An issued invoice or credit note as an A4 PDF (C6), drawn from its frozen document
// (shared/domain/invoice-document.ts) and nothing else, so that a reprint is the same file:
// the seller, the billing contact, each order's lines with VAT, the totals, and on an
// invoice its schedule and one payment slip per installment — a Swiss QR-bill (swissqrbill)
// in CHF or an EPC QR code in EUR, each with the installment's own reference. A credit note
// has negative lines and VAT, names the invoice it cancels or credits, and has no due
// date, schedule or slip. Drawn by the till and by the ledger server (the web shop's PDF)
// alike: src/documents takes shared data in and gives bytes out, with no database.
import { lineDetailShown } from '../shared/domain/line-detail.ts';
import PDFDocument from 'pdfkit';
import { SwissQRBill } from 'swissqrbill/pdf';
import bwipjs from 'bwip-js/node';
import { assert, assertNever } from '../shared/assert.ts';
import type { DocumentInstallment, DocumentOrder, InvoiceDocument } from '../shared/domain/invoice-document.ts';
import { interpolate } from '../shared/i18n/messages.ts';
import { epcPayload, formatPaymentReference } from '../shared/domain/payment-references.ts';
import { formatMoney, localeFor, normaliseSpaces, toDecimalString } from '../shared/money/format.ts';
import { resolveFontPaths } from './fonts.ts';
import { invoiceLabels, type InvoiceLabels } from './invoice-labels.ts';

const margin = 50;
const pageWidth = 595.28;

/** How the PDF says things in one language: words, money, days and instants where the institution is. */
interface Voice {
  language: 'fr' | 'en';
  labels: InvoiceLabels;
  locale: string;
  money: (minor: number) => string;
  /** A calendar day ("YYYY-MM-DD"). */
  day: (isoDay: string) => string;
  /** An instant, as the day it was where the institution is. */
  date: (atMs: number) => string;
  /** A performance's local start ("2026-12-08T20:00"), its day and time as they are written there. */
  startsAt: (isoLocal: string) => string;
  percent: (rateBp: number) => string;
}

function voiceOf(doc: InvoiceDocument, language: 'fr' | 'en'): Voice {
  const locale = localeFor(language, doc.seller.country);
  const days = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: doc.timeZone });
  const starts = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  // a rate in basis points as a percentage: 810 → "8.1" (fr-CH) — a display, not an amount
  const percent = (rateBp: number) => `${(rateBp / 100).toLocaleString(locale)} %`;
  return {
    language,
    labels: invoiceLabels[language],
    locale,
    money: (minor) => normaliseSpaces(formatMoney(minor, doc.currency, locale)),
    day: (isoDay) => days.format(Date.parse(`${isoDay}T00:00:00Z`)),
    date: (atMs) => dates.format(atMs),
    // the wall-clock time read as UTC and formatted in UTC: the venue's time, whatever this computer's zone
    startsAt: (isoLocal) => starts.format(Date.parse(`${isoLocal}:00Z`)),
    percent,
  };
}

/**
 * Draws the document and returns its bytes, synchronously (pdfkit's buffer drained after
 * end). The same document in the same language gives the same bytes: the file's dates and
 * id are the issue's, not the printing's.
 */
export function invoicePdf(doc: InvoiceDocument, language: 'fr' | 'en'): Buffer {
  const fonts = resolveFontPaths();
  const issuedAt = new Date(doc.issuedAtMs);
  const pdf = new PDFDocument({ size: 'A4', margin, font: fonts.regular, info: { Title: doc.number, Author: doc.seller.name, Creator: 'Guichet', Producer: 'Guichet', CreationDate: issuedAt, ModDate: issuedAt } });
  // swissqrbill draws with "Helvetica": the same name registered with DejaVu keeps every glyph embedded
  pdf.registerFont('Helvetica', fonts.regular);
  pdf.registerFont('Helvetica-Bold', fonts.bold);
  pdf.registerFont('Body', fonts.regular);
  pdf.registerFont('Bold', fonts.bold);
  const voice = voiceOf(doc, language);
  header(pdf, doc, voice);
  body(pdf, doc, voice);
  if (doc.kind === 'invoice') paymentSlips(pdf, doc, voice);
  pdf.end();
  const chunks: Buffer[] = [];
  for (let chunk = pdf.read() as Buffer | null; chunk !== null; chunk = pdf.read() as Buffer | null) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function titleOf(doc: InvoiceDocument, labels: InvoiceLabels): string {
  switch (doc.kind) {
    case 'invoice':
      return labels.invoice;
    case 'cancellation':
      return labels.cancellation;
    case 'credit_note':
      return labels.creditNote;
    default:
      return assertNever(doc.kind);
  }
}

function header(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, voice: Voice): void {
  const { labels } = voice;
  pdf.font('Bold').fontSize(14).text(doc.seller.name, margin, margin);
  pdf.font('Body').fontSize(9);
  for (const line of doc.seller.addressLines) pdf.text(line);
  if (doc.seller.vatNumber) pdf.text(`${labels.vatNumber} ${doc.seller.vatNumber}`);
  // the billing contact where a window envelope shows it
  pdf.font('Bold').fontSize(10).text(doc.billing.name, 330, 140, { width: 215 });
  pdf.font('Body').fontSize(10).text(`${doc.billing.street} ${doc.billing.buildingNumber}`.trim(), { width: 215 });
  pdf.text(`${doc.billing.country}-${doc.billing.postcode} ${doc.billing.city}`.trim(), { width: 215 });
  pdf.font('Bold').fontSize(16).text(`${titleOf(doc, labels)} ${doc.number}`, margin, 230);
  pdf.font('Body').fontSize(9);
  const facts: [string, string][] = [[labels.issuedOn, voice.day(doc.issuedOn)]];
  const [first, last] = [doc.installments[0], doc.installments[doc.installments.length - 1]];
  if (doc.kind === 'invoice' && first && last) {
    facts.push(doc.installments.length === 1 ? [labels.dueDate, voice.day(first.dueDate)] : [labels.dueDates, interpolate(labels.dueDatesValue, { count: String(doc.installments.length), first: voice.day(first.dueDate), last: voice.day(last.dueDate) })]);
  }
  if (doc.kind === 'invoice') facts.push([labels.reference, formatPaymentReference(doc.reference)]);
  if (doc.cancels) facts.push([doc.kind === 'cancellation' ? labels.cancels : labels.credits, interpolate(labels.ofDate, { number: doc.cancels.number, date: voice.date(doc.cancels.issuedAtMs) })]);
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

/** What other methods account for on an order, said for what the document is. */
function otherLabel(doc: InvoiceDocument, order: DocumentOrder, labels: InvoiceLabels): string {
  switch (doc.kind) {
    case 'invoice':
    case 'credit_note':
      return order.otherMinor < 0 ? labels.paidOtherwise : labels.refundedOtherwise;
    case 'cancellation':
      // the cancelled invoice's own "paid by other means", which the cancellation leaves as it was
      return order.otherMinor > 0 ? labels.paidOtherwiseKept : labels.refundedOtherwiseKept;
    default:
      return assertNever(doc.kind);
  }
}

function totalLabel(doc: InvoiceDocument, labels: InvoiceLabels): string {
  switch (doc.kind) {
    case 'invoice':
      return labels.totalInvoiced;
    case 'cancellation':
      return labels.totalCancelled;
    case 'credit_note':
      return labels.totalCredited;
    default:
      return assertNever(doc.kind);
  }
}

function termsOf(doc: InvoiceDocument, voice: Voice): string {
  const { labels } = voice;
  switch (doc.kind) {
    case 'invoice':
      if (doc.installments.length === 0) return labels.termsPaid;
      return doc.installments.length === 1 ? interpolate(labels.terms, { due: voice.day(doc.installments[0]!.dueDate) }) : labels.termsSchedule;
    case 'cancellation':
      return interpolate(labels.doNotPay, { number: doc.cancels?.number ?? '' });
    case 'credit_note':
      return interpolate(labels.creditNoteTerms, { number: doc.cancels?.number ?? '' });
    default:
      return assertNever(doc.kind);
  }
}

function body(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, voice: Voice): void {
  const { labels, money } = voice;
  const widths = [225, 40, 80, 50, 100];
  const aligns = ['left', 'right', 'right', 'right', 'right'] as const;
  const line = (label: string, amount: string, font = 'Body') => row(pdf, [label, '', '', '', amount], widths, aligns, font);
  row(pdf, [labels.line, labels.quantity, labels.unit, labels.vat, labels.total], widths, aligns, 'Bold');
  for (const order of doc.orders) {
    line(`${labels.order} ${order.number} — ${voice.date(order.createdAtMs)}`, '', 'Bold');
    for (const l of order.lines) {
      // a ticket line's performance in the invoice's language (issue 17), as the sale stored it otherwise
      row(pdf, [l.detail ? `${l.label}\n${lineDetailShown(l.detail, voice.startsAt)}` : l.label, String(l.quantity), money(l.unitMinor), voice.percent(l.vatRateBp), money(l.totalMinor)], widths, aligns);
    }
    if (order.otherMinor !== 0) line(otherLabel(doc, order, labels), money(order.otherMinor));
  }
  pdf.moveDown(0.5);
  for (const v of doc.vat) line(`${labels.vatAt} ${voice.percent(v.rateBp)} (${labels.net} ${money(v.netMinor)})`, money(v.vatMinor));
  line(totalLabel(doc, labels), money(doc.totalMinor), 'Bold');
  if (doc.kind === 'invoice') {
    if (doc.paidMinor !== 0) line(labels.alreadyPaid, money(-doc.paidMinor));
    line(labels.amountDue, money(doc.dueMinor), 'Bold');
  }
  if (doc.installments.length > 1) {
    pdf.moveDown(0.5);
    line(labels.installments, '', 'Bold');
    for (const i of doc.installments) line(`${installmentName(i, labels)} — ${voice.day(i.dueDate)}`, money(i.amountMinor));
  }
  pdf.moveDown();
  pdf.font('Body').fontSize(9).text(termsOf(doc, voice), margin, pdf.y, { width: pageWidth - 2 * margin });
  if (doc.isRebuilt) pdf.moveDown(0.5).font('Body').fontSize(8).text(labels.rebuilt, margin, pdf.y, { width: pageWidth - 2 * margin });
}

function installmentName(i: DocumentInstallment, labels: InvoiceLabels): string {
  return interpolate(labels.installment, { n: String(i.n), count: String(i.count) });
}

/**
 * One payment slip per installment. A single one goes under the invoice when it fits; with
 * several, each has its own page, headed with the invoice, the installment and its due date.
 */
function paymentSlips(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, voice: Voice): void {
  const isSingle = doc.installments.length === 1;
  for (const installment of doc.installments) {
    if (!isSingle) {
      pdf.addPage();
      pdf.font('Bold').fontSize(14).text(`${voice.labels.invoice} ${doc.number} — ${installmentName(installment, voice.labels)}`, margin, margin);
      pdf.font('Body').fontSize(10).text(`${interpolate(voice.labels.slipDue, { due: voice.day(installment.dueDate) })} : ${voice.money(installment.amountMinor)}`);
      pdf.text(`${voice.labels.reference} : ${formatPaymentReference(installment.reference)}`);
      pdf.moveDown();
    }
    if (doc.currency === 'CHF') qrBill(pdf, doc, installment, voice, isSingle);
    else epcSlip(pdf, doc, installment, voice);
  }
}

function qrBill(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, installment: DocumentInstallment, voice: Voice, isSingle: boolean): void {
  const { labels } = voice;
  const message = isSingle
    ? `${labels.invoice} ${doc.number}`
    : interpolate(labels.slipMessage, { number: doc.number, n: String(installment.n), count: String(installment.count), due: voice.day(installment.dueDate) });
  const bill = new SwissQRBill(
    {
      currency: 'CHF',
      // swissqrbill takes francs as a number: the exact decimal text, read once
      amount: Number(toDecimalString(installment.amountMinor, 'CHF')),
      reference: installment.reference,
      message,
      creditor: { name: doc.seller.name, address: doc.seller.street, buildingNumber: doc.seller.buildingNumber, zip: doc.seller.postcode, city: doc.seller.city, country: doc.seller.country, account: doc.seller.iban.replace(/\s/g, '') },
      debtor: { name: doc.billing.name, address: doc.billing.street, buildingNumber: doc.billing.buildingNumber, zip: doc.billing.postcode, city: doc.billing.city, country: doc.billing.country },
    },
    { language: voice.language === 'fr' ? 'FR' : 'EN', scissors: true },
  );
  if (!SwissQRBill.isSpaceSufficient(pdf)) pdf.addPage();
  bill.attachTo(pdf);
}

function epcSlip(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, installment: DocumentInstallment, voice: Voice): void {
  const payload = epcPayload({ bic: doc.seller.bic, name: doc.seller.name, iban: doc.seller.iban, amountMinor: installment.amountMinor, reference: installment.reference });
  if (pdf.y > 620) pdf.addPage();
  pdf.moveDown();
  const y = pdf.y;
  drawQr(pdf, payload, margin, y, 130);
  pdf.font('Bold').fontSize(10).text(voice.labels.payByTransfer, margin + 145, y);
  pdf.font('Body').fontSize(9).text(`IBAN ${doc.seller.iban}`).text(`BIC ${doc.seller.bic}`).text(`${voice.labels.reference} : ${formatPaymentReference(installment.reference)}`).text(`${voice.labels.amount} : ${voice.money(installment.amountMinor)}`);
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
