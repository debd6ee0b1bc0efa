// The box office of box-office-scenario.test.ts through the fault proxy (drops before and
// after the server commits, delays, duplicates, stale requests replayed, the server
// restarted), on PostgreSQL: every event once, no gap, balances equal postings on the server
// and at every till.
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, call as serverCall, startTestServer } from '../../../sync/src/testing/harness.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import { checkBalances, checkHistory, type TestTill } from '../../../sync/test/tills.ts';
import { startFaultProxy, type Fault, type FaultProxy } from '../../../sync/src/testing/fault-proxy.ts';
import { programme, byVoucher, counter, closeCounters, type Counter, setUp, makeStaff } from '../testing/box-office.ts';
import { checkTillBalances, seeded } from '../testing/box-office-checks.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));
afterAll(closeCounters);

// The same box office through the fault proxy (drops before and after the server commits,
// delays, duplicates, stale requests replayed, the server restarted): on PostgreSQL, where a
// restarted server finds its data again.
describe('one box office through the fault proxy, server on postgresql', () => {
  let server: RunningServer & { databaseUrl: string | undefined };
  let proxy: FaultProxy;
  let shopKey = '';
  const servers: RunningServer[] = [];
  const tills: Record<'A' | 'B' | 'C', Counter> = {} as never;

  beforeAll(async () => {
    server = await startTestServer({ engine: 'postgresql', cluster, clock: { nowMs: () => Date.now() } });
    servers.push(server);
    proxy = await startFaultProxy(server.url);
    shopKey = (await admin(server.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key as string;
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    for (const s of servers) await s.close();
  });

  const shop = (method: string, path: string, body?: unknown) => serverCall(server.url, method, path, { token: shopKey, body });
  /** Cycles until the till has pushed everything and pulled once since, through whatever the proxy does. */
  const settle = async (t: Counter) => {
    for (let i = 0; i < 60; i += 1) {
      await t.cycle();
      const s = t.status();
      if (s.online && s.lastError === null && s.waitingEvents === 0 && s.waitingRecords === 0) return;
    }
    throw new Error(`till ${t.till.context.tillId} never settled: ${JSON.stringify(t.status())}`);
  };
  const settleAll = async () => {
    for (const t of Object.values(tills)) await settle(t);
  };
  const passing = async <T>(body: () => Promise<T>): Promise<T> => {
    const plan = proxy.plan;
    proxy.plan = () => 'pass';
    try {
      return await body();
    } finally {
      proxy.plan = plan;
    }
  };
  const restartServer = async () => {
    await server.close();
    server = await startTestServer({ engine: 'postgresql', databaseUrl: server.databaseUrl, clock: { nowMs: () => Date.now() } });
    servers.push(server);
    proxy.target = server.url;
  };

  it('every event once, no gap, and balances equal postings on the server and at every till', async () => {
    for (const tillId of ['A', 'B', 'C'] as const) {
      const t = counter();
      setUp(t, { tillName: 'Poste', adminName: `Admin ${tillId}` });
      const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Guichet ${tillId}` });
      t.must('sync.enrol', { serverUrl: proxy.url, code: code.value.code as string }, 'administrator');
      await settle(t);
      expect(t.till.context.tillId).toBe(tillId);
      tills[tillId] = t;
    }
    await makeStaff(tills.A, Object.values(tills));
    await settleAll();
    for (const t of Object.values(tills)) t.must('sessions.open', { float: [] }, 'supervisor');

    const random = seeded(20261206);
    const faults: Fault[] = ['pass', 'drop-before', 'drop-after', 'delay:30', 'duplicate', 'stale'];
    proxy.plan = () => faults[Math.floor(random() * faults.length)]!;
    // slice 1 and 2's sales, credit and a shared voucher, under faults
    const voucher = tills.A.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 5000 }] });
    const code = voucher.vouchers[0]!.code;
    tills.A.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 10_000 }, 'supervisor');
    for (let i = 0; i < 6; i += 1) {
      for (const t of Object.values(tills)) t.must('sales.checkout', { requestId: ulid(), lines: programme(1 + (i % 3)), buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 * (1 + (i % 3)) }] });
      for (const t of Object.values(tills)) await t.cycle();
    }
    await settleAll();
    await settleAll();
    const requestId = ulid();
    const held = await passing(() => tills.B.answer('sales.hold', { requestId, payments: [byVoucher(code, 3000)] }));
    expect(held).toMatchObject({ ok: true, value: { isOffline: false, holds: [{ amountMinor: 3000 }] } });
    tills.B.must('sales.checkout', { requestId, lines: programme(6), buyerContactId: null, payments: [byVoucher(code, 3000)] });
    tills.B.must('sales.checkout', { requestId: ulid(), lines: programme(6), buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: 3000 }] });
    // the server goes down in the middle and comes back
    await tills.B.cycle();
    await restartServer();
    await settleAll();
    expect(await shop('POST', '/v1/shop/orders', { requestId: ulid(), contactId: 'c-favre', lines: programme(4), payments: [byVoucher(code, 2000)] })).toMatchObject({ ok: true });
    expect(await shop('POST', '/v1/shop/orders', { requestId: ulid(), contactId: 'c-dupont', lines: programme(4), payments: [{ methodId: 'pm-credit', amountMinor: 2000 }] })).toMatchObject({ ok: true });
    expect(await shop('POST', '/v1/shop/orders', { requestId: ulid(), contactId: 'c-favre', lines: programme(1), payments: [byVoucher(code, 500)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 0 } } });
    for (let i = 0; i < 4; i += 1) for (const t of Object.values(tills)) t.must('sales.checkout', { requestId: ulid(), lines: programme(1), buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 500 }] });
    await settleAll();

    // the line heals: the stale requests come back late, then everything settles
    await proxy.replayStale();
    proxy.plan = () => 'pass';
    await settleAll();
    await settleAll();
    // the pushes met each fault (the generator is seeded and the cycles run one after another)
    const pushFaults = new Set(proxy.log.filter((r) => r.path.startsWith('/v1/push')).map((r) => r.fault));
    for (const fault of ['drop-before', 'drop-after', 'duplicate', 'stale'] as const) expect([fault, pushFaults.has(fault)]).toEqual([fault, true]);
    for (const t of Object.values(tills)) {
      await checkHistory(server.store.db, t as unknown as TestTill);
      const local = t.till.context.db.prepare('SELECT COUNT(*) FROM journal WHERE till_id = ?').pluck().get(t.till.context.tillId);
      const remote = await server.store.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('till_id', '=', t.till.context.tillId).executeTakeFirstOrThrow();
      expect(Number(remote.n)).toBe(local);
      checkTillBalances(t);
    }
    await checkBalances(server.store.db);
    // and every till's account figures agree with the server's: 100.– funded at A, 30.– spent at B, 20.– online
    const fromMs = Date.UTC(2020, 0, 1);
    const token = tills.C.till.context.db.prepare('SELECT token FROM sync_state').pluck().get() as string;
    const atServer = await serverCall(server.url, 'GET', `/v1/reports/credit-accounts?fromMs=${fromMs}&toMs=${Date.now() + 1}`, { token });
    expect(atServer.value.rows.find((r: { contactId: string }) => r.contactId === 'c-dupont')).toMatchObject({ closingMinor: 5000 });
    for (const t of Object.values(tills)) {
      expect(t.must('reports.creditAccounts', { fromMs, toMs: Date.now() + 1 }, 'supervisor').rows.find((r) => r.contactId === 'c-dupont')).toMatchObject({ closingMinor: 5000 });
      expect(t.call('sales.quote', { lines: programme(1), payments: [byVoucher(code, 500)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 0 } } });
    }
  }, 120_000);
});
