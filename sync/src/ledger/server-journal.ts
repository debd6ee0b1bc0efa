// The server's own journal (till WEB): the web shop's sales and settlements, chained and
// HMAC-signed exactly like a till's events (canonical JSON payload with its postings), then
// applied to the ledger like a pushed batch, in the caller's transaction.
// Lock order, the same as a push: the WEB tills row first (lockServerJournal), then the
// balances in sorted order (lockBalances, applyEvents), then the record version lock
// (writeRecords). A shop request locks the journal before it reads anything it checks, so
// the shop's writes are serialised on one row and never deadlock with each other.
import { monotonicFactory } from 'ulid';
import { assert } from '../../../src/shared/assert.ts';
import type { Posting } from '../../../src/shared/domain/accounts.ts';
import { assertBalanced } from '../../../src/shared/domain/postings.ts';
import type { ServerContext } from '../context.ts';
import { writeRecords } from '../records.ts';
import { int } from '../store/schema.ts';
import type { Trx } from '../store/tx.ts';
import { applyEvents, type CheckedEvent } from './apply.ts';
import { canonicalJson, entryHash, journalFormat, webTillId, type Json } from './journal.ts';
import { postingsOf } from './postings.ts';

export interface ServerHead {
  seq: number;
  hash: string;
}

export interface ServerEventInput {
  type: string;
  /** Who asked: the web shop's point of sale (an Id, as a till's user id is). */
  userId: string;
  /** The business content; the postings are added to it before hashing, as the till does. */
  data: { [key: string]: Json };
  postings: readonly Posting[];
}

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
 * to the balances and projections, publishes the changed balances and overdrafts as
 * records, and moves the head. Every check of the request is done before: below this
 * call nothing refuses.
 */
export async function appendServerEvents(trx: Trx, ctx: ServerContext, head: ServerHead, inputs: readonly ServerEventInput[], nowMs: number): Promise<AppendedServerEvent[]> {
  const checked: CheckedEvent[] = [];
  let { seq, hash } = head;
  for (const input of inputs) {
    assertBalanced(input.postings);
    assert(new Set(input.postings.map((p) => p.account.id)).size === input.postings.length, 'one posting per account');
    assert(!('postings' in input.data), 'postings are added by the journal');
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
      payload: canonicalJson({ ...input.data, postings: payloadPostings(input.postings) }),
    };
    // the server reads its own payload as it reads a till's: the same checks, the same map
    const parsed = postingsOf(fields.payload);
    assert(parsed.ok, `the server's own event is valid: ${parsed.ok ? '' : parsed.reason}`);
    const event: CheckedEvent = { ...fields, hash: entryHash(ctx.journalKey, fields), postings: parsed.postings, data: parsed.data };
    checked.push(event);
    seq = event.seq;
    hash = event.hash;
  }
  const published = await applyEvents(trx, ctx, checked, nowMs);
  await trx.updateTable('tills').set({ head_seq: seq, head_hash: hash }).where('id', '=', webTillId).execute();
  await writeRecords(trx, published, nowMs);
  return checked.map((e) => ({ id: e.id, seq: e.seq, hash: e.hash, payload: e.payload }));
}
