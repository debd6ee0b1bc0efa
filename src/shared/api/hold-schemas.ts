// sales.hold (issue 15 point 2, D2): before an online till commits a sale that spends a
// shared gift voucher, it holds the amount on the ledger server, so that no other till nor
// the web shop spends it meanwhile. Offline (or the server unreachable) nothing is held:
// the sale falls under the offline rule (bounded by the till's cap, flagged by the server).
import { z } from 'zod';
import { Id, PaymentInput, RequestId, TimestampMs, TotalMinor } from './schemas.ts';
import { paymentsPerOrderMax } from '../limits.ts';

export const SalesHoldInput = z.object({
  requestId: RequestId,
  /** The payments the sale will make (as sales.checkout takes them): their vouchers are held. */
  payments: z.array(PaymentInput).max(paymentsPerOrderMax),
  /** The sale's buyer (credit and deferred payments need one), as sales.checkout takes it. */
  buyerContactId: Id.nullable().optional(),
});

export const SalesHoldOutput = z.object({
  /** One per shared voucher the payments spend: the account held, how much, until when (this till's clock). */
  holds: z.array(z.object({ accountId: z.string(), amountMinor: TotalMinor, expiresAtMs: TimestampMs })),
  /** The server could not be reached: nothing is held, and the sale may go on under the offline rule. */
  isOffline: z.boolean(),
});
