// Runtime schemas of the refund quote (orders.refundQuote): what an order can give back,
// to which methods and how it splits, priced by the services so the screens add up nothing.
import { z } from 'zod';
import { errorCodes, type ErrorCode } from './errors.ts';
import { basketLinesMax, paymentsPerOrderMax } from '../limits.ts';
import { AmountMinor, Currency, Id, PaymentMethodType, Quantity, RefundTickets, SignedAmountMinor, TotalMinor } from './schemas.ts';

export const RefundQuoteInput = z.object({
  orderId: Id,
  /** The lines and quantities chosen; none yet is a quote of what can be refunded at all. */
  lines: z.array(z.object({ orderLineId: Id, quantity: Quantity })).max(basketLinesMax),
  /** The tickets ticked, as orders.refund takes them: each one more of its line. */
  tickets: RefundTickets.optional(),
  /** A split typed by the operator, to check as orders.refund would; without it the quote proposes one. Zeros are ignored. */
  payments: z.array(z.object({ methodId: Id, amountMinor: AmountMinor })).max(paymentsPerOrderMax).optional(),
});

/** A refusal orders.refund would meet: the code and the numbers its message needs. */
export const QuotedRefusal = z.object({
  code: z.enum(errorCodes as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const RefundQuoteLine = z.object({
  orderLineId: Id,
  /** Sold less already refunded. */
  refundableQuantity: z.number().int().min(0),
  /** Chosen now (at most the refundable quantity: more is one of the refusals). */
  quantity: z.number().int().min(0),
  amountMinor: AmountMinor,
});

/** Where a refund may go: a method that paid the order, or the buyer's credit balance (seed 003). */
export const RefundDestination = z.object({
  methodId: Id,
  methodName: z.string(),
  methodType: PaymentMethodType,
  /** Gives cash back: its share is rounded to the cash step, the till absorbs the rounding. */
  givesChange: z.boolean(),
  /**
   * What the proposal may put on it: what the method paid less what it got back; on account,
   * at most what is still open (seed 000, C8). The credit balance takes any amount whatever
   * paid the order; this is then what it paid of the order (0 when it paid nothing).
   */
  refundableMinor: AmountMinor,
});

export const RefundShare = z.object({
  methodId: Id,
  amountMinor: AmountMinor,
  /** Cash: what the till absorbs by rounding to the cash step (positive: the customer gets less). */
  roundingMinor: SignedAmountMinor,
  /** What leaves the drawer or the account: the amount less the rounding. */
  paidBackMinor: AmountMinor,
});

export const RefundQuote = z.object({
  orderId: Id,
  currency: Currency,
  /** Every line of the order, in order, with what is chosen of it. */
  lines: z.array(RefundQuoteLine),
  /** Σ chosen quantity × unit price: what the refund gives back. */
  totalMinor: AmountMinor,
  /** The original methods, most recently used first, then the buyer's credit balance. */
  destinations: z.array(RefundDestination),
  /** One share per destination, in its order: the total over the original methods, each up to what it may get back. */
  proposal: z.array(RefundShare),
  /** One share per destination: the whole total to the buyer's credit balance; null without a buyer or a credit method here. */
  toCredit: z.array(RefundShare).nullable(),
  /** The split typed (payments, merged by method), else the proposal: what orders.refund would be given. */
  split: z.array(RefundShare),
  /** Σ split: equal to totalMinor for a refund that can go through. */
  paidMinor: TotalMinor,
  /** What orders.refund would refuse with this split, one per stage it checks (the till, the lines, the payments, the drawer); empty: it would go through. */
  refusals: z.array(QuotedRefusal),
});
