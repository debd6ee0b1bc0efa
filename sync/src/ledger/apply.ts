// Applying checked journal events to the server's ledger, inside the caller's transaction:
// the events and their postings stored first (storeEvents: a push does it before it asks
// for its till's lock, so that PostgreSQL writes a batch's rows while the batch before it
// is finished under that lock), then the till's head moved and every account's balance
// moved by the batch's total per account, with the reads the rest needs (deferred limits,
// methods, earlier order numbers) — one statement, whatever the batch's size — then
// an overdraft recorded wherever an event took a customer account past what it
// allowed (replayed in order from the balances before the batch), and the projections
// (vouchers, installments) updated. A sale already made at a till is never refused for an
// overdraft: the flag is for a supervisor. The seats of sales and refunds are added up per
// channel (seats.ts). Answers what to publish to the tills (publish, last: the records and
// the customer-account movements in one more statement).
import { sql, type RawBuilder } from 'kysely';
import { monotonicFactory } from 'ulid';
import type { Head, SyncEvent } from '../../../src/shared/api/sync-schemas.ts';
import type { ServerContext } from '../context.ts';
import { writeRecords, type RecordBody, type RecordWrite } from '../records.ts';
import type { Trx } from '../store/tx.ts';
import type { JournalEvent } from '../../../src/shared/domain/events.ts';
import type { EventType } from './event-types.ts';
import { customerAccountOf } from './postings.ts';
import { project } from './projections.ts';
import { projectSeats, publishSeats } from './seats.ts';
import { earlierOrderNumbers, movementRows, pendingMovements, publishMovements, type MovementRow } from '../movements.ts';
import { consumeHolds } from '../holds.ts';
import { installmentRecords, voucherRecords } from './shared-records.ts';

export interface CheckedEvent extends SyncEvent {
  type: EventType;
  /** The payload's postings, merged per account, summing to zero. */
  postings: ReadonlyMap<string, bigint>;
  /** The payload decoded by its type's schema (either version), as projections, seats, movements, holds and records read it: the one parsed copy a checked event keeps. */
  event: JournalEvent;
}

const nextId = monotonicFactory();

/** What a batch changed that the tills pull: balances and overdrafts, the performances whose seats moved, the customer-account movements. */
export interface Published {
  records: RecordWrite[];
  seatPerformanceIds: string[];
  movements: MovementRow[];
}

/** The head the till's journal reaches with the batch (its row locked by the caller), and when it pushed (null: unchanged). */
export interface HeadMove extends Head {
  tillId: string;
  lastPushAtMs: number | null;
}

/**
 * Applies `events`, stored by storeEvents in this transaction, after the head `head` names
 * (the till's row locked by the caller).
 */
export async function applyEvents(trx: Trx, ctx: ServerContext, events: readonly CheckedEvent[], nowMs: number, head: HeadMove): Promise<Published> {
  if (events.length === 0) return { records: [], seatPerformanceIds: [], movements: [] };
  const deltas = new Map<string, bigint>();
  for (const e of events) for (const [id, amount] of e.postings) deltas.set(id, (deltas.get(id) ?? 0n) + amount);
  const pending = pendingMovements(events);
  const deferredContacts = [...deltas.keys()].map(customerAccountOf).filter((a) => a?.kind === 'deferred').map((a) => a!.contactId);
  const { balances, read } = await writeBatch(trx, head, deltas, { contactIds: deferredContacts, methodIds: pending.methodIds, orderIds: pending.orderIds });

  // the balances before the batch, replayed event by event to find where an account went past its allowance
  for (const [id, amount] of deltas) balances.set(id, balances.get(id)! - amount);
  const moved = moveBalances(events, balances, (contactId) => read.deferredLimits.get(contactId) ?? null, nowMs);

  await insertOverdrafts(trx, ctx, moved.overdrafts, nowMs);
  await project(trx, events);
  const seatPerformanceIds = await projectSeats(trx, events);
  const movements = movementRows(pending, read.methodTypes, read.orderNumbers);
  // shared vouchers and installments (issue 15 points 2, 3): each one the batch moved is published, and the holds its spending used are consumed
  const vouchers = await voucherRecords(trx, events, ctx.log);
  const installments = await installmentRecords(trx, events, ctx.log);
  await consumeHolds(trx, events);
  return { records: [...balanceRecords(moved.changed, balances), ...moved.overdrafts, ...vouchers, ...installments], seatPerformanceIds, movements };
}

/**
 * Moves `balances` (the locked balances, changed in place) by the events' postings, in
 * order, and answers the customer accounts they moved and the overdrafts they made: a
 * customer account taken past what it allows. Credit is credit-normal (what we owe is
 * negative): spending past it goes above 0. Deferred is the outstanding, allowed up to the
 * contact's limit (`deferredLimitMinorOf`; an unknown contact is never flagged).
 */
export function moveBalances(
  events: readonly CheckedEvent[],
  balances: Map<string, bigint>,
  deferredLimitMinorOf: (contactId: string) => number | null,
  nowMs: number,
): { changed: Set<string>; overdrafts: RecordWrite<'overdraft'>[] } {
  const overdrafts: RecordWrite<'overdraft'>[] = [];
  const changed = new Set<string>();
  for (const event of events) {
    for (const [accountId, amount] of event.postings) {
      const before = balances.get(accountId) ?? 0n;
      const after = before + amount;
      balances.set(accountId, after);
      const customer = customerAccountOf(accountId);
      if (!customer) continue;
      changed.add(accountId);
      if (amount <= 0n) continue;
      const limit = customer.kind === 'credit' ? 0 : deferredLimitMinorOf(customer.contactId);
      const allowed = limit === null ? null : BigInt(limit);
      if (allowed === null || after <= allowed) continue;
      const excess = after - (before > allowed ? before : allowed);
      const id = nextId(nowMs);
      overdrafts.push({
        kind: 'overdraft',
        id,
        body: { id, accountId, kind: customer.kind, contactId: customer.contactId, excessMinor: Number(excess), eventId: event.id, tillId: event.tillId, atMs: event.createdAtMs },
      });
    }
  }
  return { changed, overdrafts };
}

async function insertOverdrafts(trx: Trx, ctx: ServerContext, overdrafts: readonly RecordWrite<'overdraft'>[], nowMs: number): Promise<void> {
  if (overdrafts.length === 0) return;
  await trx
    .insertInto('overdrafts')
    .values(overdrafts.map(({ body: o }) => ({ id: o.id, account_id: o.accountId, kind: o.kind, contact_id: o.contactId, excess_minor: o.excessMinor, event_id: o.eventId, till_id: o.tillId, at_ms: o.atMs, detected_at_ms: nowMs })))
    .execute();
  for (const o of overdrafts) ctx.log(`overdraft: ${o.body.accountId} past its allowance by ${o.body.excessMinor} (event ${o.body.eventId} of till ${o.body.tillId})`);
}

/** The balance records of the customer accounts a batch moved, by account id. */
function balanceRecords(changed: ReadonlySet<string>, balances: ReadonlyMap<string, bigint>): RecordWrite<'balance'>[] {
  return [...changed].sort().map((accountId) => {
    const customer = customerAccountOf(accountId)!;
    return { kind: 'balance', id: accountId, body: { accountId, kind: customer.kind, contactId: customer.contactId, balanceMinor: Number(balances.get(accountId) ?? 0n) } };
  });
}

/**
 * Publishes what the events changed, with the caller's own records: the last writes of the
 * transaction, since the record version lock must be its last lock (records.ts). The records
 * go with the movements, in one statement, when there are movements.
 */
export async function publish(trx: Trx, published: Published, nowMs: number, extra: readonly RecordWrite[] = []): Promise<void> {
  const records = [...published.records, ...extra];
  if (published.movements.length > 0) await publishMovements(trx, published.movements, { writes: records, nowMs });
  else await writeRecords(trx, records, nowMs);
  await publishSeats(trx, published.seatPerformanceIds, nowMs);
}

/**
 * A column of the batch bound as one text, its values joined by `separator` and split by
 * PostgreSQL (`string_to_array`, null written as the empty text). Bound as an array, each
 * element is escaped by pg's driver (two regex passes: ≈ 10 000 elements and the payloads'
 * ≈ 140 KB a batch) and unescaped by PostgreSQL. Any value holding the separator, or empty,
 * and a one-value column (an empty text is an empty array) are bound as an array: none of
 * the checked ids, hashes, signatures, types and numbers holds a comma, and no payload the
 * checks parsed holds U+0001 (JSON text holds no raw control character), so the array is
 * the exception.
 */
export function listed(values: readonly (string | number | null)[], type: 'text' | 'int8' | 'int4', separator = ','): RawBuilder<unknown> {
  const asArray = sql`${values}::${sql.raw(type)}[]`;
  if (values.length === 1) return asArray;
  const texts: string[] = new Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    const text = value === null ? '' : String(value);
    if (value !== null && (text === '' || text.includes(separator))) return asArray;
    texts[i] = text;
  }
  // one flat text (a text grown by + is a chain of pieces, flattened again when pg measures and writes it)
  return sql`string_to_array(${texts.join(separator)}::text, ${separator}::text, '')::${sql.raw(type)}[]`;
}

/** The U+0001 separator of the payloads' column (listed). */
const payloadSeparator = '\u0001';

/** What a batch's checks and records need read beside its balances: the deferred contacts' limits, the methods' types, earlier order numbers. */
interface BatchReads {
  contactIds: readonly string[];
  methodIds: readonly string[];
  orderIds: readonly string[];
}

interface BatchRead {
  /** A deferred contact's limit, by contact id (a contact without a record: absent, never flagged). */
  deferredLimits: Map<string, number>;
  /** A payment method's type, by method id. */
  methodTypes: Map<string, string>;
  /** The number an earlier movement of the order carries, by order id. */
  orderNumbers: Map<string, string>;
}

/**
 * One statement: the till's head moved, each account's balance moved by the batch's total
 * (`deltas`), created at that total when new, and what the batch's overdrafts and movements
 * read (`reads`: records and earlier order numbers, as of the statement's start, before the
 * batch). The balances are locked in account order (as lockBalances does) until the commit,
 * and answered after the move. Arrays bind as one parameter each, whatever the batch's size.
 */
async function writeBatch(trx: Trx, head: HeadMove, deltas: ReadonlyMap<string, bigint>, reads: BatchReads): Promise<{ balances: Map<string, bigint>; read: BatchRead }> {
  const accounts = [...deltas.keys()];
  const contactIds = [...new Set(reads.contactIds)];
  const recordKinds = [...contactIds.map(() => 'contact'), ...reads.methodIds.map(() => 'method')];
  const recordIds = [...contactIds, ...reads.methodIds];
  // source: 'moved' (an account's balance after the batch), a record's kind, or 'order' (an earlier order number)
  const rows = await sql<{ source: string; id: string; value: string }>`
    WITH headed AS (
      UPDATE tills SET head_seq = ${head.seq}::int8, head_hash = ${head.hash}::text, last_push_at_ms = COALESCE(${head.lastPushAtMs}::int8, last_push_at_ms)
      WHERE id = ${head.tillId}::text
    ), moved AS (
      INSERT INTO balances (account_id, balance_minor)
      SELECT * FROM unnest(${accounts}::text[], ${accounts.map((id) => String(deltas.get(id)))}::int8[]) AS d(account_id, delta) ORDER BY account_id
      ON CONFLICT (account_id) DO UPDATE SET balance_minor = balances.balance_minor + excluded.balance_minor
      RETURNING account_id, balance_minor
    )
    SELECT 'moved' AS source, account_id AS id, balance_minor::text AS value FROM moved
    UNION ALL
    SELECT r.kind, r.id, r.body FROM records r JOIN unnest(${recordKinds}::text[], ${recordIds}::text[]) AS w(kind, id) ON r.kind = w.kind AND r.id = w.id
    UNION ALL
    SELECT 'order', o.order_id, o.order_number FROM (${earlierOrderNumbers(reads.orderIds)}) o`.execute(trx);
  const balances = new Map<string, bigint>();
  const read: BatchRead = { deferredLimits: new Map(), methodTypes: new Map(), orderNumbers: new Map() };
  for (const r of rows.rows) {
    if (r.source === 'moved') balances.set(r.id, BigInt(r.value));
    else if (r.source === 'contact') read.deferredLimits.set(r.id, (JSON.parse(r.value) as RecordBody<'contact'>).deferredLimitMinor);
    else if (r.source === 'method') read.methodTypes.set(r.id, (JSON.parse(r.value) as RecordBody<'method'>).type);
    else read.orderNumbers.set(r.id, r.value);
  }
  return { balances, read };
}

/** Raised by storeEvents (`'new'`) when an event of the batch is stored already: its transaction is aborted, and is run again `'unless-stored'`. */
export class EventsStoredAlready extends Error {
  constructor() {
    super('an event of the batch is stored already');
  }
}

/** unique_violation */
const uniqueViolation = '23505';

/**
 * Inserts the events and their postings, and answers the ids of the batch's events it did
 * not insert. `'new'`, a catch-up's case: every event is new, a plain insert (PostgreSQL's
 * cheapest), and one that is stored already (its id or its till and seq) aborts the
 * transaction with EventsStoredAlready. `'unless-stored'`: each event unless stored already
 * (`ON CONFLICT DO NOTHING`: a row another transaction is inserting is waited for), only the
 * inserted ones' postings — the events not inserted being those a till sent again, or an id
 * or a seq another event holds, which the push's checks refuse (rolling these rows back).
 * One statement, whatever the batch's size. Takes no lock on the till's row but the foreign
 * key's share lock, which the push's lock (FOR NO KEY UPDATE, server migration 16) lets
 * through: a till's next batch is stored while the one before it holds the lock.
 */
export async function storeEvents(trx: Trx, events: readonly CheckedEvent[], nowMs: number, mode: 'new' | 'unless-stored'): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const col = <T>(pick: (e: CheckedEvent) => T) => events.map(pick);
  const postingEvents: string[] = [];
  const postingAccounts: string[] = [];
  const postingAmounts: string[] = [];
  for (const e of events) {
    for (const [accountId, amount] of e.postings) {
      postingEvents.push(e.id);
      postingAccounts.push(accountId);
      postingAmounts.push(String(amount));
    }
  }
  const isNew = mode === 'new';
  const query = sql<{ inserted: number; ids: string[] | null }>`
    WITH stored AS (
      INSERT INTO events (id, till_id, seq, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format, signature, received_at_ms)
      SELECT *, ${nowMs}::int8 FROM unnest(${listed(col((e) => e.id), 'text')}, ${listed(col((e) => e.tillId), 'text')}, ${listed(col((e) => e.seq), 'int8')}, ${listed(col((e) => e.type), 'text')},
        ${listed(col((e) => e.createdAtMs), 'int8')}, ${listed(col((e) => e.userId), 'text')}, ${listed(col((e) => e.sessionId), 'text')}, ${listed(col((e) => e.payload), 'text', payloadSeparator)},
        ${listed(col((e) => e.prevHash), 'text')}, ${listed(col((e) => e.hash), 'text')}, ${listed(col((e) => e.format), 'int4')}, ${listed(col((e) => e.signature), 'text')})
      ${isNew ? sql`` : sql`ON CONFLICT DO NOTHING RETURNING id`}
    ), posted AS (
      INSERT INTO postings (event_id, account_id, amount_minor)
      SELECT * FROM unnest(${listed(postingEvents, 'text')}, ${listed(postingAccounts, 'text')}, ${listed(postingAmounts, 'int8')}) AS p(event_id, account_id, amount_minor)
      ${isNew ? sql`` : sql`WHERE p.event_id IN (SELECT id FROM stored)`}
    )
    ${isNew ? sql`SELECT ${events.length}::int AS inserted, NULL AS ids` : sql`SELECT count(*)::int AS inserted, CASE WHEN count(*) < ${events.length}::int THEN array_agg(id) END AS ids FROM stored`}`;
  let row: { inserted: number; ids: string[] | null };
  try {
    row = (await query.execute(trx)).rows[0]!;
  } catch (error) {
    if (isNew && (error as { code?: unknown }).code === uniqueViolation) throw new EventsStoredAlready();
    throw error;
  }
  if (row.inserted === events.length) return new Set();
  const inserted = new Set(row.ids ?? []);
  return new Set(events.filter((e) => !inserted.has(e.id)).map((e) => e.id));
}
