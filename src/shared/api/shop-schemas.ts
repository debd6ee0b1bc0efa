// The web shop's side of the ledger server's wire (sync/src/shop/): a customer's balance,
// an order and its basket lines and payments, installments paid online, contacts found and
// created, a gift voucher's state and a contact's movements. The tills' side (enrolment,
// push, pull, records, holds) is sync-schemas.ts.
import { z } from 'zod';
import { textMax } from '../limits.ts';
import { ContactCreateInput } from './account-schemas.ts';
import { AmountMinor, Id, PositiveAmountMinor, RequestId, SignedAmountMinor, TimestampMs } from './schemas.ts';
import { VoucherRecord } from './sync-records.ts';


export const ShopBalanceOutput = z.object({
  contactId: Id,
  /** The credit balance the customer sees (positive = available to spend). */
  creditBalanceMinor: SignedAmountMinor,
});

export const ShopBasketLine = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ticket'), performanceId: Id, tariffId: Id, quantity: z.number().int().min(1).max(50) }),
  z.object({ kind: z.literal('item'), itemId: Id, quantity: z.number().int().min(1).max(50) }),
  /** Gift vouchers of a voucher product: one voucher per unit, each with its own code (a liability until spent, no VAT). */
  z.object({ kind: z.literal('voucher'), voucherProductId: Id, quantity: z.number().int().min(1).max(50) }),
]);
export const ShopPayment = z.object({
  methodId: Id,
  amountMinor: PositiveAmountMinor,
  /** The voucher's code for a voucher payment. */
  reference: z.string().max(textMax).optional(),
});
export const ShopOrderInput = z.object({
  requestId: RequestId,
  contactId: Id,
  lines: z.array(ShopBasketLine).min(1).max(50),
  payments: z.array(ShopPayment).min(1).max(5),
});
export const ShopInstallment = z.object({
  id: Id,
  orderId: Id,
  seq: z.number().int().min(1),
  count: z.number().int().min(1),
  dueDate: z.string(),
  amountMinor: AmountMinor,
  openMinor: AmountMinor,
});
export const ShopPayInstallmentInput = z.object({ requestId: RequestId, methodId: Id });

/** A contact the web shop creates (the till's contacts.create), idempotent by requestId. */
export const ShopContactInput = ContactCreateInput.extend({ requestId: RequestId });
/** Contacts found by email: the whole address, case and surrounding spaces aside. */
export const ShopContactsQuery = z.object({ email: z.string().trim().min(1).max(textMax) });

/**
 * A gift voucher as the server holds it, for the whole box office: the voucher (from the
 * sale that issued it, at a till or online) and its remaining value, the balance of its
 * liability account voucher:<id> over every channel's events the server holds. The body
 * of the voucher record the tills pull (issue 15 point 2): one schema for both.
 */
export const VoucherState = VoucherRecord;
export type VoucherState = z.infer<typeof VoucherState>;

/** The movements asked of a contact's account: the credit balance or the deferred account, over [from, to) in ms. */
export const ShopMovementsQuery = z
  .object({
    kind: z.enum(['credit', 'deferred']),
    from: z.coerce.number().pipe(TimestampMs).optional(),
    to: z.coerce.number().pipe(TimestampMs).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(1000),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['to'], message: 'to comes at or after from' });
