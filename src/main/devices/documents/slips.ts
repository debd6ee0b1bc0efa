// Slips: the X and Z reports of a till session as printed, and the slip of a cash
// movement (pay-in, pay-out, credit balance deposit or pay-out) with a signature line.
import type { TillReport } from '../../../shared/domain/types.ts';
import { DocumentWriter } from '../escpos/writer.ts';
import type { PrintProfile } from '../escpos/profile.ts';
import { writeHeader, writeVat, type Header } from './receipt.ts';
import { Words, type RenderContext } from './render-context.ts';

export function renderTillReport(report: TillReport, header: Header, profile: PrintProfile, ctx: RenderContext, copyNumber: number): Uint8Array {
  const w = new DocumentWriter(profile);
  const words = new Words(ctx);
  writeHeader(w, words, header, copyNumber);
  w.line(report.kind === 'Z' ? words.t('zReport', { number: report.number }) : words.t('xReport'), { align: 'center', bold: true, tall: true });
  w.pair(`${words.t('till')} ${report.tillName}`, words.t('session', { number: report.sessionNumber }));
  w.pair(words.t('opened'), `${words.dateTime(report.openedAtMs)} ${report.openedBy}`);
  if (report.closedAtMs !== null) w.pair(words.t('closed'), `${words.dateTime(report.closedAtMs)} ${report.closedBy ?? ''}`);
  w.rule();
  w.pair(words.t('sales', { count: report.salesCount }), words.money(report.salesGrossMinor));
  w.pair(words.t('refunds', { count: report.refundsCount }), words.money(report.refundsGrossMinor));
  w.pair(words.t('netSales'), words.money(report.netSalesMinor), { bold: true });
  w.pair(words.t('ticketsSold'), String(report.ticketsSold - report.ticketsRefunded));
  writeVat(w, words, report.vat);
  if (report.roundingMinor !== 0) w.pair(words.t('rounding'), words.money(report.roundingMinor));
  for (const m of report.methods) writeMethod(w, words, m);
  if (report.totalVarianceMinor !== null) w.pair(words.t('totalVariance'), words.money(report.totalVarianceMinor), { bold: true });
  w.rule('=');
  w.pair(words.t('grandTotal'), words.money(report.grandTotals.perpetualMinor));
  w.pair(words.t('grandTotalAbsolute'), words.money(report.grandTotals.perpetualAbsoluteMinor));
  w.line(words.dateTime(report.generatedAtMs), { align: 'right' });
  w.cut();
  return w.bytes();
}

function writeMethod(w: DocumentWriter, words: Words, m: TillReport['methods'][number]): void {
  w.rule();
  w.line(m.name, { bold: true });
  const rows: [string, number][] = [
    [words.t('float'), m.floatMinor],
    [words.t('salesAmount'), m.salesMinor],
    [words.t('refundsAmount'), m.refundsMinor],
    [words.t('paidIn'), m.paidInMinor],
    [words.t('paidOut'), m.paidOutMinor],
    [words.t('accounts'), m.accountsMinor],
  ];
  for (const [label, amount] of rows) if (amount !== 0) w.pair(`  ${label}`, words.money(amount));
  w.pair(`  ${words.t('expected')}`, words.money(m.expectedMinor));
  if (m.countedMinor !== null) w.pair(`  ${words.t('counted')}`, words.money(m.countedMinor));
  if (m.varianceMinor !== null) w.pair(`  ${words.t('variance')}`, words.money(m.varianceMinor));
}

export interface CashSlipData {
  header: Header;
  kind: 'pay_in' | 'pay_out' | 'credit_fund' | 'credit_payout';
  createdAtMs: number;
  userName: string;
  amountMinor: number;
  methodName: string;
  reason: string;
  contactName: string | null;
  creditLeftMinor: number | null;
}

const slipTitle = { pay_in: 'payIn', pay_out: 'payOut', credit_fund: 'creditFund', credit_payout: 'creditPayout' } as const;

export function renderCashSlip(data: CashSlipData, profile: PrintProfile, ctx: RenderContext, copyNumber: number): Uint8Array {
  const w = new DocumentWriter(profile);
  const words = new Words(ctx);
  writeHeader(w, words, data.header, copyNumber);
  w.line(words.t(slipTitle[data.kind]), { align: 'center', bold: true });
  w.pair(`${words.t('till')} ${data.header.tillName}`, words.dateTime(data.createdAtMs));
  w.line(`${words.t('cashier')} : ${data.userName}`);
  if (data.contactName) w.line(`${words.t('contact')} : ${data.contactName}`);
  w.rule();
  w.pair(`${words.t('amount')} (${data.methodName})`, words.money(data.amountMinor), { bold: true });
  if (data.reason) w.paragraph(`${data.kind.startsWith('credit') ? words.t('reference') : words.t('reason')} : ${data.reason}`);
  if (data.creditLeftMinor !== null) w.pair(words.t('creditLeft'), words.money(data.creditLeftMinor));
  w.blank();
  w.line(`${words.t('signature')} :`);
  w.blank(3);
  w.cut();
  return w.bytes();
}
