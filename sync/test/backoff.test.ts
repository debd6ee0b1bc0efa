// The sync loop keeps up when answers are lost (issue 15 point 6): with a third of the
// push and pull answers dropped after the server committed, a till's 2 100 waiting events
// catch up in seconds, because the backoff starts again from its first step as soon as a
// push shows the server's head further than the till knew. The real signal is the waits:
// each one may only be as long as the losses in a row just before it call for, never grown
// by losses that progress has since answered. The till runs the production timings (1 s
// first retry, doubling up to 30 s); its fetch is timed to see the waits from outside.
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.ts';
import { startFaultProxy, type FaultProxy } from '../src/testing/fault-proxy.ts';
import { systemClock } from '../../src/main/kernel/context.ts';
import { admin, startTestServer } from '../src/testing/harness.ts';
import type { TestCluster } from '../src/testing/postgres.ts';
import { useTestCluster } from '../src/testing/cluster-hooks.ts';
import { checkBalances, checkHistory, openTestTill, synced, type TestTill } from './tills.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

/** A small deterministic generator, so that the sequence of losses is the same every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Exchange {
  path: string;
  startMs: number;
  endMs: number;
  isAnswered: boolean;
}

/** fetch, with each request's start, end and whether an answer came back. */
function timedFetch(exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
    const startMs = performance.now();
    try {
      const response = await fetch(input, init);
      exchanges.push({ path, startMs, endMs: performance.now(), isAnswered: true });
      return response;
    } catch (error) {
      exchanges.push({ path, startMs, endMs: performance.now(), isAnswered: false });
      throw error;
    }
  };
}

/**
 * The loop's waits after a lost answer: each with the number of answers lost in a row
 * just before it (the exchanges between are all lost, so the till learnt nothing).
 */
function waitsOf(exchanges: readonly Exchange[]): { waitMs: number; lostInRow: number }[] {
  const waits: { waitMs: number; lostInRow: number }[] = [];
  let lostInRow = 0;
  for (const [i, e] of exchanges.entries()) {
    lostInRow = e.isAnswered ? 0 : lostInRow + 1;
    const next = exchanges[i + 1];
    if (!e.isAnswered && next) waits.push({ waitMs: next.startMs - e.endMs, lostInRow });
  }
  return waits;
}

describe('the sync loop under loss', () => {
  let server: RunningServer;
  let proxy: FaultProxy;
  let t: TestTill | undefined;
  beforeAll(async () => {
    server = await startTestServer({ engine: 'postgresql', cluster, clock: systemClock });
    proxy = await startFaultProxy(server.url);
  }, 60_000);
  afterAll(async () => {
    t?.dispose();
    await proxy?.close();
    await server?.close();
  });

  it('catches up 2 100 events in seconds with a third of the answers lost, each wait as short as the losses in a row allow', async () => {
    const exchanges: Exchange[] = [];
    // the production timings (defaultSyncOptions in src/main/sync-client/client.ts)
    const [backoffBaseMs, backoffMaxMs, intervalMs, requestTimeoutMs] = [1_000, 30_000, 3_000, 15_000];
    t = openTestTill('L1', { sync: { backoffBaseMs, backoffMaxMs, intervalMs, requestTimeoutMs, fetch: timedFetch(exchanges) } });
    const till = t;
    // a day offline before the till is enrolled: the session's opening and 2 099 sales
    till.must('sessions.open', { float: [] }, 'supervisor');
    for (let i = 0; i < 2_099; i += 1) {
      till.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 }] });
    }
    expect(till.must('sync.status', {}).waitingEvents).toBe(2_100);

    const random = seeded(20261215);
    proxy.plan = (request) => (request.path.startsWith('/v1/enrol') || random() >= 1 / 3 ? 'pass' : 'drop-after');
    const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId: 'L1', tillName: 'L1' });
    const startedMs = performance.now();
    till.must('sync.enrol', { serverUrl: proxy.url, code: code.value.code }, 'administrator');
    await synced(till, 60_000);
    const elapsedMs = performance.now() - startedMs;
    proxy.plan = () => 'pass';

    const lost = proxy.log.filter((l) => l.fault === 'drop-after');
    expect(lost.length).toBeGreaterThanOrEqual(2); // the losses happened, and were survived
    expect(lost.every((l) => l.status === 200)).toBe(true); // each lost answer was the server's commit
    const waits = waitsOf(exchanges);
    expect(waits).toHaveLength(lost.length);
    for (const w of waits) {
      // the n-th loss in a row waits base × 2^(n−1) plus up to one base of jitter (and a little time to run)
      expect({ ...w, boundMs: backoffBaseMs * 2 ** (w.lostInRow - 1) + backoffBaseMs + 250 }).toSatisfy(({ waitMs, boundMs }) => waitMs < boundMs);
    }
    expect(elapsedMs, `waits ${JSON.stringify(waits)}`).toBeLessThan(20_000);
    await checkHistory(server.store.db, till);
    await checkBalances(server.store.db);
  }, 120_000);
});
