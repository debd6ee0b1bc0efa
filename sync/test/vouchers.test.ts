// Gift vouchers shared by two real tills and the web shop through the ledger server
// (issue 15 point 2; PGlite in a folder, so that the server can be stopped and started on
// its port): a voucher sold at G1 is unknown at G2 until its pull, then accepted there; G2
// spends part of it under a hold the server granted, the web shop the rest; spending it
// again is refused online, at the till and the shop. Offline, two tills spend a voucher
// each within what it knew and its cap; the server flags it overspent and both tills show
// the flag. An installment sold at G2 and paid online shows paid at G2 after its pull and
// is not collected there again (issue 15 point 3).
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputOf, OutputOf } from '../../src/shared/api/contract.ts';
import type { Result } from '../../src/shared/result.ts';
import { loadJournalKey } from '../../src/main/kernel/ledger/keys.ts';
import { verifyJournal } from '../../src/main/kernel/ledger/verify.ts';
import { databaseFile } from '../../src/main/till.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { admin, call, testAdminKey } from '../src/testing/harness.ts';
import { checkBalances, checkHistory, openTestTill, synced, waitFor, type TestTill } from './tills.ts';

const programme = (quantity: number) => [{ kind: 'item' as const, itemId: 'i-programme', quantity }];
const byVoucher = (code: string, amountMinor: number) => ({ methodId: 'pm-voucher', amountMinor, reference: code });

describe('gift vouchers shared by two tills and the web shop', () => {
  const folder = mkdtempSync(join(tmpdir(), 'guichet-server-'));
  let server: RunningServer;
  let port = 0;
  let g1: TestTill;
  let g2: TestTill;
  let shopKey = '';
  const start = async () => {
    server = await startServer({ dataDir: folder, port, adminKey: testAdminKey, log: () => {} });
    port = server.port;
  };

  beforeAll(async () => {
    await start();
    g1 = openTestTill('G1');
    g2 = openTestTill('G2');
    for (const [t, tillId] of [[g1, 'G1'], [g2, 'G2']] as const) {
      const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Caisse ${tillId}` });
      t.must('sync.enrol', { serverUrl: server.url, code: code.value.code }, 'administrator');
      await synced(t);
      t.must('sessions.open', { float: [] }, 'supervisor');
    }
    shopKey = (await admin(server.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key as string;
  }, 60_000);
  afterAll(async () => {
    g1?.dispose();
    g2?.dispose();
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** sales.hold, an asynchronous method, as the doors call it. */
  const hold = async (t: TestTill, input: InputOf<'sales.hold'>): Promise<Result<OutputOf<'sales.hold'>>> => {
    const login = t.till.dispatch('auth.login', { userId: 'u-cashier', pin: '123456' }, null) as Result<{ token: string }>;
    if (!login.ok) throw new Error('login');
    return (await t.till.dispatch.answer('sales.hold', input, login.value.token)) as Result<OutputOf<'sales.hold'>>;
  };
  /** deferred.hold as the settle dialog calls it before deferred.settle (a supervisor). */
  const holdSettlement = async (t: TestTill, input: InputOf<'deferred.hold'>): Promise<Result<OutputOf<'deferred.hold'>>> => {
    const login = t.till.dispatch('auth.login', { userId: 'u-supervisor', pin: '234567' }, null) as Result<{ token: string }>;
    if (!login.ok) throw new Error('login');
    return (await t.till.dispatch.answer('deferred.hold', input, login.value.token)) as Result<OutputOf<'deferred.hold'>>;
  };
  const sellWith = (t: TestTill, quantity: number, code: string, requestId = ulid()) =>
    t.call('sales.checkout', { requestId, lines: programme(quantity), buyerContactId: null, payments: [byVoucher(code, quantity * 500)] });
  const shopSpends = (code: string, amountMinor: number) =>
    call(server.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: ulid(), contactId: 'c-favre', lines: [{ kind: 'item', itemId: 'i-programme', quantity: amountMinor / 500 }], payments: [byVoucher(code, amountMinor)] },
    });
  const sellVoucher = (t: TestTill, productId: string, valueMinor: number) => {
    const order = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: productId, quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: valueMinor }] });
    voucherOrders.set(order.vouchers[0]!.code, order.id);
    return order.vouchers[0]!.code;
  };
  /** The order that sold each voucher, by its code. */
  const voucherOrders = new Map<string, string>();

  it('accepts at G2 a voucher sold at G1 once pulled; G2 spends part under a hold, the web shop the rest; spending it again is refused online', async () => {
    const code = sellVoucher(g1, 'vp-50', 5000);
    expect(g2.call('sales.quote', { lines: programme(6), payments: [byVoucher(code, 3000)] })).toMatchObject({ ok: false, error: { code: 'voucher_not_found' } });
    await synced(g1);
    await waitFor(() => g2.call('sales.quote', { lines: programme(6), payments: [byVoucher(code, 3000)] }).ok, 'G2 to learn the voucher');

    // online, a shared voucher is spent under a hold only
    const requestId = ulid();
    expect(sellWith(g2, 6, code, requestId)).toMatchObject({ ok: false, error: { code: 'hold_required' } });
    expect(await hold(g2, { requestId, payments: [byVoucher(code, 3000)] })).toMatchObject({ ok: true, value: { isOffline: false, holds: [{ amountMinor: 3000 }] } });
    const sold = sellWith(g2, 6, code, requestId);
    expect(sold).toMatchObject({ ok: true, value: { totalMinor: 3000, payments: [{ methodId: 'pm-voucher', amountMinor: 3000 }] } });
    // a hold is used once
    expect(sellWith(g2, 1, code)).toMatchObject({ ok: false, error: { code: 'hold_required' } });
    await synced(g2);

    expect(await shopSpends(code, 2500)).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 2000 } } });
    expect((await shopSpends(code, 2000)).ok).toBe(true);
    // spent in full: the shop and both tills refuse it
    expect(await shopSpends(code, 500)).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 0 } } });
    expect(await hold(g1, { requestId: ulid(), payments: [byVoucher(code, 500)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient' } });
    await waitFor(() => g2.call('sales.quote', { lines: programme(1), payments: [byVoucher(code, 500)] }).ok === false, 'G2 to learn the voucher is spent');
    expect(g2.call('sales.quote', { lines: programme(1), payments: [byVoucher(code, 500)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 0 } } });
    // G2's sale refunded to the voucher it was paid with (sold at G1): the voucher has 30.– again, here and on the server
    const order = sold.ok ? sold.value : null;
    const refund = g2.call('orders.refund', { requestId: ulid(), orderId: order!.id, lines: [{ orderLineId: order!.lines[0]!.id, quantity: 6 }], payments: [{ methodId: 'pm-voucher', amountMinor: 3000 }], reason: 'Annulation' }, 'supervisor');
    expect(refund.ok).toBe(true);
    expect(g2.call('sales.quote', { lines: programme(6), payments: [byVoucher(code, 3000)] }).ok).toBe(true);
    await synced(g2);
    expect(await call(server.url, 'GET', `/v1/shop/vouchers/${code}`, { token: shopKey })).toMatchObject({ ok: true, value: { remainingMinor: 3000 } });
    // the till that sold it shows what is left of it, spent and refunded elsewhere
    await waitFor(() => g1.must('orders.get', { orderId: voucherOrders.get(code)! }).vouchers[0]!.remainingMinor === 3000, 'G1 to show the voucher has 30.– left');
    await checkBalances(server.store.db);
  });

  it('offline, each till spends a shared voucher within what it knew and its cap; the server flags it overspent and both tills show it', async () => {
    expect((await admin(server.url, 'PUT', '/tills/G2', { offlineCapMinor: 6000 })).ok).toBe(true);
    const code = sellVoucher(g1, 'vp-100', 10_000);
    await synced(g1);
    await waitFor(() => g2.call('sales.quote', { lines: programme(2), payments: [byVoucher(code, 1000)] }).ok && g2.must('sync.status', {}).offlineCapMinor === 6000, 'G2 to learn the voucher and its cap');

    await server.close();
    await waitFor(() => !g1.must('sync.status', {}).online && !g2.must('sync.status', {}).online, 'both tills to see the cut');
    // offline, no hold is asked: the till says so, and the offline rule bounds the sale
    expect(await hold(g2, { requestId: ulid(), payments: [byVoucher(code, 6000)] })).toMatchObject({ ok: true, value: { isOffline: true, holds: [] } });
    expect(sellWith(g2, 14, code)).toMatchObject({ ok: false, error: { code: 'offline_cap_exceeded', details: { availableMinor: 6000 } } });
    expect(sellWith(g2, 12, code).ok).toBe(true);
    expect(sellWith(g2, 1, code)).toMatchObject({ ok: false, error: { code: 'offline_cap_exceeded', details: { availableMinor: 0 } } });
    expect(sellWith(g1, 21, code)).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 10_000 } } });
    expect(sellWith(g1, 20, code).ok).toBe(true);

    await start();
    await Promise.all([synced(g1), synced(g2)]);
    await checkHistory(server.store.db, g1);
    await checkHistory(server.store.db, g2);
    await checkBalances(server.store.db);
    for (const t of [g1, g2]) {
      const flagged = await waitFor(() => t.must('reports.overspentVouchers', {}, 'supervisor').find((v) => v.code === code), 'the overspent flag');
      expect(flagged).toMatchObject({ channel: 'G1', valueMinor: 10_000, overspentMinor: 6000 });
    }
    // what was spent of it, and by whom as each till knows it: its own use, the other channels' the rest
    expect(g1.must('reports.overspentVouchers', {}, 'supervisor').find((v) => v.code === code)).toMatchObject({ spentMinor: 16_000, spentHereMinor: 10_000, spentElsewhereMinor: 6000 });
    expect(g2.must('reports.overspentVouchers', {}, 'supervisor').find((v) => v.code === code)).toMatchObject({ spentMinor: 16_000, spentHereMinor: 6000, spentElsewhereMinor: 10_000 });
    expect(sellWith(g1, 1, code)).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 0 } } });
  });

  it('shows paid at the till that sold it an installment paid online after its pull, and does not collect it again', async () => {
    const order = g2.must('sales.checkout', { requestId: ulid(), lines: programme(30), buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred-3', amountMinor: 15_000 }] });
    const first = order.installments[0]!;
    await synced(g2);
    const paid = await call(server.url, 'POST', `/v1/shop/installments/${first.id}/pay`, { token: shopKey, body: { requestId: ulid(), methodId: 'pm-card' } });
    expect(paid.ok).toBe(true);
    const learnt = await waitFor(() => {
      const installment = g2.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor').installments.find((i) => i.id === first.id);
      return installment?.openMinor === 0 && installment;
    }, 'G2 to learn the installment was paid online');
    expect(learnt).toMatchObject({ amountMinor: first.amountMinor, paidMinor: first.amountMinor, openMinor: 0 });
    const cheque = (installmentIds: string[]) => ({ requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: first.amountMinor, reference: 'CH-0042', installmentIds, excessToCredit: false });
    const settle = (input: ReturnType<typeof cheque>) => g2.call('deferred.settle', input, 'supervisor');
    expect(settle(cheque([first.id]))).toMatchObject({ ok: false, error: { code: 'installment_not_open', details: { installmentId: first.id } } });
    expect(await holdSettlement(g2, cheque([first.id]))).toMatchObject({ ok: false, error: { code: 'installment_not_open' } });
    // oldest first, the cheque pays the next one, never the one paid online; online, under a hold only
    const input = cheque([]);
    expect(settle(input)).toMatchObject({ ok: false, error: { code: 'hold_required', details: { accountId: `installment:${order.installments[1]!.id}` } } });
    expect(await holdSettlement(g2, input)).toMatchObject({ ok: true, value: { isOffline: false, holds: [{ accountId: `installment:${order.installments[1]!.id}`, amountMinor: first.amountMinor }] } });
    // meanwhile the web shop cannot take it
    expect(await call(server.url, 'POST', `/v1/shop/installments/${order.installments[1]!.id}/pay`, { token: shopKey, body: { requestId: ulid(), methodId: 'pm-card' } })).toMatchObject({ ok: false, error: { code: 'installment_not_open' } });
    const next = settle(input);
    expect(next).toMatchObject({ ok: true, value: { allocations: [{ installmentId: order.installments[1]!.id, amountMinor: first.amountMinor }] } });
    await synced(g2);
    const server2 = await server.store.db.selectFrom('installments').select(['id', 'paid_minor']).where('order_id', '=', order.id).orderBy('seq').execute();
    expect(server2.map((i) => Number(i.paid_minor))).toEqual([first.amountMinor, first.amountMinor, 0]);
  });

  it('shows at a till the installments of a web order on account, and settles them there by transfer; the server pays them', async () => {
    const web = await call(server.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: ulid(), contactId: 'c-mairie', lines: [{ kind: 'item', itemId: 'i-programme', quantity: 12 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 6000 }] },
    });
    expect(web.ok).toBe(true);
    const orderNumber = web.value.number as string;
    const shown = await waitFor(() => {
      const installments = g1.must('deferred.account', { contactId: 'c-mairie' }, 'supervisor').installments.filter((i) => i.orderNumber === orderNumber);
      return installments.length === 3 ? installments : null;
    }, 'G1 to learn the web order');
    expect(shown.map((i) => [i.seq, i.amountMinor, i.openMinor])).toEqual([[1, 2000, 2000], [2, 2000, 2000], [3, 2000, 2000]]);
    const second = shown[1]!;
    const transfer = { requestId: ulid(), contactId: 'c-mairie', methodId: 'pm-transfer', amountMinor: 4000, reference: 'VIR-2026-11', installmentIds: [second.id], excessToCredit: false };
    expect(await holdSettlement(g1, transfer)).toMatchObject({ ok: true, value: { holds: [{ amountMinor: 2000 }, { amountMinor: 2000 }] } });
    const settled = g1.must('deferred.settle', transfer, 'supervisor');
    expect(settled.allocations).toEqual([{ installmentId: second.id, amountMinor: 2000 }, { installmentId: shown[0]!.id, amountMinor: 2000 }]);
    const openOf = (id: string) => settled.account.installments.find((i) => i.id === id)!.openMinor;
    expect(shown.map((i) => openOf(i.id))).toEqual([0, 0, 2000]);
    // picked again at once (not yet pushed), it is no longer open here
    expect(g1.call('deferred.settle', { requestId: ulid(), contactId: 'c-mairie', methodId: 'pm-transfer', amountMinor: 2000, reference: 'VIR-2026-12', installmentIds: [second.id], excessToCredit: false }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'installment_not_open' } });
    await synced(g1);
    const onServer = await server.store.db.selectFrom('installments').select(['seq', 'paid_minor']).where('contact_id', '=', 'c-mairie').where('till_id', '=', 'WEB').orderBy('seq').execute();
    expect(onServer.map((i) => Number(i.paid_minor))).toEqual([2000, 2000, 0]);
    await checkBalances(server.store.db);
  });

  it('invoices at G1 a web order on account globally with a till order, in G1\'s series; G2 settles it by transfer; paid at both tills after their pulls', async () => {
    const web = await call(server.url, 'POST', '/v1/shop/orders', {
      token: shopKey,
      body: { requestId: ulid(), contactId: 'c-amis', lines: [{ kind: 'item', itemId: 'i-programme', quantity: 12 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 6000 }] },
    });
    expect(web.ok).toBe(true);
    const webNumber = web.value.number as string;
    const own = g1.must('sales.checkout', { requestId: ulid(), lines: programme(3), buyerContactId: 'c-amis', payments: [{ methodId: 'pm-deferred-3', amountMinor: 1500 }] });
    const webOf = (t: TestTill) => t.must('deferred.account', { contactId: 'c-amis' }, 'supervisor').installments.filter((i) => i.orderNumber === webNumber);
    await waitFor(() => webOf(g1).length === 3, 'G1 to learn the web order');
    const webOrderId = webOf(g1)[0]!.orderId;
    // before: nothing_to_invoice for the web order, internal_error for a global invoice
    const invoice = g1.must('invoices.create', { contactId: 'c-amis' }, 'supervisor');
    expect(invoice).toMatchObject({ number: expect.stringMatching(/^F-G1-\d{6}$/), totalMinor: 7500, openMinor: 7500 });
    expect(invoice.installments.map((i) => i.orderNumber).sort()).toEqual([own.number, own.number, own.number, webNumber, webNumber, webNumber].sort());
    // the document shows the web order's lines with their VAT
    const pdf = await g1.mustAsync('invoices.pdf', { invoiceId: invoice.id, language: 'fr' }, 'supervisor');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(pdf.contentBase64, 'base64') }).toString('utf8');
    expect(text).toContain(invoice.number);
    expect(text).toContain(webNumber);
    expect(text).toContain(own.number);
    expect(g1.call('invoices.createForOrder', { orderId: webOrderId }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'order_already_invoiced', details: { invoice: invoice.number } } });
    expect(g1.call('invoices.create', { contactId: 'c-amis' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'nothing_to_invoice' } });
    // another payer for an invoice that asks for another channel's order: that order's payer is the shop's, not this till's to move
    expect(g1.call('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-mairie' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'invoice_names_other_channels' } });
    await synced(g1);
    // G2 learns the invoice's number and reference, and does not invoice the web order again
    const atG2 = await waitFor(() => {
      const installments = webOf(g2);
      return installments.length === 3 && installments.every((i) => i.invoiceNumber === invoice.number) ? installments : null;
    }, 'G2 to learn the web order is invoiced');
    expect(g2.call('invoices.createForOrder', { orderId: webOrderId }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'order_already_invoiced' } });
    const transfer = { requestId: ulid(), contactId: 'c-amis', methodId: 'pm-transfer', amountMinor: 6000, reference: invoice.reference, installmentIds: atG2.map((i) => i.id), excessToCredit: false };
    expect((await holdSettlement(g2, transfer)).ok).toBe(true);
    expect(g2.must('deferred.settle', transfer, 'supervisor').allocations.map((a) => a.amountMinor)).toEqual([2000, 2000, 2000]);
    await synced(g2);
    const onServer = await server.store.db.selectFrom('installments').select(['seq', 'paid_minor']).where('contact_id', '=', 'c-amis').where('till_id', '=', 'WEB').orderBy('seq').execute();
    expect(onServer.map((i) => Number(i.paid_minor))).toEqual([2000, 2000, 2000]);
    await waitFor(() => webOf(g1).every((i) => i.openMinor === 0) && g1.must('invoices.get', { invoiceId: invoice.id }, 'supervisor').openMinor === 1500, 'G1 to learn the web order is paid');
    expect(webOf(g2).map((i) => i.openMinor)).toEqual([0, 0, 0]);
    await checkBalances(server.store.db);
    // each till's journal still verifies, row by row: the invoice and the settlement name installments this till did not sell
    for (const t of [g1, g2]) {
      const db = new Database(join(t.dataDir, databaseFile), { readonly: true });
      try {
        const report = verifyJournal(db, () => loadJournalKey(t.dataDir), { deep: true });
        expect(report.ok, JSON.stringify(report)).toBe(true);
      } finally {
        db.close();
      }
    }
  });
});
