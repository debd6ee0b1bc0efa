// A till of the box office killed and replaced through the fault proxy (ADR 0011), on
// PostgreSQL: till B sells, pushes part of its journal (the last push's answer lost after
// the server committed it), sells once more with its line cut, and dies with its data
// folder. The administrator marks it replaced; a fresh machine enrols with the replacement
// code through the proxy (answers lost, requests duplicated), restores the journal page by
// page while pages are dropped, duplicated, cut in the middle of their body and the server
// restarts — each page written whole or not at all — and sells on the same sequence. Then:
// every event once on the server, no gap in any till's sequence, balances equal postings on
// the server and at every till. What the server held is back; the one sale that never
// reached it is lost with the machine, and its number is given again.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestServer } from '../../../sync/src/testing/harness.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import { checkBalances, checkHistory, type TestTill } from '../../../sync/test/tills.ts';
import { startFaultProxy, type Fault, type FaultProxy, type ForwardedRequest } from '../../../sync/src/testing/fault-proxy.ts';
import { programme, counter, closeTill, closeCounters, cutLine, type Counter, setUp, makeStaff } from '../testing/box-office.ts';
import { checkTillBalances, seeded } from '../testing/box-office-checks.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));
afterAll(closeCounters);

/** The journal of a till as rows to compare (each signature its row's or its seal's, ADR 0015), with the postings and orders its entries made. */
function journalOf(t: Counter, tillId: string, upToSeq = Number.MAX_SAFE_INTEGER) {
  const db = t.till.context.db;
  return {
    journal: db.prepare('SELECT seq, id, type, payload, prev_hash, hash, COALESCE(j.signature, s.signature) AS signature FROM journal j LEFT JOIN journal_seals s USING (till_id, seq) WHERE till_id = ? AND seq <= ? ORDER BY seq').all(tillId, upToSeq),
    postings: db.prepare('SELECT p.entry_id, p.account_id, p.amount_minor FROM postings p JOIN journal j ON j.id = p.entry_id WHERE j.till_id = ? AND j.seq <= ? ORDER BY p.entry_id, p.account_id').all(tillId, upToSeq),
    orders: db.prepare('SELECT o.id, o.number, o.total_minor FROM orders o JOIN journal j ON j.id = o.entry_id WHERE j.till_id = ? AND j.seq <= ? ORDER BY o.number').all(tillId, upToSeq),
  };
}

/**
 * A page is written whole or not at all: the journal ends on a page's last signed entry
 * (ADR 0015: the entries after it come with the next page) or the target, each entry has
 * the postings its payload lists, each sale its order, and the balances add up.
 */
function checkWholePages(t: Counter, tillId: string, targetSeq: number): number {
  const db = t.till.context.db;
  const head = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM journal WHERE till_id = ?').pluck().get(tillId) as number;
  const isSealed = db.prepare('SELECT 1 FROM journal_seals WHERE till_id = ? AND seq = ?').get(tillId, head) !== undefined;
  expect([head, head === 0 || head === targetSeq || isSealed]).toEqual([head, true]);
  const entries = db.prepare('SELECT id, type, payload FROM journal WHERE till_id = ? ORDER BY seq').all(tillId) as { id: string; type: string; payload: string }[];
  const postingsOf = db.prepare('SELECT COUNT(*) FROM postings WHERE entry_id = ?').pluck();
  const orderOf = db.prepare('SELECT COUNT(*) FROM orders WHERE entry_id = ?').pluck();
  for (const e of entries) {
    const listed = (JSON.parse(e.payload) as { postings: unknown[] }).postings.length;
    expect([e.id, postingsOf.get(e.id)]).toEqual([e.id, listed]);
    if (e.type === 'sale') expect([e.id, orderOf.get(e.id)]).toEqual([e.id, 1]);
  }
  checkTillBalances(t);
  return head;
}

describe('a till killed and replaced through the fault proxy, server on postgresql', () => {
  let server: RunningServer & { databaseUrl: string | undefined };
  let proxy: FaultProxy;
  const servers: RunningServer[] = [];
  const tills: Record<'A' | 'B', Counter> = {} as never;
  const pageSize = 3;

  beforeAll(async () => {
    server = await startTestServer({ engine: 'postgresql', cluster, clock: { nowMs: () => Date.now() } });
    servers.push(server);
    proxy = await startFaultProxy(server.url);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    for (const s of servers) await s.close();
  });

  /** Cycles until the till has pushed everything and pulled once since, through whatever the proxy does. */
  const settle = async (t: Counter) => {
    for (let i = 0; i < 60; i += 1) {
      await t.cycle();
      const s = t.status();
      if (s.online && s.lastError === null && s.waitingEvents === 0 && s.waitingRecords === 0 && !s.restoring) return;
    }
    throw new Error(`till ${t.till.context.tillId} never settled: ${JSON.stringify(t.status())}`);
  };
  const settleAll = async () => {
    for (const t of Object.values(tills)) await settle(t);
  };
  const restartServer = async () => {
    await server.close();
    server = await startTestServer({ engine: 'postgresql', databaseUrl: server.databaseUrl, clock: { nowMs: () => Date.now() } });
    servers.push(server);
    proxy.target = server.url;
  };
  const serverHead = async (tillId: string) => {
    const till = await server.store.db.selectFrom('tills').select(['head_seq', 'head_hash']).where('id', '=', tillId).executeTakeFirstOrThrow();
    return { seq: Number(till.head_seq), hash: till.head_hash };
  };
  /** A till on a fresh data folder, set up as its window would, enrolled through the proxy with `code`. */
  const freshTill = (name: string) => {
    const t = counter();
    setUp(t, { tillName: 'Poste', adminName: name });
    return t;
  };
  const sell = (t: Counter, quantity: number) => t.must('sales.checkout', { requestId: ulid(), lines: programme(quantity), buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 * quantity }] });

  it('what the server held comes back, page by page, whole or not at all; the till sells on the same sequence', async () => {
    for (const tillId of ['A', 'B'] as const) {
      const t = freshTill(`Admin ${tillId}`);
      const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Guichet ${tillId}` });
      t.must('sync.enrol', { serverUrl: proxy.url, code: code.value.code as string }, 'administrator');
      await settle(t);
      tills[tillId] = t;
    }
    await makeStaff(tills.A, Object.values(tills));
    await settleAll();
    for (const t of Object.values(tills)) t.must('sessions.open', { float: [] }, 'supervisor');

    // both tills sell and push under faults; B funds a credit and sells a voucher
    const random = seeded(20261207);
    const faults: Fault[] = ['pass', 'drop-before', 'drop-after', 'delay:30', 'duplicate', 'stale', 'truncate'];
    proxy.plan = () => faults[Math.floor(random() * faults.length)]!;
    tills.B.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 4000 }, 'supervisor');
    tills.B.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 5000 }] });
    for (let i = 0; i < 4; i += 1) {
      for (const t of Object.values(tills)) sell(t, 1 + (i % 3));
      for (const t of Object.values(tills)) await t.cycle();
    }
    await settleAll();

    // B sells twice more; the push's answer is lost after the server committed it
    const b = tills.B;
    sell(b, 2);
    b.must('sales.checkout', { requestId: ulid(), lines: programme(1), buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: 500 }] });
    proxy.plan = (request) => (request.path.startsWith('/v1/push') ? 'drop-after' : 'pass');
    await b.cycle();
    const pushed = await serverHead('B');
    const local = b.till.context.db.prepare("SELECT MAX(seq) FROM journal WHERE till_id = 'B'").pluck().get() as number;
    expect(pushed.seq).toBe(local);
    expect(b.status().ackedSeq).toBeLessThan(pushed.seq);
    // one more sale with the line cut: it never reaches the server
    const mend = cutLine(b);
    const lost = sell(b, 3);
    await b.cycle();
    mend();
    const held = journalOf(b, 'B', pushed.seq);
    expect(held.journal).toHaveLength(pushed.seq);
    // B dies with its data folder
    closeTill(b);
    rmSync(dirname(b.dataDir), { recursive: true, force: true });
    delete (tills as Partial<typeof tills>).B;

    // A sells on meanwhile, under faults
    proxy.plan = () => faults[Math.floor(random() * faults.length)]!;
    for (let i = 0; i < 3; i += 1) sell(tills.A, 1);
    await settleAll();

    // the administrator marks B replaced (at the server, not through the till's line)
    const replaced = await admin(server.url, 'POST', '/tills/B/replace');
    expect(replaced).toMatchObject({ ok: true, value: { tillId: 'B', head: pushed } });
    // a fresh machine, set up, enrols with the replacement code through the proxy: its first
    // answer lost after the server spent the code, the next one duplicated
    const inPages = (t: Counter) => ((t.till.context.sync as unknown as { options: { batchSize: number } }).options.batchSize = pageSize);
    let fresh = freshTill('Admin B2');
    inPages(fresh);
    const scripted: Record<string, Fault[]> = {
      '/v1/enrol': ['drop-after', 'duplicate'],
      '/v1/journal': ['drop-before', 'truncate', 'drop-after', 'duplicate', 'pass', 'truncate', 'stale', 'delay:30', 'duplicate'],
      '/v1/signing-keys': ['drop-before', 'duplicate'],
    };
    const seen: string[] = [];
    proxy.plan = (request: ForwardedRequest) => {
      const path = request.path.split('?')[0]!;
      seen.push(path);
      // the enrolment under its new id (the first, under its provisional id, is refused: it takes the code's id)
      const script = path === '/v1/enrol' && !request.body.includes('"tillId":"B"') ? [] : scripted[path];
      if (script) return script.shift() ?? 'pass';
      return faults[Math.floor(random() * faults.length)]!;
    };
    fresh.must('sync.enrol', { serverUrl: proxy.url, code: replaced.value.code as string }, 'administrator');
    let restarted = false;
    for (let i = 0; i < 80; i += 1) {
      await fresh.cycle();
      const s = fresh.status();
      if (s.restoring) expect(s.restoring.restoredSeq).toBe(checkWholePages(fresh, 'B', pushed.seq));
      // in the middle of the restore the server restarts, and the new machine is switched off
      // and on again: it resumes at the page it reached
      if (!restarted && s.restoring && s.restoring.restoredSeq >= pageSize) {
        await restartServer();
        const [dataDir, adminId] = [fresh.dataDir, fresh.userIds.get('administrator')!];
        closeTill(fresh);
        fresh = counter(dataDir);
        fresh.userIds.set('administrator', adminId);
        inPages(fresh);
        expect(fresh.status().restoring).toEqual(s.restoring);
        restarted = true;
      }
      if (fresh.till.context.tillId === 'B' && s.enrolled && !s.restoring && s.lastError === null) break;
    }
    expect(restarted).toBe(true);
    // every scripted fault met its request
    expect(Object.values(scripted).flat()).toEqual([]);
    expect(fresh.status()).toMatchObject({ tillId: 'B', enrolled: true, lastError: null, ackedSeq: pushed.seq });
    expect(fresh.status().restoring).toBeUndefined();
    // what the server held is back, byte for byte, with its postings and orders
    expect(journalOf(fresh, 'B')).toEqual(held);
    checkWholePages(fresh, 'B', pushed.seq);

    // it sells on the same sequence: the next entry after the server's head; the lost sale's number comes again
    tills.B = fresh;
    for (const role of ['cashier', 'supervisor'] as const) fresh.userIds.set(role, tills.A.userIds.get(role)!);
    const next = sell(fresh, 1);
    expect(next.number).toBe(lost.number);
    expect(fresh.till.context.db.prepare('SELECT seq FROM journal WHERE id = (SELECT entry_id FROM orders WHERE id = ?)').pluck().get(next.id)).toBe(pushed.seq + 1);
    proxy.plan = () => faults[Math.floor(random() * faults.length)]!;
    for (let i = 0; i < 3; i += 1) for (const t of Object.values(tills)) sell(t, 1 + i);
    await settleAll();

    // the line heals: the stale requests come back late, then everything settles
    await proxy.replayStale();
    proxy.plan = () => 'pass';
    await settleAll();
    await settleAll();
    for (const t of Object.values(tills)) {
      await checkHistory(server.store.db, t as unknown as TestTill);
      const tillId = t.till.context.tillId;
      const localCount = t.till.context.db.prepare('SELECT COUNT(*) FROM journal WHERE till_id = ?').pluck().get(tillId);
      const remote = await server.store.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('till_id', '=', tillId).executeTakeFirstOrThrow();
      expect([tillId, Number(remote.n)]).toEqual([tillId, localCount]);
      checkTillBalances(t);
    }
    await checkBalances(server.store.db);
    // B's credit: 40.– funded, 5.– spent before it died (pushed, so restored), nothing since
    const fromMs = Date.UTC(2020, 0, 1);
    for (const t of Object.values(tills)) {
      expect(t.must('reports.creditAccounts', { fromMs, toMs: Date.now() + 1 }, 'supervisor').rows.find((r) => r.contactId === 'c-dupont')).toMatchObject({ closingMinor: 3500 });
    }
  }, 180_000);
});
