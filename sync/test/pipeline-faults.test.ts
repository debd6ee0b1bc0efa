// A real till's pipelined push (two batches in flight, src/main/sync-client/pipeline.ts)
// through our fault proxy to the ledger server on PostgreSQL: each push request meets a
// fault drawn by fast-check — passed, lost before the server, its answer lost after the
// commit, delayed (so that the batch sent behind it reaches the till's lock first and is
// refused with a gap), duplicated, kept and replayed late — while the batch behind it is
// already on its way. Then the history check: every event once, in order, no gap, byte for
// byte; the balances the sums of the postings; no gap refusal reached the sync loop.
import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.ts';
import { startFaultProxy, type Fault, type FaultProxy } from '../src/testing/fault-proxy.ts';
import { systemClock } from '../../src/main/kernel/context.ts';
import { admin, startTestServer } from '../src/testing/harness.ts';
import type { TestCluster } from '../src/testing/postgres.ts';
import { useTestCluster } from '../src/testing/cluster-hooks.ts';
import { checkBalances, checkHistory, openTestTill, synced, type TestTill } from './tills.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

const faults: Fault[] = ['pass', 'drop-before', 'drop-after', 'delay:80', 'duplicate', 'stale'];

/** fetch, counting the pushes on their way at once. */
function countingFetch(counts: { inFlight: number; inFlightMax: number }): typeof fetch {
  return async (input, init) => {
    const isPush = String(input instanceof Request ? input.url : input).includes('/v1/push');
    if (isPush) counts.inFlightMax = Math.max(counts.inFlightMax, ++counts.inFlight);
    try {
      return await fetch(input, init);
    } finally {
      if (isPush) counts.inFlight -= 1;
    }
  };
}

describe('a till pushing two batches at once through a faulty line', () => {
  let server: RunningServer;
  let proxy: FaultProxy;
  const tills: TestTill[] = [];
  beforeAll(async () => {
    server = await startTestServer({ engine: 'postgresql', cluster, clock: systemClock });
    proxy = await startFaultProxy(server.url);
  }, 60_000);
  afterAll(async () => {
    for (const t of tills) t.dispose();
    await proxy?.close();
    await server?.close();
  });

  let runs = 0;
  it('stores every event once, in order, without a gap, whatever befalls the first batch while the second is on its way', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...faults), { minLength: 4, maxLength: 14 }), fc.integer({ min: 25, max: 60 }), async (plan, sales) => {
        const tillId = `P${++runs}`;
        const counts = { inFlight: 0, inFlightMax: 0 };
        const logged: string[] = [];
        const t = openTestTill(tillId, { sync: { batchSize: 6, fetch: countingFetch(counts), log: (message) => logged.push(message) } });
        tills.push(t);
        // a day offline before the till is enrolled: its journal goes in batches of 6, two at once
        t.must('sessions.open', { float: [] }, 'supervisor');
        for (let i = 0; i < sales; i += 1) {
          t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 + (i % 3) }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 * (1 + (i % 3)) }] });
        }
        let pushes = 0;
        proxy.plan = (request) => (request.path === '/v1/push' ? (plan[pushes++] ?? 'pass') : 'pass');
        const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: tillId });
        t.must('sync.enrol', { serverUrl: proxy.url, code: code.value.code }, 'administrator');
        await synced(t, 30_000);
        proxy.plan = () => 'pass';
        expect(counts.inFlightMax).toBe(2);
        // a batch that overtook the one before it is sent again by the pipeline: no gap reaches the loop
        expect(logged.filter((m) => m.includes('sync_gap'))).toEqual([]);
        await checkHistory(server.store.db, t);
        // requests kept aside arrive late, after newer batches: every event in them is stored already
        expect((await proxy.replayStale()).every((status) => status === 200)).toBe(true);
        await checkHistory(server.store.db, t);
        await checkBalances(server.store.db);
        const cash = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', `till:${tillId}:pm-cash`).executeTakeFirstOrThrow();
        const soldMinor = Array.from({ length: sales }, (_, i) => 500 * (1 + (i % 3))).reduce((a, b) => a + b, 0);
        expect(Number(cash.balance_minor)).toBe(soldMinor);
      }),
      { numRuns: 6 },
    );
  }, 180_000);
});
