// The till's own sync methods (DESIGN C13): its state for the indicator every screen shows,
// enrolment with the ledger server, a sync on demand, and the overdraft report. Talking to
// the server takes time and a method answers synchronously: enrolment and sync run in the
// background and the methods answer the state now (poll sync.status).
import { z } from 'zod';
import { method, type MethodSpec } from './method-spec.ts';
import { OverdraftsInput } from './account-schemas.ts';
import { AmountMinor, Empty, Id, TimestampMs, TotalMinor } from './schemas.ts';
import { EnrolmentCode } from './sync-schemas.ts';

export const SyncStatus = z.object({
  tillId: Id,
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  /** An enrolment code was entered and the server has not answered yet. */
  enrolling: z.boolean(),
  /** The last exchange with the server succeeded. */
  online: z.boolean(),
  /** Journal events not yet acknowledged by the server. */
  waitingEvents: z.number().int().min(0),
  /** Contacts changed here and not yet sent. */
  waitingRecords: z.number().int().min(0),
  ackedSeq: z.number().int().min(0),
  lastSuccessMs: TimestampMs.nullable(),
  lastAttemptMs: TimestampMs.nullable(),
  /** The last refusal: its code, the message as it was given, and its details (the screens word it again in their language). */
  lastError: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).nullable(),
  /** A replaced till's journal being restored from the server (ADR 0011): nothing is written here until it is back. */
  restoring: z.object({ tillId: Id, restoredSeq: z.number().int().min(0), targetSeq: z.number().int().min(0) }).optional(),
  /** What a contact may spend of a balance or headroom here while offline. */
  offlineCapMinor: AmountMinor,
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncEnrolInput = z.object({
  serverUrl: z.string().trim().url().max(300).refine((u) => /^https?:\/\//.test(u), 'an http(s) URL'),
  code: EnrolmentCode,
});

export const Overdraft = z.object({
  id: z.string(),
  contactId: Id,
  contactName: z.string(),
  kind: z.enum(['credit', 'deferred']),
  excessMinor: TotalMinor,
  eventId: z.string(),
  tillId: Id,
  atMs: TimestampMs,
});

/** A gift voucher the server flagged: channels selling offline spent more of it than it held (issue 15 point 2). */
export const OverspentVoucher = z.object({
  voucherId: z.string(),
  code: z.string(),
  /** Where it was sold: a till's id, or WEB. */
  channel: Id,
  /** When it was sold. */
  soldAtMs: TimestampMs,
  valueMinor: TotalMinor,
  overspentMinor: TotalMinor,
  /** What every channel spent of it: the server's figure as of its last answer, and this till's use since. */
  spentMinor: TotalMinor,
  /** Of it, what this till spent (its own use; the rest is the other channels'). */
  spentHereMinor: z.int(),
  /** The rest: the other tills' and the web shop's. */
  spentElsewhereMinor: z.int(),
  pulledAtMs: TimestampMs,
});

/** An installment the server flagged as collected twice (issue 15 point 2, ADR 0013), and what it moved of the excess to the payer's credit balance. */
export const OverpaidInstallment = z.object({
  installmentId: Id,
  orderId: Id,
  orderNumber: z.string(),
  /** Its place in its order: seq of count. */
  seq: z.number().int().min(1),
  count: z.number().int().min(1),
  /** Where it was sold: a till's id, or WEB. */
  channel: Id,
  /** The payer, who paid it twice. */
  contactId: Id,
  contactName: z.string(),
  amountMinor: TotalMinor,
  paidMinor: TotalMinor,
  overpaidMinor: TotalMinor,
  /** Moved to the payer's credit balance by the server, and when last; 0 and null: not yet (or not pulled yet). */
  creditedMinor: TotalMinor,
  creditedAtMs: TimestampMs.nullable(),
  pulledAtMs: TimestampMs,
});

export const syncContract = {
  // public: the indicator shows on the login screen too (DESIGN C13: the UI always shows it)
  'sync.status': method('public', Empty, SyncStatus, 'Online or offline, events waiting, the last successful sync'),
  'sync.now': method('login', Empty, SyncStatus, 'Push and pull now instead of at the next tick (answers at once; poll sync.status)'),
  'sync.enrol': method('admin:configure', SyncEnrolInput, SyncStatus, "Enrol this till with the ledger server by the administrator's one-time code (in the background)"),
  'reports.overdrafts': method('report:accounts', OverdraftsInput, z.array(Overdraft), 'Accounts overdrawn by several tills selling offline, as the server flagged them'),
  'reports.overspentVouchers': method('report:accounts', Empty, z.array(OverspentVoucher), 'Gift vouchers spent past their value by channels selling offline, as the server flagged them'),
  'reports.overpaidInstallments': method('report:accounts', Empty, z.array(OverpaidInstallment), "Installments collected twice by channels settling offline, as the server flagged them, and their excess moved to the payer's credit balance"),
} as const satisfies Record<string, MethodSpec>;
