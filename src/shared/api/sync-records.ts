// The records the ledger server publishes and every till pulls (master data, configuration,
// balances, overdrafts, seats, movements, shared vouchers and installments), each kind with
// its body's schema; the wire around them (enrolment, push, pull, holds) is sync-schemas.ts.
import { z } from 'zod';
import { basketLinesMax, textMax } from '../limits.ts';
import { roles } from '../permissions.ts';
import { AmountMinor, ContactKind, Currency, Id, PaymentMethodType, PositiveAmountMinor, SignedAmountMinor, TimestampMs, TotalMinor, Tracking, VatRateBp } from './schemas.ts';

export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a ULID');


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
  /** What of it the server moved to the payer's credit balance (an installment_overpaid entry, ADR 0013), and when last; absent: a server before it. */
  creditedMinor: TotalMinor.optional(),
  creditedAtMs: TimestampMs.nullable().optional(),
  /** The invoice that asks it (issued at any till), and that invoice's payment reference; absent or null: not invoiced yet. */
  invoiceNumber: z.string().max(64).nullable().optional(),
  reference: z.string().max(64).optional(),
  /** That invoice's id, issue time, due date and what it asks of this installment: a till settles by it and credits it (a refund) though another till issued it; absent: a server before them. */
  invoiceId: Id.nullable().optional(),
  invoiceIssuedAtMs: TimestampMs.nullable().optional(),
  invoiceDueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().optional(),
  invoiceAskedMinor: SignedAmountMinor.nullable().optional(),
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
