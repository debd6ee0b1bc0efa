// Runtime schemas of an X or Z report as the services answer it to the screens: the report
// and its lines section by section (shared/domain/till-report-lines.ts), the nets and totals
// worked out by the services, so the screen shows the paper's lines and adds up nothing.
import { z } from 'zod';
import type { ReportLineLabel, ReportSectionLabel } from '../domain/till-report-lines.ts';
import { SignedAmountMinor, VatRateBp } from './schemas.ts';
import { TillReport } from './session-schemas.ts';

const sectionLabels = ['revenueTitle', 'ticketsTitle', 'vouchersTitle', 'creditTitle', 'deferredTitle', 'floatTitle', 'methodTitle', 'countTitle', 'totalsTitle'] as const satisfies readonly ReportSectionLabel[];
const lineLabels = [
  'sales', 'refunds', 'netSales', 'vatBase', 'vatAmount', 'netExVat', 'vatTotal',
  'ticketsSold', 'ticketsRefunded', 'ticketsNet',
  'vouchersSold', 'vouchersRedeemed', 'vouchersRefunded', 'vouchersReinstated', 'vouchersNet',
  'creditFunded', 'creditSpent', 'creditFromVouchers', 'creditRefunded', 'creditReversed', 'creditPaidOut', 'creditFromSettlements', 'creditNet',
  'deferredCharged', 'deferredSettled', 'deferredRefunded', 'deferredNet',
  'denomination', 'denominationsTotal',
  'float', 'salesAmount', 'refundsAmount', 'paidIn', 'paidOut', 'accounts', 'expected', 'counted', 'variance',
  'rounding', 'totalVariance', 'grandTotal', 'grandTotalAbsolute',
  'floatKept', 'toBank',
] as const satisfies readonly ReportLineLabel[];
// every label of the domain has its place here: a new one is a compile error until it is listed
const everySectionLabel: Record<Exclude<ReportSectionLabel, (typeof sectionLabels)[number]>, never> = {};
const everyLineLabel: Record<Exclude<ReportLineLabel, (typeof lineLabels)[number]>, never> = {};
void everySectionLabel;
void everyLineLabel;

const ReportWords = z.object({
  count: z.number().int().min(0).optional(),
  rateBp: VatRateBp.optional(),
  valueMinor: SignedAmountMinor.optional(),
  name: z.string().optional(),
});

export const ReportLine = z.object({
  label: z.enum(lineLabels),
  words: ReportWords.optional(),
  kind: z.enum(['money', 'count']),
  /** Minor units for money, a number of tickets for a count. */
  value: SignedAmountMinor,
  isTotal: z.boolean().optional(),
});

export const ReportSection = z.object({
  id: z.string(),
  title: z.object({ label: z.enum(sectionLabels), words: ReportWords.optional() }),
  lines: z.array(ReportLine),
});

/** The report with its lines as printed, in order. */
export const TillReportShown = TillReport.extend({ sections: z.array(ReportSection) });
