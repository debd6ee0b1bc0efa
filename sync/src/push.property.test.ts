// Exactly-once push against a reference model: a till's journal (unsigned up to a random
// signing mark, signed from it) delivered as random batches — in order, stale,
// overlapping, repeated, with gaps, with an event altered — straight to the server's push
// (PGlite). The model: the server holds the journal's first h events; a batch [a, b) is
// refused as a conflict when it alters an event the server holds, with a gap when
// a > h + 1, as a bad signature when it alters a new signed event, else taken with
// `exists` up to h and `created` after, h becoming max(h, b − 1). After every delivery the
// server's events are exactly the journal's first h, and every balance is the sum of their
// postings.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/shared/api/sync-schemas.ts';
import { createEnrolmentCode, enrol } from './enrol.ts';
import { postingsOf } from './ledger/postings.ts';
import { push } from './push.ts';
import type { RunningServer } from './server.ts';
import { int } from './store/schema.ts';
import { startTestServer, TestClock } from './testing/harness.ts';
import { TestJournal } from './testing/journal.ts';

const runs = Number(process.env.GUICHET_PUSH_RUNS ?? 60);
const journalLength = 24;

interface Delivery {
  from: number;
  length: number;
  /** Alter the event at this offset in the batch (only meaningful for one already stored). */
  alter: number | null;
}

const delivery = fc.record({
  from: fc.integer({ min: 1, max: journalLength }),
  length: fc.integer({ min: 0, max: 8 }),
  alter: fc.option(fc.integer({ min: 0, max: 7 }), { nil: null, freq: 4 }),
});

describe('push against a reference model', () => {
  let server: RunningServer;
  const clock = new TestClock();
  beforeAll(async () => {
    server = await startTestServer({ engine: 'pglite', clock, demo: false });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('stores each event once, in order, and balances equal their postings', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(delivery, { minLength: 1, maxLength: 14 }), fc.integer({ min: 0, max: 2 ** 31 }), async (deliveries, seed) => {
        run += 1;
        const tillId = `M${run}`;
        const code = await createEnrolmentCode(server.ctx, { tillId, tillName: '' });
        if (!code.ok) throw new Error(code.error.code);
        const journal = new TestJournal(tillId, () => clock.nowMs(), 1 + (seed % 6));
        const enrolled = await enrol(server.ctx, { code: code.value.code, tillId, tillName: '', head: { seq: journalLength, hash: '0'.repeat(64) }, signingKeys: journal.signingKeys });
        expect(enrolled.ok).toBe(true);
        for (let i = 0; i < journalLength; i += 1) {
          const k = (seed + i * 7) % 4;
          if (k === 0) journal.fund(`c-${tillId}`, 1000 + i);
          else if (k === 1) journal.creditSale(`c-${tillId}`, 100 + i);
          else journal.cashSale(500 + i);
        }
        let held = 0;
        for (const d of deliveries) {
          const batch: SyncEvent[] = journal.events.slice(d.from - 1, d.from - 1 + d.length);
          // an event the server holds, or a new signed one; a new one before the mark is
          // HMAC-chained under the till's key, which the server has not (the till's verifier checks it)
          const alterable = (k: number) => d.from + k <= held || d.from + k >= journal.signedFrom;
          const altered = d.alter !== null && d.alter < batch.length && alterable(d.alter) ? d.alter : null;
          if (altered !== null) batch[altered] = { ...batch[altered]!, createdAtMs: batch[altered]!.createdAtMs + 1 };
          const isHeldAltered = altered !== null && d.from + altered <= held;
          const answer = await push(server.ctx, tillId, { tillId, events: batch, records: [] });
          const last = d.from - 1 + batch.length; // seq of the batch's last event
          if (batch.length === 0) {
            expect(answer).toMatchObject({ ok: true, value: { statuses: [], head: { seq: held } } });
          } else if (isHeldAltered) {
            expect(answer).toMatchObject({ ok: false, error: { code: 'sync_event_conflict' } });
          } else if (d.from > held + 1) {
            expect(answer).toMatchObject({ ok: false, error: { code: 'sync_gap', details: { expectedSeq: held + 1 } } });
          } else if (altered !== null) {
            expect(answer).toMatchObject({ ok: false, error: { code: 'sync_signature_invalid', details: { seq: d.from + altered } } });
          } else {
            expect(answer.ok).toBe(true);
            if (!answer.ok) return;
            expect(answer.value.statuses.map((s) => s.status)).toEqual(batch.map((e) => (e.seq <= held ? 'exists' : 'created')));
            held = Math.max(held, last);
            expect(answer.value.head).toEqual({ seq: held, hash: journal.events[held - 1]!.hash });
          }
          await expectServerHolds(server, journal, held);
        }
      }),
      { numRuns: runs },
    );
  }, 300_000);
});

async function expectServerHolds(server: RunningServer, journal: TestJournal, held: number): Promise<void> {
  const rows = await server.ctx.db.selectFrom('events').select(['id', 'seq', 'hash', 'payload']).where('till_id', '=', journal.tillId).orderBy('seq').execute();
  expect(rows.map((r) => [r.id, int(r.seq), r.hash, r.payload])).toEqual(journal.events.slice(0, held).map((e) => [e.id, e.seq, e.hash, e.payload]));
  const expected = new Map<string, bigint>();
  for (const e of journal.events.slice(0, held)) {
    const parsed = postingsOf(e.payload);
    if (!parsed.ok) throw new Error(parsed.reason);
    for (const [account, amount] of parsed.postings) expected.set(account, (expected.get(account) ?? 0n) + amount);
  }
  const accounts = [...new Set([`till:${journal.tillId}:pm-cash`, `credit:c-${journal.tillId}`])];
  const balances = await server.ctx.db.selectFrom('balances').select(['account_id', 'balance_minor']).where('account_id', 'in', accounts).execute();
  for (const account of accounts) {
    const row = balances.find((b) => b.account_id === account);
    expect([account, BigInt(row?.balance_minor ?? 0)]).toEqual([account, expected.get(account) ?? 0n]);
  }
}
