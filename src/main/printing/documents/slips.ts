// Slips: the X and Z reports of a till session as printed (the lines of
// till-report-lines.ts, as the screen shows them), and the slip of a cash movement
// (pay-in, pay-out, credit balance deposit or pay-out) with a signature line.
import { TillReport as TillReportSchema } from '../../../shared/api/session-schemas.ts';
import { tillReportSections, type ReportWords } from '../../../shared/domain/till-report-lines.ts';
import type { TillReport } from '../../../shared/domain/types.ts';
import { DocumentWriter } from '../escpos/writer.ts';
import type { PrintProfile } from '../escpos/profile.ts';
import { writeHeader, type Header } from './receipt.ts';
import { Words, type RenderContext } from './render-context.ts';
import { writeJournalHead, type JournalHeadRef } from './journal-head.ts';

export function renderTillReport(stored: TillReport, header: Header, profile: PrintProfile, ctx: RenderContext, copyNumber: number, journalHead: JournalHeadRef | null = null): Uint8Array {
  // a Z stored (or an X queued) before a field existed reads with its default
  const report = TillReportSchema.parse(stored);
  const w = new DocumentWriter(profile);
  const words = new Words(ctx);
  writeHeader(w, words, header, copyNumber);
  w.line(report.kind === 'Z' ? words.t('zReport', { number: report.number }) : words.t('xReport'), { align: 'center', bold: true, tall: true });
  w.pair(`${words.t('till')} ${report.tillName}`, words.t('session', { number: report.sessionNumber }));
  w.pair(words.t('opened'), `${words.dateTime(report.openedAtMs)} ${report.openedBy}`);
  if (report.closedAtMs !== null) w.pair(words.t('closed'), `${words.dateTime(report.closedAtMs)} ${report.closedBy ?? ''}`);
  for (const section of tillReportSections(report)) {
    w.rule();
    w.line(words.t(section.title.label, reportWords(words, section.title.words)), { bold: true });
    for (const line of section.lines) {
      const value = line.kind === 'money' ? words.money(line.value) : String(line.value);
      w.pair(`  ${words.t(line.label, reportWords(words, line.words))}`, value, { bold: line.isTotal === true });
    }
  }
  if (report.closingComment !== null) {
    // the closing's comment on its variance (issue 17), as the supervisor typed it
    w.rule();
    w.paragraph(`${words.t('closingComment')} ${report.closingComment}`);
  }
  w.rule('=');
  w.line(words.dateTime(report.generatedAtMs), { align: 'right' });
  writeJournalHead(w, words, journalHead);
  w.cut();
  return w.bytes();
}

/** A report label's placeholders as printed words: a rate as "8,1 %", a denomination as money. */
function reportWords(words: Words, values: ReportWords | undefined): Record<string, string | number> {
  if (!values) return {};
  return {
    ...(values.count === undefined ? {} : { count: values.count }),
    ...(values.rateBp === undefined ? {} : { rate: words.rate(values.rateBp) }),
    ...(values.valueMinor === undefined ? {} : { value: words.money(values.valueMinor) }),
    ...(values.name === undefined ? {} : { name: values.name }),
  };
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
