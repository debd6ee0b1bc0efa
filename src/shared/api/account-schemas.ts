// Runtime schemas of the customer accounts: the credit balance (solde avoir), the deferred
// account (compte d'attente), invoices, and their reports and exports. The core schemas
// (building blocks, orders, till reports) are in schemas.ts.
import { z } from 'zod';
import {
  AmountMinor,
  Contact,
  ContactKind,
  Currency,
  DeferredDefaults,
  Id,
  Installment,
  Limit,
  OptionalText,
  PositiveAmountMinor,
  RequestId,
  SignedAmountMinor,
  Text,
  TimestampMs,
  TotalMinor,
} from './schemas.ts';

// ---- what an account screen or report covers ----------------------------------------

/**
 * As of when an account screen or report counts (issue 15 point 4). `till`: a standalone
 * till, whose ledger is the whole box office. `box_office`: an enrolled till — every
 * channel's movements as of the last successful sync (`syncedAtMs`, null before the first),
 * and this till's own up to now; `isOffline`: the last exchange failed, so since
 * `syncedAtMs` only this till's movements are counted. `server`: the ledger server's own
 * answer, every channel's movements it holds at `syncedAtMs`.
 */
export const AccountsAsOf = z.object({
  scope: z.enum(['till', 'box_office', 'server']),
  syncedAtMs: TimestampMs.nullable(),
  isOffline: z.boolean(),
});

// ---- credit balance (solde avoir) --------------------------------------------------

/** How a movement changed a credit balance; amounts are + when the balance grows. */
/** `settlement_excess`: what a deferred settlement paid beyond the outstanding, put on the payer's balance. */
/** `installment_overpaid`: an installment collected twice (two channels, one offline), its excess moved here by the server (ADR 0013). */
export const creditMovementKinds = ['funded', 'spent', 'refunded_to_credit', 'paid_out', 'voucher_overflow', 'settlement_excess', 'installment_overpaid', 'reversed'] as const;
export const CreditMovementKind = z.enum(creditMovementKinds);

export const CreditMovement = z.object({
  entryId: Id,
  atMs: TimestampMs,
  tillId: Id,
  tillName: z.string(),
  userName: z.string(),
  contactId: Id,
  contactName: z.string(),
  kind: CreditMovementKind,
  /** Signed: + raises the balance, − lowers it. */
  amountMinor: SignedAmountMinor,
  balanceAfterMinor: SignedAmountMinor,
  orderId: Id.nullable(),
  orderNumber: z.string().nullable(),
  methodId: Id.nullable(),
  methodName: z.string().nullable(),
  reference: z.string(),
});

export const CreditHistoryInput = z.object({ contactId: Id, limit: Limit.optional() });
export const CreditHistory = z.object({
  contact: Contact,
  movements: z.array(CreditMovement),
  /** Older movements exist beyond the limit asked for. */
  isTruncated: z.boolean(),
  asOf: AccountsAsOf,
});

export const CreditOperationInput = z.object({
  requestId: RequestId,
  contactId: Id,
  /** How the money comes in (funding) or goes back (pay-out): cash, card, transfer… */
  methodId: Id,
  amountMinor: PositiveAmountMinor,
  reference: OptionalText.optional(),
});
export const CreditOperationOutput = z.object({ contact: Contact, movement: CreditMovement });

/** A period [fromMs, toMs], both included. */
const periodShape = { fromMs: TimestampMs, toMs: TimestampMs };
const periodOrdered = (p: { fromMs: number; toMs: number }) => p.fromMs <= p.toMs;
const periodMessage = { message: 'the period ends before it starts', path: ['toMs'] };

export const CreditSlipInput = z.object({ ...periodShape, tillIds: z.array(Id).max(50) }).refine(periodOrdered, periodMessage);
export const CreditMovementsInput = z.object({ ...periodShape, contactIds: z.array(Id).min(1).max(200) }).refine(periodOrdered, periodMessage);
export const CreditAccountsInput = z.object(periodShape).refine(periodOrdered, periodMessage);

export const CreditTotals = z.object({
  creditedMinor: TotalMinor,
  debitedMinor: TotalMinor,
  netMinor: SignedAmountMinor,
  byKind: z.record(CreditMovementKind, SignedAmountMinor),
});

/** Bordereau des mouvements de compte d'avoir / Suivi des mouvements des comptes d'avoir. */
export const CreditMovementsReport = z.object({
  rows: z.array(CreditMovement),
  rowCount: z.number().int().min(0),
  /** More rows matched than are listed (the totals count them all). */
  isTruncated: z.boolean(),
  totals: CreditTotals,
  asOf: AccountsAsOf,
});

export const CreditAccountRow = z.object({
  contactId: Id,
  contactName: z.string(),
  openingMinor: SignedAmountMinor,
  creditedMinor: TotalMinor,
  debitedMinor: TotalMinor,
  closingMinor: SignedAmountMinor,
});
/** Suivi des comptes d'avoir: contacts whose balance was not zero at some time in the period. */
export const CreditAccountsReport = z.object({
  rows: z.array(CreditAccountRow),
  rowCount: z.number().int().min(0),
  /** More contacts matched than are listed (the totals count them all). */
  isTruncated: z.boolean(),
  totals: z.object({ openingMinor: SignedAmountMinor, creditedMinor: TotalMinor, debitedMinor: TotalMinor, closingMinor: SignedAmountMinor }),
  asOf: AccountsAsOf,
});

/** The overdrafts the ledger server flagged (sync-contract's reports.overdrafts): one contact's, or all. */
export const OverdraftsInput = z.object({ contactId: Id.optional(), limit: Limit.optional() });

export const reportNames = ['creditSlip', 'creditAccounts', 'creditMovements', 'deferredAccounts', 'deferredMovements', 'overdrafts'] as const;
export const ReportExportInput = z.object({
  format: z.enum(['csv', 'pdf']),
  language: z.enum(['fr', 'en']),
  request: z.discriminatedUnion('report', [
    z.object({ report: z.literal('creditSlip'), params: CreditSlipInput }),
    z.object({ report: z.literal('creditAccounts'), params: CreditAccountsInput }),
    z.object({ report: z.literal('creditMovements'), params: CreditMovementsInput }),
    z.object({ report: z.literal('deferredAccounts'), params: z.lazy(() => DeferredAccountsInput) }),
    z.object({ report: z.literal('deferredMovements'), params: z.lazy(() => DeferredMovementsInput) }),
    z.object({ report: z.literal('overdrafts'), params: OverdraftsInput }),
  ]),
});
export const ReportFile = z.object({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string() });

export const TillSummary = z.object({ id: Id, name: z.string() });

// ---- contacts and the deferred account (compte d'attente) ---------------------------

export const ContactCreateInput = z.object({
  kind: ContactKind,
  name: Text,
  firstName: OptionalText.optional(),
  email: OptionalText.optional(),
  street: OptionalText.optional(),
  buildingNumber: z.string().trim().max(16).optional(),
  postcode: z.string().trim().max(16).optional(),
  city: OptionalText.optional(),
  country: z.string().length(2).optional(),
});
export const ContactDeferredInput = z.object({ contactId: Id, authorised: z.boolean(), limitMinor: AmountMinor });
export const DeferredDefaultsOutput = DeferredDefaults;

export const Invoice = z.object({
  id: Id,
  number: z.string(),
  /** A cancellation cancels a whole invoice (the billing contact changed); a credit note the part a refund took back. */
  kind: z.enum(['invoice', 'cancellation', 'credit_note']),
  cancelsInvoiceId: Id.nullable(),
  cancelsInvoiceNumber: z.string().nullable(),
  cancelledByNumber: z.string().nullable(),
  /** The credit notes refunds issued on this invoice, oldest first. */
  creditNoteNumbers: z.array(z.string()),
  /** The refund a credit note was issued for. */
  refundId: Id.nullable(),
  /** Who the invoice is addressed to and asks (contact de facturation): the payer of its installments when it was issued. */
  billingContactId: Id,
  billingContactName: z.string(),
  issuedAtMs: TimestampMs,
  dueDate: z.string(),
  totalMinor: SignedAmountMinor,
  currency: Currency,
  reference: z.string(),
  /** The SHA-256 of the document as issued (also in its journal entry); null for one issued before documents were frozen. */
  documentSha256: z.string().nullable(),
  /** Issued by this till (its series): false for another till's or the web shop's, known from the pull (issue 15) — its PDF comes from the server, its billing contact is changed where it was issued. */
  isIssuedHere: z.boolean(),
  /** What is still to pay on its installments (0 for a cancellation or a cancelled invoice). */
  openMinor: TotalMinor,
  installments: z.array(Installment),
});
/** `contactId`, as in every deferred.* input: the account whose open installments are invoiced (it becomes the billing contact). */
export const InvoiceCreateInput = z.object({ contactId: Id, orderIds: z.array(Id).max(1000).optional() });
export const InvoiceForOrderInput = z.object({ orderId: Id });
/** The invoices of a contact's account: those it is the billing contact of. */
export const InvoiceListInput = z.object({ contactId: Id });
export const InvoiceGetInput = z.object({ invoiceId: Id.optional(), number: z.string().trim().max(40).optional() }).refine((v) => (v.invoiceId === undefined) !== (v.number === undefined), { message: 'give an invoice id or a number' });
export const InvoicePdfInput = z.object({ invoiceId: Id, language: z.enum(['fr', 'en']) });
export const BillingChangeInput = z.object({ invoiceId: Id, billingContactId: Id });
export const BillingChangeOutput = z.object({ cancellation: Invoice, invoice: Invoice });
export const PayerChangeInput = z.object({ orderId: Id, payerContactId: Id });

/** `overpaid_to_credit`: the excess of an installment collected twice, moved to the payer's credit balance by the server (ADR 0013). */
export const deferredMovementKinds = ['charged', 'settled', 'refunded', 'moved_in', 'moved_out', 'overpaid_to_credit', 'reversed'] as const;
export const DeferredMovement = z.object({
  entryId: Id,
  atMs: TimestampMs,
  tillId: Id,
  tillName: z.string(),
  userName: z.string(),
  contactId: Id,
  contactName: z.string(),
  kind: z.enum(deferredMovementKinds),
  /** Signed: + the outstanding grows (a charge), − it falls (a settlement, a refund). */
  amountMinor: SignedAmountMinor,
  outstandingAfterMinor: SignedAmountMinor,
  orderId: Id.nullable(),
  orderNumber: z.string().nullable(),
  methodName: z.string().nullable(),
  reference: z.string(),
  /** For a charge: whether what it asked is open, settled or cancelled today. */
  status: z.enum(['open', 'settled', 'cancelled']).nullable(),
});

export const DeferredAccountInput = z.object({ contactId: Id.optional(), invoiceNumber: z.string().trim().max(40).optional() }).refine((v) => (v.contactId === undefined) !== (v.invoiceNumber === undefined), { message: 'give a contact or an invoice number' });
export const DeferredAccount = z.object({
  contact: Contact,
  outstandingMinor: SignedAmountMinor,
  limitMinor: AmountMinor,
  headroomMinor: SignedAmountMinor,
  overdueMinor: TotalMinor,
  installments: z.array(Installment),
  invoices: z.array(Invoice),
  movements: z.array(DeferredMovement),
  asOf: AccountsAsOf,
});

export const SettleInput = z.object({
  requestId: RequestId,
  contactId: Id,
  /** How the money came: cheque, administrative mandate, transfer (or cash, card). */
  methodId: Id,
  amountMinor: PositiveAmountMinor,
  /** The cheque number, the mandate or transfer reference. */
  reference: OptionalText,
  /** Pay these first, in this order; then the oldest due. */
  installmentIds: z.array(Id).max(500).optional(),
  /** Pay this invoice's installments first. */
  invoiceId: Id.optional(),
  /** What exceeds the outstanding goes to the contact's credit balance instead of being refused. */
  excessToCredit: z.boolean(),
});
export const SettleOutput = z.object({
  settlementId: Id,
  allocations: z.array(z.object({ installmentId: Id, amountMinor: PositiveAmountMinor })),
  toCreditMinor: AmountMinor,
  account: DeferredAccount,
});

export const DeferredAccountsInput = z.object({ minMinor: SignedAmountMinor.optional(), maxMinor: SignedAmountMinor.optional() });
export const DeferredAccountRow = z.object({
  contactId: Id,
  contactName: z.string(),
  isAuthorised: z.boolean(),
  limitMinor: AmountMinor,
  outstandingMinor: SignedAmountMinor,
  overdueMinor: TotalMinor,
  headroomMinor: SignedAmountMinor,
});
export const DeferredAccountsReport = z.object({
  rows: z.array(DeferredAccountRow),
  /** How many accounts the report has; only the first reportRowsMax are listed, the totals count them all. */
  rowCount: z.number().int().min(0),
  isTruncated: z.boolean(),
  totals: z.object({ limitMinor: TotalMinor, outstandingMinor: SignedAmountMinor, overdueMinor: TotalMinor }),
  asOf: AccountsAsOf,
});
export const DeferredMovementsInput = z
  .object({
    ...periodShape,
    status: z.enum(['all', 'open', 'settled', 'cancelled']).optional(),
    productIds: z.array(Id).max(200).optional(),
    contactIds: z.array(Id).max(200).optional(),
  })
  .refine(periodOrdered, periodMessage);
export const DeferredMovementsReport = z.object({
  rows: z.array(DeferredMovement),
  rowCount: z.number().int().min(0),
  isTruncated: z.boolean(),
  totals: z.object({ chargedMinor: TotalMinor, settledMinor: TotalMinor, refundedMinor: TotalMinor, movedMinor: SignedAmountMinor, overpaidToCreditMinor: TotalMinor, netMinor: SignedAmountMinor }),
  asOf: AccountsAsOf,
});

