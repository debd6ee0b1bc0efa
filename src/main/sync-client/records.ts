// Records both ways. Out: a contact created or changed here is queued, in the transaction
// that changed it, to reach the server and the other tills. In: what a pull brings —
// master data written over the till's copy, the server's balances kept beside the till's
// own ledger, overdraft flags, the seats other channels sold — applied in one transaction
// with the new cursor.
import { assertNever } from '../../shared/assert.ts';
import type { Head } from '../../shared/api/sync-schemas.ts';
import type { ContactRecord, SyncRecord } from '../../shared/api/sync-records.ts';
import { ok } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { transact } from '../kernel/tx.ts';
import { setSetting } from '../kernel/config.ts';
import { localBalanceAt } from './known-balances.ts';
import { keepMovement } from './known-movements.ts';
import { keepVoucher } from './known-vouchers.ts';
import { keepInstallment } from './known-installments.ts';
import { updateSyncState } from './state.ts';
import { deletePerformanceUnsold, keepConfigVersion, upsertTill, upsertUser } from './config-records.ts';

interface ContactRow {
  id: string;
  kind: 'individual' | 'organization';
  name: string;
  first_name: string;
  email: string;
  street: string;
  building_number: string;
  postcode: string;
  city: string;
  country: string;
  deferred_authorised: number;
  deferred_limit_minor: number;
}

/** Queues the contact as it now stands; call inside the transaction that changed it. */
export function queueContact(db: Db, contactId: string, nowMs: number): void {
  const row = stmt(db, 'SELECT * FROM contacts WHERE id = ?').get(contactId) as ContactRow | undefined;
  if (!row) return;
  const body: ContactRecord = {
    id: row.id,
    kind: row.kind,
    name: row.name,
    firstName: row.first_name,
    email: row.email,
    street: row.street,
    buildingNumber: row.building_number,
    postcode: row.postcode,
    city: row.city,
    country: row.country,
    deferredAuthorised: row.deferred_authorised === 1,
    deferredLimitMinor: row.deferred_limit_minor,
  };
  stmt(db, "INSERT INTO record_outbox (kind, record_id, body, created_at_ms) VALUES ('contact', ?, ?, ?)").run(row.id, JSON.stringify(body), nowMs);
}

export interface QueuedRecord {
  seq: number;
  record: { kind: 'contact'; id: string; body: ContactRecord };
}

export function queuedRecords(db: Db, afterSeq: number, limit: number): QueuedRecord[] {
  const rows = stmt(db, 'SELECT seq, record_id, body FROM record_outbox WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as { seq: number; record_id: string; body: string }[];
  return rows.map((r) => ({ seq: r.seq, record: { kind: 'contact', id: r.record_id, body: JSON.parse(r.body) as ContactRecord } }));
}

const bool = (value: boolean) => (value ? 1 : 0);

/** Applies one pulled page and moves the cursor, all or nothing. */
export function applyPull(db: Db, tillId: string, page: { records: readonly SyncRecord[]; cursor: string; tillHead: Head }, nowMs: number): void {
  // configuration pulled here (methods, tariffs, the institution…) drops the till's configuration cache through its triggers (kernel/config.ts)
  transact(db, () => {
    for (const record of page.records) {
      applyRecord(db, tillId, record, page.tillHead, nowMs);
      keepConfigVersion(db, record, nowMs, 'server');
    }
    updateSyncState(db, { pull_cursor: page.cursor });
    return ok(null);
  });
}

/**
 * Writes configuration records at this till with the pull's own writers, in the caller's
 * transaction: a change made here on a till that is not enrolled, or one the ledger server
 * has just accepted from this till (its pull brings it again, written the same). Answers
 * each record's version, in order.
 */
export function writeConfigRecords(db: Db, tillId: string, records: readonly SyncRecord[], nowMs: number, changedBy: string): number[] {
  const head = { seq: 0, hash: '' }; // no balance is configuration: the head is never read
  return records.map((record) => {
    applyRecord(db, tillId, record, head, nowMs);
    return keepConfigVersion(db, record, nowMs, changedBy)!;
  });
}

type Body<K extends SyncRecord['kind']> = Extract<SyncRecord, { kind: K }>['body'];

/** Each record kind to its writer; a kind added to the protocol and not here fails to compile. */
export function applyRecord(db: Db, tillId: string, record: SyncRecord, tillHead: Head, nowMs: number): void {
  switch (record.kind) {
    case 'contact':
      return upsertContact(db, record.body, nowMs);
    case 'method':
      return upsertMethod(db, record.body);
    case 'pointOfSale':
      return upsertPointOfSale(db, record.body);
    case 'venue':
      return upsertVenue(db, record.body);
    case 'event':
      return upsertEvent(db, record.body);
    case 'tariff':
      return upsertTariff(db, record.body);
    case 'performance':
      return upsertPerformance(db, record.body);
    case 'item':
      return upsertItem(db, record.body);
    case 'voucherProduct':
      return upsertVoucherProduct(db, record.body);
    case 'setting':
      return setSetting(db, record.body.key, record.body.value);
    case 'tillConfig':
      // another till's cap is not this one's
      if (record.body.tillId === tillId) updateSyncState(db, { offline_cap_minor: record.body.offlineCapMinor });
      return;
    case 'balance':
      return keepServerBalance(db, tillId, record.body, tillHead, nowMs);
    case 'seats':
      return replaceKnownSeats(db, tillId, record.body, nowMs);
    case 'overdraft':
      return keepOverdraft(db, record.body);
    case 'movement':
      return keepMovement(db, record.body, nowMs);
    case 'user':
      return upsertUser(db, record.body);
    case 'till':
      return upsertTill(db, record.body);
    case 'voucher':
      return keepVoucher(db, tillId, record.body, tillHead, nowMs);
    case 'installment':
      return keepInstallment(db, record.body, tillHead, nowMs);
    default:
      return assertNever(record);
  }
}

function upsertContact(db: Db, c: Body<'contact'>, nowMs: number): void {
  stmt(
    db,
    `INSERT INTO contacts (id, kind, name, first_name, email, street, building_number, postcode, city, country, deferred_authorised, deferred_limit_minor, created_at_ms, phone)
     VALUES (@id, @kind, @name, @firstName, @email, @street, @buildingNumber, @postcode, @city, @country, @authorised, @deferredLimitMinor, @now, COALESCE(@phone, ''))
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, first_name = excluded.first_name, email = excluded.email,
       street = excluded.street, building_number = excluded.building_number, postcode = excluded.postcode, city = excluded.city,
       country = excluded.country, deferred_authorised = excluded.deferred_authorised, deferred_limit_minor = excluded.deferred_limit_minor,
       phone = COALESCE(@phone, contacts.phone)`,
    // a record written before phones (issue 16) leaves the phone known here as it is
  ).run({ ...c, authorised: bool(c.deferredAuthorised), now: nowMs, phone: c.phone ?? null });
}

function upsertMethod(db: Db, m: Body<'method'>): void {
  stmt(
    db,
    `INSERT INTO payment_methods (id, name, type, may_pay, may_refund, gives_change, tracking, active, sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, may_pay = excluded.may_pay, may_refund = excluded.may_refund,
       gives_change = excluded.gives_change, tracking = excluded.tracking, active = excluded.active, sort = excluded.sort`,
  ).run(m.id, m.name, m.type, bool(m.mayPay), bool(m.mayRefund), bool(m.givesChange), m.tracking ? JSON.stringify(m.tracking) : null, bool(m.active), m.sort);
}

/** A point of sale and exactly the methods it authorises now (those this till knows). */
function upsertPointOfSale(db: Db, p: Body<'pointOfSale'>): void {
  stmt(db, 'INSERT INTO points_of_sale (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name').run(p.id, p.name);
  stmt(db, 'DELETE FROM pos_payment_methods WHERE point_of_sale_id = ?').run(p.id);
  const authorise = stmt(db, 'INSERT OR IGNORE INTO pos_payment_methods (point_of_sale_id, method_id) SELECT ?, id FROM payment_methods WHERE id = ?');
  for (const methodId of p.methodIds) authorise.run(p.id, methodId);
}

function upsertVenue(db: Db, v: Body<'venue'>): void {
  stmt(db, 'INSERT INTO venues (id, name, city) VALUES (@id, @name, @city) ON CONFLICT (id) DO UPDATE SET name = excluded.name, city = excluded.city').run(v);
}

function upsertEvent(db: Db, e: Body<'event'>): void {
  stmt(
    db,
    `INSERT INTO events (id, name, venue_id, vat_rate_bp, sort) VALUES (@id, @name, @venueId, @vatRateBp, @sort)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, venue_id = excluded.venue_id, vat_rate_bp = excluded.vat_rate_bp, sort = excluded.sort`,
  ).run(e);
}

function upsertTariff(db: Db, t: Body<'tariff'>): void {
  stmt(
    db,
    `INSERT INTO tariffs (id, event_id, code, name, price_minor, sort, active) VALUES (@id, @eventId, @code, @name, @priceMinor, @sort, @active)
     ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, price_minor = excluded.price_minor, sort = excluded.sort, active = excluded.active`,
  ).run({ id: t.id, eventId: t.eventId, code: t.code, name: t.name, priceMinor: t.priceMinor, sort: t.sort, active: bool(t.active ?? true) });
}

function upsertPerformance(db: Db, p: Body<'performance'>): void {
  stmt(
    db,
    `INSERT INTO performances (id, event_id, starts_at, hall, capacity, is_on_sale) VALUES (@id, @eventId, @startsAt, @hall, @capacity, @isOnSale)
     ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at, hall = excluded.hall, capacity = excluded.capacity, is_on_sale = excluded.is_on_sale`,
  ).run({ id: p.id, eventId: p.eventId, startsAt: p.startsAt, hall: p.hall, capacity: p.capacity, isOnSale: bool((p.isOnSale ?? true) && !p.isDeleted) });
  if (p.isDeleted) deletePerformanceUnsold(db, p.id);
}

function upsertItem(db: Db, i: Body<'item'>): void {
  stmt(
    db,
    `INSERT INTO items (id, name, price_minor, vat_rate_bp, active, sort) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, price_minor = excluded.price_minor, vat_rate_bp = excluded.vat_rate_bp, active = excluded.active, sort = excluded.sort`,
  ).run(i.id, i.name, i.priceMinor, i.vatRateBp, bool(i.active), i.sort);
}

function upsertVoucherProduct(db: Db, v: Body<'voucherProduct'>): void {
  stmt(
    db,
    `INSERT INTO voucher_products (id, name, value_minor, active, sort) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, value_minor = excluded.value_minor, active = excluded.active, sort = excluded.sort`,
  ).run(v.id, v.name, v.valueMinor, bool(v.active), v.sort);
}

/**
 * The server's balance of a shared account, with how much of it this till's own journal
 * made up to the seq the server had (known-balances.ts adds what this till did since).
 */
function keepServerBalance(db: Db, tillId: string, b: Body<'balance'>, tillHead: Head, nowMs: number): void {
  stmt(
    db,
    `INSERT INTO remote_balances (account_id, kind, contact_id, balance_minor, till_seq, local_at_snapshot, pulled_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (account_id) DO UPDATE SET balance_minor = excluded.balance_minor, till_seq = excluded.till_seq,
       local_at_snapshot = excluded.local_at_snapshot, pulled_at_ms = excluded.pulled_at_ms`,
  ).run(b.accountId, b.kind, b.contactId, b.balanceMinor, tillHead.seq, localBalanceAt(db, tillId, b.accountId, tillHead.seq), nowMs);
}

/** The other channels' seats replace what was known; this till's own are counted locally. */
function replaceKnownSeats(db: Db, tillId: string, s: Body<'seats'>, nowMs: number): void {
  stmt(db, 'DELETE FROM known_seats WHERE performance_id = ?').run(s.performanceId);
  const insert = stmt(db, 'INSERT INTO known_seats (performance_id, channel, sold, pulled_at_ms) VALUES (?, ?, ?, ?)');
  for (const c of s.channels) if (c.channel !== tillId) insert.run(s.performanceId, c.channel, c.sold, nowMs);
}

/** An overdraft the server found on a shared account: kept once, never changed. */
function keepOverdraft(db: Db, o: Body<'overdraft'>): void {
  stmt(db, 'INSERT OR IGNORE INTO overdrafts (id, account_id, kind, contact_id, excess_minor, event_id, till_id, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    o.id, o.accountId, o.kind, o.contactId, o.excessMinor, o.eventId, o.tillId, o.atMs,
  );
}
