// Box-office-wide accounts at an enrolled till (issue 15 point 4), a real till (its SQLite
// file, its sync client) against the ledger server on PGlite and on a real PostgreSQL: a
// movement made at another till and one made online show in the till's credit history,
// deferred account and reports after its pull; the till's own movements not yet sent are
// in them too, and once the server has them they are not counted twice; the answers say as
// of when (synced at, or offline: this till only since then); and the till's reports equal
// the server's own over the same movements.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testTill, type TestTill } from '../testing/fixtures.ts';
import { defaultSyncOptions, SyncClient } from './client.ts';
import { syncState } from './state.ts';
import { loadOrCreateSigner, plainKeyFile } from '../kernel/ledger/keys.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import { enrolled, shopKeyFor } from '../../../sync/src/shop/shop-testing.ts';
import { admin, call, startTestServer, TestClock, testEngines, type TestEngine } from '../../../sync/src/testing/harness.ts';
import { TestJournal } from '../../../sync/src/testing/journal.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

describe.each(testEngines)('box-office-wide accounts at an enrolled till, server on %s', (engine: TestEngine) => {
  let server: RunningServer;
  let clock: TestClock;
  let till: TestTill;
  let client: SyncClient;
  let isClosed = false;
  const folder = mkdtempSync(join(tmpdir(), 'guichet-box-office-'));
  const fromMs = Date.UTC(2020, 0, 1);
  const toMs = () => till.clock.nowMs() + 1;

  const history = () => till.must('credit.history', { contactId: 'c-dupont' }, 'supervisor');
  const creditAccount = () => till.must('reports.creditAccounts', { fromMs, toMs: toMs() }, 'supervisor').rows.find((r) => r.contactId === 'c-dupont');
  const deferredAccount = () => till.must('reports.deferredAccounts', {}, 'supervisor').rows.find((r) => r.contactId === 'c-ecole');

  beforeAll(async () => {
    till = testTill();
    // one time for the till and the server, as on a box office's machines
    clock = new TestClock(till.clock.nowMs());
    server = await startTestServer({ engine, cluster, clock });
    // a till signs its journal (ADR 0007) as openTill sets it up: the server enrols only a till with its keys
    const tillId = till.context.tillId;
    const signing = loadOrCreateSigner(till.db, { tillId, dataDir: join(folder, 'data'), keyDir: join(folder, 'keys'), protection: plainKeyFile, nowMs: till.clock.nowMs() });
    Object.assign(till.context, { signer: signing.signer });
    till.must('sessions.open', { float: [] });
    const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: 'Guichet 1' });
    expect(code.ok, JSON.stringify(code.error)).toBe(true);
    till.must('sync.enrol', { serverUrl: server.url, code: code.value.code }, 'administrator');
    client = new SyncClient(till.context, { ...defaultSyncOptions, log: () => {}, keys: null });
    await client.runOnce();
    expect(syncState(till.db).last_error_code, syncState(till.db).last_error_message ?? '').toBeNull();
    expect(syncState(till.db).token).not.toBeNull();
  }, 60_000);
  afterAll(async () => {
    if (!isClosed) await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a movement made at another till and one made online show at this till after its pull, with as of when', async () => {
    const before = creditAccount();
    const beforeOwing = deferredAccount()?.outstandingMinor ?? 0;
    // till R2 takes 100.– on Marie Dupont's balance; she spends 20.– of it online; a school orders 76.– online on account
    const r2 = new TestJournal('R2', () => clock.nowMs());
    r2.append('credit_fund', [['till:R2:pm-cash', 10_000], ['credit:c-dupont', -10_000]], { contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 10_000, reference: 'R2' });
    const pushed = await call(server.url, 'POST', '/v1/push', { token: await enrolled(server, 'R2'), body: { tillId: 'R2', events: r2.events } });
    expect(pushed.ok, JSON.stringify(pushed.error)).toBe(true);
    const shopKey = await shopKeyFor(server, 'pos-web');
    const spent = await call(server.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: ulid(), contactId: 'c-dupont', lines: [{ kind: 'item', itemId: 'i-programme', quantity: 4 }], payments: [{ methodId: 'pm-credit', amountMinor: 2000 }] },
    });
    expect(spent.ok, JSON.stringify(spent.error)).toBe(true);
    const onAccount = await call(server.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: ulid(), contactId: 'c-ecole', lines: [{ kind: 'ticket', performanceId: 'e-quatuor-p1', tariffId: 'e-quatuor-plein', quantity: 2 }], payments: [{ methodId: 'pm-deferred', amountMinor: 7600 }] },
    });
    expect(onAccount.ok, JSON.stringify(onAccount.error)).toBe(true);

    // not pulled yet: the till knows neither
    expect(creditAccount()).toEqual(before);
    expect(deferredAccount()?.outstandingMinor ?? 0).toBe(beforeOwing);

    till.clock.advance(60_000);
    clock.advance(60_000);
    await client.runOnce();
    const syncedAtMs = till.clock.nowMs();
    const movements = history().movements;
    const online = movements.filter((m) => m.tillId === 'WEB');
    expect(online.map((m) => [m.kind, m.amountMinor])).toEqual([['spent', -2000]]);
    expect(movements.filter((m) => m.tillId === 'R2').map((m) => [m.kind, m.amountMinor, m.methodName, m.reference])).toEqual([['funded', 10_000, 'Espèces', 'R2']]);
    expect(history().asOf).toEqual({ scope: 'box_office', syncedAtMs, isOffline: false });
    expect(creditAccount()).toMatchObject({ closingMinor: (before?.closingMinor ?? 0) + 8000 });
    expect(deferredAccount()).toMatchObject({ outstandingMinor: beforeOwing + 7600 });
    const account = till.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor');
    expect(account.movements.filter((m) => m.tillId === 'WEB').map((m) => [m.kind, m.amountMinor])).toEqual([['charged', 7600]]);
    expect(account.asOf).toEqual({ scope: 'box_office', syncedAtMs, isOffline: false });
    const slip = till.must('reports.creditSlip', { fromMs, toMs: toMs(), tillIds: ['R2'] }, 'supervisor');
    expect(slip.rows.map((r) => [r.tillId, r.amountMinor])).toEqual([['R2', 10_000]]);
    expect(slip.totals).toMatchObject({ creditedMinor: 10_000, debitedMinor: 0 });
  });

  it("this till's own movements not yet sent are counted, and once the server has them not twice", async () => {
    const before = creditAccount()!;
    const slipBefore = till.must('reports.creditSlip', { fromMs, toMs: toMs(), tillIds: [] }, 'supervisor');
    till.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 1500 }, 'supervisor');
    expect(syncState(till.db).acked_seq).toBeLessThan(till.db.prepare('SELECT MAX(seq) AS seq FROM journal').pluck().get() as number);
    const unsent = { account: creditAccount(), slip: till.must('reports.creditSlip', { fromMs, toMs: toMs(), tillIds: [] }, 'supervisor'), history: history().movements };
    expect(unsent.account).toMatchObject({ closingMinor: before.closingMinor + 1500 });
    expect(unsent.slip.rowCount).toBe(slipBefore.rowCount + 1);
    expect(unsent.history[0]).toMatchObject({ tillId: till.context.tillId, kind: 'funded', amountMinor: 1500, balanceAfterMinor: before.closingMinor + 1500 });

    till.clock.advance(60_000);
    clock.advance(60_000);
    await client.runOnce();
    expect(syncState(till.db).acked_seq).toBe(till.db.prepare('SELECT MAX(seq) AS seq FROM journal').pluck().get());
    // the server has it and the pull came back: the same figures, the movement once
    expect(creditAccount()).toEqual(unsent.account);
    const slip = till.must('reports.creditSlip', { fromMs, toMs: toMs(), tillIds: [] }, 'supervisor');
    expect({ rowCount: slip.rowCount, totals: slip.totals }).toEqual({ rowCount: unsent.slip.rowCount, totals: unsent.slip.totals });
    expect(history().movements).toEqual(unsent.history);
    expect(till.db.prepare('SELECT COUNT(*) FROM known_movements WHERE till_id = ?').pluck().get(till.context.tillId)).toBe(0);
  });

  it("the till's reports equal the server's over every channel", async () => {
    const token = syncState(till.db).token!;
    const query = `fromMs=${fromMs}&toMs=${toMs()}`;
    const atServer = await call(server.url, 'GET', `/v1/reports/credit-accounts?${query}`, { token });
    expect(atServer.ok, JSON.stringify(atServer.error)).toBe(true);
    const atTill = till.must('reports.creditAccounts', { fromMs, toMs: toMs() }, 'supervisor');
    const figures = (rows: { contactId: string; openingMinor: number; creditedMinor: number; debitedMinor: number; closingMinor: number }[]) =>
      rows.map((r) => [r.contactId, r.openingMinor, r.creditedMinor, r.debitedMinor, r.closingMinor]);
    expect(figures(atTill.rows)).toEqual(figures(atServer.value.rows));
    expect(atTill.totals).toEqual(atServer.value.totals);
    const deferredAtServer = await call(server.url, 'GET', '/v1/reports/deferred-accounts', { token });
    const deferredAtTill = till.must('reports.deferredAccounts', {}, 'supervisor');
    const owing = (rows: { contactId: string; outstandingMinor: number }[]) => rows.filter((r) => r.outstandingMinor !== 0).map((r) => [r.contactId, r.outstandingMinor]);
    expect(owing(deferredAtTill.rows)).toEqual(owing(deferredAtServer.value.rows));
  });

  it('offline, the answers say this till only since the last sync', async () => {
    const syncedAtMs = syncState(till.db).last_success_ms;
    await server.close();
    isClosed = true;
    till.clock.advance(60_000);
    clock.advance(60_000);
    await client.runOnce();
    expect(syncState(till.db).online).toBe(0);
    expect(history().asOf).toEqual({ scope: 'box_office', syncedAtMs, isOffline: true });
    expect(till.must('reports.deferredAccounts', {}, 'supervisor').asOf).toEqual({ scope: 'box_office', syncedAtMs, isOffline: true });
  });
});
