// Pushes of one till racing on a real PostgreSQL: the till's row lock serialises them, and a
// push that waited for it reads what the one before it stored (push.ts lockTill: the lock
// and the checks' reads are one statement, server migration 13's push_lock_then_read, whose
// reads take their snapshot after the lock is granted). The same batch sent many times at once is taken once, each
// other copy answered `exists`; overlapping batches at once are each taken or refused with
// a gap, never as a conflict; the balances are the sums of the postings stored. A till's
// pipelined batches (two in flight, src/main/sync-client/pipeline.ts): each inserts its rows
// before it asks for the lock (server migration 16); the second one, when it reaches the lock
// while the first is being written, waits and is stored after it; when it gets the lock first,
// it is refused with a gap and its rows are rolled back.
import { sql } from 'kysely';
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
  /**
   * Holds the till's row lock, as a push being written does (FOR NO KEY UPDATE, server
   * migration 16), while `send` puts batches in the lock's queue one after the other (each
   * waiting before the next is sent: on the lock, or on the rows of the one before it that it
   * stores too); answers their answers.
   */
  async function queuedOnTheLock(tillId: string, sends: (() => ReturnType<typeof push>)[]) {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const held = server.store.db.transaction().execute(async (trx) => {
      await sql`SELECT id FROM tills WHERE id = ${tillId} FOR NO KEY UPDATE`.execute(trx);
      await released;
    });
    const answers: ReturnType<typeof push>[] = [];
    for (const send of sends) {
      answers.push(send());
      await waitingOnLocks(answers.length);
    }
    release();
    await held;
    return Promise.all(answers);
  }

  async function waitingOnLocks(count: number): Promise<void> {
    for (let tries = 0; ; tries += 1) {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`.execute(server.store.db);
      if (rows[0]!.n >= count) return;
      expect(tries, `${count} pushes waiting on the till's lock`).toBeLessThan(500);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function storedSeqs(tillId: string): Promise<number[]> {
    const stored = await server.store.db.selectFrom('events').select('seq').where('till_id', '=', tillId).orderBy('seq').execute();
    return stored.map((e) => Number(e.seq));
  }

  it('stores a batch that reaches the lock while the one before it is being written: it waits, then follows it', async () => {
    const token = await enrolled(server, 'K3');
    const journal = dayOf('K3', 300);
    // the second overlaps the first (sent again from an older acknowledgement): what the first stores, it must read after the wait
    const [first, second] = await queuedOnTheLock('K3', [() => push(token, journal, 0, 150), () => push(token, journal, 100, 300)]);
    expect([first!.error?.code, second!.error?.code]).toEqual([undefined, undefined]);
    expect(first!.value.statuses.every((s: { status: string }) => s.status === 'created')).toBe(true);
    expect(second!.value.statuses.map((s: { status: string }) => s.status)).toEqual([...Array(50).fill('exists'), ...Array(150).fill('created')]);
    expect(second!.value.head).toEqual(journal.head);
    expect(await storedSeqs('K3')).toEqual(journal.events.map((e) => e.seq));
    await expectBalancesAreSums();
  });

  it('refuses with a gap, writing nothing, a batch that gets the lock before the one before it (its rows were inserted before it asked); sent again after it, it is stored', async () => {
    const token = await enrolled(server, 'K5');
    const journal = dayOf('K5', 300);
    const [second] = await queuedOnTheLock('K5', [() => push(token, journal, 150, 300)]);
    expect(second!.error?.code).toBe('sync_gap');
    expect(second!.error?.details).toMatchObject({ expectedSeq: 1, seq: 151 });
    expect(await storedSeqs('K5')).toEqual([]);
    await expectBalancesAreSums();
    expect((await push(token, journal, 0, 150)).ok).toBe(true);
    const again = await push(token, journal, 150, 300);
    expect(again.value.head).toEqual(journal.head);
    expect(await storedSeqs('K5')).toEqual(journal.events.map((e) => e.seq));
    await expectBalancesAreSums();
  });

  it('takes a batch queued on the lock with the one before it in either order: first, it is refused with a gap and writes nothing; sent again, it is stored', async () => {
    const token = await enrolled(server, 'K4');
    const journal = dayOf('K4', 300);
    // both hold the foreign key's share lock on the till's row (their events are inserted
    // before the lock): PostgreSQL then grants the lock to either when it is released
    const [second, first] = await queuedOnTheLock('K4', [() => push(token, journal, 150, 300), () => push(token, journal, 0, 150)]);
    expect(first!.ok).toBe(true);
    if (second!.ok) {
      expect(second!.value.head).toEqual(journal.head);
    } else {
      expect(second!.error?.code).toBe('sync_gap');
      expect(second!.error?.details).toMatchObject({ expectedSeq: 1, seq: 151 });
      expect(first!.value.head).toEqual({ seq: 150, hash: journal.events[149]!.hash });
      // the refused batch's rows, inserted before it asked for the lock, were rolled back
      expect(await storedSeqs('K4')).toEqual(journal.events.slice(0, 150).map((e) => e.seq));
      await expectBalancesAreSums();
      const again = await push(token, journal, 150, 300);
      expect(again.ok).toBe(true);
      expect(again.value.head).toEqual(journal.head);
    }
    expect(await storedSeqs('K4')).toEqual(journal.events.map((e) => e.seq));
    await expectBalancesAreSums();
  });
});
