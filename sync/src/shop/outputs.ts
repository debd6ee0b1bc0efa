// The answers of the web shop's routes that no till parses (the catalogue, a contact's
// movements and invoices), as zod schemas: each route names its answer's schema, GET /v1
// lists it as JSON Schema, and the tests parse every answer against it. The order's and
// the installment payment's are in ../outputs.ts; the voucher's is the shared VoucherState.
import { z } from 'zod';
import { AmountMinor, Currency, Id, PositiveAmountMinor, SignedAmountMinor, TimestampMs, TotalMinor, VatRateBp } from '../../../src/shared/api/schemas.ts';

export const ShopCatalogueOutput = z.object({
  currency: Currency,
  /** When the seats were counted: a till's push or another order may take some a moment later. */
  asOfMs: TimestampMs,
  events: z.array(
    z.object({
      id: Id,
      name: z.string(),
      venue: z.object({ id: Id, name: z.string(), city: z.string() }).nullable(),
      vatRateBp: VatRateBp,
      tariffs: z.array(z.object({ id: Id, code: z.string(), name: z.string(), priceMinor: AmountMinor, vatRateBp: VatRateBp })),
      performances: z.array(
        z.object({
          id: Id,
          /** ISO 8601 with its offset, as the administrator wrote it. */
          startsAt: z.string(),
          hall: z.string(),
          capacity: z.number().int().min(0),
          /** The seats every channel sold (tills and web shop), as the server holds them. */
          seatsSold: z.number().int().min(0),
          /** capacity − seatsSold, never below 0 (channels selling offline may together oversell). */
          seatsLeft: z.number().int().min(0),
        }),
      ),
    }),
  ),
  items: z.array(z.object({ id: Id, name: z.string(), priceMinor: AmountMinor, vatRateBp: VatRateBp })),
  voucherProducts: z.array(z.object({ id: Id, name: z.string(), valueMinor: PositiveAmountMinor })),
});
export type ShopCatalogue = z.infer<typeof ShopCatalogueOutput>;

/** One posting on a contact's account, in the customer's terms. */
export const ShopMovement = z.object({
  eventId: z.string(),
  atMs: TimestampMs,
  /** The till that wrote it, or WEB. */
  channel: Id,
  /** The journal event type: sale, refund, credit_fund, credit_payout, deferred_settle, payer_changed… */
  type: z.string(),
  /** Credit: what was added to the balance (negative: spent). Deferred: what was added to what is owed (negative: paid or cancelled). */
  amountMinor: SignedAmountMinor,
  /** The balance (credit) or the outstanding (deferred) after it, in this list's order. */
  balanceMinor: SignedAmountMinor,
  orderId: z.string().nullable(),
  /** The order's number, or a settlement's reference. */
  reference: z.string().nullable(),
});

export const ShopMovementsOutput = z.object({
  contactId: Id,
  kind: z.enum(['credit', 'deferred']),
  fromMs: TimestampMs.nullable(),
  toMs: TimestampMs.nullable(),
  /** The balance or outstanding before `from`; closing: before `to` (or now), every movement of the period counted. */
  openingMinor: SignedAmountMinor,
  closingMinor: SignedAmountMinor,
  /** Oldest first (by time, then event id). */
  movements: z.array(ShopMovement),
  /** More movements in the period than `limit`: ask again from the last one's time. */
  more: z.boolean(),
});
export type ShopMovements = z.infer<typeof ShopMovementsOutput>;

/** An invoice or credit note a till issued (its invoice_issued event), as the server knows it. */
export const ShopInvoice = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(['invoice', 'cancellation']),
  cancelsInvoiceId: z.string().nullable(),
  /** Who it is addressed to (the payload's `contactId`). */
  billingContactId: Id,
  /** The till that issued it. */
  channel: Id,
  issuedAtMs: TimestampMs,
  dueDate: z.string().nullable(),
  currency: Currency,
  /** Negative on a credit note (a cancellation gives back what its invoice asked). */
  totalMinor: SignedAmountMinor,
  reference: z.string().nullable(),
  documentSha256: z.string().nullable(),
  /** What is still open on its installments as the server knows them; null for a credit note or installments the server does not hold. */
  openMinor: TotalMinor.nullable(),
  /** The credit note that cancelled it, if any. */
  cancelledByInvoiceId: z.string().nullable(),
  /** Whether the server can give its PDF (GET /v1/shop/contacts/:id/invoices/:invoiceId/pdf): once its till sent its document. */
  hasDocument: z.boolean(),
});
export type ShopInvoice = z.infer<typeof ShopInvoice>;

/** An invoice's PDF, as the till's invoices.pdf answers it: the file's name, its type and its bytes in base64. */
export const InvoicePdfOutput = z.object({ fileName: z.string(), mimeType: z.literal('application/pdf'), contentBase64: z.string() });
export type InvoicePdfOutput = z.infer<typeof InvoicePdfOutput>;
