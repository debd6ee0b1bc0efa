// The five customer-account reports answered by the ledger server over every channel (issue
// 15 point 4), on PGlite and on a real PostgreSQL 15: two tills' pushed journals and the web
// shop's orders, each report's figures worked out by hand — a balance spent online no longer
// shows as available, an account owing 76.– on an order placed online shows 76.– — for a
// till by its token and for the administrator by the key; a filter the server cannot answer
// refused, never ignored; and the accounts report reading each account by index seeks.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from './server.ts';
import { enrolled, shopKeyFor } from './shop/shop-testing.ts';
import { call, startTestServer, TestClock, testAdminKey, testEngines, type TestEngine } from './testing/harness.ts';
import { TestJournal } from './testing/journal.ts';
import type { TestCluster } from './testing/postgres.ts';
import { useTestCluster } from './testing/cluster-hooks.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

const dayMs = 86_400_000;

describe.each(testEngines)('account reports on the server, %s', (engine: TestEngine) => {
  let server: RunningServer;
  let clock: TestClock;
  let tokenA: string;
  let shopKey: string;
  const start = Date.UTC(2026, 10, 24, 9, 0, 0);

  const push = async (token: string, journal: TestJournal) => {
    const answer = await call(server.url, 'POST', '/v1/push', { token, body: { tillId: journal.tillId, events: journal.events } });
    expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
  };
  const report = async (path: string, query: string, token = tokenA) => {
    const answer = await call(server.url, 'GET', `/v1/reports/${path}?${query}`, { token });
    expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
    return answer.value;
  };

  beforeAll(async () => {
    clock = new TestClock(start);
    server = await startTestServer({ engine, cluster, clock });
    tokenA = await enrolled(server, 'R1');
    const tokenB = await enrolled(server, 'R2');
    shopKey = await shopKeyFor(server, 'pos-web');
    const a = new TestJournal('R1', () => clock.nowMs());
    const b = new TestJournal('R2', () => clock.nowMs());
    // day 0: R1 funds Dupont 100.–; day 1: R2 sells him 30.– on it; day 2: he spends 50.– online
    a.append('credit_fund', [['till:R1:pm-cash', 10_000], ['credit:c-dupont', -10_000]], { contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 10_000, reference: '' });
    await push(tokenA, a);
    clock.advance(dayMs);
    b.append('sale', [['credit:c-dupont', 3000], ['revenue:810', -3000]], {
      orderId: 'o-r2-1', number: 'R2-000001', buyerContactId: 'c-dupont', totalMinor: 3000, changeMinor: 0, lines: [], tickets: [], vouchers: [], payments: [['p1', 'pm-credit', 3000, 3000, 0, 0, 0]],
    });
    await push(tokenB, b);
    clock.advance(dayMs);
    const online = await call(server.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: '01JDQ6Z3F1A2B3C4D5E6F7G8H1', contactId: 'c-dupont', lines: [{ kind: 'item', itemId: 'i-programme', quantity: 10 }], payments: [{ methodId: 'pm-credit', amountMinor: 5000 }] },
    });
    expect(online.ok).toBe(true);
    // day 2 too: a school orders 76.– online on account
    const onAccount = await call(server.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: '01JDQ6Z3F1A2B3C4D5E6F7G8H2', contactId: 'c-ecole', lines: [{ kind: 'ticket', performanceId: 'e-quatuor-p1', tariffId: 'e-quatuor-plein', quantity: 2 }], payments: [{ methodId: 'pm-deferred', amountMinor: 7600 }] },
    });
    expect(onAccount.ok, JSON.stringify(onAccount.error)).toBe(true);
    clock.advance(dayMs);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("Suivi des comptes d'avoir: a balance spent online is gone, day by day", async () => {
    const all = await report('credit-accounts', `fromMs=${start}&toMs=${clock.nowMs()}`);
    expect(all.rows).toEqual([{ contactId: 'c-dupont', contactName: 'Marie Dupont', openingMinor: 0, creditedMinor: 10_000, debitedMinor: 8000, closingMinor: 2000 }]);
    expect(all.asOf).toEqual({ scope: 'server', syncedAtMs: clock.nowMs(), isOffline: false });
    // from day 1 on: opened at 100.–, 30.– at R2 and 50.– online spent
    const later = await report('credit-accounts', `fromMs=${start + dayMs}&toMs=${clock.nowMs()}`);
    expect(later.rows[0]).toMatchObject({ openingMinor: 10_000, creditedMinor: 0, debitedMinor: 8000, closingMinor: 2000 });
    // up to day 1: the online spending is not in it yet
    const earlier = await report('credit-accounts', `fromMs=${start}&toMs=${start + dayMs + 1000}`);
    expect(earlier.rows[0]).toMatchObject({ openingMinor: 0, creditedMinor: 10_000, debitedMinor: 3000, closingMinor: 7000 });
  });

  it("Suivi des comptes d'attente: an account owing 76.– on an order placed online shows it", async () => {
    const accounts = await report('deferred-accounts', '');
    const ecole = accounts.rows.find((r: { contactId: string }) => r.contactId === 'c-ecole');
    expect(ecole).toMatchObject({ outstandingMinor: 7600, overdueMinor: 0, isAuthorised: true });
    expect(ecole.headroomMinor).toBe(ecole.limitMinor - 7600);
    expect((await report('deferred-accounts', 'minMinor=7600&maxMinor=7600')).rows.map((r: { contactId: string }) => r.contactId)).toEqual(['c-ecole']);
    // overdue once its installment's due date has passed
    clock.advance(40 * dayMs);
    expect((await report('deferred-accounts', 'minMinor=1')).rows[0]).toMatchObject({ contactId: 'c-ecole', overdueMinor: 7600 });
    clock.advance(-40 * dayMs);
  });

  it('lists the movements of every channel with their balances, the slip by till, the deferred list by status', async () => {
    const period = `fromMs=${start}&toMs=${clock.nowMs()}`;
    const movements = await report('credit-movements', `${period}&contactIds=c-dupont`);
    expect(movements.rows.map((m: Record<string, unknown>) => [m.tillId, m.kind, m.amountMinor, m.balanceAfterMinor, m.methodName])).toEqual([
      ['R1', 'funded', 10_000, 10_000, 'Espèces'],
      ['R2', 'spent', -3000, 7000, 'Solde avoir'],
      ['WEB', 'spent', -5000, 2000, 'Solde avoir'],
    ]);
    expect(movements.totals).toMatchObject({ creditedMinor: 10_000, debitedMinor: 8000, netMinor: 2000 });
    const slip = await report('credit-slip', `${period}&tillIds=R2,WEB`);
    expect(slip.rows.map((m: Record<string, unknown>) => m.tillId)).toEqual(['R2', 'WEB']);
    expect([slip.rowCount, slip.totals.debitedMinor, slip.totals.byKind.spent]).toEqual([2, 8000, -8000]);
    expect((await report('credit-slip', period)).rowCount).toBe(3);
    const deferred = await report('deferred-movements', `${period}&status=open`);
    expect(deferred.rows.map((m: Record<string, unknown>) => [m.tillId, m.contactId, m.kind, m.amountMinor, m.outstandingAfterMinor, m.status])).toEqual([['WEB', 'c-ecole', 'charged', 7600, 7600, 'open']]);
    expect(deferred.totals).toMatchObject({ chargedMinor: 7600, netMinor: 7600 });
    expect((await report('deferred-movements', `${period}&status=settled`)).rows).toEqual([]);
  });

  it('answers the administrator the same; refuses a filter it cannot answer and a bad period', async () => {
    const query = `fromMs=${start}&toMs=${clock.nowMs()}`;
    const byAdmin = await call(server.url, 'GET', `/v1/admin/reports/credit-accounts?${query}`, { token: testAdminKey });
    expect(byAdmin.value.rows).toEqual((await report('credit-accounts', query)).rows);
    expect(await call(server.url, 'GET', `/v1/reports/credit-accounts?${query}`)).toMatchObject({ status: 401, error: { code: 'not_authenticated' } });
    expect(await call(server.url, 'GET', `/v1/admin/reports/credit-accounts?${query}`, { token: tokenA })).toMatchObject({ error: { code: 'not_authenticated' } });
    expect(await call(server.url, 'GET', `/v1/reports/deferred-movements?${query}&productIds=e-contes`, { token: tokenA })).toMatchObject({ status: 400, error: { code: 'invalid_input' } });
    expect(await call(server.url, 'GET', `/v1/reports/credit-slip?fromMs=10&toMs=5`, { token: tokenA })).toMatchObject({ status: 400, error: { code: 'invalid_input', details: { field: 'toMs' } } });
    expect(await call(server.url, 'GET', `/v1/reports/credit-movements?${query}`, { token: tokenA })).toMatchObject({ status: 400, error: { code: 'invalid_input', details: { field: 'contactIds' } } });
  });

  it("reads each account's opening and closing by an index seek", async () => {
    // a handful of rows here: the planner is told a table scan is dear, as it is over millions
    const text = await server.store.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
      const plan = await sql<{ 'QUERY PLAN': string }>`
        EXPLAIN SELECT m.balance_after_minor FROM account_movements m WHERE m.account_id = 'credit:c-dupont' AND m.at_ms < 5 ORDER BY m.at_ms DESC, m.event_id DESC LIMIT 1`.execute(trx);
      return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    // the running totals ride in the index (server migration 11): the seek reads no row
    expect(text).toMatch(/Index Only Scan Backward using account_movements_account/);
    expect(text).not.toMatch(/Sort/);
  });

  it("Suivi des comptes d'avoir: a balance untouched in the period shows as it stands; one at zero throughout or opened after it does not", async () => {
    // R3, day 3: Rochat funded 40.– and, at the same millisecond, spends it all; day 4: Favre funded 25.–
    const tokenC = await enrolled(server, 'R3');
    const c = new TestJournal('R3', () => clock.nowMs());
    const day3 = clock.nowMs();
    c.append('credit_fund', [['till:R3:pm-cash', 4000], ['credit:c-rochat', -4000]], { contactId: 'c-rochat', methodId: 'pm-cash', amountMinor: 4000, reference: '' });
    c.append('sale', [['credit:c-rochat', 4000], ['revenue:810', -4000]], {
      orderId: 'o-r3-1', number: 'R3-000001', buyerContactId: 'c-rochat', totalMinor: 4000, changeMinor: 0, lines: [], tickets: [], vouchers: [], payments: [['p1', 'pm-credit', 4000, 4000, 0, 0, 0]],
    });
    clock.advance(dayMs);
    c.append('credit_fund', [['till:R3:pm-cash', 2500], ['credit:c-favre', -2500]], { contactId: 'c-favre', methodId: 'pm-cash', amountMinor: 2500, reference: '' });
    await push(tokenC, c);
    const dupont = { contactId: 'c-dupont', contactName: 'Marie Dupont', openingMinor: 2000, creditedMinor: 0, debitedMinor: 0, closingMinor: 2000 };
    // later on day 3: Dupont's 20.– (last moved on day 2) opens and closes it; Rochat's account
    // is at zero after both its movements (the seek takes the later of the two, by event id);
    // Favre's opens after the period
    const quiet = await report('credit-accounts', `fromMs=${day3 + 1}&toMs=${day3 + dayMs / 2}`);
    expect(quiet.rows).toEqual([dupont]);
    expect([quiet.rowCount, quiet.totals]).toEqual([1, { openingMinor: 2000, creditedMinor: 0, debitedMinor: 0, closingMinor: 2000 }]);
    // the millisecond of Rochat's two movements: both in it, from zero to zero
    const instant = await report('credit-accounts', `fromMs=${day3}&toMs=${day3}`);
    expect(instant.rows).toEqual([dupont, { contactId: 'c-rochat', contactName: 'Lucien Rochat', openingMinor: 0, creditedMinor: 4000, debitedMinor: 4000, closingMinor: 0 }]);
    // up to now: Favre's 25.– too, in name order (Dupont, Favre, Rochat)
    const all = await report('credit-accounts', `fromMs=${start}&toMs=${clock.nowMs()}`);
    expect(all.rows.map((r: { contactId: string; closingMinor: number }) => [r.contactId, r.closingMinor])).toEqual([['c-dupont', 2000], ['c-favre', 2500], ['c-rochat', 0]]);
    // a period before any movement: nothing
    expect(await report('credit-accounts', `fromMs=0&toMs=${start - 1}`)).toMatchObject({ rows: [], rowCount: 0, totals: { openingMinor: 0, creditedMinor: 0, debitedMinor: 0, closingMinor: 0 } });
  });
});
