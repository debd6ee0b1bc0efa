// The journal's events: one zod schema per entry type for what its payload holds beside its
// postings (issue 14 point 3). Writers build payloads with the types inferred here and
// parse nothing on their path; readers — the ledger server, the verifier's tests, the
// restore of a replaced till — decode any stored payload with decodeEvent.
//
// Versions. An entry's payload is canonical JSON hashed and signed as written, so it is
// never rewritten: each version stays readable for ever.
// - Version 1 (no `v` key): entries written before payloads were versioned. Their lists are
//   positional tuples, in the order of each row's keys below (a sale's line is [id, kind,
//   label, quantity, unitPriceMinor, totalMinor, vatRateBp, vatMinor]).
// - Version 2 (`"v":2`): the same facts, each row an object with those keys; a sale's
//   `deferredItems` and an invoice's `items` are named `installments`.
// decodeEvent reads both into the version 2 objects, so that readers handle one shape. A
// field a later version adds is optional in the schema; a changed meaning is a version 3.
// Fields a version 1 entry may lack because it predates them (a sale's installments and
// seats, an invoice's refund and document, a print's invoice, a credit sale's toCreditMinor)
// read as what they meant then: none.
import { z } from 'zod';
import type { Json } from '../canonical-json.ts';

/** What a till's journal holds (a till writes these; the web shop writes its sales and settlements too). */
export const tillEntryTypes = [
  'session_open',
  'pay_in',
  'pay_out',
  'sale',
  'refund',
  'session_close',
  'credit_fund',
  'credit_payout',
  'print',
  'reprint',
  'drawer_open',
  'invoice_issued',
  'payer_changed',
  'deferred_settle',
] as const;
/** The server's own entries (till WEB), which no till writes: a till pushing one is refused (sync_event_invalid). */
export const serverEntryTypes = ['installment_overpaid'] as const;
export const entryTypes = [...tillEntryTypes, ...serverEntryTypes] as const;
export type EntryType = (typeof entryTypes)[number];

export function isServerEntryType(type: EntryType): type is (typeof serverEntryTypes)[number] {
  return (serverEntryTypes as readonly string[]).includes(type);
}

export function isEntryType(type: string): type is EntryType {
  return (entryTypes as readonly string[]).includes(type);
}

/** The payload version written now, as `v`. A payload without `v` is version 1. */
export const eventVersion = 2;
export type EventVersion = 1 | 2;

const id = z.string().min(1);
const minor = z.int();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** A calendar day, YYYY-MM-DD. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * A row of one of a payload's lists: an object from version 2; before, a tuple of its
 * values in the shape's key order, read into the same object (`fields` gives that order,
 * which the verifier's SQL follows too).
 */
function row<const S extends z.ZodRawShape>(shape: S) {
  const object = z.object(shape);
  const fields = Object.keys(shape) as (keyof S & string)[];
  const tuple = z
    .tuple(Object.values(shape) as unknown as [z.ZodType, ...z.ZodType[]])
    .transform((values) => Object.fromEntries(fields.map((key, i) => [key, values[i]])) as z.output<typeof object>);
  return { object, tuple, fields };
}

// ---- the rows of a sale -----------------------------------------------------------------

export const lineKinds = ['ticket', 'item', 'voucher'] as const;
export const saleLineRow = row({
  id,
  kind: z.enum(lineKinds),
  label: z.string(),
  quantity: z.int().min(1),
  unitPriceMinor: minor,
  totalMinor: minor,
  vatRateBp: z.int().min(0),
  vatMinor: minor,
});
export const saleTicketRow = row({ id, lineId: id, barcode: z.string().min(1) });
export const saleVoucherRow = row({ id, lineId: id, code: z.string().min(1), valueMinor: minor });
/** A payment: what the method paid of the total (amount), was handed (tendered), gave back (change), rounded, and put on the buyer's credit balance. */
export const salePaymentRow = row({
  id,
  methodId: id,
  amountMinor: minor,
  tenderedMinor: minor,
  changeMinor: minor,
  roundingMinor: minor,
  // version 1 sales written before the credit balance existed have six values: none went to credit
  toCreditMinor: minor.default(0),
});
export const saleInstallmentRow = row({ id, paymentId: id, seq: z.int().min(1), count: z.int().min(1), dueDate: day, amountMinor: minor });
/** Seats per performance (shared/domain/seats.ts): sorted by performance, each once. */
export const seatRow = row({ performanceId: id, count: z.int() });
/** What a web shop line sold (the server's own sales): the line and its product. */
export const saleProductRow = row({
  lineId: id,
  performanceId: id.nullable(),
  tariffId: id.nullable(),
  itemId: id.nullable(),
  // the shop's first sales named no voucher product (it sold none)
  voucherProductId: id.nullable().default(null),
});

const saleScalars = {
  orderId: id,
  number: z.string().min(1),
  buyerContactId: id.nullable(),
  totalMinor: minor,
  changeMinor: minor,
  // the web shop's own sales (till WEB) say who asked
  pointOfSaleId: id.optional(),
  requestId: z.string().min(1).optional(),
};

const SaleV2 = z.object({
  ...saleScalars,
  lines: z.array(saleLineRow.object),
  tickets: z.array(saleTicketRow.object),
  vouchers: z.array(saleVoucherRow.object),
  payments: z.array(salePaymentRow.object),
  installments: z.array(saleInstallmentRow.object),
  seats: z.array(seatRow.object).optional(),
  products: z.array(saleProductRow.object).optional(),
});
export type SaleEvent = z.output<typeof SaleV2>;

const SaleV1 = z
  .object({
    ...saleScalars,
    lines: z.array(saleLineRow.tuple),
    tickets: z.array(saleTicketRow.tuple),
    vouchers: z.array(saleVoucherRow.tuple),
    payments: z.array(salePaymentRow.tuple),
    deferredItems: z.array(saleInstallmentRow.tuple).default([]),
    seats: z.array(seatRow.tuple).optional(),
    products: z.array(saleProductRow.tuple).optional(),
  })
  .transform(({ deferredItems, ...sale }): SaleEvent => ({ ...sale, installments: deferredItems }));

// ---- a refund ----------------------------------------------------------------------------

export const refundLineRow = row({ orderLineId: id, quantity: z.int().min(1), amountMinor: minor, vatMinor: minor });
export const refundPaymentRow = row({ methodId: id, amountMinor: minor, roundingMinor: minor });
const refundScalars = {
  refundId: id,
  orderId: id,
  reason: z.string(),
  totalMinor: minor,
  /** The tickets and vouchers given back, by id, sorted. */
  tickets: z.array(id),
  vouchers: z.array(id),
};
const RefundV2 = z.object({
  ...refundScalars,
  lines: z.array(refundLineRow.object),
  payments: z.array(refundPaymentRow.object),
  // only when the sale's entry counted its seats
  seats: z.array(seatRow.object).optional(),
});
export type RefundEvent = z.output<typeof RefundV2>;
const RefundV1 = z.object({
  ...refundScalars,
  lines: z.array(refundLineRow.tuple),
  payments: z.array(refundPaymentRow.tuple),
  seats: z.array(seatRow.tuple).optional(),
});

// ---- sessions and the drawer -------------------------------------------------------------

export const denominationRow = row({ valueMinor: minor, count: z.int().min(0) });
const sessionOpenScalars = { sessionId: id, number: z.int().min(1), floatMinor: minor };
const SessionOpenV2 = z.object({ ...sessionOpenScalars, float: z.array(denominationRow.object) });
export type SessionOpenEvent = z.output<typeof SessionOpenV2>;
const SessionOpenV1 = z.object({ ...sessionOpenScalars, float: z.array(denominationRow.tuple) });

/** A drawer pay-in or pay-out (cash between the drawer and the safe). */
const DrawerMovement = z.object({ amountMinor: minor, reason: z.string() });
export type DrawerMovementEvent = z.output<typeof DrawerMovement>;

export const closingCountRow = row({ methodId: id, expectedMinor: minor, countedMinor: minor });
const sessionCloseScalars = {
  sessionId: id,
  zNumber: z.int().min(1),
  netSalesMinor: minor,
  perpetualMinor: minor,
  perpetualAbsoluteMinor: minor,
  /** The SHA-256 of the Z report and of the count stored beside the entry. */
  reportSha256: sha256,
  countsSha256: sha256,
};
const SessionCloseV2 = z.object({ ...sessionCloseScalars, counts: z.array(closingCountRow.object) });
export type SessionCloseEvent = z.output<typeof SessionCloseV2>;
const SessionCloseV1 = z.object({ ...sessionCloseScalars, counts: z.array(closingCountRow.tuple) });

// ---- the credit balance and the deferred account ----------------------------------------

/** A credit funding or a credit pay-out: the contact's balance, by a method. */
const CreditMovement = z.object({ contactId: id, methodId: id, amountMinor: minor, reference: z.string() });
export type CreditMovementEvent = z.output<typeof CreditMovement>;

const PayerChange = z.object({ paymentId: id, orderId: id, fromContactId: id, toContactId: id, openMinor: minor });
export type PayerChangeEvent = z.output<typeof PayerChange>;

export const allocationRow = row({ installmentId: id, amountMinor: minor });
const settleScalars = {
  settlementId: id,
  contactId: id,
  methodId: id,
  amountMinor: minor,
  toCreditMinor: minor,
  reference: z.string(),
  // the web shop's own settlements (till WEB) say who asked
  pointOfSaleId: id.optional(),
  requestId: z.string().min(1).optional(),
};
const SettleV2 = z.object({ ...settleScalars, allocations: z.array(allocationRow.object) });
export type SettleEvent = z.output<typeof SettleV2>;
const SettleV1 = z.object({ ...settleScalars, allocations: z.array(allocationRow.tuple) });

/**
 * An installment collected twice (two channels settled it, one offline): the server's own
 * entry (till WEB) moving the excess from the payer's deferred account to their credit
 * balance (ADR 0013). `overpaidMinor` is what the installment was paid past its amount once
 * this excess is moved — the sum of its entries' excesses — so an excess is moved once.
 */
const InstallmentOverpaid = z.object({
  installmentId: id,
  orderId: id,
  orderNumber: z.string(),
  /** The installment's place in its order: seq of count. */
  seq: z.int().min(1),
  count: z.int().min(1),
  contactId: id,
  excessMinor: z.int().min(1),
  overpaidMinor: z.int().min(1),
});
export type InstallmentOverpaidEvent = z.output<typeof InstallmentOverpaid>;

// ---- invoices ----------------------------------------------------------------------------

export const invoiceKinds = ['invoice', 'cancellation'] as const;
/** An installment on an invoice and its amount (negative on a cancellation). */
export const invoiceInstallmentRow = row({ installmentId: id, amountMinor: minor });
const invoiceScalars = {
  invoiceId: id,
  number: z.string().min(1),
  kind: z.enum(invoiceKinds),
  cancelsInvoiceId: id.nullable(),
  /** A credit note of an invoice of another till's series (or the web's): that invoice's number and issue time, as the server published them (issue 15); absent otherwise. */
  cancelsElsewhere: z.object({ number: z.string().min(1), issuedAtMs: z.int().min(0) }).optional(),
  // invoices issued before credit notes for refunds name no refund
  refundId: id.nullable().default(null),
  /** The billing contact (the key as written since the first invoice). */
  contactId: id,
  totalMinor: minor,
  dueDate: day,
  reference: z.string(),
  // invoices issued before documents were archived seal none
  documentSha256: sha256.nullable().default(null),
};
const InvoiceV2 = z.object({ ...invoiceScalars, installments: z.array(invoiceInstallmentRow.object) });
export type InvoiceIssuedEvent = z.output<typeof InvoiceV2>;
const InvoiceV1 = z
  .object({ ...invoiceScalars, items: z.array(invoiceInstallmentRow.tuple) })
  .transform(({ items, ...invoice }): InvoiceIssuedEvent => ({ ...invoice, installments: items }));

// ---- printing ----------------------------------------------------------------------------

/** The print jobs the journal records (a test print is not one). */
export const journaledPrintKinds = ['receipt', 'refund_receipt', 'tickets', 'x_report', 'z_report', 'cash_slip', 'invoice_copy', 'drawer'] as const;
/** A print, a reprint (a copy) or a drawer opening: the job, its document, the printer, the bytes sent. */
const Print = z.object({
  jobId: id,
  kind: z.enum(journaledPrintKinds),
  orderId: id.nullable(),
  refundId: id.nullable(),
  zNumber: z.int().min(1).nullable(),
  entryId: id.nullable(),
  ticketId: id.nullable(),
  // prints journaled before invoice copies name no invoice
  invoiceId: id.nullable().default(null),
  copyNumber: z.int().min(0),
  printerId: id,
  /** A drawer opening's reason; null for a document. */
  reason: z.string().nullable(),
  bytesSha256: sha256.nullable(),
  /** Who saw a job in doubt printed; null when the printer said so. */
  confirmedBy: id.nullable(),
});
export type PrintEvent = z.output<typeof Print>;

// ---- the table -----------------------------------------------------------------------------

/** Each type's schema per version: v2 as written now, v1 read into the same objects. */
const schemas = {
  session_open: { 1: SessionOpenV1, 2: SessionOpenV2 },
  pay_in: { 1: DrawerMovement, 2: DrawerMovement },
  pay_out: { 1: DrawerMovement, 2: DrawerMovement },
  sale: { 1: SaleV1, 2: SaleV2 },
  refund: { 1: RefundV1, 2: RefundV2 },
  session_close: { 1: SessionCloseV1, 2: SessionCloseV2 },
  credit_fund: { 1: CreditMovement, 2: CreditMovement },
  credit_payout: { 1: CreditMovement, 2: CreditMovement },
  print: { 1: Print, 2: Print },
  reprint: { 1: Print, 2: Print },
  drawer_open: { 1: Print, 2: Print },
  invoice_issued: { 1: InvoiceV1, 2: InvoiceV2 },
  payer_changed: { 1: PayerChange, 2: PayerChange },
  deferred_settle: { 1: SettleV1, 2: SettleV2 },
  // written since version 2 only: a version 1 payload of it reads as version 2 does
  installment_overpaid: { 1: InstallmentOverpaid, 2: InstallmentOverpaid },
} as const satisfies { [T in EntryType]: { 1: z.ZodType; 2: z.ZodType } };

/** What an entry of type T holds beside its postings: what its writer builds, what decodeEvent answers. */
export type EventData<T extends EntryType> = z.output<(typeof schemas)[T][2]>;

// the version 1 reading of each type gives the version 2 objects (a compile error otherwise)
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const v1ReadsAsV2: { [T in EntryType]: SameShape<z.output<(typeof schemas)[T][1]>, EventData<T>> } = {
  session_open: true,
  pay_in: true,
  pay_out: true,
  sale: true,
  refund: true,
  session_close: true,
  credit_fund: true,
  credit_payout: true,
  print: true,
  reprint: true,
  drawer_open: true,
  invoice_issued: true,
  payer_changed: true,
  deferred_settle: true,
  installment_overpaid: true,
};
void v1ReadsAsV2;

/** A posting as the payload carries it: [account id, amount in minor units]. */
export type PayloadPosting = [accountId: string, amountMinor: number];
const Postings = z.array(z.tuple([z.string().min(1), minor]));

/** A decoded entry: its type, the version it was written in, its data in today's objects and its postings. */
export type JournalEvent = { [T in EntryType]: { type: T; version: EventVersion; data: EventData<T>; postings: PayloadPosting[] } }[EntryType];

export type DecodedEvent = { ok: true; event: JournalEvent } | { ok: false; reason: string; path: string };

/** Decodes a stored payload text (canonical JSON) of an entry of `type`, whatever its version. */
export function decodeEvent(type: string, payload: string): DecodedEvent {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'the payload is not JSON', path: '' };
  }
  return decodeEventJson(type, json);
}

/**
 * decodeEvent for a payload already parsed (the server parses each payload once, for its
 * postings too). `checkedPostings`: the payload's postings as a caller checked them already,
 * by rules stricter than the schema's (the server's postingsOf), so not read again.
 */
export function decodeEventJson(type: string, json: unknown, checkedPostings?: PayloadPosting[]): DecodedEvent {
  if (!isEntryType(type)) return { ok: false, reason: `unknown event type ${type.slice(0, 40)}`, path: '' };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, reason: 'the payload is not a JSON object', path: '' };
  const { v, postings } = json as { v?: unknown; postings?: unknown };
  if (v !== undefined && v !== 2) return { ok: false, reason: `payload version ${String(v).slice(0, 20)} is not one this version reads: upgrade it`, path: 'v' };
  const version: EventVersion = v === undefined ? 1 : 2;
  let readPostings = checkedPostings;
  if (!readPostings) {
    const parsedPostings = Postings.safeParse(postings);
    if (!parsedPostings.success) return failure(type, version, parsedPostings.error, 'postings');
    readPostings = parsedPostings.data;
  }
  const data = (schemas[type][version] as z.ZodType).safeParse(json);
  if (!data.success) return failure(type, version, data.error);
  return { ok: true, event: { type, version, data: data.data, postings: readPostings } as JournalEvent };
}

function failure(type: EntryType, version: EventVersion, error: z.ZodError, prefix?: string): DecodedEvent {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? [])].filter((p) => p !== undefined).join('.');
  return { ok: false, reason: `the ${type} payload (version ${version}) does not hold at ${path || 'its root'}: ${issue?.message ?? 'invalid'}`, path };
}

/**
 * What a new entry's payload holds, to be written as canonical JSON (which sorts the keys):
 * its data, the version, its postings sorted by account. The data comes from a typed
 * builder: it is not parsed here, on the sale's path; the tests decode what was written.
 */
export function payloadOf<T extends EntryType>(data: EventData<T>, postings: readonly PayloadPosting[]): { [key: string]: Json } {
  return { ...(data as { [key: string]: Json }), v: eventVersion, postings: postings as PayloadPosting[] };
}
