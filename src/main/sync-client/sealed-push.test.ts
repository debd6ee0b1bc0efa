// A push batch ends on a signed event (ADR 0015): the sync client seals the batch's last
// event before it sends it when the sealer has not yet (a burst of sales, the loop not
// idle since), and sends the other events as they are, unsigned. The server is a fake
// fetch that records what it is sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SyncEvent } from '../../shared/api/sync-schemas.ts';
import { login, openSession, seededRng, sellSplit } from '../crash/demo-sales.ts';
import { isValidSignature, publicKeyOf } from '../kernel/ledger/signing.ts';
import { signingKeysOf } from '../kernel/ledger/keys.ts';
import { openTill, type Till } from '../till.ts';
import type { SyncClient } from './client.ts';
import { updateSyncState } from './state.ts';

let root: string;
let till: Till;
const pushed: SyncEvent[][] = [];

/** A server that takes every batch and has no records. */
const fakeServer: typeof fetch = async (url, init) => {
  const path = new URL(String(url)).pathname;
  const answer = (value: unknown) => new Response(JSON.stringify({ ok: true, value }), { status: 200 });
  if (path === '/v1/push') {
    const events = (JSON.parse(String(init!.body)) as { events: SyncEvent[] }).events;
    pushed.push(events);
    const last = events.at(-1)!;
    return answer({ statuses: events.map((e) => ({ id: e.id, status: 'created' })), head: { seq: last.seq, hash: last.hash }, serverTimeMs: Date.now() });
  }
  if (path === '/v1/pull') return answer({ records: [], cursor: '0', more: false, tillHead: { seq: 0, hash: '0'.repeat(64) }, serverTimeMs: Date.now() });
  return new Response(JSON.stringify({ ok: false, error: { code: 'not_found', message: 'no such route here' } }), { status: 404 });
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'guichet-sealed-push-'));
  till = openTill({ dataDir: join(root, 'till'), log: () => {}, sync: { fetch: fakeServer, intervalMs: 3_600_000, batchSize: 3, log: () => {} } });
  pushed.length = 0;
});
afterEach(() => {
  till.close();
  rmSync(root, { recursive: true, force: true });
});

it('seals the last event of each batch before sending it, the sealer not having run', async () => {
  const token = login(till.dispatch);
  openSession(till.dispatch, token);
  const rng = seededRng(3);
  for (let i = 0; i < 4; i += 1) sellSplit(till.dispatch, token, rng); // entries 1–5, one burst: nothing sealed yet
  till.context.sealer.stop(); // the sealer's turn never comes: the push must seal on its own
  expect(till.context.db.prepare('SELECT COUNT(*) FROM journal_seals').pluck().get()).toBe(0);
  updateSyncState(till.context.db, { server_url: 'https://ledger.example.ch', token: 'a-till-token' });
  await (till.context.sync as SyncClient).runOnce();

  const key = publicKeyOf(signingKeysOf(till.context.db, 'G1')[0]!.public_key)!;
  expect(pushed.map((batch) => batch.map((e) => e.seq))).toEqual([[1, 2, 3], [4, 5]]);
  for (const batch of pushed) {
    const last = batch.at(-1)!;
    expect(isValidSignature(key, last.hash, last.signature)).toBe(true);
    expect(batch.slice(0, -1).map((e) => e.signature)).toEqual(batch.slice(0, -1).map(() => null));
  }
  // the seals the push wrote are the till's: every entry is covered by one at or after it
  expect(till.context.db.prepare('SELECT seq FROM journal_seals ORDER BY seq').pluck().all()).toEqual([3, 5]);
});
