// The receipt of a sale and the receipt of a refund: institution header, lines, VAT per
// rate, payments with change, credit balance used and left, installments, footer.
import { lineDetailShown } from '../../../shared/domain/line-detail.ts';
import type { VatLine } from '../../../shared/domain/types.ts';
import { DocumentWriter, unbreakable } from '../escpos/writer.ts';
import type { PrintProfile } from '../escpos/profile.ts';
import { Words, type RenderContext } from './render-context.ts';
import { writeJournalHead, type JournalHeadRef } from './journal-head.ts';

export interface Header {
  institutionName: string;
  addressLines: readonly string[];
  vatNumber: string;
  tillName: string;
}

export interface ReceiptData {
  header: Header;
  orderNumber: string;
  createdAtMs: number;
  userName: string;
  buyerName: string | null;
  lines: readonly { label: string; detail: string; quantity: number; unitPriceMinor: number; totalMinor: number }[];
  vat: readonly VatLine[];
  totalMinor: number;
  payments: readonly { methodName: string; isCash: boolean; amountMinor: number; tenderedMinor: number; changeMinor: number; toCreditMinor: number; reference: string }[];
  changeMinor: number;
  roundingMinor: number;
  credit: { usedMinor: number; leftMinor: number } | null;
  vouchers: readonly { code: string; valueMinor: number }[];
  schedule: readonly { seq: number; count: number; dueDate: string; amountMinor: number }[];
  /** The sale's journal entry, printed for the auditor (none on a sample). */
  journalHead?: JournalHeadRef | null;
}

export interface RefundReceiptData {
  header: Header;
  orderNumber: string;
  createdAtMs: number;
  userName: string;
  reason: string;
  lines: readonly { label: string; quantity: number; amountMinor: number }[];
  totalMinor: number;
  payments: readonly { methodName: string; amountMinor: number }[];
  credit: { leftMinor: number } | null;
  /** The refund's journal entry, printed for the auditor. */
  journalHead?: JournalHeadRef | null;
}

export function writeHeader(w: DocumentWriter, words: Words, header: Header, copyNumber: number): void {
  w.line(header.institutionName, { align: 'center', bold: true, tall: true });
  for (const line of header.addressLines) w.line(line, { align: 'center' });
  if (header.vatNumber) w.line(words.t('vatNumber', { number: header.vatNumber }), { align: 'center' });
  if (copyNumber > 0) writeDuplicate(w, words, copyNumber);
  w.blank();
}

/** A reprint says so at its top, with its number, in reverse-size letters no one misses. */
export function writeDuplicate(w: DocumentWriter, words: Words, copyNumber: number): void {
  w.blank();
  w.line(words.t('duplicate', { number: copyNumber }), { align: 'center', bold: true, tall: true });
}

export function writeVat(w: DocumentWriter, words: Words, vat: readonly VatLine[]): void {
  // the rate and the base are held together: a wrap never splits "1 234.50 CHF"
  for (const v of vat) w.pair(words.t('vatRow', { rate: unbreakable(words.rate(v.rateBp)), gross: unbreakable(words.money(v.grossMinor)) }), words.money(v.vatMinor));
}

export function renderReceipt(data: ReceiptData, profile: PrintProfile, ctx: RenderContext, copyNumber: number): Uint8Array {
  const w = new DocumentWriter(profile);
  const words = new Words(ctx);
  writeHeader(w, words, data.header, copyNumber);
  w.pair(`${words.t('receipt')} ${data.orderNumber}`, words.dateTime(data.createdAtMs), { bold: true });
  w.pair(`${words.t('till')} ${data.header.tillName}`, data.userName);
  if (data.buyerName) w.line(`${words.t('buyer')} : ${data.buyerName}`);
  w.rule();
  for (const l of data.lines) {
    w.pair(l.label, words.money(l.totalMinor));
    // a ticket line's start in the receipt's language, as the screens show it (issue 17)
    if (l.detail) w.line(`  ${lineDetailShown(l.detail, (startsAt) => words.localDateTime(startsAt))}`);
    if (l.quantity > 1) w.line(`  ${l.quantity} x ${unbreakable(words.money(l.unitPriceMinor))}`);
  }
  w.rule();
  w.pair(words.t('total'), words.money(data.totalMinor), { bold: true });
  writeVat(w, words, data.vat);
  w.rule();
  writePayments(w, words, data);
  writeAccounts(w, words, data);
  w.blank();
  w.line(words.t('thanks'), { align: 'center' });
  writeJournalHead(w, words, data.journalHead);
  w.cut();
  return w.bytes();
}

function writePayments(w: DocumentWriter, words: Words, data: ReceiptData): void {
  for (const p of data.payments) {
    w.pair(p.reference ? `${p.methodName} (${p.reference})` : p.methodName, words.money(p.amountMinor));
    if (p.isCash && p.tenderedMinor !== p.amountMinor) w.pair(`  ${words.t('tendered')}`, words.money(p.tenderedMinor));
    if (p.toCreditMinor > 0) w.pair(`  ${words.t('toCredit')}`, words.money(p.toCreditMinor));
  }
  if (data.roundingMinor !== 0) w.pair(words.t('rounding'), words.money(-data.roundingMinor));
  if (data.changeMinor > 0) w.pair(words.t('change'), words.money(data.changeMinor), { bold: true });
}

function writeAccounts(w: DocumentWriter, words: Words, data: ReceiptData): void {
  if (data.credit) {
    w.rule();
    if (data.credit.usedMinor > 0) w.pair(words.t('creditUsed'), words.money(data.credit.usedMinor));
    w.pair(words.t('creditLeft'), words.money(data.credit.leftMinor));
  }
  if (data.vouchers.length > 0) {
    w.rule();
    w.line(words.t('vouchers'), { bold: true });
    for (const v of data.vouchers) w.pair(v.code, words.money(v.valueMinor));
  }
  if (data.schedule.length > 0) {
    w.rule();
    w.line(words.t('schedule'), { bold: true });
    for (const s of data.schedule) w.pair(words.t('installment', { seq: s.seq, count: s.count, date: words.localDateTime(s.dueDate) }), words.money(s.amountMinor));
  }
}

export function renderRefundReceipt(data: RefundReceiptData, profile: PrintProfile, ctx: RenderContext, copyNumber: number): Uint8Array {
  const w = new DocumentWriter(profile);
  const words = new Words(ctx);
  writeHeader(w, words, data.header, copyNumber);
  w.line(words.t('refundReceipt').toUpperCase(), { align: 'center', bold: true, tall: true });
  w.pair(`${words.t('order')} ${data.orderNumber}`, words.dateTime(data.createdAtMs), { bold: true });
  w.pair(`${words.t('till')} ${data.header.tillName}`, data.userName);
  w.paragraph(`${words.t('reason')} : ${data.reason}`);
  w.rule();
  for (const l of data.lines) w.pair(l.quantity > 1 ? `${l.quantity} x ${l.label}` : l.label, words.money(-l.amountMinor));
  w.rule();
  w.pair(words.t('total'), words.money(-data.totalMinor), { bold: true });
  for (const p of data.payments) w.pair(`${words.t('refunded')} : ${p.methodName}`, words.money(p.amountMinor));
  if (data.credit) w.pair(words.t('creditLeft'), words.money(data.credit.leftMinor));
  w.blank();
  w.line(words.t('signature'));
  w.blank(2);
  writeJournalHead(w, words, data.journalHead);
  w.cut();
  return w.bytes();
}
