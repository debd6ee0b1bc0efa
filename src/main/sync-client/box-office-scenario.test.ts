// One box office, as a new user builds it (issue 15, "Tests"): three tills A, B and C on
// fresh data folders, each set up by its first start (setup.complete) and enrolled by a
// code the administrator made for its name, and the web shop (its API with a shop key),
// against one ledger server on PGlite and on a throwaway PostgreSQL cluster. A gift voucher
// sold at A is spent in part at B and the rest online, refused again online and bounded and
// flagged offline; C's account reports show what A, B and the shop did; a school's web order
// on account is settled by transfer at B, never its installment paid online; A dies, is replaced,
// restores its journal from the server and sells on the same sequence. Each till's sync
// loop is driven by the test (runOnce), so that every step is known. The same box office
// through the fault proxy: box-office-faults.test.ts; the tills: testing/box-office.ts.
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, call as serverCall, startTestServer, testEngines, type TestEngine } from '../../../sync/src/testing/harness.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import { checkBalances } from '../../../sync/test/tills.ts';
import { invoicing, staff, programme, byVoucher, okValue, counter, cutLine, closeTill, closeCounters, type Counter, setUp, makeStaff } from '../testing/box-office.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));
afterAll(closeCounters);

describe.each(testEngines)('one box office: three tills and the web shop on one ledger server on %s', (engine: TestEngine) => {
  let server: RunningServer;
  let shopKey = '';
  const tills: Record<'A' | 'B' | 'C', Counter> = {} as never;

  beforeAll(async () => {
    server = await startTestServer({ engine, cluster, clock: { nowMs: () => Date.now() } });
    shopKey = (await admin(server.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key as string;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const makeCode = async (tillId: string) => {
    const answer = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Guichet ${tillId}` });
    expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
    return answer.value.code as string;
  };
  const pullAll = async () => {
    for (const t of Object.values(tills)) await t.cycle();
  };
  const shop = (method: string, path: string, body?: unknown) => serverCall(server.url, method, path, { token: shopKey, body });

  it('three tills set up and enrolled by codes made for their names: their own ids, numbers prefixed by them, no till cut off', async () => {
    for (const tillId of ['A', 'B', 'C'] as const) {
      const t = counter();
      const provisional = t.till.context.tillId;
      expect(provisional).toMatch(/^T[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(t.till.dispatch('setup.status', {}, null)).toMatchObject({ ok: true, value: { isSetUp: false, isDemo: false } });
      // the first start chooses a provisional id; the code for the named till gives it its name
      setUp(t, { tillName: `Poste ${provisional}`, adminName: `Admin ${tillId}`, tillId: provisional });
      t.must('sync.enrol', { serverUrl: server.url, code: await makeCode(tillId) }, 'administrator');
      await t.cycle();
      expect(t.status()).toMatchObject({ tillId, enrolled: true, lastError: null });
      expect(t.till.context.tillId).toBe(tillId);
      expect(t.till.context.db.prepare('SELECT name, order_prefix FROM tills WHERE id = ?').get(tillId)).toEqual({ name: `Guichet ${tillId}`, order_prefix: tillId });
      tills[tillId] = t;
      // every till enrolled before still works: none was cut off
      for (const other of Object.values(tills)) {
        await other.cycle();
        expect(other.status()).toMatchObject({ enrolled: true, online: true, lastError: null });
      }
    }
    // A's administrator makes the staff; the server publishes them, every till knows them after its pull
    await makeStaff(tills.A, Object.values(tills));
    await pullAll();
    for (const [tillId, t] of Object.entries(tills)) {
      t.must('sessions.open', { float: [] }, 'supervisor');
      const sale = t.must('sales.checkout', { requestId: ulid(), lines: programme(1), buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 }] });
      expect(sale.number).toMatch(new RegExp(`^${tillId}-\\d+$`));
    }
    await pullAll();
    // a code for a till already enrolled, entered at another machine, is refused there: the enrolled A keeps working
    const intruder = counter();
    setUp(intruder, { tillName: 'Intrus', adminName: 'Admin X' });
    intruder.must('sync.enrol', { serverUrl: server.url, code: await makeCode('A') }, 'administrator');
    await intruder.cycle();
    expect(intruder.status()).toMatchObject({ enrolled: false, lastError: { code: 'till_already_enrolled' } });
    tills.A.must('sales.checkout', { requestId: ulid(), lines: programme(1), buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 }] });
    await tills.A.cycle();
    expect(tills.A.status()).toMatchObject({ enrolled: true, online: true, lastError: null, waitingEvents: 0 });
    const listed = await admin(server.url, 'GET', '/tills');
    const listedTills = (listed.value as { tillId: string; revokedAtMs: number | null }[]).filter((t) => ['A', 'B', 'C'].includes(t.tillId));
    expect(listedTills.map((t) => [t.tillId, t.revokedAtMs]).sort()).toEqual([['A', null], ['B', null], ['C', null]]);
    closeTill(intruder);
  });

  const sellWith = (t: Counter, quantity: number, code: string, requestId = ulid()) =>
    t.call('sales.checkout', { requestId, lines: programme(quantity), buyerContactId: null, payments: [byVoucher(code, quantity * 500)] });
  const shopSpends = (code: string, amountMinor: number) =>
    shop('POST', '/v1/shop/orders', { requestId: ulid(), contactId: 'c-favre', lines: programme(amountMinor / 500), payments: [byVoucher(code, amountMinor)] });

  it('a voucher sold at A is spent in part at B and the rest online; again it is refused online, and offline at C bounded and flagged', async () => {
    expect((await admin(server.url, 'PUT', '/tills/C', { offlineCapMinor: 3000 })).ok).toBe(true);
    const sold = tills.A.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 5000 }] });
    const code = sold.vouchers[0]!.code;
    // unknown at B before its pull
    expect(tills.B.call('sales.quote', { lines: programme(6), payments: [byVoucher(code, 3000)] })).toMatchObject({ ok: false, error: { code: 'voucher_not_found' } });
    await tills.A.cycle();
    await tills.B.cycle();
    await tills.C.cycle();
    expect(tills.C.status().offlineCapMinor).toBe(3000);
    // C's line is cut from here on: it knows the voucher at 50.–
    const mendC = cutLine(tills.C);

    // B spends 30.– under a hold the server granted
    const requestId = ulid();
    expect(sellWith(tills.B, 6, code, requestId)).toMatchObject({ ok: false, error: { code: 'hold_required' } });
    expect(await tills.B.answer('sales.hold', { requestId, payments: [byVoucher(code, 3000)] })).toMatchObject({ ok: true, value: { isOffline: false, holds: [{ amountMinor: 3000 }] } });
    expect(sellWith(tills.B, 6, code, requestId)).toMatchObject({ ok: true, value: { totalMinor: 3000 } });
    await tills.B.cycle();
    // the rest online: not a franc more
    expect(await shopSpends(code, 2500)).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 2000 } } });
    expect(await shopSpends(code, 2000)).toMatchObject({ ok: true });
    expect(await shop('GET', `/v1/shop/vouchers/${code}`)).toMatchObject({ ok: true, value: { remainingMinor: 0 } });
    // spent in full: refused online, at the shop and at both online tills
    expect(await shopSpends(code, 500)).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 0 } } });
    expect(await tills.B.answer('sales.hold', { requestId: ulid(), payments: [byVoucher(code, 500)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient' } });
    expect(await tills.A.answer('sales.hold', { requestId: ulid(), payments: [byVoucher(code, 500)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient' } });
    await tills.B.cycle();
    expect(tills.B.call('sales.quote', { lines: programme(1), payments: [byVoucher(code, 500)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 0 } } });

    // C, offline, still believes 50.– are left: it spends within its cap of 30.–, never more
    await tills.C.cycle();
    expect(tills.C.status().online).toBe(false);
    expect(await tills.C.answer('sales.hold', { requestId: ulid(), payments: [byVoucher(code, 3000)] })).toMatchObject({ ok: true, value: { isOffline: true, holds: [] } });
    expect(sellWith(tills.C, 7, code)).toMatchObject({ ok: false, error: { code: 'offline_cap_exceeded', details: { availableMinor: 3000 } } });
    const offlineSale = sellWith(tills.C, 6, code);
    expect(offlineSale).toMatchObject({ ok: true, value: { totalMinor: 3000 } });
    expect(sellWith(tills.C, 1, code)).toMatchObject({ ok: false, error: { code: 'offline_cap_exceeded', details: { availableMinor: 0 } } });

    // the line mended, C pushes: the server keeps C's sale (never refused after the fact) and flags the voucher overspent by 30.–
    mendC();
    await tills.C.cycle();
    await tills.C.cycle();
    expect(tills.C.status()).toMatchObject({ online: true, lastError: null, waitingEvents: 0 });
    const saleEntry = tills.C.till.context.db.prepare('SELECT j.id, j.seq FROM journal j JOIN orders o ON o.entry_id = j.id WHERE o.id = ?').get(okValue(offlineSale).id) as { id: string; seq: number };
    const onServer = await server.store.db.selectFrom('events').select(['id', 'seq']).where('till_id', '=', 'C').where('id', '=', saleEntry.id).execute();
    expect(onServer.map((e) => [e.id, Number(e.seq)])).toEqual([[saleEntry.id, saleEntry.seq]]);
    await pullAll();
    for (const t of Object.values(tills)) {
      const flagged = t.must('reports.overspentVouchers', {}, 'supervisor').filter((v) => v.code === code);
      expect(flagged).toMatchObject([{ channel: 'A', valueMinor: 5000, overspentMinor: 3000 }]);
    }
    expect(tills.A.call('sales.quote', { lines: programme(1), payments: [byVoucher(code, 500)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 0 } } });
    await checkBalances(server.store.db);
  });

  it("C's account reports show the movements made at A, at B and online", async () => {
    const fromMs = Date.UTC(2020, 0, 1);
    const creditOf = (t: Counter) => t.must('reports.creditAccounts', { fromMs, toMs: Date.now() + 1 }, 'supervisor').rows.find((r) => r.contactId === 'c-dupont');
    const owingOf = (t: Counter) => t.must('reports.deferredAccounts', {}, 'supervisor').rows.find((r) => r.contactId === 'c-ecole')?.outstandingMinor ?? 0;
    const before = { credit: creditOf(tills.C)?.closingMinor ?? 0, owing: owingOf(tills.C) };
    // A takes 100.– on Marie Dupont's balance, she spends 30.– of it at B and 20.– online; the school orders 76.– on account online and 45.– at A
    tills.A.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 10_000 }, 'supervisor');
    tills.A.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 4500 }] });
    await tills.A.cycle();
    await tills.B.cycle();
    tills.B.must('sales.checkout', { requestId: ulid(), lines: programme(6), buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: 3000 }] });
    await tills.B.cycle();
    expect(await shop('POST', '/v1/shop/orders', { requestId: ulid(), contactId: 'c-dupont', lines: programme(4), payments: [{ methodId: 'pm-credit', amountMinor: 2000 }] })).toMatchObject({ ok: true });
    expect(await shop('POST', '/v1/shop/orders', { requestId: ulid(), contactId: 'c-ecole', lines: [{ kind: 'ticket', performanceId: 'e-quatuor-p1', tariffId: 'e-quatuor-plein', quantity: 2 }], payments: [{ methodId: 'pm-deferred', amountMinor: 7600 }] })).toMatchObject({ ok: true });

    await tills.C.cycle();
    const movements = tills.C.must('credit.history', { contactId: 'c-dupont' }, 'supervisor').movements;
    expect(movements.map((m) => [m.tillId, m.kind, m.amountMinor])).toEqual(expect.arrayContaining([['A', 'funded', 10_000], ['B', 'spent', -3000], ['WEB', 'spent', -2000]]));
    expect(creditOf(tills.C)).toMatchObject({ closingMinor: before.credit + 5000 });
    expect(owingOf(tills.C)).toBe(before.owing + 4500 + 7600);
    const account = tills.C.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor');
    expect(account.movements.filter((m) => m.tillId === 'A' || m.tillId === 'WEB').map((m) => [m.tillId, m.kind, m.amountMinor])).toEqual(expect.arrayContaining([['A', 'charged', 4500], ['WEB', 'charged', 7600]]));
    expect(account.asOf).toMatchObject({ scope: 'box_office', isOffline: false });
    // and C's reports equal the server's over every channel
    const token = (tills.C.till.context.db.prepare('SELECT token FROM sync_state').pluck().get() as string);
    const atServer = await serverCall(server.url, 'GET', `/v1/reports/credit-accounts?fromMs=${fromMs}&toMs=${Date.now() + 1}`, { token });
    expect(atServer.ok, JSON.stringify(atServer.error)).toBe(true);
    expect(atServer.value.rows.find((r: { contactId: string }) => r.contactId === 'c-dupont')).toMatchObject({ closingMinor: creditOf(tills.C)!.closingMinor });
    const deferredAtServer = await serverCall(server.url, 'GET', '/v1/reports/deferred-accounts', { token });
    expect(deferredAtServer.value.rows.find((r: { contactId: string }) => r.contactId === 'c-ecole')).toMatchObject({ outstandingMinor: owingOf(tills.C) });
  });

  it('a school orders on account online; B settles an installment by transfer; the installment paid online cannot be settled again at B', async () => {
    const web = await shop('POST', '/v1/shop/orders', { requestId: ulid(), contactId: 'c-ecole', lines: programme(12), payments: [{ methodId: 'pm-deferred-3', amountMinor: 6000 }] });
    expect(web.ok, JSON.stringify(web.error)).toBe(true);
    const orderNumber = web.value.number as string;
    const listed = await shop('GET', '/v1/shop/contacts/c-ecole/installments');
    const online = (listed.value as { id: string; orderId: string; seq: number; amountMinor: number; openMinor: number }[]).filter((i) => i.orderId === web.value.orderId).sort((a, b) => a.seq - b.seq);
    expect(online.map((i) => [i.seq, i.amountMinor, i.openMinor])).toEqual([[1, 2000, 2000], [2, 2000, 2000], [3, 2000, 2000]]);
    // the school pays the first installment online
    expect(await shop('POST', `/v1/shop/installments/${online[0]!.id}/pay`, { requestId: ulid(), methodId: 'pm-card' })).toMatchObject({ ok: true });
    await pullAll();
    const ofOrder = (t: Counter) => t.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor').installments.filter((i) => i.orderNumber === orderNumber).map((i) => [i.id, i.openMinor]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    for (const t of Object.values(tills)) expect(ofOrder(t)).toEqual([[online[0]!.id, 0], [online[1]!.id, 2000], [online[2]!.id, 2000]]);

    // at B, the installment paid online is refused, held or settled
    const transfer = (installmentId: string) => ({ requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-transfer', amountMinor: 2000, reference: 'VIR-ECOLE-1', installmentIds: [installmentId], excessToCredit: false });
    const paidOnline = transfer(online[0]!.id);
    expect(await tills.B.answer('deferred.hold', paidOnline, 'supervisor')).toMatchObject({ ok: false, error: { code: 'installment_not_open' } });
    expect(tills.B.call('deferred.settle', paidOnline, 'supervisor')).toMatchObject({ ok: false, error: { code: 'installment_not_open', details: { installmentId: online[0]!.id } } });
    // B settles the second by transfer, under a hold; meanwhile the shop cannot take it
    const second = transfer(online[1]!.id);
    expect(await tills.B.answer('deferred.hold', second, 'supervisor')).toMatchObject({ ok: true, value: { isOffline: false, holds: [{ accountId: `installment:${online[1]!.id}`, amountMinor: 2000 }] } });
    expect(await shop('POST', `/v1/shop/installments/${online[1]!.id}/pay`, { requestId: ulid(), methodId: 'pm-card' })).toMatchObject({ ok: false, error: { code: 'installment_not_open' } });
    const settled = tills.B.must('deferred.settle', second, 'supervisor');
    expect(settled.allocations).toEqual([{ installmentId: online[1]!.id, amountMinor: 2000 }]);
    expect(tills.B.call('deferred.settle', transfer(online[1]!.id), 'supervisor')).toMatchObject({ ok: false, error: { code: 'installment_not_open' } });
    await tills.B.cycle();
    const onServer = await server.store.db.selectFrom('installments').select(['id', 'paid_minor']).where('order_id', '=', web.value.orderId as string).orderBy('seq').execute();
    expect(onServer.map((i) => Number(i.paid_minor))).toEqual([2000, 2000, 0]);
    await pullAll();
    for (const t of Object.values(tills)) expect(ofOrder(t)).toEqual([[online[0]!.id, 0], [online[1]!.id, 0], [online[2]!.id, 2000]]);
    // A invoices the school's order it sold on account itself, in its own series (invoicing the web order at a till is not built yet)
    const own = tills.A.till.context.db.prepare("SELECT DISTINCT order_id FROM payments WHERE payer_contact_id = 'c-ecole'").pluck().all() as string[];
    expect(own).toHaveLength(1);
    expect(tills.A.must('invoices.create', { contactId: 'c-ecole', orderIds: own }, 'supervisor')).toMatchObject({ number: 'F-A-000001', kind: 'invoice', billingContactId: 'c-ecole', totalMinor: 4500 });
    await checkBalances(server.store.db);
  });

  it('A is killed, replaced, restores its journal from the server and sells on the same sequence', async () => {
    const dead = tills.A;
    await dead.cycle();
    expect(dead.status()).toMatchObject({ waitingEvents: 0, lastError: null });
    const db = dead.till.context.db;
    const all = (d: typeof db, sql: string) => d.prepare(sql).all();
    const state = (d: typeof db) => ({
      journal: all(d, "SELECT seq, id, type, payload, hash FROM journal WHERE till_id = 'A' ORDER BY seq"),
      balances: all(d, "SELECT account_id, balance_minor FROM account_balances WHERE account_id LIKE 'till:A:%' OR account_id LIKE 'voucher:%' ORDER BY account_id"),
      orders: all(d, "SELECT id, number, total_minor FROM orders WHERE till_id = 'A' ORDER BY number"),
      sessions: all(d, "SELECT id, number FROM till_sessions WHERE till_id = 'A' ORDER BY number"),
    });
    const before = state(db);
    const headSeq = (before.journal.at(-1) as { seq: number }).seq;
    const lastNumber = (before.orders.at(-1) as { number: string }).number;
    closeTill(dead);
    const replaced = await admin(server.url, 'POST', '/tills/A/replace');
    expect(replaced).toMatchObject({ ok: true, value: { tillId: 'A', head: { seq: headSeq } } });

    // a fresh machine, set up at its first start, enrolled with the replacement code
    const fresh = counter();
    setUp(fresh, { tillName: 'Nouveau poste', adminName: 'Admin A2' });
    for (const role of ['cashier', 'supervisor'] as const) fresh.userIds.set(role, dead.userIds.get(role)!);
    fresh.must('sync.enrol', { serverUrl: server.url, code: replaced.value.code as string }, 'administrator');
    for (let i = 0; i < 5 && (fresh.status().restoring || fresh.status().ackedSeq < headSeq); i += 1) await fresh.cycle();
    expect(fresh.status()).toMatchObject({ tillId: 'A', enrolled: true, lastError: null, ackedSeq: headSeq });
    expect(fresh.status().restoring).toBeUndefined();
    expect(fresh.till.context.tillId).toBe('A');
    const after = state(fresh.till.context.db);
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect([key, after[key]]).toEqual([key, before[key]]);

    // the restored session is open: the next sale is head + 1, numbered after the dead till's last order, and the server takes it
    const sale = fresh.must('sales.checkout', { requestId: ulid(), lines: programme(2), buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 1000 }] });
    expect(sale.number).toBe(`A-${String(Number(lastNumber.slice(2)) + 1).padStart(lastNumber.length - 2, '0')}`);
    expect(fresh.till.context.db.prepare('SELECT seq FROM journal WHERE id = (SELECT entry_id FROM orders WHERE id = ?)').pluck().get(sale.id)).toBe(headSeq + 1);
    await fresh.cycle();
    expect(fresh.status()).toMatchObject({ lastError: null, waitingEvents: 0, ackedSeq: headSeq + 1 });
    const head = await server.store.db.selectFrom('tills').select(['head_seq']).where('id', '=', 'A').executeTakeFirstOrThrow();
    expect(Number(head.head_seq)).toBe(headSeq + 1);
    tills.A = fresh;
    await checkBalances(server.store.db);
  });
});
