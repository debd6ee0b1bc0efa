// The receipt-width copy of an invoice handed over at the counter (C6, C10): header,
// "FACTURE N° …" (or the cancellation invoice's or credit note's title), date, billing
// contact, the orders' lines, VAT per rate, total, due date and installments, and the
// payment reference as text (the QR-bills are on the A4 PDF). Read from the invoice's
// archived document, as the PDF is: a copy says what was issued.
import type { InvoiceDocument } from '../../../shared/domain/invoice-document.ts';
import type { VatLine } from '../../../shared/domain/types.ts';
import { formatPaymentReference } from '../../../shared/domain/payment-references.ts';
import { DocumentWriter } from '../escpos/writer.ts';
import type { PrintProfile } from '../escpos/profile.ts';
import { writeHeader, writeVat, type Header } from './receipt.ts';
import { Words, type RenderContext } from './render-context.ts';

export interface InvoiceCopyData {
  header: Header;
  number: string;
  kind: 'invoice' | 'cancellation' | 'credit_note';
  cancelsNumber: string | null;
  issuedAtMs: number;
  billing: { name: string; addressLines: readonly string[] };
  /** Each billed order with all its lines; invoicedMinor is what this invoice asks of it (negative on a cancellation). */
  orders: readonly { number: string; createdAtMs: number; lines: readonly { label: string; quantity: number; totalMinor: number }[]; totalMinor: number; invoicedMinor: number }[];
  vat: readonly VatLine[];
  /** Signed: a cancellation invoice's total is negative. */
  totalMinor: number;
  /** The earliest due date, "YYYY-MM-DD". */
  dueDate: string;
  /** What is asked per due date (an installment, or a deferred payment due at once); sums to the total. */
  installments: readonly { seq: number; count: number; dueDate: string; amountMinor: number }[];
  reference: string;
  /** The account to pay to, when invoicing is configured. */
  iban: string;
}

/** The words that change with what the document is. */
const wordsOf = {
  invoice: { title: 'invoiceTitle', cancels: 'cancels', part: 'invoiced', total: 'invoiceTotal', footer: 'invoiceFooter' },
  cancellation: { title: 'cancellationTitle', cancels: 'cancels', part: 'cancelledPart', total: 'cancellationTotal', footer: 'cancellationFooter' },
  credit_note: { title: 'creditNoteTitle', cancels: 'credits', part: 'cancelledPart', total: 'creditNoteTotal', footer: 'creditNoteFooter' },
} as const;

export function renderInvoiceCopy(data: InvoiceCopyData, profile: PrintProfile, ctx: RenderContext, copyNumber: number): Uint8Array {
  const w = new DocumentWriter(profile);
  const words = new Words(ctx);
  const isInvoice = data.kind === 'invoice';
  const kindWords = wordsOf[data.kind];
  writeHeader(w, words, data.header, copyNumber);
  const title = words.t(kindWords.title);
  const numbered = words.t('numbered', { number: data.number });
  // on one line where it fits (80 mm), else the number under the title (58 mm)
  for (const line of title.length + 1 + numbered.length <= w.columns ? [`${title} ${numbered}`] : [title, numbered]) w.line(line, { align: 'center', bold: true, tall: true });
  w.line(words.t('receiptCopy'), { align: 'center' });
  w.pair(words.t('issuedOn'), words.dateTime(data.issuedAtMs));
  if (data.cancelsNumber) w.pair(words.t(kindWords.cancels), data.cancelsNumber);
  w.blank();
  w.line(words.t('billedTo'), { bold: true });
  w.paragraph(data.billing.name);
  for (const line of data.billing.addressLines) w.paragraph(line);
  for (const order of data.orders) {
    w.rule();
    w.pair(`${words.t('order')} ${order.number}`, words.date(order.createdAtMs), { bold: true });
    for (const l of order.lines) w.pair(`${l.quantity} x ${l.label}`, words.money(l.totalMinor));
    if (order.invoicedMinor !== order.totalMinor) {
      w.pair(`  ${words.t('orderTotal')}`, words.money(order.totalMinor));
      w.pair(`  ${words.t(kindWords.part)}`, words.money(order.invoicedMinor));
    }
  }
  w.rule();
  w.pair(words.t(kindWords.total), words.money(data.totalMinor), { bold: true });
  writeVat(w, words, data.vat);
  w.rule();
  if (isInvoice) writePayment(w, words, data);
  w.blank();
  w.paragraph(words.t(kindWords.footer), 'center');
  w.cut();
  return w.bytes();
}

/** When and how to pay: due date or installments, then the reference a bank payment must carry. */
function writePayment(w: DocumentWriter, words: Words, data: InvoiceCopyData): void {
  if (data.installments.length > 1) {
    w.line(words.t('schedule'), { bold: true });
    for (const s of data.installments) {
      const date = words.localDateTime(s.dueDate);
      w.pair(s.count > 1 ? words.t('installment', { seq: s.seq, count: s.count, date }) : `${words.t('dueDate')} ${date}`, words.money(s.amountMinor));
    }
  } else {
    w.pair(words.t('dueDate'), words.localDateTime(data.dueDate), { bold: true });
  }
  w.blank();
  w.line(words.t('paymentReference'), { bold: true });
  w.line(formatPaymentReference(data.reference));
  if (data.iban) w.line(`IBAN ${data.iban}`);
}

/**
 * An archived invoice document as its receipt copy: the seller as it was issued (the till
 * that prints names itself), the lines and VAT as issued, and what was asked per due date.
 */
export function invoiceCopyOf(document: InvoiceDocument, tillName: string): InvoiceCopyData {
  const { seller, billing } = document;
  return {
    header: { institutionName: seller.name, addressLines: seller.addressLines, vatNumber: seller.vatNumber, tillName },
    number: document.number,
    kind: document.kind,
    cancelsNumber: document.cancels?.number ?? null,
    issuedAtMs: document.issuedAtMs,
    billing: {
      name: billing.name,
      addressLines: [`${billing.street} ${billing.buildingNumber}`.trim(), `${billing.postcode} ${billing.city}`.trim()].filter((l) => l !== ''),
    },
    orders: document.orders.map((o) => ({
      number: o.number,
      createdAtMs: o.createdAtMs,
      lines: o.lines.map((l) => ({ label: l.label, quantity: l.quantity, totalMinor: l.totalMinor })),
      totalMinor: o.lines.reduce((a, l) => a + l.totalMinor, 0),
      invoicedMinor: o.invoicedMinor,
    })),
    vat: document.vat,
    totalMinor: document.totalMinor,
    dueDate: document.installments[0]?.dueDate ?? document.issuedOn,
    installments: document.installments.map((i) => ({ seq: i.n, count: i.count, dueDate: i.dueDate, amountMinor: i.amountMinor })),
    reference: document.reference,
    iban: seller.iban,
  };
}
