// Configuration at enrolled tills (issue 16, D5), real tills (their SQLite databases, their
// sync clients) against the ledger server on PGlite and on a real PostgreSQL: a change made
// at till A goes to the server first, which versions and audits it, and is at till B after
// B's pull; offline, a change is refused with its message and changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../kernel/db/connection.ts';
import { seedDemo } from '../demo/seed.ts';
import { testTill, TestClock as TillClock, tokens, type TestTill } from '../testing/fixtures.ts';
import { sha256Hex } from '../kernel/context.ts';
import { databaseFingerprint } from '../testing/database-fingerprint.ts';
import { defaultSyncOptions, SyncClient } from './client.ts';
import { syncState } from './state.ts';
import { loadOrCreateSigner, plainKeyFile } from '../kernel/ledger/keys.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import { admin, call, startTestServer, TestClock, testEngines, type TestEngine } from '../../../sync/src/testing/harness.ts';
import { shopKeyFor } from '../../../sync/src/shop/shop-testing.ts';
import { ulid } from 'ulid';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

const mandate = { name: 'Bon de commande', type: 'mandate', mayPay: true, mayRefund: true, givesChange: false, tracking: null } as const;

describe.each(testEngines)('configuration at enrolled tills, server on %s', (engine: TestEngine) => {
  let server: RunningServer;
  let a: TestTill;
  let b: TestTill;
  let clientA: SyncClient;
  let clientB: SyncClient;
  const folder = mkdtempSync(join(tmpdir(), 'guichet-config-'));

  /** A till enrolled on the server with its signing key, its first pull done. */
  async function enrolTill(till: TestTill, tillName: string): Promise<SyncClient> {
    const tillId = till.context.tillId;
    const signing = loadOrCreateSigner(till.db, { tillId, dataDir: join(folder, tillId, 'data'), keyDir: join(folder, tillId, 'keys'), protection: plainKeyFile, nowMs: till.clock.nowMs() });
    Object.assign(till.context, { signer: signing.signer });
    const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName });
    expect(code.ok, JSON.stringify(code.error)).toBe(true);
    till.must('sync.enrol', { serverUrl: server.url, code: code.value.code }, 'administrator');
    const client = new SyncClient(till.context, { ...defaultSyncOptions, log: () => {} });
    await client.runOnce();
    expect(syncState(till.db).last_error_code, syncState(till.db).last_error_message ?? '').toBeNull();
    return client;
  }

  beforeAll(async () => {
    a = testTill();
    const clock = new TestClock(a.clock.nowMs());
    server = await startTestServer({ engine, cluster, clock });
    const dbB = openDatabase(':memory:');
    seedDemo(dbB, new TillClock(a.clock.nowMs()), 'G2');
    // B's administrator logged in, as the fixtures' template does for G1
    dbB.prepare("INSERT INTO auth_sessions (token_hash, user_id, till_id, created_at_ms, expires_at_ms) VALUES (?, 'u-admin', 'G2', ?, ?)").run(sha256Hex(tokens.administrator), a.clock.nowMs(), a.clock.nowMs() + 365 * 24 * 3600 * 1000);
    b = testTill({ db: dbB, clock: new TillClock(a.clock.nowMs()) });
    clientA = await enrolTill(a, 'Guichet 1');
    clientB = await enrolTill(b, 'Guichet 2');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const method = (till: TestTill, name: string) => till.db.prepare('SELECT id, type, active FROM payment_methods WHERE name = ?').get(name) as { id: string; type: string; active: number } | undefined;
  const authorised = (till: TestTill) => (till.db.prepare("SELECT method_id FROM pos_payment_methods WHERE point_of_sale_id = 'pos-main' ORDER BY method_id").all() as { method_id: string }[]).map((r) => r.method_id);

  it('a change made at till A is versioned and audited by the server, and is at till B after its pull', async () => {
    const made = await a.mustAsync('paymentMethods.save', mandate, 'administrator');
    const pos = a.must('pointsOfSale.list', {}, 'administrator').find((p) => p.id === 'pos-main')!;
    const saved = await a.mustAsync('pointsOfSale.save', { pointOfSaleId: 'pos-main', name: pos.name, methodIds: [...pos.methodIds.filter((id) => id !== 'pm-cheque'), made.id] }, 'administrator');
    // A wrote what the server stored, with the server's versions
    expect(method(a, 'Bon de commande')).toEqual({ id: made.id, type: 'mandate', active: 1 });
    expect(Number(made.version)).toBeGreaterThan(1);
    expect(saved.version).toBeGreaterThan(made.version!);
    // the server audited both: who, which till, before and after
    const history = await admin(server.url, 'GET', `/configuration/history?kind=pointOfSale&id=pos-main`);
    expect(history.ok, JSON.stringify(history.error)).toBe(true);
    expect(history.value).toEqual([expect.objectContaining({ tillId: 'G1', userId: 'u-admin', version: String(saved.version), before: expect.objectContaining({ methodIds: pos.methodIds }), after: expect.objectContaining({ methodIds: expect.arrayContaining([made.id, 'pm-transfer']) }) })]);
    expect(history.value[0].after.methodIds).not.toContain('pm-cheque');

    // B does not know it before its pull, and does after
    expect(method(b, 'Bon de commande')).toBeUndefined();
    expect(authorised(b)).toContain('pm-cheque');
    expect(authorised(b)).not.toContain(made.id);
    await clientB.runOnce();
    expect(method(b, 'Bon de commande')).toEqual({ id: made.id, type: 'mandate', active: 1 });
    expect(authorised(b)).toEqual(expect.arrayContaining([made.id, 'pm-transfer']));
    expect(authorised(b)).not.toContain('pm-cheque');
    expect(b.db.prepare("SELECT version FROM config_versions WHERE kind = 'pointOfSale' AND id = 'pos-main'").get()).toEqual({ version: saved.version });
    // B's history of the point of sale is the server's: A's change, by whom
    expect(await b.mustAsync('configuration.history', { kind: 'pointOfSale', id: 'pos-main' }, 'administrator')).toEqual([
      expect.objectContaining({ tillId: 'G1', userId: 'u-admin', userName: 'Alex Administrateur', version: saved.version, after: expect.objectContaining({ methodIds: expect.arrayContaining([made.id]) }) }),
    ]);
    // A's own pull brings the same records again, changing nothing
    await clientA.runOnce();
    expect(a.db.prepare("SELECT version FROM config_versions WHERE kind = 'pointOfSale' AND id = 'pos-main'").get()).toEqual({ version: saved.version });
  });

  it('a user created at till A logs in at till B after its pull, with the PIN chosen at A', async () => {
    const nina = await a.mustAsync('users.create', { name: 'Nina Caissière', role: 'cashier', pin: '918273' }, 'administrator');
    expect(b.call('auth.login', { userId: nina.id, pin: '918273' }, null)).toMatchObject({ ok: false, error: { code: 'user_not_found' } });
    await clientB.runOnce();
    expect(b.must('auth.login', { userId: nina.id, pin: '918273' }, null).user).toEqual({ id: nina.id, name: 'Nina Caissière', role: 'cashier' });
    // the server's audit never holds the PIN's hash
    const history = await admin(server.url, 'GET', `/configuration/history?kind=user&id=${nina.id}`);
    expect(JSON.stringify(history.value)).not.toMatch(/pinHash|pinSalt/);
    expect(history.value[0]).toMatchObject({ pinChanged: true, after: { name: 'Nina Caissière', role: 'cashier' } });
  });

  it('a performance closed at till A is no longer sold at till B nor on the web shop', async () => {
    const closed = await a.mustAsync('performances.setOnSale', { performanceId: 'e-quatuor-p2', isOnSale: false }, 'administrator');
    expect(closed).toMatchObject({ isOnSale: false });
    const shopKey = await shopKeyFor(server, 'pos-web');
    const order = await call(server.url, 'POST', '/v1/shop/orders', { token: shopKey, body: { requestId: ulid(), contactId: 'c-dupont', lines: [{ kind: 'ticket', performanceId: 'e-quatuor-p2', tariffId: 'e-quatuor-plein', quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 3800 }] } });
    expect(order).toMatchObject({ ok: false, error: { code: 'performance_closed' } });
    const catalogue = await call(server.url, 'GET', '/v1/shop/catalogue', { token: shopKey });
    expect(JSON.stringify(catalogue.value)).not.toContain('e-quatuor-p2');
    await clientB.runOnce();
    expect(b.db.prepare("SELECT is_on_sale FROM performances WHERE id = 'e-quatuor-p2'").get()).toEqual({ is_on_sale: 0 });
  });

  it('a change made from a version another till has changed since is refused (configuration_stale), and made after the pull', async () => {
    await clientA.runOnce();
    await clientB.runOnce();
    const cheque = (name: string, mayRefund: boolean) => ({ methodId: 'pm-cheque', name, type: 'cheque', mayPay: true, mayRefund, givesChange: false, tracking: null }) as const;
    await a.mustAsync('paymentMethods.save', cheque('Chèque bancaire', true), 'administrator');
    // B has not pulled A's change: its own, made from the version before, would overwrite it unseen
    const before = databaseFingerprint(b.db);
    const stale = await b.callAsync('paymentMethods.save', cheque('Chèque', false), 'administrator');
    expect(stale).toMatchObject({ ok: false, error: { code: 'configuration_stale', details: { kind: 'method', id: 'pm-cheque' } } });
    expect(databaseFingerprint(b.db)).toBe(before);
    await clientB.runOnce();
    expect(b.db.prepare("SELECT name FROM payment_methods WHERE id = 'pm-cheque'").get()).toEqual({ name: 'Chèque bancaire' });
    expect(await b.mustAsync('paymentMethods.save', cheque('Chèque', false), 'administrator')).toMatchObject({ name: 'Chèque', mayRefund: false });
    await clientA.runOnce();
    expect(a.db.prepare("SELECT name, may_refund FROM payment_methods WHERE id = 'pm-cheque'").get()).toEqual({ name: 'Chèque', may_refund: 0 });
  });

  it('offline, a change is refused with its message and changes nothing here or on the server', async () => {
    const url = syncState(a.db).server_url;
    a.db.prepare('UPDATE sync_state SET server_url = ?').run('http://127.0.0.1:9');
    try {
      const before = databaseFingerprint(a.db);
      const refused = await a.callAsync('paymentMethods.save', { ...mandate, name: 'Virement postal', type: 'transfer' }, 'administrator');
      expect(refused).toMatchObject({ ok: false, error: { code: 'configuration_offline' } });
      if (!refused.ok) expect(refused.error.message).toMatch(/serveur/);
      expect(databaseFingerprint(a.db)).toBe(before);
    } finally {
      a.db.prepare('UPDATE sync_state SET server_url = ?').run(url);
    }
    await clientB.runOnce();
    expect(method(b, 'Virement postal')).toBeUndefined();
  });
});
