// Pushes of one till racing on a real PostgreSQL: the till's row lock serialises them, and a
// push that waited for it reads what the one before it stored (push.ts lockTill reads the
// checks' data in the lock's statement, whose snapshot predates the wait, and reads it again
// when the row moved meanwhile). The same batch sent many times at once is taken once, each
// other copy answered `exists`; overlapping batches at once are each taken or refused with
// a gap, never as a conflict; the balances are the sums of the postings stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, admin, startTestServer } from './testing/harness.ts';
import { TestJournal, testSigningKeys } from './testing/journal.ts';
import type { TestCluster } from './testing/postgres.ts';
import { useTestCluster } from './testing/cluster-hooks.ts';
import type { RunningServer } from './server.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

async function enrolled(server: RunningServer, tillId: string): Promise<string> {
  const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: tillId });
  const answer = await call(server.url, 'POST', '/v1/enrol', { body: { code: code.value.code, tillId, tillName: tillId, head: { seq: 0, hash: '0'.repeat(64) }, signingKeys: testSigningKeys(tillId) } });
  expect(answer.ok).toBe(true);
  return answer.value.token as string;
}

function dayOf(tillId: string, events: number): TestJournal {
  const journal = new TestJournal(tillId);
  for (let i = 0; i < events; i += 1) {
    if (i % 3 === 0) journal.fund(`c-${tillId}-${i % 7}`, 1000);
    else if (i % 3 === 1) journal.creditSale(`c-${tillId}-${(i - 1) % 7}`, 400);
    else journal.cashSale(500);
  }
  return journal;
}

describe('pushes of one till at the same moment (PostgreSQL)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ engine: 'postgresql', cluster });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const push = (token: string, journal: TestJournal, from: number, to: number) => call(server.url, 'POST', '/v1/push', { token, body: { tillId: journal.tillId, events: journal.events.slice(from, to) } });

  async function expectBalancesAreSums(): Promise<void> {
    const sums = await server.store.db.selectFrom('postings').select(['account_id', (eb) => eb.fn.sum<string>('amount_minor').as('total')]).groupBy('account_id').execute();
    const balances = await server.store.db.selectFrom('balances').select(['account_id', 'balance_minor']).execute();
    const byAccount = new Map(balances.map((b) => [b.account_id, String(b.balance_minor)]));
    for (const s of sums) expect([s.account_id, byAccount.get(s.account_id)]).toEqual([s.account_id, String(s.total)]);
  }

  it('takes one batch sent eight times at once exactly once: one created, the others exists', async () => {
    const token = await enrolled(server, 'K1');
    const journal = dayOf('K1', 300);
    const answers = await Promise.all(Array.from({ length: 8 }, () => push(token, journal, 0, 300)));
    expect(answers.map((a) => a.error?.code ?? 'ok')).toEqual(Array(8).fill('ok'));
    const created = answers.filter((a) => a.value.statuses.every((s: { status: string }) => s.status === 'created'));
    const existing = answers.filter((a) => a.value.statuses.every((s: { status: string }) => s.status === 'exists'));
    expect([created.length, existing.length]).toEqual([1, 7]);
    for (const a of answers) expect(a.value.head).toEqual(journal.head);
    const stored = await server.store.db.selectFrom('events').select('seq').where('till_id', '=', 'K1').execute();
    expect(stored).toHaveLength(300);
    await expectBalancesAreSums();
  });

  it('takes overlapping batches sent at once in the order the lock gives them: each taken or refused with a gap, none as a conflict', async () => {
    const token = await enrolled(server, 'K2');
    const journal = dayOf('K2', 400);
    const ranges: [number, number][] = [[0, 100], [50, 200], [0, 200], [150, 300], [100, 400], [0, 400]];
    const answers = await Promise.all(ranges.map(([from, to]) => push(token, journal, from, to)));
    for (const a of answers) expect(a.ok || a.error?.code === 'sync_gap').toBe(true);
    // what the gaps left out comes with the next push, as a till sends it again
    const again = await push(token, journal, 0, 400);
    expect(again.ok).toBe(true);
    expect(again.value.head).toEqual(journal.head);
    const stored = await server.store.db.selectFrom('events').select(['seq', 'hash']).where('till_id', '=', 'K2').orderBy('seq').execute();
    expect(stored.map((e) => [Number(e.seq), e.hash])).toEqual(journal.events.map((e) => [e.seq, e.hash]));
    await expectBalancesAreSums();
  });
});
