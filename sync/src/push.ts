// A till's push: a batch of its journal events taken in one transaction, or refused whole.
// Checked before anything is written: the token's till sends only its own events, in
// sequence, chained, none dated past the server's clock, each of a type the server knows
// (ledger/event-types.ts), each payload's postings balanced, the payload read by its
// type's schema (either version: src/shared/domain/events.ts) and its seats (if any)
// consistent with its tickets. Then the events are inserted with their postings, unless
// stored already (storeEvents: before the lock, so that a till's next batch is written while
// the one before it is finished under the lock; a refusal below rolls them back). Then, with
// the till's row locked (two instances taking one till's batches serialise on it): the till has a
// registered signing key (else it must be enrolled again); an event already stored
// answers `exists` if it is byte for byte the same and is refused otherwise; the next
// event must follow the server's head (else a gap or a broken chain); the new events are
// signed by the till's key from its mark on (till-keys.ts); the events inserted are exactly
// the new ones. These are applied to the balances, projected, and the changed customer balances,
// any overdraft and the seats of the performances they sold published as records.
import { sql } from 'kysely';
import type { z } from 'zod';
import { clockSkewMaxMs, type Head, type PushInput, type PushOutput, type SigningKey, type SyncEvent } from '../../src/shared/api/sync-schemas.ts';
import { inputIssue } from '../../src/shared/api/input-issues.ts';
import { ok, refuse, type Refusal, type Result } from '../../src/shared/result.ts';
import { decodeEventJson, isServerEntryType } from '../../src/shared/domain/events.ts';
import type { ServerContext } from './context.ts';
import { applyEvents, EventsStoredAlready, listed, publish, storeEvents, type CheckedEvent } from './ledger/apply.ts';
import { isEventType } from './ledger/event-types.ts';
import { postingsOf } from './ledger/postings.ts';
import { seatsProblem } from './ledger/seats.ts';
import { signatureRefusal, signingOrder } from './ledger/till-keys.ts';
import { int } from './store/schema.ts';
import { transaction, type Trx } from './store/tx.ts';

type PushAnswer = z.infer<typeof PushOutput>;

/** Events checked in one turn of the event loop (≈ 1 ms). */
const checkedPerTurn = 50;

/**
 * The pure checks of a batch, before any query, `checkedPerTurn` events per turn of the
 * event loop. A till sends its next batch while the one before is written (two in flight,
 * src/main/sync-client/pipeline.ts): this one's checks then run while PostgreSQL writes that
 * one under the till's lock, and yielding lets the writer go on as soon as PostgreSQL
 * answers it, instead of after the whole batch's checks (the lock is held meanwhile).
 */
export async function checkBatch(tillId: string, input: z.infer<typeof PushInput>, nowMs: number): Promise<Result<CheckedEvent[]>> {
  const checked: CheckedEvent[] = [];
  const ids = new Set<string>();
  for (let from = 0; ; from += checkedPerTurn) {
    const to = Math.min(from + checkedPerTurn, input.events.length);
    const refusal = checkEvents(tillId, input, nowMs, { from, to }, checked, ids);
    if (refusal) return refusal;
    if (to === input.events.length) return ok(checked);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The checks of the batch's events [from, to), each pushed to `checked` and its id to `ids`; the batch's own (till, records) with its first and last slice. */
function checkEvents(tillId: string, input: z.infer<typeof PushInput>, nowMs: number, { from, to }: { from: number; to: number }, checked: CheckedEvent[], ids: Set<string>): Refusal | null {
  if (from === 0 && input.tillId !== tillId) return refuse('sync_foreign_till', { tillId: input.tillId });
  // an index loop: entries() would make an [i, event] pair per event
  for (let i = from; i < to; i += 1) {
    const event = input.events[i]!;
    if (event.tillId !== tillId) return refuse('sync_foreign_till', { tillId: event.tillId, id: event.id });
    const previous = input.events[i - 1];
    if (previous && event.seq !== previous.seq + 1) return refuse('sync_event_invalid', { id: event.id, reason: `seq ${event.seq} does not follow ${previous.seq} in the batch` });
    if (previous && event.prevHash !== previous.hash) return refuse('sync_chain_broken', { seq: event.seq });
    if (event.createdAtMs > nowMs + clockSkewMaxMs) return refuse('sync_event_from_future', { id: event.id });
    if (ids.has(event.id)) return refuse('sync_event_invalid', { id: event.id, reason: `the id ${event.id} is twice in the batch` });
    ids.add(event.id);
    const { type } = event;
    if (!isEventType(type)) return refuse('sync_event_invalid', { id: event.id, reason: `the server does not know the event type ${type}: upgrade it` });
    if (isServerEntryType(type)) return refuse('sync_event_invalid', { id: event.id, reason: `${type} is the server's own entry: no till writes it` });
    const postings = postingsOf(event.payload);
    if (!postings.ok) return refuse('sync_event_invalid', { id: event.id, reason: postings.reason });
    // the postings checked above are not read again by the schema
    const decoded = decodeEventJson(type, postings.data, postings.pairs);
    // a payload whose seats its schema cannot read is a seats problem, as one whose seats do not add up
    if (!decoded.ok) return refuse(decoded.path.startsWith('seats') ? 'sync_seats_invalid' : 'sync_event_invalid', { id: event.id, reason: decoded.reason });
    const seats = seatsProblem(decoded.event);
    if (seats) return refuse('sync_seats_invalid', { id: event.id, reason: seats });
    // every field named: a spread makes each of the batch's objects a slow dictionary (≈ 1 ms a batch)
    checked.push({
      id: event.id,
      tillId: event.tillId,
      seq: event.seq,
      type,
      createdAtMs: event.createdAtMs,
      userId: event.userId,
      sessionId: event.sessionId,
      payload: event.payload,
      prevHash: event.prevHash,
      hash: event.hash,
      format: event.format,
      signature: event.signature,
      postings: postings.postings,
      event: decoded.event,
    });
  }
  if (to < input.events.length) return null;
  for (const [i, record] of input.records.entries()) {
    if (record.body.id !== record.id) return refuse('invalid_input', inputIssue(`records.${i}.id`, `contact record ${record.id} carries the body of ${record.body.id}`));
  }
  return null;
}

/**
 * `tokenHash`, the caller's token, is checked again under the till's lock: a replacement
 * (which revokes it, updating the till's row) that committed after the route's check must
 * not let the dead machine's late batch land after its journal was handed to the new one.
 */
export async function push(ctx: ServerContext, tillId: string, input: z.infer<typeof PushInput>, tokenHash: string | null = null): Promise<Result<PushAnswer>> {
  const now = ctx.clock.nowMs();
  const arrival = arrive(ctx, tillId, input.events[0]?.seq ?? 0);
  let isStoring = false;
  try {
    // everything that can be checked from the batch alone, before the till's lock is asked for
    const checked = await checkBatch(tillId, input, now);
    if (!checked.ok) return checked;
    // the checked events and the records are all the transaction keeps: the parsed batch is let go of while it awaits
    const { records } = input;
    await arrival.turn();
    isStoring = true;
    return stored(ctx, tillId, checked.value, records, now, tokenHash, arrival).finally(() => arrival.leave());
  } finally {
    if (!isStoring) arrival.leave();
  }
}

/** The checked batch stored under the till's lock, or refused whole. */
async function stored(ctx: ServerContext, tillId: string, events: CheckedEvent[], records: z.infer<typeof PushInput>['records'], now: number, tokenHash: string | null, arrival: Arrival): Promise<Result<PushAnswer>> {
  try {
    return await storedAs('new', ctx, tillId, events, records, now, tokenHash, arrival);
  } catch (error) {
    if (!(error instanceof EventsStoredAlready)) throw error;
    // part of the batch is stored already (sent again), or being stored by another request
    return storedAs('unless-stored', ctx, tillId, events, records, now, tokenHash, arrival);
  }
}

async function storedAs(
  mode: 'new' | 'unless-stored',
  ctx: ServerContext,
  tillId: string,
  events: CheckedEvent[],
  records: z.infer<typeof PushInput>['records'],
  now: number,
  tokenHash: string | null,
  arrival: Arrival,
): Promise<Result<PushAnswer>> {
  return transaction(ctx.db, async (trx) => {
    // before the lock: PostgreSQL writes these rows while the batch before holds it
    const skipped = await storeEvents(trx, events, now, mode);
    const locking = lockTill(trx, tillId, events, skipped, tokenHash);
    arrival.leave();
    const till = await locking;
    if (!till || till.isServer) return refuse('sync_foreign_till', { tillId });
    if (!till.known.isTokenLive) return refuse('token_revoked');
    const { held, known } = till;
    if (known.keys.length === 0) return refuse('sync_key_missing', { tillId });
    const sorted = sortBatch(events, held, known);
    if (!sorted.ok) return sorted;
    const { statuses, fresh, head } = sorted.value;
    const unsigned = signatureRefusal(known.keys, fresh);
    if (unsigned) return unsigned;
    const misfiled = misfiledEvent(events, fresh, skipped);
    if (misfiled) return refuse('sync_event_conflict', { id: misfiled.id, seq: misfiled.seq });
    // every check is above this line: below it the batch is written whole
    const published = await applyEvents(trx, ctx, fresh, now, { tillId, ...head, lastPushAtMs: now });
    if (fresh.length === 0 && records.length > 0) await trx.updateTable('tills').set({ last_push_at_ms: now }).where('id', '=', tillId).execute();
    // a contact changed at a till: the last writer wins, like an edit on one database
    await publish(trx, published, now, records);
    return ok({ statuses, head, serverTimeMs: now });
  });
}

/**
 * An event of the batch whose row is not what sortBatch decided: a new one that storeEvents
 * did not insert, or one at or below the head that it did (the head held without its row).
 * Neither happens while the head names the last stored event: the check keeps a surprise
 * from being committed.
 */
function misfiledEvent(events: readonly CheckedEvent[], fresh: readonly CheckedEvent[], skipped: ReadonlySet<string>): CheckedEvent | undefined {
  if (skipped.size === 0 && fresh.length === events.length) return undefined;
  const isFresh = new Set(fresh.map((e) => e.id));
  return events.find((e) => isFresh.has(e.id) === skipped.has(e.id));
}

/**
 * A batch of a till between its arrival in this process and its request for the till's
 * lock. A till sends two batches at once (pipeline.ts) and the second may reach the server
 * first; once checked, it asks for the lock only after this till's batches of lower seqs
 * then in the process did (or were refused), so that PostgreSQL queues it behind them
 * instead of answering it a gap it must send again. Across instances the lock's order alone holds (a gap, then
 * the batch sent again): this only spares the resend.
 */
interface Arrival {
  firstSeq: number;
  /** Waits for the lock requests of this till's batches of lower seqs in this process. */
  turn(): Promise<void>;
  /** Asked for the lock, or refused: a batch behind it may go. */
  leave(): void;
}

const arrivals = new WeakMap<ServerContext, Map<string, Set<Arrival & { left: Promise<void> }>>>();

function arrive(ctx: ServerContext, tillId: string, firstSeq: number): Arrival {
  const byTill = arrivals.get(ctx) ?? new Map<string, Set<Arrival & { left: Promise<void> }>>();
  arrivals.set(ctx, byTill);
  const here = byTill.get(tillId) ?? new Set();
  byTill.set(tillId, here);
  let leave = () => {};
  const left = new Promise<void>((resolve) => (leave = resolve));
  const arrival = {
    firstSeq,
    left,
    turn: async () => {
      // those here when it is done with its checks: a batch of lower seqs sent with it may have arrived after it
      for (const other of [...here]) if (other.firstSeq < firstSeq) await other.left;
    },
    leave: () => {
      here.delete(arrival);
      if (here.size === 0 && byTill.get(tillId) === here) byTill.delete(tillId);
      leave();
    },
  };
  here.add(arrival);
  return arrival;
}

interface SortedBatch {
  statuses: PushAnswer['statuses'];
  /** The events after the server's head, in order. */
  fresh: CheckedEvent[];
  /** The head once they are stored. */
  head: Head;
}

/**
 * Each event of the batch against what the server holds: one at or below its head must be
 * stored byte for byte the same (`exists`); the others must follow the head without a gap,
 * chain to it, and not reuse a stored id (`created`).
 */
export function sortBatch(events: readonly CheckedEvent[], held: Head, stored: StoredEvents): Result<SortedBatch> {
  let head = held;
  const statuses: PushAnswer['statuses'] = [];
  const fresh: CheckedEvent[] = [];
  for (const event of events) {
    if (event.seq <= head.seq) {
      const same = stored.bySeq.get(event.seq);
      if (!same || !sameEvent(same, event)) return refuse('sync_event_conflict', { id: event.id, seq: event.seq });
      statuses.push({ id: event.id, status: 'exists' });
      continue;
    }
    if (event.seq !== head.seq + 1) return refuse('sync_gap', { expectedSeq: head.seq + 1, seq: event.seq });
    if (event.prevHash !== head.hash) return refuse('sync_chain_broken', { seq: event.seq });
    if (stored.ids.has(event.id)) return refuse('sync_event_conflict', { id: event.id, seq: event.seq });
    fresh.push(event);
    statuses.push({ id: event.id, status: 'created' });
    head = { seq: event.seq, hash: event.hash };
  }
  return ok({ statuses, fresh, head });
}

interface StoredEvents {
  /** This till's stored events at the batch's seqs up to the head. */
  bySeq: Map<number, SyncEvent>;
  /** Ids of the batch already stored anywhere (a new seq may not reuse one). */
  ids: Set<string>;
}

type StoredRow = [string, string, number, string, number, string, string | null, string, string, string, number, string | null];

interface LockedTill {
  isServer: boolean;
  /** The head the server holds of the till's journal, read under the lock. */
  held: Head;
  known: Held;
}

/**
 * Locks the till's row (two instances taking one till's batches serialise on it, and so do
 * a till's two batches in flight) and reads what the batch's checks need: the till's signing
 * keys, its stored events at the batch's seqs up to its head (a batch sent again), which of
 * the ids storeEvents did not insert (`skipped`: those it did are stored nowhere else) are
 * stored, and whether the caller's token still holds. One statement, `push_lock_then_read`
 * (server migrations 13 and 16): a volatile SQL function whose reads take their snapshot
 * after the lock is granted, so that a batch that waited for the one before it sees what that
 * one stored without a second statement.
 */
async function lockTill(trx: Trx, tillId: string, events: readonly SyncEvent[], skipped: ReadonlySet<string>, tokenHash: string | null): Promise<LockedTill | null> {
  const result = await sql<HeldRow & { head_seq: string; head_hash: string; is_server: boolean }>`
    SELECT * FROM push_lock_then_read(${tillId}::text, ${tokenHash}::text, ${[...skipped]}::text[], ${events[0]?.seq ?? 1}::int8, ${events.at(-1)?.seq ?? 0}::int8)`.execute(trx);
  const row = result.rows[0];
  if (!row) return null;
  return { isServer: row.is_server, held: { seq: int(row.head_seq), hash: row.head_hash }, known: knownOf(row) };
}

interface HeldRow {
  token_live: boolean;
  keys: string;
  taken: string[];
  stored: string;
}

/** What the batch's checks read under the lock: the stored events, the keys, and whether the caller's token still holds. */
type Held = StoredEvents & { keys: SigningKey[]; isTokenLive: boolean };

function knownOf(row: HeldRow): Held {
  const keys = signingOrder((JSON.parse(row.keys) as [string, number][]).map(([publicKey, fromSeq]) => ({ publicKey, fromSeq })));
  const bySeq = new Map<number, SyncEvent>();
  for (const [id, till, seq, type, createdAtMs, userId, sessionId, payload, prevHash, hash, format, signature] of JSON.parse(row.stored) as StoredRow[]) {
    bySeq.set(seq, { id, tillId: till, seq, type, createdAtMs, userId, sessionId, payload, prevHash, hash, format, signature });
  }
  return { keys, bySeq, ids: new Set(row.taken), isTokenLive: row.token_live };
}

const eventFields = ['id', 'tillId', 'seq', 'type', 'createdAtMs', 'userId', 'sessionId', 'payload', 'prevHash', 'hash', 'format', 'signature'] as const satisfies readonly (keyof SyncEvent)[];

/**
 * A stored event `a` and the one a till sent again `b`: the same, field for field, except
 * that an event stored unsigned may come back signed (ADR 0015: the till sealed it since,
 * when a later batch happened to end on it); the stored row keeps what it first received.
 */
export function sameEvent(a: SyncEvent, b: SyncEvent): boolean {
  return eventFields.every((field) => a[field] === b[field] || (field === 'signature' && a.signature === null));
}
