// The lines of an X or Z report in the order they are printed and shown: one list for the
// paper (slips.ts) and the screen (till-report-view.tsx), so both carry the same lines
// with the same amounts. Account lines are signed as the account moves: + a liability
// (voucher, credit balance) or a receivable (deferred) grew, − it shrank; each section
// ends with its net change, which is what the ledger says the accounts moved.
import { negateMinor as negate } from '../money/money.ts';
import type { TillReport } from './types.ts';

/** A section's heading; `methodTitle` and `countTitle` name a payment method. */
export type ReportSectionLabel = 'revenueTitle' | 'ticketsTitle' | 'vouchersTitle' | 'creditTitle' | 'deferredTitle' | 'floatTitle' | 'methodTitle' | 'countTitle' | 'totalsTitle';

export type ReportLineLabel =
  | 'sales' | 'refunds' | 'netSales' | 'vatBase' | 'vatAmount' | 'netExVat' | 'vatTotal'
  | 'ticketsSold' | 'ticketsRefunded' | 'ticketsNet'
  | 'vouchersSold' | 'vouchersRedeemed' | 'vouchersRefunded' | 'vouchersReinstated' | 'vouchersNet'
  | 'creditFunded' | 'creditSpent' | 'creditFromVouchers' | 'creditRefunded' | 'creditReversed' | 'creditPaidOut' | 'creditFromSettlements' | 'creditNet'
  | 'deferredCharged' | 'deferredSettled' | 'deferredRefunded' | 'deferredNet'
  | 'denomination' | 'denominationsTotal'
  | 'float' | 'salesAmount' | 'refundsAmount' | 'paidIn' | 'paidOut' | 'accounts' | 'expected' | 'counted' | 'variance'
  | 'rounding' | 'totalVariance' | 'grandTotal' | 'grandTotalAbsolute'
  | 'floatKept' | 'toBank';

/** What a label's placeholders take: {{count}}, {{rate}} (basis points), {{value}} (minor units), {{name}}. */
export interface ReportWords {
  count?: number;
  rateBp?: number;
  valueMinor?: number;
  name?: string;
}

export interface ReportLine {
  label: ReportLineLabel;
  words?: ReportWords;
  kind: 'money' | 'count';
  value: number;
  /** A section's result (net change, total): bold on paper, strong on screen. */
  isTotal?: boolean;
}

export interface ReportSection {
  /** A stable id (`revenue`, `method:pm-cash`…) for keys and test ids. */
  id: string;
  title: { label: ReportSectionLabel; words?: ReportWords };
  lines: ReportLine[];
}

const money = (label: ReportLineLabel, value: number, extra: Partial<ReportLine> = {}): ReportLine => ({ label, kind: 'money', value, ...extra });
const count = (label: ReportLineLabel, value: number, extra: Partial<ReportLine> = {}): ReportLine => ({ label, kind: 'count', value, ...extra });
const total = (label: ReportLineLabel, value: number): ReportLine => money(label, value, { isTotal: true });
const sum = (lines: readonly ReportLine[]) => lines.reduce((a, l) => a + l.value, 0);

/** Revenue incl. VAT (tickets and items: a gift voucher is not revenue), then its VAT bases. */
function revenueSection(r: TillReport): ReportSection {
  const vat = r.vat.flatMap((v) => [money('vatBase', v.netMinor, { words: { rateBp: v.rateBp } }), money('vatAmount', v.vatMinor, { words: { rateBp: v.rateBp } })]);
  return {
    id: 'revenue',
    title: { label: 'revenueTitle' },
    lines: [
      money('sales', r.salesGrossMinor, { words: { count: r.salesCount } }),
      money('refunds', negate(r.refundsGrossMinor), { words: { count: r.refundsCount } }),
      total('netSales', r.netSalesMinor),
      ...vat,
      money('netExVat', r.vat.reduce((a, v) => a + v.netMinor, 0)),
      money('vatTotal', r.vat.reduce((a, v) => a + v.vatMinor, 0)),
    ],
  };
}

function accountSections(r: TillReport): ReportSection[] {
  const a = r.accounts;
  const vouchers = [
    money('vouchersSold', a.vouchersSoldMinor),
    money('vouchersRedeemed', negate(a.vouchersRedeemedMinor)),
    money('vouchersRefunded', negate(a.vouchersRefundedMinor)),
    money('vouchersReinstated', a.vouchersReinstatedMinor),
  ];
  const credit = [
    money('creditFunded', a.creditFundedMinor),
    money('creditSpent', negate(a.creditSpentMinor)),
    money('creditFromVouchers', a.creditFromVouchersMinor),
    money('creditRefunded', a.creditRefundedMinor),
    money('creditReversed', negate(a.creditReversedMinor)),
    money('creditPaidOut', negate(a.creditPaidOutMinor)),
    money('creditFromSettlements', a.creditFromSettlementsMinor),
  ];
  const deferred = [money('deferredCharged', a.deferredChargedMinor), money('deferredSettled', negate(a.deferredSettledMinor)), money('deferredRefunded', negate(a.deferredRefundedMinor))];
  return [
    { id: 'vouchers', title: { label: 'vouchersTitle' }, lines: [...vouchers, total('vouchersNet', sum(vouchers))] },
    { id: 'credit', title: { label: 'creditTitle' }, lines: [...credit, total('creditNet', sum(credit))] },
    { id: 'deferred', title: { label: 'deferredTitle' }, lines: [...deferred, total('deferredNet', sum(deferred))] },
  ];
}

function denominationLines(denominations: TillReport['floatDenominations']): ReportLine[] {
  const lines = denominations.map((d) => money('denomination', d.valueMinor * d.count, { words: { valueMinor: d.valueMinor, count: d.count } }));
  return [...lines, total('denominationsTotal', sum(lines))];
}

/** Per till method: what moved it (lines that moved nothing are left out), expected, counted, variance; then its count. */
function methodSections(r: TillReport): ReportSection[] {
  return r.methods.flatMap((m): ReportSection[] => {
    const moved = (
      [['float', m.floatMinor], ['salesAmount', m.salesMinor], ['refundsAmount', m.refundsMinor], ['paidIn', m.paidInMinor], ['paidOut', m.paidOutMinor], ['accounts', m.accountsMinor]] as const
    ).filter(([, value]) => value !== 0);
    const lines = [
      ...moved.map(([label, value]) => money(label, value)),
      total('expected', m.expectedMinor),
      ...(m.countedMinor === null ? [] : [money('counted', m.countedMinor)]),
      ...(m.varianceMinor === null ? [] : [money('variance', m.varianceMinor)]),
      // the cash counted at closing, split: the float kept in the drawer, the rest to the bank (issue 17)
      ...(m.type === 'cash' && r.floatKeptMinor !== null ? [money('floatKept', r.floatKeptMinor), money('toBank', r.toBankMinor ?? 0)] : []),
    ];
    const section: ReportSection = { id: `method:${m.methodId}`, title: { label: 'methodTitle', words: { name: m.name } }, lines };
    if (m.denominations.length === 0) return [section];
    return [section, { id: `count:${m.methodId}`, title: { label: 'countTitle', words: { name: m.name } }, lines: denominationLines(m.denominations) }];
  });
}

export function tillReportSections(r: TillReport): ReportSection[] {
  const float: ReportSection[] = r.floatDenominations.length === 0 ? [] : [{ id: 'float', title: { label: 'floatTitle' }, lines: denominationLines(r.floatDenominations) }];
  return [
    revenueSection(r),
    {
      id: 'tickets',
      title: { label: 'ticketsTitle' },
      lines: [count('ticketsSold', r.ticketsSold), count('ticketsRefunded', r.ticketsRefunded), count('ticketsNet', r.ticketsSold - r.ticketsRefunded, { isTotal: true })],
    },
    ...accountSections(r),
    ...float,
    ...methodSections(r),
    {
      id: 'totals',
      title: { label: 'totalsTitle' },
      lines: [
        money('rounding', r.roundingMinor),
        ...(r.totalVarianceMinor === null ? [] : [total('totalVariance', r.totalVarianceMinor)]),
        money('grandTotal', r.grandTotals.perpetualMinor),
        money('grandTotalAbsolute', r.grandTotals.perpetualAbsoluteMinor),
      ],
    },
  ];
}
