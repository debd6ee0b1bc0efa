// The wire between a till and the central ledger server (DESIGN C13, C14), parsed on both
// sides: enrolment, push of journal events, pull of master data and balances, and the
// administrator's and web shop's requests. Amounts are integer minor units, as everywhere.
import { z } from 'zod';
import { basketLinesMax, textMax } from '../limits.ts';
import { roles } from '../permissions.ts';
import { ContactCreateInput } from './account-schemas.ts';
import { AmountMinor, ContactKind, Currency, Id, PaymentMethodType, PositiveAmountMinor, RequestId, SignedAmountMinor, TimestampMs, TotalMinor, Tracking, VatRateBp } from './schemas.ts';

/** Events a till sends in one push; about 0.5 MB of JSON at the largest. */
export const pushEventsMax = 500;
/** Records a pull answers with at once. */
export const pullRecordsMax = 2000;
/** A request body the server reads at most (a full push batch fits with room to spare). */
export const syncBodyBytesMax = 4 * 1024 * 1024;
/** A journal payload is one event's business content: a large basket stays far below it. */
export const eventPayloadBytesMax = 256 * 1024;
/** How far ahead of the server's clock an event may be dated before it is refused. */
export const clockSkewMaxMs = 5 * 60 * 1000;

const Hash = z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits');
const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a ULID');
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
  type: z.string().min(1).max(40),
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

// ---- records (master data and balances) ------------------------------------------------

export const ContactRecord = z.object({
  id: Id,
  kind: ContactKind,
  name: z.string().max(textMax),
  firstName: z.string().max(textMax),
  email: z.string().max(textMax),
  street: z.string().max(textMax),
  buildingNumber: z.string().max(textMax),
  postcode: z.string().max(textMax),
  city: z.string().max(textMax),
  country: z.string().length(2),
  deferredAuthorised: z.boolean(),
  deferredLimitMinor: AmountMinor,
  /** Issue 16; absent from records written before: none. */
  phone: z.string().max(40).optional(),
});
export type ContactRecord = z.infer<typeof ContactRecord>;

export const MethodRecord = z.object({
  id: Id,
  name: z.string().max(textMax),
  type: PaymentMethodType,
  mayPay: z.boolean(),
  mayRefund: z.boolean(),
  givesChange: z.boolean(),
  tracking: Tracking.nullable(),
  active: z.boolean(),
  sort: z.number().int(),
});
export const PointOfSaleRecord = z.object({ id: Id, name: z.string().max(textMax), methodIds: z.array(Id).max(100) });
export const VenueRecord = z.object({ id: Id, name: z.string().max(textMax), city: z.string().max(textMax) });
export const EventRecord = z.object({ id: Id, name: z.string().max(textMax), venueId: Id, vatRateBp: VatRateBp, sort: z.number().int() });
export const TariffRecord = z.object({
  id: Id,
  eventId: Id,
  code: z.string().max(40),
  name: z.string().max(textMax),
  priceMinor: AmountMinor,
  sort: z.number().int(),
  /** Retired: no longer sold (issue 16); absent from records written before: on sale. */
  active: z.boolean().optional(),
});
/** A performance; `capacity` is the hall's seats, shared by every channel (tills and the web shop: see SeatsRecord). */
export const PerformanceRecord = z.object({
  id: Id,
  eventId: Id,
  startsAt: z.string().max(40),
  hall: z.string().max(textMax),
  capacity: z.number().int().min(0),
  /** Closed for sale (issue 16); absent from records written before: on sale. */
  isOnSale: z.boolean().optional(),
  /** Deleted by an administrator: nothing had been sold for it; a till that sold it offline keeps it, closed. */
  isDeleted: z.boolean().optional(),
});
export const ItemRecord = z.object({ id: Id, name: z.string().max(textMax), priceMinor: AmountMinor, vatRateBp: VatRateBp, active: z.boolean(), sort: z.number().int() });
export const VoucherProductRecord = z.object({ id: Id, name: z.string().max(textMax), valueMinor: PositiveAmountMinor, active: z.boolean(), sort: z.number().int() });
/** A configuration value (the institution's settings as JSON text). */
export const SettingRecord = z.object({ key: z.enum(['institution']), value: z.string().max(64 * 1024) });
/** What the administrator sets per till. */
export const TillConfigRecord = z.object({
  tillId: Id,
  /** The most a contact may spend of a credit balance or deferred headroom at this till while it is offline. */
  offlineCapMinor: AmountMinor,
});
/** A customer account's authoritative balance on the server (signed, ledger convention). */
export const BalanceRecord = z.object({
  accountId: z.string().max(140),
  kind: z.enum(['credit', 'deferred']),
  contactId: Id,
  balanceMinor: SignedAmountMinor,
});
/**
 * An account overdrawn by events of several tills made offline: a sale already made is
 * never refused later, the server records the excess for a supervisor.
 */
const PositiveTotalMinor = TotalMinor.min(1);
export const OverdraftRecord = z.object({
  id: Ulid,
  accountId: z.string().max(140),
  kind: z.enum(['credit', 'deferred']),
  contactId: Id,
  /** By how much the balance went past what was allowed (the credit held, or the limit). */
  excessMinor: PositiveTotalMinor,
  eventId: Ulid,
  tillId: Id,
  atMs: TimestampMs,
});

/** A channel's seats in a SeatsRecord; a channel sells at most a hall's capacity, far below this. */
export const channelSeatsMax = 1_000_000;
/**
 * The seats of a performance sold per channel (a till's id, or WEB for the web shop), as
 * the server counted them from the sale and refund entries it holds (their `seats`; entries
 * written before that field count as zero). A till subtracts every channel but its own,
 * which it counts itself, from the capacity.
 */
export const SeatsRecord = z.object({
  performanceId: Id,
  /** Sorted by channel; channels with no seat left are left out. */
  channels: z.array(z.object({ channel: Id, sold: z.number().int().min(1).max(channelSeatsMax) })).max(10_000),
});

/**
 * One posting on a customer account (a credit balance or a deferred account) made at
 * another channel — another till, or the web shop as WEB — as the server holds it: the
 * account screens and reports of an enrolled till show every channel's movements. A till
 * never receives its own (it has them in its own ledger). Immutable: the server writes each
 * once, under the id `<eventId>:<accountId>`.
 */
export const MovementRecord = z.object({
  eventId: Ulid,
  accountId: z.string().max(140),
  kind: z.enum(['credit', 'deferred']),
  contactId: Id,
  /** The channel: a till's id, or WEB for the web shop. */
  tillId: Id,
  tillName: z.string().max(textMax),
  atMs: TimestampMs,
  userId: Id,
  /** The journal event's type (sale, refund, credit_fund, deferred_settle…). */
  entryType: z.string().min(1).max(40),
  /** Ledger sign: on a credit account − is owed to the contact; on a deferred account + is owed by it. */
  amountMinor: SignedAmountMinor.refine((n) => n !== 0, 'a movement moves something'),
  orderId: z.string().max(64).nullable(),
  orderNumber: z.string().max(64).nullable(),
  refundId: z.string().max(64).nullable(),
  methodId: z.string().max(64).nullable(),
  reference: z.string().max(textMax),
});

/**
 * A user of the box office (issue 16, ADR 0012): every till logs them in, so the scrypt
 * salt and hash of their PIN travel with them (base64, over TLS; never the PIN). Wrong
 * PINs and lockouts are each till's own.
 */
export const UserRecord = z.object({
  id: Id,
  name: z.string().max(textMax),
  role: z.enum(roles),
  active: z.boolean(),
  pinSalt: z.string().regex(/^[A-Za-z0-9+/]{1,88}={0,2}$/, 'base64'),
  pinHash: z.string().regex(/^[A-Za-z0-9+/]{1,88}={0,2}$/, 'base64'),
  /** Reset by an administrator: the user chooses a new PIN at the next login. */
  pinChangeRequired: z.boolean(),
});
/** A till of the box office: its name, its point of sale and its order number prefix (issue 16). */
export const TillRecord = z.object({
  id: Id,
  name: z.string().max(textMax),
  pointOfSaleId: Id,
  orderPrefix: z.string().regex(/^[A-Z0-9]{1,8}$/, '1 to 8 capital letters or digits'),
});

/**
 * A gift voucher as the server holds it for the whole box office (issue 15 point 2, D2):
 * sold at any till or online, its remaining value the server's balance of its liability
 * account voucher:<id> (every channel's events it holds). Every till pulls every voucher,
 * and accepts its code at the counter for what it may use: this remaining, less its own
 * unsynced use (sync-client/known-vouchers.ts). The shop's VoucherState is this schema.
 */
export const VoucherRecord = z.object({
  id: Id,
  code: z.string().max(textMax),
  currency: Currency,
  valueMinor: AmountMinor,
  /** What it can still pay, as the server holds it (never below 0). */
  remainingMinor: TotalMinor,
  /** Flagged: what channels selling offline spent beyond its value (0 when none). */
  overspentMinor: TotalMinor,
  /** Where it was sold: a till's id, or WEB. */
  channel: Id,
  orderId: z.string().max(64).nullable(),
  soldAtMs: TimestampMs,
  /** Vouchers carry no expiry today: null, it does not expire. */
  expiresAtMs: TimestampMs.nullable(),
});

/**
 * An installment of a deferred payment as the server holds it for the whole box office
 * (issue 15 point 3, D3): sold on account at any till or online, with what every channel
 * paid and cancelled of it. Every till pulls every installment: an installment paid online
 * shows paid at the till that sold it after its pull, and is not settled there again.
 */
export const InstallmentRecord = z.object({
  id: Id,
  orderId: Id,
  orderNumber: z.string().max(64),
  /** Where it was sold: a till's id, or WEB. */
  channel: Id,
  contactId: Id,
  seq: z.number().int().min(1),
  count: z.number().int().min(1),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  amountMinor: AmountMinor,
  paidMinor: TotalMinor,
  cancelledMinor: TotalMinor,
  /** Paid beyond its amount: channels collecting it offline twice (flagged; the excess is the payer's). */
  overpaidMinor: TotalMinor,
  /** The invoice that asks it (issued at any till), and that invoice's payment reference; absent or null: not invoiced yet. */
  invoiceNumber: z.string().max(64).nullable().optional(),
  reference: z.string().max(64).optional(),
  /** What an invoice of it needs of its order (issue 15 point 3, D3): a till invoices another channel's order from it. */
  order: z
    .object({
      createdAtMs: TimestampMs,
      totalMinor: TotalMinor,
      onAccountMinor: TotalMinor,
      lines: z
        .array(
          z.object({
            id: Id,
            kind: z.enum(['ticket', 'item', 'voucher']),
            // the server builds them from the sale's stored event: as long as the sale wrote them
            label: z.string(),
            detail: z.string(),
            quantity: z.number().int().min(1),
            unitPriceMinor: SignedAmountMinor,
            vatRateBp: VatRateBp,
            vatMinor: SignedAmountMinor,
          }),
        )
        // a sale's lines, at a till or online, are at most a basket's
        .max(basketLinesMax),
    })
    .optional(),
});

export const recordKinds = ['contact', 'method', 'pointOfSale', 'venue', 'event', 'tariff', 'performance', 'item', 'voucherProduct', 'setting', 'tillConfig', 'balance', 'overdraft', 'seats', 'movement', 'user', 'till', 'voucher', 'installment'] as const;
export type RecordKind = (typeof recordKinds)[number];

export const recordBodies = {
  contact: ContactRecord,
  method: MethodRecord,
  pointOfSale: PointOfSaleRecord,
  venue: VenueRecord,
  event: EventRecord,
  tariff: TariffRecord,
  performance: PerformanceRecord,
  item: ItemRecord,
  voucherProduct: VoucherProductRecord,
  setting: SettingRecord,
  tillConfig: TillConfigRecord,
  balance: BalanceRecord,
  overdraft: OverdraftRecord,
  seats: SeatsRecord,
  movement: MovementRecord,
  user: UserRecord,
  till: TillRecord,
  voucher: VoucherRecord,
  installment: InstallmentRecord,
} as const satisfies Record<RecordKind, z.ZodType>;

/** A record as it travels: its id is the body's id (the key for settings, the account for balances). */
export const SyncRecord = z.discriminatedUnion(
  'kind',
  // version: the server's version of the record as a pull answers it (issue 16: a till keeps each configuration record's version); none elsewhere
  recordKinds.map((kind) => z.object({ kind: z.literal(kind), id: z.string().min(1).max(140), body: recordBodies[kind], version: z.string().regex(/^\d{1,19}$/).optional() })) as never,
) as z.ZodType<{ [K in RecordKind]: { kind: K; id: string; body: z.infer<(typeof recordBodies)[K]>; version?: string } }[RecordKind]>;
export type SyncRecord = z.infer<typeof SyncRecord>;

/** The master data an administrator (or the demo seed) may write; balances, overdrafts, seats and movements are the server's own. */
export const adminRecordKinds = recordKinds.filter((k) => k !== 'balance' && k !== 'overdraft' && k !== 'seats' && k !== 'movement' && k !== 'voucher' && k !== 'installment');
/** What a till may write: the contacts it creates or changes at the counter. */
export const tillRecordKinds = ['contact'] as const;
/**
 * The configuration an administrator changes at an enrolled till (issue 16, ADR 0012): sent
 * to the server first (POST /v1/configuration), which versions, audits and publishes it.
 * Contacts go by the push; the offline cap (tillConfig) is the server administrator's.
 */
export const configRecordKinds = ['setting', 'method', 'pointOfSale', 'till', 'venue', 'event', 'tariff', 'performance', 'item', 'voucherProduct', 'user'] as const satisfies readonly RecordKind[];
export type ConfigRecordKind = (typeof configRecordKinds)[number];

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

// ---- web shop ------------------------------------------------------------------------------

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
