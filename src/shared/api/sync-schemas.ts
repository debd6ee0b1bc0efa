// The wire between a till and the central ledger server (DESIGN C13, C14), parsed on both
// sides: enrolment, push of journal events, pull of records (their kinds and bodies:
// sync-records.ts), configuration changes, holds and the administrator's requests (the web
// shop's: shop-schemas.ts). Amounts are integer minor units, as everywhere.
import { z } from 'zod';
import { textMax } from '../limits.ts';
import { ContactRecord, SyncRecord, Ulid } from './sync-records.ts';
import { AmountMinor, Id, PositiveAmountMinor, RequestId, TimestampMs, TotalMinor } from './schemas.ts';

/** Events a till sends in one push; about 0.5 MB of JSON at the largest. */
export const pushEventsMax = 500;
/** Records a pull answers with at once. */
export const pullRecordsMax = 2000;
/** A request body the server reads at most (a full push batch fits with room to spare). */
export const syncBodyBytesMax = 4 * 1024 * 1024;
/** A journal payload is one event's business content: a large basket stays far below it. */
export const eventPayloadBytesMax = 256 * 1024;
/** An event type's longest name. */
export const eventTypeLengthMax = 40;
/** How far ahead of the server's clock an event may be dated before it is refused. */
export const clockSkewMaxMs = 5 * 60 * 1000;

const Hash = z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits');
/** An Ed25519 signature, base64url without padding. */
const Signature = z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'an Ed25519 signature (base64url)');

/** A till's Ed25519 public key (base64url of its 32 bytes) and the first entry it signs (ADR 0007). */
export const SigningKey = z.object({ fromSeq: z.number().int().min(1), publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'an Ed25519 public key (base64url)') });
export type SigningKey = z.infer<typeof SigningKey>;
/** Keys a till may have had in its life: one, and one more per lost key. */
export const signingKeysMax = 100;

// ---- events --------------------------------------------------------------------------

/** One journal row as the till wrote it; the server stores it byte for byte. */
export const SyncEvent = z.object({
  id: Ulid,
  tillId: Id,
  seq: z.number().int().min(1),
  type: z.string().min(1).max(eventTypeLengthMax),
  createdAtMs: TimestampMs,
  userId: Id,
  sessionId: Id.nullable(),
  /** Canonical JSON of the event's content, its postings ([account, amount]) included. */
  payload: z.string().min(2).max(eventPayloadBytesMax),
  prevHash: Hash,
  hash: Hash,
  format: z.number().int().min(1),
  /** Ed25519 signature of the hash by the till's key (format 2, from its signing mark on); null before the mark. */
  signature: Signature.nullable().default(null),
});
export type SyncEvent = z.infer<typeof SyncEvent>;

export const Head = z.object({ seq: z.number().int().min(0), hash: Hash });
export type Head = z.infer<typeof Head>;

// ---- enrolment -------------------------------------------------------------------------

/** A one-time enrolment code as the administrator reads it out: 4 groups of 4 characters. */
export const EnrolmentCode = z.string().trim().toUpperCase().regex(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/, 'XXXX-XXXX-XXXX-XXXX');

/**
 * A till's id as an administrator names it (ADR 0011): 1 to 8 capitals or digits, which
 * prefix its order and invoice numbers (G1-000042, F-G1-000007). The demo till is G1.
 */
export const TillId = z.string().regex(/^[A-Z0-9]{1,8}$/, 'a till id: 1 to 8 capital letters or digits');

/**
 * What a till signs to prove that an enrolment comes from the machine holding its key (a
 * lost answer retried with the same code): the SHA-256 of this text is signed as a journal
 * hash is (its label differs from every entry's hashed text, so no entry can be forged).
 */
export function enrolProofText(code: string, tillId: string): string {
  return `guichet/enrol/1\n${code}\n${tillId}`;
}

export const EnrolInput = z.object({
  code: EnrolmentCode,
  tillId: Id,
  tillName: z.string().max(textMax),
  head: Head,
  /** The till's signing keys, by first entry signed: the first one's fromSeq is its signing mark. */
  signingKeys: z.array(SigningKey).min(1).max(signingKeysMax),
  /** The last key's signature of SHA-256(enrolProofText(code, tillId)): lets the same machine retry a spent code. */
  proof: Signature.optional(),
});
export const EnrolOutput = z.object({
  token: z.string().min(32).max(200),
  tillId: Id,
  /** What the server already holds of this till's journal (a re-enrolled till resumes from it). */
  head: Head,
  serverTimeMs: TimestampMs,
  /** The code replaced a dead till: this machine restores the till's journal from the server (GET /v1/journal) before it writes. */
  restore: z.boolean().default(false),
});

/** A page of a till's own journal as the server holds it, for a machine restoring a replaced till. */
export const JournalPageInput = z.object({
  fromSeq: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(pushEventsMax).default(pushEventsMax),
});
export const JournalPage = z.object({
  tillId: Id,
  events: z.array(SyncEvent).max(pushEventsMax),
  /** The server's head of the till's journal: the restore is complete at it. */
  head: Head,
  /** The public keys that signed the till's events, by first entry signed. */
  signingKeys: z.array(SigningKey).max(signingKeysMax),
  more: z.boolean(),
});
export type JournalPage = z.infer<typeof JournalPage>;

/** A restored till's keys: those that signed its journal and its own new key from head + 1. */
export const RegisterKeysInput = z.object({ head: Head, signingKeys: z.array(SigningKey).min(1).max(signingKeysMax) });
export const RegisterKeysOutput = z.object({ tillId: Id, signingKeys: z.array(SigningKey).max(signingKeysMax) });

// ---- push ------------------------------------------------------------------------------

export const PushInput = z.object({
  tillId: Id,
  events: z.array(SyncEvent).max(pushEventsMax),
  /** Contacts created or changed at the till (last writer wins per contact). */
  records: z.array(z.object({ kind: z.literal('contact'), id: Id, body: ContactRecord })).max(pushEventsMax).default([]),
});
export type PushInput = z.infer<typeof PushInput>;

export const PushOutput = z.object({
  statuses: z.array(z.object({ id: Ulid, status: z.enum(['created', 'exists']) })),
  head: Head,
  serverTimeMs: TimestampMs,
});
export type PushOutput = z.infer<typeof PushOutput>;

// ---- configuration (issue 16) ------------------------------------------------------------

/** Records one configuration change carries: a point of sale with its methods, a method retired from every point of sale… */
export const configurationRecordsMax = 500;

/** A configuration change made at an enrolled till, sent before anything is written there (ADR 0012). */
export const ConfigurationInput = z.object({
  /** The till's user who made the change: the server audits it under this till and user. */
  userId: Id,
  /** Each record with the version the till changed it from, when it has one: another version on the server is configuration_stale. */
  records: z.array(SyncRecord).min(1).max(configurationRecordsMax),
});
export const ConfigurationOutput = z.object({
  /** The records as stored, each with its new version: the till writes them at once, and its pull brings them again. */
  records: z.array(SyncRecord),
  serverTimeMs: TimestampMs,
});

/** One configuration record by its kind and id, whose changes made at tills are asked (GET /v1/configuration/history). */
export const ConfigHistoryQuery = z.object({ kind: z.string().min(1).max(40), id: z.string().min(1).max(140) });
/** One change of a configuration record made at a till: who, which till, its version, the body before and after (a user's PIN hashes never). */
export const ConfigChangeRecord = z.object({
  atMs: TimestampMs,
  tillId: z.string(),
  userId: z.string(),
  /** The user's name as the server knows them (their id when it does not). */
  userName: z.string(),
  version: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()),
  pinChanged: z.boolean().nullable(),
});

// ---- pull ------------------------------------------------------------------------------

export const PullInput = z.object({
  /** The version of the last record applied ('0' at first); versions are bigints, as text. */
  cursor: z.string().regex(/^\d{1,19}$/),
  limit: z.coerce.number().int().min(1).max(pullRecordsMax).default(pullRecordsMax),
});
export const PullOutput = z.object({
  records: z.array(SyncRecord),
  /** The version of the last record in this answer (the next pull starts after it). */
  cursor: z.string().regex(/^\d{1,19}$/),
  more: z.boolean(),
  /**
   * The server's head of the asking till's journal, read in the same snapshot as the
   * records: every balance here includes exactly this till's events up to this seq.
   */
  tillHead: Head,
  serverTimeMs: TimestampMs,
});
export type PullOutput = z.infer<typeof PullOutput>;

// ---- administrator -----------------------------------------------------------------------

export const CreateCodeInput = z.object({ tillId: TillId, tillName: z.string().max(textMax).default('') });
export const CreateCodeOutput = z.object({ code: z.string(), tillId: Id, expiresAtMs: TimestampMs });
/** A dead till marked replaced: its tokens revoked, and the code its new machine enrols with to restore its journal. */
export const ReplaceTillOutput = z.object({ tillId: Id, replacedAtMs: TimestampMs, code: z.string(), expiresAtMs: TimestampMs, head: Head });
export const CreateShopKeyInput = z.object({ pointOfSaleId: Id });
/** A web shop's key as the administrator sees it: never the key, its id (the start of its SHA-256). */
export const ShopKeySummary = z.object({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  pointOfSaleId: Id,
  createdAtMs: TimestampMs,
  revokedAtMs: TimestampMs.nullable(),
});
export const TillSettingsInput = z.object({ offlineCapMinor: AmountMinor });
export const PutRecordsInput = z.object({ records: z.array(SyncRecord).min(1).max(pullRecordsMax) });
/** What the server holds of a till's journal, for `verify-journal --server` or `--head-file`. */
export const TillHead = z.object({
  tillId: Id,
  /** The last event the server acknowledged. */
  head: Head,
  /** The keys registered at enrolment, by first entry signed. */
  signingKeys: z.array(SigningKey).max(signingKeysMax),
  lastPushAtMs: TimestampMs.nullable(),
  exportedAtMs: TimestampMs,
});
export type TillHead = z.infer<typeof TillHead>;
export const TillSummary = z.object({
  tillId: Id,
  name: z.string(),
  enrolledAtMs: TimestampMs.nullable(),
  revokedAtMs: TimestampMs.nullable(),
  /** Marked replaced (a dead machine): its journal waits on the server for the new machine to restore it. */
  replacedAtMs: TimestampMs.nullable(),
  head: Head,
  offlineCapMinor: AmountMinor,
  lastPushAtMs: TimestampMs.nullable(),
});

// ---- holds (issue 15 point 2, D2) -----------------------------------------------------------

/** How long a hold keeps what it holds if no pushed event consumes it. */
export const holdTtlMs = 120_000;

/** An account a hold may be taken on: a gift voucher's liability, or an installment's open amount. */
export const HoldAccount = z.string().regex(/^(voucher|installment):[A-Za-z0-9_-]{1,64}$/, 'voucher:<id> or installment:<id>');

/**
 * An online till asks the server to hold an amount of a shared account before it commits a
 * sale or settlement that spends it: nothing is then spent twice online. Idempotent by the
 * till and the request id.
 */
export const HoldInput = z.object({ requestId: RequestId, accountId: HoldAccount, amountMinor: PositiveAmountMinor });
export type HoldInput = z.infer<typeof HoldInput>;

/** Granted (the hold's id and when it lapses), or not: what the account has left for this till now, holds of others deducted. */
export const HoldOutput = z.object({
  isGranted: z.boolean(),
  holdId: z.string().max(64).nullable(),
  availableMinor: TotalMinor,
  expiresAtMs: TimestampMs.nullable(),
});
export type HoldOutput = z.infer<typeof HoldOutput>;
