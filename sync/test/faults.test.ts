// Faults between a real till and the ledger server, on loopback through our fault proxy:
// dropped connections before and after the server committed, delays, duplicated requests
// (to one instance and to two instances on one PostgreSQL at once), stale requests
// replayed after newer ones, the server restarted in the middle of a batch, the till
// killed with SIGKILL while its push was in flight, and a cut for a whole session. After
// each, the history check: the server holds every acknowledged event once, in order,
// chained, byte for byte, and its balances are the sums of its postings.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.ts';
import { startFaultProxy, type Fault, type FaultProxy } from '../src/testing/fault-proxy.ts';
import { systemClock } from '../../src/main/kernel/context.ts';
import { admin, startTestServer } from '../src/testing/harness.ts';
import type { TestCluster } from '../src/testing/postgres.ts';
import { useTestCluster } from '../src/testing/cluster-hooks.ts';
import { checkBalances, checkHistory, openTestTill, synced, waitFor, type TestTill } from './tills.ts';

const repo = join(import.meta.dirname, '../..');
let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

/** A small deterministic generator, so that a failing sequence of faults can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sell(t: TestTill, amountMinor = 500): void {
  t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: amountMinor / 500 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor }] });
}

async function enrolThrough(server: RunningServer, proxy: FaultProxy, t: TestTill): Promise<void> {
  const tillId = t.till.context.tillId;
  const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: tillId });
  t.must('sync.enrol', { serverUrl: proxy.url, code: code.value.code }, 'administrator');
  await synced(t);
  t.must('sessions.open', { float: [] }, 'supervisor');
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults between a till and the ledger server', () => {
  let server: RunningServer & { databaseUrl: string | undefined };
  let proxy: FaultProxy;
  const tills: TestTill[] = [];
  const servers: RunningServer[] = [];
  beforeAll(async () => {
    server = await startTestServer({ engine: 'postgresql', cluster, clock: systemClock });
    servers.push(server);
    proxy = await startFaultProxy(server.url);
  }, 60_000);
  afterAll(async () => {
    for (const t of tills) t.dispose();
    await proxy?.close();
    for (const s of servers) await s.close();
  });
  const till = (tillId: string) => {
    const t = openTestTill(tillId);
    tills.push(t);
    return t;
  };

  it('keeps every event once through random drops, delays, duplicates and stale replays', async () => {
    const t = till('F1');
    await enrolThrough(server, proxy, t);
    const random = seeded(20261124);
    const faults: Fault[] = ['pass', 'drop-before', 'drop-after', 'delay:150', 'duplicate', 'stale'];
    proxy.plan = () => faults[Math.floor(random() * faults.length)]!;
    for (let i = 0; i < 40; i += 1) {
      sell(t, 500 * (1 + (i % 3)));
      await pause(40);
    }
    proxy.plan = () => 'pass';
    await synced(t, 30_000);
    const seen = new Set(proxy.log.filter((l) => l.path === '/v1/push').map((l) => l.fault));
    expect([...seen].sort()).toEqual([...faults].sort());
    await checkHistory(server.store.db, t);
    // requests kept aside arrive late, after newer batches: every event in them exists already
    const late = await proxy.replayStale();
    expect(late.every((status) => status === 200)).toBe(true);
    await checkHistory(server.store.db, t);
    await checkBalances(server.store.db);
    const cash = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', 'till:F1:pm-cash').executeTakeFirstOrThrow();
    expect(Number(cash.balance_minor)).toBe(40 * 500 + 13 * 500 + 13 * 1000); // 14 × 5.–, 13 × 10.–, 13 × 15.–
  }, 90_000);

  it('takes one batch once when two instances on one PostgreSQL receive it at the same moment', async () => {
    const second = await startTestServer({ engine: 'postgresql', databaseUrl: server.databaseUrl, clock: systemClock });
    servers.push(second);
    proxy.duplicateTarget = second.url;
    const t = till('F2');
    await enrolThrough(server, proxy, t);
    const other = till('F3');
    await enrolThrough(server, proxy, other);
    proxy.plan = (request) => (request.path === '/v1/push' ? 'duplicate' : 'pass');
    for (let i = 0; i < 20; i += 1) {
      sell(t);
      sell(other, 1000);
      if (i % 5 === 0) await pause(30);
    }
    await Promise.all([synced(t), synced(other)]);
    proxy.plan = () => 'pass';
    proxy.duplicateTarget = null;
    await checkHistory(server.store.db, t);
    await checkHistory(second.store.db, other);
    await checkBalances(server.store.db);
  }, 60_000);

  it('recovers when the server restarts in the middle of a batch', async () => {
    const t = till('F4');
    await enrolThrough(server, proxy, t);
    proxy.plan = () => 'cut';
    for (let i = 0; i < 300; i += 1) sell(t);
    await waitFor(() => !t.must('sync.status', {}).online, 'the till to see the cut');
    let restarted: Promise<void> | null = null;
    proxy.plan = () => 'pass';
    proxy.onRequest = (request) => {
      if (request.path !== '/v1/push' || restarted) return;
      // the batch is on its way: the server goes down under it and comes back on another port
      restarted = (async () => {
        await pause(5);
        await server.close();
        server = await startTestServer({ engine: 'postgresql', databaseUrl: server.databaseUrl, clock: systemClock });
        servers.push(server);
        proxy.target = server.url;
      })();
    };
    await waitFor(() => restarted !== null, 'a push to reach the proxy');
    await restarted;
    proxy.onRequest = null;
    await synced(t, 30_000);
    await checkHistory(server.store.db, t);
    await checkBalances(server.store.db);
  }, 90_000);

  it('pushes once what a till killed in the middle of its push had sent, after it restarts', async () => {
    const t = till('F5');
    await enrolThrough(server, proxy, t);
    t.close();
    proxy.plan = (request) => (request.path === '/v1/push' ? 'hold' : 'pass');
    const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'sync/test/till-child.ts'), t.dataDir, '6'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // the server has committed the held batch, the till never hears of it: kill it there
    await waitFor(() => out.includes('SOLD') && proxy.log.some((l) => l.path === '/v1/push' && l.fault === 'hold' && l.status === 200), 'the held push to commit', 30_000);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    proxy.plan = () => 'pass';
    const again = openTestTill('F5', { dataDir: t.dataDir });
    tills.push(again);
    const before = again.must('sync.status', {});
    expect(before.waitingEvents).toBeGreaterThanOrEqual(6); // the till never heard the answer
    await synced(again);
    await checkHistory(server.store.db, again);
    const events = await server.store.db.selectFrom('events').select('id').where('till_id', '=', 'F5').execute();
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    await checkBalances(server.store.db);
  }, 90_000);

  it('sends again what a server restored from an older backup lost', async () => {
    const t = till('F7');
    await enrolThrough(server, proxy, t);
    for (let i = 0; i < 5; i += 1) sell(t);
    await synced(t);
    expect(t.must('sync.status', {}).ackedSeq).toBe(6);
    // the server's database goes back to an older backup: it holds F7's journal up to 3
    await sql.raw(`
      ALTER TABLE events DISABLE TRIGGER events_append_only; ALTER TABLE postings DISABLE TRIGGER postings_append_only;
      DELETE FROM postings WHERE event_id IN (SELECT id FROM events WHERE till_id = 'F7' AND seq > 3);
      DELETE FROM events WHERE till_id = 'F7' AND seq > 3;
      UPDATE tills SET head_seq = 3, head_hash = (SELECT hash FROM events WHERE till_id = 'F7' AND seq = 3) WHERE id = 'F7';
      UPDATE balances b SET balance_minor = COALESCE((SELECT SUM(amount_minor) FROM postings p WHERE p.account_id = b.account_id), 0);
      ALTER TABLE events ENABLE TRIGGER events_append_only; ALTER TABLE postings ENABLE TRIGGER postings_append_only;`).execute(server.store.db);
    sell(t); // the next push starts after 6: the server asks for 4, the till sends 4 to 7
    await waitFor(() => t.must('sync.status', {}).ackedSeq === 7 && t.must('sync.status', {}).online, 'the till to send again from 4');
    await checkHistory(server.store.db, t);
    const events = await server.store.db.selectFrom('events').select('seq').where('till_id', '=', 'F7').execute();
    expect(events.map((e) => Number(e.seq)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    await checkBalances(server.store.db);
  }, 60_000);

  it('sells through a cut of the whole session and sends everything when the line comes back', async () => {
    const t = till('F6');
    await enrolThrough(server, proxy, t);
    proxy.plan = () => 'cut';
    for (let i = 0; i < 25; i += 1) sell(t);
    t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 25 * 500 }] }, 'supervisor');
    await waitFor(() => {
      const s = t.must('sync.status', {});
      return !s.online && s.waitingEvents >= 26 && s;
    }, 'the events to wait');
    proxy.plan = () => 'pass';
    await synced(t);
    await checkHistory(server.store.db, t);
    const closing = await server.store.db.selectFrom('events').select('type').where('till_id', '=', 'F6').where('type', '=', 'session_close').execute();
    expect(closing).toHaveLength(1);
  }, 60_000);
});
