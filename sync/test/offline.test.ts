// Two real tills and the ledger server (PGlite in a folder, so that it can be stopped and
// started again on its port): enrolment through the till's method, balances learnt by
// pull, a network cut during which both tills keep selling within what they knew and the
// offline cap, the overdraft the server then flags and the tills show, and the history
// check on both journals.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.ts';
import { admin, testAdminKey } from '../src/testing/harness.ts';
import { checkBalances, checkHistory, openTestTill, synced, waitFor, type TestTill } from './tills.ts';

const programme = (quantity: number) => [{ kind: 'item' as const, itemId: 'i-programme', quantity }];

describe('two tills and the ledger server through a network cut', () => {
  const folder = mkdtempSync(join(tmpdir(), 'guichet-server-'));
  let server: RunningServer;
  let port = 0;
  let g1: TestTill;
  let g2: TestTill;
  const start = async () => {
    server = await startServer({ dataDir: folder, port, adminKey: testAdminKey, log: () => {} });
    port = server.port;
  };

  beforeAll(async () => {
    await start();
    g1 = openTestTill('G1');
    g2 = openTestTill('G2');
  }, 60_000);
  afterAll(async () => {
    g1?.dispose();
    g2?.dispose();
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const enrol = async (t: TestTill, tillId: string) => {
    const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Caisse ${tillId}` });
    const status = t.must('sync.enrol', { serverUrl: server.url, code: code.value.code }, 'administrator');
    expect(status).toMatchObject({ enrolling: true, serverUrl: server.url });
    return synced(t);
  };

  it('enrols both tills by their one-time codes; a wrong code is refused and forgotten', async () => {
    const bad = g1.must('sync.enrol', { serverUrl: server.url, code: 'AAAA-BBBB-CCCC-DDDD' }, 'administrator');
    expect(bad.enrolling).toBe(true);
    const refused = await waitFor(() => {
      const s = g1.must('sync.status', {});
      return !s.enrolling && s.lastError?.code === 'enrolment_code_invalid' && s;
    }, 'the refusal');
    expect(refused).toMatchObject({ enrolled: false, online: false });
    expect(g1.call('sync.enrol', { serverUrl: server.url, code: 'bad' }, 'administrator')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(g1.call('sync.enrol', { serverUrl: server.url, code: 'AAAA-BBBB-CCCC-DDDD' }, 'cashier')).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
    expect(await enrol(g1, 'G1')).toMatchObject({ enrolled: true, online: true, waitingEvents: 0 });
    expect(await enrol(g2, 'G2')).toMatchObject({ enrolled: true, online: true });
  });

  it("learns the balance another till funded, and sells on it offline within what it knew and its cap; the server flags the overdraft", async () => {
    expect((await admin(server.url, 'PUT', '/tills/G1', { offlineCapMinor: 8000 })).ok).toBe(true);
    g1.must('sessions.open', { float: [] }, 'supervisor');
    g2.must('sessions.open', { float: [] }, 'supervisor');
    g1.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 10_000 }, 'supervisor');
    await synced(g1);
    await waitFor(() => g2.must('contacts.get', { contactId: 'c-dupont' }).creditBalanceMinor === 10_000, 'G2 to learn the balance');
    expect(g2.must('contacts.get', { contactId: 'c-dupont' }).offlineAllowance).toBeNull(); // online: no offline bound
    await waitFor(() => g1.must('sync.status', {}).offlineCapMinor === 8000, 'G1 to learn its offline cap');

    await server.close(); // the network is cut for both tills
    await waitFor(() => !g1.must('sync.status', {}).online && !g2.must('sync.status', {}).online, 'both tills to see the cut');

    const sale = (t: TestTill, quantity: number) =>
      t.call('sales.checkout', { requestId: ulid(), lines: programme(quantity), buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: quantity * 500 }] });
    // G1 may spend 80.– offline (its cap) of the 100.– it knows; the contact says so
    expect(g1.must('contacts.get', { contactId: 'c-dupont' }).offlineAllowance).toEqual({ creditMinor: 8000, deferredMinor: 8000 });
    expect(sale(g1, 18)).toMatchObject({ ok: false, error: { code: 'offline_cap_exceeded', details: { availableMinor: 8000 } } });
    expect(sale(g1, 16).ok).toBe(true);
    expect(sale(g1, 1)).toMatchObject({ ok: false, error: { code: 'offline_cap_exceeded', details: { availableMinor: 0 } } });
    expect(g1.must('contacts.get', { contactId: 'c-dupont' }).offlineAllowance).toEqual({ creditMinor: 0, deferredMinor: 8000 });
    // G2 (cap 200.–) may spend all of the 100.– it knows, not more
    expect(sale(g2, 21)).toMatchObject({ ok: false, error: { code: 'credit_insufficient' } });
    expect(sale(g2, 16).ok).toBe(true);
    expect(g2.must('sync.status', {})).toMatchObject({ online: false, waitingEvents: 1 });

    await start(); // the network is back
    await Promise.all([synced(g1), synced(g2)]);
    await checkHistory(server.store.db, g1);
    await checkHistory(server.store.db, g2);
    await checkBalances(server.store.db);
    const credit = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', 'credit:c-dupont').executeTakeFirstOrThrow();
    expect(Number(credit.balance_minor)).toBe(6000); // 100.– funded, 2 × 80.– spent: overdrawn by 60.–

    const flagged = (t: TestTill) => waitFor(() => t.must('contacts.get', { contactId: 'c-dupont' }).overdraftMinor === 6000, 'the overdraft flag');
    await Promise.all([flagged(g1), flagged(g2)]);
    const report = g1.must('reports.overdrafts', {}, 'supervisor');
    expect(report).toMatchObject([{ contactId: 'c-dupont', contactName: 'Marie Dupont', kind: 'credit', excessMinor: 6000 }]);
    expect(g1.must('contacts.get', { contactId: 'c-dupont' }).creditBalanceMinor).toBe(-6000);
  });

  it('pays on account offline within the headroom it knew and its cap, and the server ends with the same outstanding', async () => {
    await server.close();
    await waitFor(() => !g2.must('sync.status', {}).online, 'G2 to see the cut');
    const onAccount = (quantity: number) =>
      g2.call('sales.checkout', { requestId: ulid(), lines: programme(quantity), buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: quantity * 500 }] });
    expect(onAccount(30).ok).toBe(true); // 150.– of the 200.– G2 may commit offline
    expect(onAccount(12)).toMatchObject({ ok: false, error: { code: 'offline_cap_exceeded', details: { availableMinor: 5000 } } });
    expect(onAccount(10).ok).toBe(true);
    await start();
    await synced(g2);
    await checkHistory(server.store.db, g2);
    const outstanding = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', 'deferred:c-ecole').executeTakeFirstOrThrow();
    expect(Number(outstanding.balance_minor)).toBe(20_000);
    await waitFor(() => g1.must('contacts.get', { contactId: 'c-ecole' }).deferredOutstandingMinor === 20_000, 'G1 to learn the outstanding');
  });

  it('pushes a contact created at one till to the other', async () => {
    const created = g2.must('contacts.create', { kind: 'individual', name: 'Morel', firstName: 'Jeanne', email: 'j.morel@example.ch' } as never, 'cashier');
    await synced(g2);
    await waitFor(() => g1.call('contacts.get', { contactId: created.id }).ok, 'G1 to pull the new contact');
    expect(g1.must('contacts.get', { contactId: created.id })).toMatchObject({ name: 'Morel', firstName: 'Jeanne' });
  });

  it('is told when the administrator revokes it, and keeps selling', async () => {
    expect((await admin(server.url, 'POST', '/tills/G2/revoke')).ok).toBe(true);
    const sold = g2.call('sales.checkout', { requestId: ulid(), lines: programme(1), buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 }] });
    expect(sold.ok).toBe(true);
    const status = await waitFor(() => {
      const s = g2.must('sync.status', {});
      return s.lastError?.code === 'token_revoked' && s;
    }, 'the revocation');
    expect(status).toMatchObject({ online: false, waitingEvents: 1 });
  });
});
