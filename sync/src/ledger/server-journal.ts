// The server's own journal (till WEB): the web shop's sales and settlements, chained and
// HMAC-signed exactly like a till's events (canonical JSON payload: the event's data as its
// schema types it, in the version written now, with its postings — src/shared/domain/
// events.ts), then applied to the ledger like a pushed batch, in the caller's transaction.
// Lock order, the same as a push: the WEB tills row first (lockServerJournal), then the
// balances in sorted order (lockBalances, applyEvents), the caller's own rows, then the
// record version lock (publish), last. A shop request locks the journal before it reads anything it checks, so
// the shop's writes are serialised on one row and never deadlock with each other.
import { monotonicFactory } from 'ulid';
import { assert } from '../../../src/shared/assert.ts';
import type { Posting } from '../../../src/shared/domain/accounts.ts';
import { assertBalanced } from '../../../src/shared/domain/postings.ts';
import { decodeEventJson, payloadOf, type EventData } from '../../../src/shared/domain/events.ts';
import type { ServerContext } from '../context.ts';
import { int } from '../store/schema.ts';
import type { Db } from '../store/store.ts';
import type { Trx } from '../store/tx.ts';
import { applyEvents, publish, storeEvents, type CheckedEvent } from './apply.ts';
import type { EventType } from './event-types.ts';
import { canonicalJson, entryHash, genesisHash, journalFormat, webTillId, type JournalFields } from './journal.ts';
import { postingsOf } from './postings.ts';

export interface ServerHead {
  seq: number;
  hash: string;
}

/** An event of one type: who asked (the web shop's point of sale, an Id as a till's user id is), its data as the type's schema types it, its postings. */
export type ServerEventInput = { [T in EventType]: { type: T; userId: string; data: EventData<T>; postings: readonly Posting[] } }[EventType];

export interface AppendedServerEvent {
  id: string;
  seq: number;
  hash: string;
  payload: string;
}

const nextId = monotonicFactory();

/** Locks the server journal's head (the WEB tills row) until the transaction ends. */
export async function lockServerJournal(trx: Trx): Promise<ServerHead> {
  const row = await trx.selectFrom('tills').select(['head_seq', 'head_hash', 'is_server']).where('id', '=', webTillId).forUpdate().executeTakeFirstOrThrow();
  assert(row.is_server, `till ${webTillId} is the server's own journal`);
  return { seq: int(row.head_seq), hash: row.head_hash };
}

/** Postings as the payload carries them: [account, amount], sorted by account (the till's payloadPostings). */
function payloadPostings(postings: readonly Posting[]): [string, number][] {
  return postings.map((p): [string, number] => [p.account.id, p.amountMinor]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * Appends events after `head` (from lockServerJournal in this transaction), applies them
 * to the balances and projections, moves the head, runs the caller's own writes that need
 * the stored events (`afterApply`: seats, the request's answer), and publishes the changed
 * balances and overdrafts as records — last, since the record version lock must be the
 * last lock a transaction takes (records.ts). Every check of the request is done before:
 * below this call nothing refuses.
 */
export async function appendServerEvents(
  trx: Trx,
  ctx: ServerContext,
  head: ServerHead,
  inputs: readonly ServerEventInput[],
  nowMs: number,
  afterApply: (events: AppendedServerEvent[]) => Promise<void> = async () => {},
): Promise<AppendedServerEvent[]> {
  const checked: CheckedEvent[] = [];
  let { seq, hash } = head;
  for (const input of inputs) {
    assertBalanced(input.postings);
    assert(new Set(input.postings.map((p) => p.account.id)).size === input.postings.length, 'one posting per account');
    assert(!('postings' in input.data) && !('v' in input.data), 'the version and the postings are added by the journal');
    const fields = {
      format: journalFormat,
      tillId: webTillId,
      seq: seq + 1,
      id: nextId(nowMs),
      type: input.type,
      createdAtMs: nowMs,
      userId: input.userId,
      sessionId: null,
      prevHash: hash,
      payload: canonicalJson(payloadOf(input.data as EventData<EventType>, payloadPostings(input.postings))),
    };
    // the server reads its own payload as it reads a till's: the same checks, the same schema
    const parsed = postingsOf(fields.payload);
    assert(parsed.ok, `the server's own event is valid: ${parsed.ok ? '' : parsed.reason}`);
    const decoded = decodeEventJson(input.type, parsed.data, parsed.pairs);
    assert(decoded.ok, `the server's own event reads by its schema: ${decoded.ok ? '' : decoded.reason}`);
    // the server's own journal stays HMAC-chained under its key (it signs nothing: it is the verifier)
    const event: CheckedEvent = { ...fields, hash: entryHash(ctx.journalKey, fields), signature: null, postings: parsed.postings, event: decoded.event };
    checked.push(event);
    seq = event.seq;
    hash = event.hash;
  }
  // they follow the head locked above: none is stored yet
  await storeEvents(trx, checked, nowMs, 'new');
  const published = await applyEvents(trx, ctx, checked, nowMs, { tillId: webTillId, seq, hash, lastPushAtMs: null });
  const appended = checked.map((e) => ({ id: e.id, seq: e.seq, hash: e.hash, payload: e.payload }));
  await afterApply(appended);
  await publish(trx, published, nowMs);
  return appended;
}

export type ChainCheck = { ok: true; count: number; head: ServerHead } | { ok: false; seq: number; reason: string };

/**
 * Checks a run of journal rows of one till, from its first: sequence without gaps, each
 * previous hash the hash before it, each hash the HMAC of the entry with `key`, each
 * payload's postings balanced. Names the first bad entry (DESIGN C12).
 */
export function verifyChain(rows: Iterable<JournalFields & { hash: string }>, key: Buffer, from: ServerHead = { seq: 0, hash: genesisHash }): ChainCheck {
  let head = from;
  let count = 0;
  for (const row of rows) {
    if (row.seq !== head.seq + 1) return { ok: false, seq: row.seq, reason: `seq ${row.seq} does not follow ${head.seq}` };
    if (row.prevHash !== head.hash) return { ok: false, seq: row.seq, reason: 'the previous hash does not chain' };
    if (row.hash !== entryHash(key, row)) return { ok: false, seq: row.seq, reason: 'the hash does not match the entry' };
    const postings = postingsOf(row.payload);
    if (!postings.ok) return { ok: false, seq: row.seq, reason: postings.reason };
    head = { seq: row.seq, hash: row.hash };
    count += 1;
  }
  return { ok: true, count, head };
}

/** Verifies the server's own journal in pages, and that the WEB till's head is its last entry. */
export async function verifyServerJournal(db: Db, key: Buffer, pageSize = 1000): Promise<ChainCheck> {
  let head: ServerHead = { seq: 0, hash: genesisHash };
  let count = 0;
  for (;;) {
    const rows = await db.selectFrom('events').selectAll().where('till_id', '=', webTillId).where('seq', '>', String(head.seq)).orderBy('seq').limit(pageSize).execute();
    const page = verifyChain(
      rows.map((r) => ({ format: r.format, tillId: r.till_id, seq: int(r.seq), id: r.id, type: r.type, createdAtMs: int(r.created_at_ms), userId: r.user_id, sessionId: r.session_id, prevHash: r.prev_hash, payload: r.payload, hash: r.hash })),
      key,
      head,
    );
    if (!page.ok) return page;
    head = page.head;
    count += page.count;
    if (rows.length < pageSize) break;
  }
  const till = await db.selectFrom('tills').select(['head_seq', 'head_hash']).where('id', '=', webTillId).executeTakeFirstOrThrow();
  if (int(till.head_seq) !== head.seq || till.head_hash !== head.hash) return { ok: false, seq: int(till.head_seq), reason: `the head (${till.head_seq}) is not the last entry (${head.seq})` };
  return { ok: true, count, head };
}
