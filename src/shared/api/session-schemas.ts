// Runtime schemas of till sessions: opening, cash movements, closing counts, the X and Z
// reports; and the audit log. The building blocks are in schemas.ts.
import { z } from 'zod';
import { denominationsMax, paymentsPerOrderMax, textMax } from '../limits.ts';
import {
  AmountMinor,
  Currency,
  Denomination,
  Id,
  Limit,
  PaymentMethodType,
  PositiveAmountMinor,
  RequestId,
  SignedAmountMinor,
  Text,
  TimestampMs,
  VatLine,
} from './schemas.ts';

// ---- till sessions and reports --------------------------------------------------------

export const SessionInfo = z.object({
  id: Id,
  number: z.number().int().min(1),
  openedAtMs: TimestampMs,
  openedBy: z.string(),
  floatMinor: AmountMinor,
});
export const SessionState = z.object({
  status: z.enum(['open', 'closed']),
  session: SessionInfo.nullable(),
  lastZNumber: z.number().int().min(0),
  /**
   * The last closing's cash, shown at the next opening (issue 17): what was counted, the
   * float kept in the drawer and what went to the bank (null in closings before they were
   * said). Null before the first closing.
   */
  lastClosing: z
    .object({
      zNumber: z.number().int().min(1),
      closedAtMs: TimestampMs,
      cashCountedMinor: SignedAmountMinor.nullable(),
      floatKeptMinor: AmountMinor.nullable(),
      toBankMinor: SignedAmountMinor.nullable(),
    })
    .nullable()
    .default(null),
});
export const OpenSessionInput = z.object({ float: z.array(Denomination).max(denominationsMax) });
export const DrawerMovementInput = z.object({ requestId: RequestId, amountMinor: PositiveAmountMinor, reason: Text });
export const DrawerMovementOutput = z.object({ entryId: Id, cashBalanceMinor: SignedAmountMinor });

export const MethodCount = z.object({
  methodId: Id,
  countedMinor: AmountMinor,
  denominations: z.array(Denomination).max(denominationsMax).optional(),
});
export const CloseInput = z.object({
  counts: z.array(MethodCount).max(paymentsPerOrderMax),
  /** Why the count differs from what was expected: required to close with a variance (closing_comment_required). */
  comment: z.string().trim().max(textMax).optional(),
  /** The cash left in the drawer for the next opening; the rest of the cash counted goes to the bank. */
  floatKeptMinor: AmountMinor.optional(),
});

export const MethodTotals = z.object({
  methodId: Id,
  name: z.string(),
  type: PaymentMethodType,
  floatMinor: SignedAmountMinor,
  salesMinor: SignedAmountMinor,
  refundsMinor: SignedAmountMinor,
  paidInMinor: SignedAmountMinor,
  paidOutMinor: SignedAmountMinor,
  /** Money in or out for customer accounts (credit funded or paid out, deferred settled); 0 in reports stored before it existed. */
  accountsMinor: SignedAmountMinor.default(0),
  expectedMinor: SignedAmountMinor,
  countedMinor: SignedAmountMinor.nullable(),
  varianceMinor: SignedAmountMinor.nullable(),
  /** What was counted per denomination at closing (cash); empty before counting and in reports stored before it existed. */
  denominations: z.array(Denomination).max(denominationsMax).default([]),
});

/**
 * What moved the customer accounts during the session, each line the postings of one
 * entry type in one direction on one kind of account (credit balances and vouchers are
 * liabilities, deferred accounts receivables). Magnitudes: the printed and screen lines
 * give them their sign. Fields added later default to 0 in reports stored before them.
 */
export const AccountMovements = z.object({
  creditFundedMinor: SignedAmountMinor,
  creditSpentMinor: SignedAmountMinor,
  creditRefundedMinor: SignedAmountMinor,
  creditPaidOutMinor: SignedAmountMinor,
  creditFromVouchersMinor: SignedAmountMinor.default(0),
  /** A refund taking back a voucher's remainder that had gone to the balance. */
  creditReversedMinor: SignedAmountMinor.default(0),
  /** A deferred settlement's excess put on the payer's balance. */
  creditFromSettlementsMinor: SignedAmountMinor.default(0),
  deferredChargedMinor: SignedAmountMinor,
  deferredSettledMinor: SignedAmountMinor,
  deferredRefundedMinor: SignedAmountMinor.default(0),
  /** Vouchers issued by sales (before 2026-12 reports: net of refunded vouchers). */
  vouchersSoldMinor: SignedAmountMinor,
  vouchersRedeemedMinor: SignedAmountMinor,
  /** Unused vouchers refunded (their liability cancelled). */
  vouchersRefundedMinor: SignedAmountMinor.default(0),
  /** Value given back to a voucher by refunding what it paid. */
  vouchersReinstatedMinor: SignedAmountMinor.default(0),
});

export const TillReport = z.object({
  kind: z.enum(['X', 'Z']),
  number: z.number().int().min(0),
  tillId: Id,
  tillName: z.string(),
  sessionId: Id,
  sessionNumber: z.number().int().min(1),
  openedAtMs: TimestampMs,
  openedBy: z.string(),
  closedAtMs: TimestampMs.nullable(),
  closedBy: z.string().nullable(),
  generatedAtMs: TimestampMs,
  currency: Currency,
  salesCount: z.number().int().min(0),
  refundsCount: z.number().int().min(0),
  ticketsSold: z.number().int().min(0),
  ticketsRefunded: z.number().int().min(0),
  /**
   * Revenue incl. VAT of what was sold (tickets, items) and refunded; a gift voucher is a
   * liability, not revenue (vouchers lines). netSalesMinor is the sum of the VAT lines' gross.
   */
  salesGrossMinor: SignedAmountMinor,
  refundsGrossMinor: SignedAmountMinor,
  netSalesMinor: SignedAmountMinor,
  roundingMinor: SignedAmountMinor,
  vat: z.array(VatLine),
  methods: z.array(MethodTotals),
  accounts: AccountMovements,
  totalVarianceMinor: SignedAmountMinor.nullable(),
  /** The opening float as counted, per denomination (cash). */
  floatDenominations: z.array(Denomination).max(denominationsMax).default([]),
  /** The closing's comment on its variance (Z only; null otherwise and in reports stored before it existed). */
  closingComment: z.string().nullable().default(null),
  /** Of the cash counted at closing: kept in the drawer as the next float, and taken to the bank (Z only, when said). */
  floatKeptMinor: AmountMinor.nullable().default(null),
  toBankMinor: SignedAmountMinor.nullable().default(null),
  grandTotals: z.object({
    perpetualMinor: SignedAmountMinor,
    perpetualAbsoluteMinor: SignedAmountMinor,
  }),
});
export const ZGetInput = z.object({ number: z.number().int().min(1) });
export const ZSummary = z.object({
  number: z.number().int().min(1),
  sessionNumber: z.number().int().min(1),
  closedAtMs: TimestampMs,
  closedBy: z.string(),
  netSalesMinor: SignedAmountMinor,
  totalVarianceMinor: SignedAmountMinor,
});

export const AuditEntry = z.object({
  id: Id,
  atMs: TimestampMs,
  userId: z.string(),
  userName: z.string(),
  tillId: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export const AuditListInput = z.object({ limit: Limit.optional(), action: z.string().max(64).optional() });

