// Customer-account movements of every channel on the ledger server (issue 15 point 4), on
// PGlite and on a real PostgreSQL 15: each posting on a credit or deferred account stored
// once with its channel, type, order and number, method and reference; pulled by the other
// tills as movement records in the records' cursor (never by the till that made them); the
// running totals in (time, event id) order, re-based when an earlier-dated movement arrives
// late; the movement itself unchangeable; and migration 6 bringing in the postings held.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from './server.ts';
import { enrolled, shopKeyFor } from './shop/shop-testing.ts';
import { call, startTestServer, TestClock, testEngines, type TestEngine } from './testing/harness.ts';
import { TestJournal } from './testing/journal.ts';
import type { TestCluster } from './testing/postgres.ts';
import { useTestCluster } from './testing/cluster-hooks.ts';
import { migrate, migrations } from './store/migrations.ts';
import { openPglite } from './store/store.ts';
import { int } from './store/schema.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

interface Till {
  token: string;
  journal: TestJournal;
  pushed: number;
}

type Pulled = { kind: string; id: string; body: Record<string, unknown> };
type Payment = [string, string, number, number, number, number, number];

/** A version 1 sale payload (shared/domain/events.ts): no lines needed, the server checks only its postings balance. */
const sale = (orderId: string, number: string, buyerContactId: string, payments: Payment[]) => ({
  orderId, number, buyerContactId, totalMinor: payments.reduce((a, p) => a + p[2], 0), changeMinor: 0, lines: [], tickets: [], vouchers: [], payments,
});
/** A version 1 refund payload paying back by `payments` ([method, amount, rounding]). */
const refund = (refundId: string, orderId: string, payments: [string, number, number][]) => ({
  refundId, orderId, reason: '', totalMinor: payments.reduce((a, p) => a + p[1], 0), tickets: [], vouchers: [], lines: [], payments,
});

describe.each(testEngines)('account movements on %s', (engine: TestEngine) => {
  let server: RunningServer;
  let clock: TestClock;
  let a: Till;
  let b: Till;
  let shopKey: string;

  const till = async (tillId: string): Promise<Till> => ({ token: await enrolled(server, tillId), journal: new TestJournal(tillId, () => clock.nowMs()), pushed: 0 });
  const push = async (t: Till) => {
    const answer = await call(server.url, 'POST', '/v1/push', { token: t.token, body: { tillId: t.journal.tillId, events: t.journal.events.slice(t.pushed) } });
    expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
    t.pushed = t.journal.events.length;
  };
  /** Every record a till pulls from `cursor`, page by page. */
  const pullAll = async (t: Till, cursor = '0', limit = 2000) => {
    const all: Pulled[] = [];
    for (;;) {
      const page = await call(server.url, 'GET', `/v1/pull?cursor=${cursor}&limit=${limit}`, { token: t.token });
      expect(page.ok).toBe(true);
      all.push(...page.value.records);
      cursor = page.value.cursor;
      if (!page.value.more) return { records: all, cursor };
    }
  };
  const movementsOf = (records: Pulled[]) => records.filter((r) => r.kind === 'movement').map((r) => r.body);
  /** The stored running totals of an account, in (time, event id) order, against its prefix sums. */
  const checkRunningTotals = async (accountId: string) => {
    const rows = await sql<{ amount_minor: string; balance_after_minor: string; debits_after_minor: string; credits_after_minor: string }>`
      SELECT amount_minor, balance_after_minor, debits_after_minor, credits_after_minor FROM account_movements WHERE account_id = ${accountId} ORDER BY at_ms, event_id`.execute(server.store.db);
    let balance = 0;
    let debits = 0;
    let credits = 0;
    for (const r of rows.rows) {
      const amount = int(r.amount_minor);
      balance += amount;
      debits += Math.max(amount, 0);
      credits += Math.max(-amount, 0);
      expect([int(r.balance_after_minor), int(r.debits_after_minor), int(r.credits_after_minor)]).toEqual([balance, debits, credits]);
    }
    const stored = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', accountId).executeTakeFirst();
    expect(balance).toBe(int(stored?.balance_minor ?? 0));
    // the account's totals, first and last times agree with its movements
    const totals = await server.store.db.selectFrom('account_totals').selectAll().where('account_id', '=', accountId).executeTakeFirstOrThrow();
    const times = await sql<{ first: string; last: string }>`SELECT MIN(at_ms)::text AS first, MAX(at_ms)::text AS last FROM account_movements WHERE account_id = ${accountId}`.execute(server.store.db);
    expect([int(totals.balance_minor), int(totals.debits_minor), int(totals.credits_minor), int(totals.movements), int(totals.first_at_ms), int(totals.last_at_ms)]).toEqual([
      balance, debits, credits, rows.rows.length, int(times.rows[0]!.first), int(times.rows[0]!.last),
    ]);
    return rows.rows.length;
  };

  beforeAll(async () => {
    clock = new TestClock();
    server = await startTestServer({ engine, cluster, clock });
    a = await till('M1');
    b = await till('M2');
    shopKey = await shopKeyFor(server, 'pos-web');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("stores each customer posting once with its channel and links, and sends it to the other tills only", async () => {
    a.journal.append('credit_fund', [['till:M1:pm-cash', 5000], ['credit:c-dupont', -5000]], { contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 5000, reference: 'dépôt 1' });
    clock.advance(1000);
    b.journal.append('sale', [['credit:c-dupont', 2000], ['revenue:810', -2000]], sale('o-b-1', 'M2-000001', 'c-dupont', [['p-1', 'pm-credit', 2000, 2000, 0, 0, 0]]));
    clock.advance(1000);
    b.journal.append('sale', [['deferred:c-ecole', 7600], ['till:M2:pm-cash', 400], ['revenue:810', -8000]], sale('o-b-2', 'M2-000002', 'c-ecole', [['p-2', 'pm-cash', 400, 400, 0, 0, 0], ['p-3', 'pm-deferred', 7600, 7600, 0, 0, 0]]));
    clock.advance(1000);
    b.journal.append('refund', [['credit:c-dupont', -500], ['revenue:810', 500]], refund('r-1', 'o-b-1', [['pm-credit', 500, 0]]));
    await push(a);
    await push(b);
    clock.advance(1000);
    const order = await call(server.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: '01JDQ6Z3F1A2B3C4D5E6F7G8H9', contactId: 'c-dupont', lines: [{ kind: 'item', itemId: 'i-programme', quantity: 2 }], payments: [{ methodId: 'pm-credit', amountMinor: 1000 }] },
    });
    expect(order.ok).toBe(true);

    const atA = movementsOf((await pullAll(a)).records);
    expect(atA.map((m) => [m.tillId, m.entryType, m.accountId, m.amountMinor, m.methodId, m.orderNumber, m.reference])).toEqual([
      ['M2', 'sale', 'credit:c-dupont', 2000, 'pm-credit', 'M2-000001', ''],
      ['M2', 'sale', 'deferred:c-ecole', 7600, 'pm-deferred', 'M2-000002', ''],
      ['M2', 'refund', 'credit:c-dupont', -500, 'pm-credit', 'M2-000001', ''],
      ['WEB', 'sale', 'credit:c-dupont', 1000, 'pm-credit', order.value.number, ''],
    ]);
    expect(atA[0]).toMatchObject({ tillName: 'Caisse M2', kind: 'credit', contactId: 'c-dupont', userId: 'u-cashier', orderId: 'o-b-1', refundId: null });
    expect(atA[2]).toMatchObject({ refundId: 'r-1', orderId: 'o-b-1' });
    expect(atA[3]).toMatchObject({ tillName: 'Billetterie en ligne', userId: 'pos-web' });
    const atB = movementsOf((await pullAll(b)).records);
    expect(atB.map((m) => [m.tillId, m.entryType, m.amountMinor, m.methodId, m.reference])).toEqual([
      ['M1', 'credit_fund', -5000, 'pm-cash', 'dépôt 1'],
      ['WEB', 'sale', 1000, 'pm-credit', ''],
    ]);
    // the ids the records travel under
    expect((await pullAll(b)).records.filter((r) => r.kind === 'movement').map((r) => r.id)).toEqual(atB.map((m) => `${m.eventId}:${m.accountId}`));
    expect(await checkRunningTotals('credit:c-dupont')).toBe(4);
  });

  it('pages movements and records in one cursor, each once', async () => {
    const whole = await pullAll(a);
    const paged = await pullAll(a, '0', 3);
    expect(paged.records).toEqual(whole.records);
    expect(paged.cursor).toBe(whole.cursor);
    // a later pull from the cursor brings only what came after
    clock.advance(1000);
    b.journal.append('credit_payout', [['credit:c-dupont', 1000], ['till:M2:pm-cash', -1000]], { contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 1000, reference: '' });
    await push(b);
    const after = await pullAll(a, whole.cursor);
    expect(movementsOf(after.records).map((m) => m.entryType)).toEqual(['credit_payout']);
    expect(after.records.map((r) => r.kind).sort()).toEqual(['balance', 'movement']);
  });

  it('counts the running totals again when a movement dated earlier arrives later', async () => {
    // M1 was offline: its movements are dated before M2's last ones
    const early = clock.nowMs() - 2500;
    const saved = clock.ms;
    clock.ms = early;
    a.journal.append('sale', [['credit:c-dupont', 700], ['revenue:810', -700]], sale('o-a-1', 'M1-000001', 'c-dupont', [['p-9', 'pm-credit', 700, 700, 0, 0, 0]]));
    a.journal.append('credit_fund', [['till:M1:pm-card', 300], ['credit:c-dupont', -300]], { contactId: 'c-dupont', methodId: 'pm-card', amountMinor: 300, reference: '' });
    clock.ms = saved;
    await push(a);
    expect(await checkRunningTotals('credit:c-dupont')).toBe(7);
    // the day totals count each movement once
    const days = await sql<{ n: string; total: string }>`SELECT SUM(movements)::text AS n, SUM(amount_minor)::text AS total FROM account_day_totals WHERE kind = 'credit'`.execute(server.store.db);
    const balance = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', 'credit:c-dupont').executeTakeFirstOrThrow();
    expect([int(days.rows[0]!.n), int(days.rows[0]!.total)]).toEqual([7, int(balance.balance_minor)]);
  });

  it('never changes a movement, only its running totals', async () => {
    await expect(sql`UPDATE account_movements SET amount_minor = 1 WHERE kind = 'credit'`.execute(server.store.db)).rejects.toThrow(/never changes/);
    await expect(sql`DELETE FROM account_movements`.execute(server.store.db)).rejects.toThrow(/never changes/);
    await sql`UPDATE account_movements SET balance_after_minor = balance_after_minor WHERE kind = 'credit'`.execute(server.store.db);
  });
});

it('migration 6 brings in the customer postings held, in time order, with their methods, numbers and running totals', async () => {
  const store = await openPglite('memory://');
  try {
    expect((await migrate(store.db, 1, migrations.filter((m) => m.version < 6))).applied.length).toBeGreaterThan(0);
    await sql`INSERT INTO tills (id, name) VALUES ('G1', 'Caisse 1')`.execute(store.db);
    await sql`INSERT INTO records (kind, id, body, version, updated_at_ms) VALUES
      ('method', 'pm-credit', '{"id":"pm-credit","type":"credit"}', nextval('record_version'), 0),
      ('method', 'pm-voucher', '{"id":"pm-voucher","type":"voucher"}', nextval('record_version'), 0)`.execute(store.db);
    const event = (seq: number, id: string, type: string, at: number, payload: unknown) =>
      sql`INSERT INTO events (id, till_id, seq, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format, received_at_ms)
        VALUES (${id}, 'G1', ${seq}, ${type}, ${at}, 'u-cashier', NULL, ${JSON.stringify(payload)}, ${'0'.repeat(64)}, ${'a'.repeat(64)}, 1, 0)`.execute(store.db);
    const posting = (id: string, account: string, amount: number) => sql`INSERT INTO postings (event_id, account_id, amount_minor) VALUES (${id}, ${account}, ${amount})`.execute(store.db);
    // stored out of time order: the second event is dated first
    await event(1, '01JDQ6Z3F1A2B3C4D5E6F7G8H1', 'sale', 2000, { orderId: 'o-1', number: 'G1-000001', payments: [['p', 'pm-credit', 800, 800, 0, 0, 0]] });
    await posting('01JDQ6Z3F1A2B3C4D5E6F7G8H1', 'credit:c-dupont', 800);
    await posting('01JDQ6Z3F1A2B3C4D5E6F7G8H1', 'revenue:810', -800);
    await event(2, '01JDQ6Z3F1A2B3C4D5E6F7G8H2', 'credit_fund', 1000, { methodId: 'pm-cash', reference: 'R' });
    await posting('01JDQ6Z3F1A2B3C4D5E6F7G8H2', 'credit:c-dupont', -5000);
    await posting('01JDQ6Z3F1A2B3C4D5E6F7G8H2', 'till:G1:pm-cash', 5000);
    await event(3, '01JDQ6Z3F1A2B3C4D5E6F7G8H3', 'sale', 3000, {
      // a version 2 payload: its payments are objects
      v: 2, orderId: 'o-2', number: 'G1-000002', payments: [{ id: 'p', methodId: 'pm-voucher', amountMinor: 1000, tenderedMinor: 1000, changeMinor: 0, roundingMinor: 0, toCreditMinor: 200 }],
    });
    await posting('01JDQ6Z3F1A2B3C4D5E6F7G8H3', 'credit:c-dupont', -200);
    await posting('01JDQ6Z3F1A2B3C4D5E6F7G8H3', 'voucher:v', 1000);
    await posting('01JDQ6Z3F1A2B3C4D5E6F7G8H3', 'revenue:810', -800);
    await event(4, '01JDQ6Z3F1A2B3C4D5E6F7G8H4', 'refund', 4000, { orderId: 'o-1', refundId: 'r-1', payments: [['pm-credit', 800, 0]] });
    await posting('01JDQ6Z3F1A2B3C4D5E6F7G8H4', 'credit:c-dupont', -800);
    await posting('01JDQ6Z3F1A2B3C4D5E6F7G8H4', 'revenue:810', 800);
    expect(await migrate(store.db, 2, migrations.filter((m) => m.version <= 6))).toEqual({ applied: [6] });
    const rows = await store.db.selectFrom('account_movements').selectAll().orderBy('version').execute();
    expect(rows.map((r) => [r.event_id.slice(-2), r.entry_type, int(r.amount_minor), r.method_id, r.order_number, r.reference, int(r.balance_after_minor), int(r.debits_after_minor), int(r.credits_after_minor)])).toEqual([
      ['H2', 'credit_fund', -5000, 'pm-cash', null, 'R', -5000, 0, 5000],
      ['H1', 'sale', 800, 'pm-credit', 'G1-000001', '', -4200, 800, 5000],
      ['H3', 'sale', -200, 'pm-voucher', 'G1-000002', '', -4400, 800, 5200],
      ['H4', 'refund', -800, 'pm-credit', 'G1-000001', '', -5200, 800, 6000],
    ]);
    const totals = await store.db.selectFrom('account_totals').selectAll().execute();
    expect(totals.map((t) => [t.account_id, t.kind, t.contact_id, int(t.first_at_ms), int(t.last_at_ms), int(t.balance_minor), int(t.debits_minor), int(t.credits_minor), int(t.movements)])).toEqual([
      ['credit:c-dupont', 'credit', 'c-dupont', 1000, 4000, -5200, 800, 6000, 4],
    ]);
    const days = await store.db.selectFrom('account_day_totals').selectAll().orderBy("entry_type").orderBy("is_debit").execute();
    expect(days.map((d) => [d.entry_type, d.is_debit, int(d.movements), int(d.amount_minor)])).toEqual([
      ['credit_fund', false, 1, -5000],
      ['refund', false, 1, -800],
      ['sale', false, 1, -200],
      ['sale', true, 1, 800],
    ]);
  } finally {
    await store.close();
  }
});
