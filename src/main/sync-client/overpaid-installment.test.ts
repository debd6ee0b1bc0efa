// An installment collected twice becomes the payer's credit balance (issue 15 point 2, ADR
// 0013), with real tills (fresh data folders, set up and enrolled as a user does) and the
// web shop against the ledger server on PGlite and on a throwaway PostgreSQL cluster: a
// school's installment paid online is settled again by cheque at till A, offline; A comes
// back and pushes; the server moves the excess with its own entry (till WEB,
// installment_overpaid), once — a duplicate push, a sweep again or a restart add none, and
// an excess a stop left between a push and its entry is moved at the next start. The
// deferred account is back to what the open installments owe, the credit balance holds the
// excess, at A and at B after their pulls, with the movement and the supervisor's flag.
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, call as serverCall, startTestServer, testEngines, type TestEngine } from '../../../sync/src/testing/harness.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import { creditOverpaidInstallments } from '../../../sync/src/ledger/overpaid.ts';
import { verifyServerJournal } from '../../../sync/src/ledger/server-journal.ts';
import { webTillId } from '../../../sync/src/ledger/journal.ts';
import { push } from '../../../sync/src/push.ts';
import { enrolled } from '../../../sync/src/shop/shop-testing.ts';
import { TestJournal } from '../../../sync/src/testing/journal.ts';
import { checkBalances } from '../../../sync/test/tills.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';
import { decodeEvent } from '../../shared/domain/events.ts';
import { counter, cutLine, closeCounters, type Counter, setUp, makeStaff } from '../testing/box-office.ts';
import { syncState } from './state.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));
afterAll(closeCounters);

describe.each(testEngines)('an installment collected twice, server on %s', (engine: TestEngine) => {
  let server: RunningServer & { databaseUrl: string | undefined };
  let shopKey = '';
  const tills: Record<'A' | 'B', Counter> = {} as never;
  const clock = { nowMs: () => Date.now() };
  let installments: { id: string; seq: number }[] = [];
  let orderNumber = '';

  const shop = (method: string, path: string, body?: unknown) => serverCall(server.url, method, path, { token: shopKey, body });
  const balance = async (accountId: string) => Number((await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', accountId).executeTakeFirst())?.balance_minor ?? 0);
  const overpaidEntries = async () =>
    (await server.store.db.selectFrom('events').select(['id', 'seq', 'payload', 'created_at_ms']).where('till_id', '=', webTillId).where('type', '=', 'installment_overpaid').orderBy('seq').execute()).map((e) => {
      const decoded = decodeEvent('installment_overpaid', e.payload);
      if (!decoded.ok || decoded.event.type !== 'installment_overpaid') throw new Error(`entry ${e.id} does not decode`);
      return { id: e.id, atMs: Number(e.created_at_ms), data: decoded.event.data, postings: decoded.event.postings };
    });
  const settleByCheque = (installmentId: string) => ({ requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 2000, reference: 'CHQ-ECOLE-1', installmentIds: [installmentId], excessToCredit: false });

  beforeAll(async () => {
    server = await startTestServer({ engine, cluster, clock });
    shopKey = (await admin(server.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key as string;
    for (const tillId of ['A', 'B'] as const) {
      const t = counter();
      setUp(t, { tillName: `Poste ${tillId}`, adminName: `Admin ${tillId}` });
      const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Guichet ${tillId}` });
      t.must('sync.enrol', { serverUrl: server.url, code: code.value.code as string }, 'administrator');
      await t.cycle();
      tills[tillId] = t;
    }
    await makeStaff(tills.A, Object.values(tills));
    for (const t of Object.values(tills)) await t.cycle();
    tills.A.must('sessions.open', { float: [] }, 'supervisor');
    // a school orders 60.– online on account, in three installments of 20.–
    const web = await shop('POST', '/v1/shop/orders', { requestId: ulid(), contactId: 'c-ecole', lines: [{ kind: 'item', itemId: 'i-programme', quantity: 12 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 6000 }] });
    expect(web.ok, JSON.stringify(web.error)).toBe(true);
    orderNumber = web.value.number as string;
    installments = ((await shop('GET', '/v1/shop/contacts/c-ecole/installments')).value as { id: string; seq: number; orderId: string }[]).filter((i) => i.orderId === web.value.orderId).sort((a, b) => a.seq - b.seq);
    expect(installments.map((i) => i.seq)).toEqual([1, 2, 3]);
    for (const t of Object.values(tills)) await t.cycle();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('paid online, then settled by cheque at A offline: once A pushes, the excess is the payer’s credit balance, in one entry of the server’s journal', async () => {
    const first = installments[0]!;
    const owingBefore = await balance('deferred:c-ecole');
    const creditBefore = await balance('credit:c-ecole');
    // A's line is cut: it knows the first installment open
    const mend = cutLine(tills.A);
    await tills.A.cycle();
    expect(tills.A.status().online).toBe(false);
    expect(await shop('POST', `/v1/shop/installments/${first.id}/pay`, { requestId: ulid(), methodId: 'pm-card' })).toMatchObject({ ok: true });
    // offline a settlement is not refused for what another channel did meanwhile (ADR 0010): bounded, flagged
    expect(tills.A.must('deferred.settle', settleByCheque(first.id), 'supervisor').allocations).toEqual([{ installmentId: first.id, amountMinor: 2000 }]);
    expect(await overpaidEntries()).toEqual([]);

    mend();
    await tills.A.cycle();
    expect(tills.A.status()).toMatchObject({ online: true, lastError: null, waitingEvents: 0 });
    // the server: one entry moved 20.– from the school's deferred account to its credit balance
    const entries = await overpaidEntries();
    expect(entries.map((e) => e.data)).toEqual([{ installmentId: first.id, orderId: expect.any(String), orderNumber, seq: 1, count: 3, contactId: 'c-ecole', excessMinor: 2000, overpaidMinor: 2000 }]);
    expect(entries[0]!.postings).toEqual([['credit:c-ecole', -2000], ['deferred:c-ecole', 2000]]);
    // the deferred account owes what the open installments do (60.– less the 20.– paid online), the credit balance holds the excess
    expect(await balance('deferred:c-ecole')).toBe(owingBefore - 2000);
    expect(owingBefore - 2000).toBe(4000);
    expect(await balance('credit:c-ecole')).toBe(creditBefore - 2000);
    expect(await server.store.db.selectFrom('installments').select(['paid_minor', 'credited_minor']).where('id', '=', first.id).executeTakeFirstOrThrow()).toMatchObject({ paid_minor: '4000', credited_minor: '2000' });
    const total = await server.store.db.selectFrom('postings').select((eb) => eb.fn.sum<string>('amount_minor').as('total')).executeTakeFirstOrThrow();
    expect(Number(total.total)).toBe(0);
    await checkBalances(server.store.db);
    expect(await verifyServerJournal(server.store.db, server.ctx.journalKey)).toMatchObject({ ok: true });
  });

  it('shows at every till after its pull: the credit balance, the movement, the installment flagged and its excess moved', async () => {
    const first = installments[0]!;
    const [entry] = await overpaidEntries();
    for (const t of Object.values(tills)) {
      await t.cycle();
      const history = t.must('credit.history', { contactId: 'c-ecole' }, 'supervisor');
      expect(history.contact.creditBalanceMinor).toBe(2000);
      expect(history.movements.filter((m) => m.kind === 'installment_overpaid').map((m) => [m.entryId, m.tillId, m.amountMinor, m.orderNumber, m.reference])).toEqual([[entry!.id, webTillId, 2000, orderNumber, '1/3']]);
      const account = t.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor');
      expect(account.outstandingMinor).toBe(4000);
      expect(account.movements.filter((m) => m.kind === 'overpaid_to_credit').map((m) => [m.entryId, m.amountMinor])).toEqual([[entry!.id, 2000]]);
      const flagged = t.must('reports.overpaidInstallments', {}, 'supervisor');
      expect(flagged).toEqual([expect.objectContaining({ installmentId: first.id, orderNumber, seq: 1, count: 3, contactId: 'c-ecole', amountMinor: 2000, paidMinor: 4000, overpaidMinor: 2000, creditedMinor: 2000 })]);
      expect(flagged[0]!.creditedAtMs).toEqual(expect.any(Number));
      // the deferred movements report accounts for it: its totals add up to the change in outstanding
      const report = t.must('reports.deferredMovements', { fromMs: entry!.atMs, toMs: entry!.atMs + 1, contactIds: ['c-ecole'] }, 'supervisor');
      expect(report.totals).toMatchObject({ overpaidToCreditMinor: 2000, netMinor: 2000 });
    }
    // and so does the server's
    const onServer = await admin(server.url, 'GET', `/reports/deferred-movements?fromMs=${entry!.atMs}&toMs=${entry!.atMs + 1}&contactIds=c-ecole`);
    expect(onServer.value?.totals, JSON.stringify(onServer.error)).toMatchObject({ overpaidToCreditMinor: 2000, netMinor: 2000 });
  });

  it('a duplicate push and a sweep again add no entry', async () => {
    const before = await overpaidEntries();
    const stored = await server.store.db.selectFrom('events').selectAll().where('till_id', '=', 'A').orderBy('seq').execute();
    const events = stored.map((r) => ({ id: r.id, tillId: r.till_id, seq: Number(r.seq), type: r.type, createdAtMs: Number(r.created_at_ms), userId: r.user_id, sessionId: r.session_id, payload: r.payload, prevHash: r.prev_hash, hash: r.hash, format: r.format, signature: r.signature }));
    const again = await serverCall(server.url, 'POST', '/v1/push', { token: syncState(tills.A.till.context.db).token!, body: { tillId: 'A', events, records: [] } });
    expect(again.ok, JSON.stringify(again.error)).toBe(true);
    expect(new Set(again.value.statuses.map((s: { status: string }) => s.status))).toEqual(new Set(['exists']));
    expect(await creditOverpaidInstallments(server.ctx)).toBe(0);
    expect(await overpaidEntries()).toEqual(before);
  });

  it('an excess a stop left between the push and its entry is moved at the next start, once', async () => {
    const second = installments[1]!;
    // B settles the second installment online; till R2, offline since before, settled it too: its push is taken, and the server stops before its entry
    tills.B.must('sessions.open', { float: [] }, 'supervisor');
    const atB = settleByCheque(second.id);
    expect(await tills.B.answer('deferred.hold', atB, 'supervisor')).toMatchObject({ ok: true });
    tills.B.must('deferred.settle', atB, 'supervisor');
    await tills.B.cycle();
    const r2 = new TestJournal('R2', clock.nowMs);
    r2.append('deferred_settle', [['till:R2:pm-cheque', 2000], ['deferred:c-ecole', -2000]], { contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 2000, allocations: [[second.id, 2000]] });
    await enrolled(server, 'R2');
    const pushed = await push(server.ctx, 'R2', { tillId: 'R2', events: r2.events, records: [] });
    expect(pushed.ok, JSON.stringify(pushed.ok ? null : pushed.error)).toBe(true);
    expect(await server.store.db.selectFrom('installments').select(['paid_minor', 'credited_minor']).where('id', '=', second.id).executeTakeFirstOrThrow()).toMatchObject({ paid_minor: '4000', credited_minor: '0' });
    const owing = await balance('deferred:c-ecole');
    const credit = await balance('credit:c-ecole');

    // the next start sweeps (a PostgreSQL server restarted on its database; PGlite in memory cannot restart: the start's own sweep)
    if (engine === 'postgresql') {
      await server.close();
      server = await startTestServer({ engine, cluster, clock, databaseUrl: server.databaseUrl });
    } else {
      expect(await creditOverpaidInstallments(server.ctx)).toBe(1);
    }
    const entries = await overpaidEntries();
    expect(entries.map((e) => [e.data.installmentId, e.data.excessMinor, e.data.overpaidMinor])).toEqual([[installments[0]!.id, 2000, 2000], [second.id, 2000, 2000]]);
    expect(await balance('deferred:c-ecole')).toBe(owing + 2000);
    expect(await balance('credit:c-ecole')).toBe(credit - 2000);
    // started again: nothing left to move
    if (engine === 'postgresql') {
      await server.close();
      server = await startTestServer({ engine, cluster, clock, databaseUrl: server.databaseUrl });
    }
    expect(await creditOverpaidInstallments(server.ctx)).toBe(0);
    expect((await overpaidEntries()).length).toBe(2);
    await checkBalances(server.store.db);
    expect(await verifyServerJournal(server.store.db, server.ctx.journalKey)).toMatchObject({ ok: true });
  });

  it('two sweeps at once (two server instances, or a push and a start) move an excess once', async () => {
    const third = installments[2]!;
    // R2 settles the third installment twice over, in one batch taken without its sweep
    const r2 = new TestJournal('R2', clock.nowMs);
    const stored = await server.store.db.selectFrom('events').selectAll().where('till_id', '=', 'R2').orderBy('seq').execute();
    r2.events.push(...stored.map((r) => ({ id: r.id, tillId: r.till_id, seq: Number(r.seq), type: r.type, createdAtMs: Number(r.created_at_ms), userId: r.user_id, sessionId: r.session_id, payload: r.payload, prevHash: r.prev_hash, hash: r.hash, format: r.format, signature: r.signature })));
    for (let i = 0; i < 2; i += 1) r2.append('deferred_settle', [['till:R2:pm-cheque', 2000], ['deferred:c-ecole', -2000]], { contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 2000, allocations: [[third.id, 2000]] });
    const pushed = await push(server.ctx, 'R2', { tillId: 'R2', events: r2.events.slice(stored.length), records: [] });
    expect(pushed.ok, JSON.stringify(pushed.ok ? null : pushed.error)).toBe(true);
    const credit = await balance('credit:c-ecole');
    const moved = await Promise.all([creditOverpaidInstallments(server.ctx), creditOverpaidInstallments(server.ctx), creditOverpaidInstallments(server.ctx)]);
    expect(moved.reduce((a, n) => a + n, 0)).toBe(1);
    const entries = (await overpaidEntries()).filter((e) => e.data.installmentId === third.id);
    expect(entries.map((e) => [e.data.excessMinor, e.data.overpaidMinor])).toEqual([[2000, 2000]]);
    expect(await balance('credit:c-ecole')).toBe(credit - 2000);
    // every installment of the order paid, none owed twice: the school's deferred account owes nothing more of it
    expect(await balance('deferred:c-ecole')).toBe(0);
    await checkBalances(server.store.db);
    expect(await verifyServerJournal(server.store.db, server.ctx.journalKey)).toMatchObject({ ok: true });
  });
});
