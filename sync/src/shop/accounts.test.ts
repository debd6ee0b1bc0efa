// A contact's personal space on the web shop (seed 003), on PGlite and on a real
// PostgreSQL 15: the movements of its credit balance and of its deferred account over
// every channel (a till's pushed events and the shop's own), by period, with the balance
// after each; its invoices as the tills issued them, with what is still open on each once
// an installment is paid online, a credit note cancelling one; and no PDF the server holds.
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, call, testEngines, type TestEngine } from '../testing/harness.ts';
import type { TestCluster } from '../testing/postgres.ts';
import { useTestCluster } from '../testing/cluster-hooks.ts';
import { shopRoutes } from './routes.ts';
import { expectTranslated, item, order, pay, seats, shopKeyFor, startShop, type ShopFixture } from './shop-testing.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

const movementsRoute = shopRoutes.find((r) => r.path === '/v1/shop/contacts/:id/movements');
const minute = 60_000;

interface Movement {
  channel: string;
  type: string;
  amountMinor: number;
  balanceMinor: number;
  atMs: number;
  orderId: string | null;
  reference: string | null;
}

describe.each(testEngines)('a contact’s movements and invoices on %s', (engine: TestEngine) => {
  let f: ShopFixture;
  let kioskKey: string;
  const movements = (contactId: string, query: string, key?: string) => f.shop('GET', `/contacts/${contactId}/movements?${query}`, undefined, key);
  const summary = (list: Movement[]) => list.map((m) => [m.channel, m.type, m.amountMinor, m.balanceMinor]);

  beforeAll(async () => {
    f = await startShop(engine, cluster);
    const kiosk = { kind: 'pointOfSale', id: 'pos-kiosk', body: { id: 'pos-kiosk', name: 'Borne', methodIds: ['pm-card', 'pm-voucher'] } };
    expect((await admin(f.server.url, 'PUT', '/records', { records: [kiosk] })).ok).toBe(true);
    kioskKey = await shopKeyFor(f.server, 'pos-kiosk');
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('lists the credit balance’s movements of every channel, by period, with the balance after each', async () => {
    const t0 = f.clock.nowMs();
    f.till.journal.fund('c-dupont', 5000);
    await f.push();
    f.clock.advance(minute);
    const t1 = f.clock.nowMs();
    const online = await f.shop('POST', '/orders', order('c-dupont', [seats('e-misanthrope-p1', 1)], [pay('pm-credit', 3000), pay('pm-card', 1500)]));
    expect(online.ok).toBe(true);
    f.clock.advance(minute);
    const t2 = f.clock.nowMs();
    f.till.journal.creditSale('c-dupont', 1000);
    await f.push();

    const all = await movements('c-dupont', 'kind=credit');
    expect(all).toMatchObject({ status: 200, ok: true, value: { contactId: 'c-dupont', kind: 'credit', fromMs: null, toMs: null, openingMinor: 0, closingMinor: 1000, more: false } });
    expect(summary(all.value.movements)).toEqual([
      ['T1', 'credit_fund', 5000, 5000],
      ['WEB', 'sale', -3000, 2000],
      ['T1', 'sale', -1000, 1000],
    ]);
    expect(all.value.movements.map((m: Movement) => m.atMs)).toEqual([t0, t1, t2]);
    expect(all.value.movements[1]).toMatchObject({ orderId: online.value.orderId, reference: online.value.number });
    // the closing balance is the balance the shop shows
    expect((await f.shop('GET', '/contacts/c-dupont/credit')).value.creditBalanceMinor).toBe(all.value.closingMinor);

    // a period [from, to): what came before is the opening, what came after is left out
    const period = await movements('c-dupont', `kind=credit&from=${t1}&to=${t2}`);
    expect(period.value).toMatchObject({ fromMs: t1, toMs: t2, openingMinor: 5000, closingMinor: 2000 });
    expect(summary(period.value.movements)).toEqual([['WEB', 'sale', -3000, 2000]]);
    const since = await movements('c-dupont', `kind=credit&from=${t1}`);
    expect(summary(since.value.movements)).toEqual([['WEB', 'sale', -3000, 2000], ['T1', 'sale', -1000, 1000]]);
    // fewer than the period holds: `more`, and the page's balances still run from the opening
    const page = await movements('c-dupont', 'kind=credit&limit=2');
    expect(page.value).toMatchObject({ more: true, closingMinor: 1000 });
    expect(summary(page.value.movements)).toEqual([['T1', 'credit_fund', 5000, 5000], ['WEB', 'sale', -3000, 2000]]);
    expect((await movements('c-favre', 'kind=credit')).value).toMatchObject({ openingMinor: 0, closingMinor: 0, movements: [], more: false });
  });

  it('lists the deferred account’s movements of every channel: a till’s sale on account, the shop’s, an installment paid online', async () => {
    const installmentId = ulid();
    f.till.journal.append('sale', [['deferred:c-ecole', 38000], ['revenue:810', -38000]], { orderId: ulid(), number: 'T1-000042', buyerContactId: 'c-ecole', deferredItems: [[installmentId, ulid(), 1, 1, '2026-12-24', 38000]] });
    await f.push();
    f.clock.advance(minute);
    const web = await f.shop('POST', '/orders', order('c-ecole', [item('i-affiche', 10)], [pay('pm-deferred', 12000)]));
    expect(web.ok).toBe(true);
    f.clock.advance(minute);
    const paid = await f.shop('POST', `/installments/${installmentId}/pay`, { requestId: ulid(), methodId: 'pm-card' });
    expect(paid.ok).toBe(true);
    const answer = await movements('c-ecole', 'kind=deferred');
    expect(summary(answer.value.movements)).toEqual([
      ['T1', 'sale', 38000, 38000],
      ['WEB', 'sale', 12000, 50000],
      ['WEB', 'deferred_settle', -38000, 12000],
    ]);
    expect(answer.value.movements.map((m: Movement) => m.reference)).toEqual(['T1-000042', web.value.number, expect.stringContaining('1/1')]);
    expect(answer.value.closingMinor).toBe(12000);
  });

  describe('refuses a question it cannot answer, in French and English', () => {
    const rows: [string, string, string | undefined, number, string, Record<string, unknown>?][] = [
      ['no kind of account', 'c-dupont', undefined, 400, 'invalid_input', { field: 'kind' }],
      ['an unknown kind of account', 'c-dupont', 'kind=voucher', 400, 'invalid_input', { field: 'kind' }],
      ['a period ending before it starts', 'c-dupont', 'kind=credit&from=2000&to=1000', 400, 'invalid_input', { field: 'to' }],
      ['a start that is no instant', 'c-dupont', 'kind=credit&from=yesterday', 400, 'invalid_input', { field: 'from' }],
      ['a limit of 0', 'c-dupont', 'kind=credit&limit=0', 400, 'invalid_input', { field: 'limit' }],
      ['an unknown contact', 'c-nobody', 'kind=deferred', 404, 'contact_not_found', { contactId: 'c-nobody' }],
    ];
    it.each(rows)('%s', async (_, contactId, query, status, code, details) => {
      const answer = await f.shop('GET', `/contacts/${contactId}/movements${query ? `?${query}` : ''}`);
      expect(answer).toMatchObject({ status, error: { code, details } });
      expectTranslated(movementsRoute, answer.error);
    });

    it('where the shop offers neither the credit balance nor the deferred account', async () => {
      for (const kind of ['credit', 'deferred']) {
        const answer = await movements('c-dupont', `kind=${kind}`, kioskKey);
        expect(answer).toMatchObject({ status: 422, error: { code: 'method_not_authorised', details: { type: kind } } });
        expectTranslated(movementsRoute, answer.error);
      }
    });
  });

  it('lists the invoices the tills issued to a contact, with what is open on each, and gives no PDF whose document the till has not sent', async () => {
    const [first, second] = [ulid(), ulid()];
    f.till.journal.append('sale', [['deferred:c-amis', 30000], ['revenue:810', -30000]], {
      orderId: ulid(),
      buyerContactId: 'c-amis',
      deferredItems: [[first, 'p-1', 1, 2, '2026-12-24', 15000], [second, 'p-1', 2, 2, '2027-01-23', 15000]],
    });
    const invoiceId = ulid();
    const invoice = { invoiceId, number: 'F-T1-000001', kind: 'invoice', cancelsInvoiceId: null, refundId: null, contactId: 'c-amis', totalMinor: 30000, dueDate: '2026-12-24', reference: '210000000003139471430009017', items: [[first, 15000], [second, 15000]], documentSha256: 'a'.repeat(64) };
    f.till.journal.append('invoice_issued', [], invoice);
    await f.push();
    const listed = await f.shop('GET', '/contacts/c-amis/invoices');
    expect(listed).toMatchObject({ status: 200, ok: true });
    expect(listed.value).toEqual([
      { id: invoiceId, number: 'F-T1-000001', kind: 'invoice', cancelsInvoiceId: null, billingContactId: 'c-amis', channel: 'T1', issuedAtMs: f.clock.nowMs(), dueDate: '2026-12-24', currency: 'CHF', totalMinor: 30000, reference: invoice.reference, documentSha256: 'a'.repeat(64), openMinor: 30000, cancelledByInvoiceId: null, hasDocument: false },
    ]);
    // the first installment paid online: the invoice has 150.– open
    expect((await f.shop('POST', `/installments/${first}/pay`, { requestId: ulid(), methodId: 'pm-card' })).ok).toBe(true);
    expect((await f.shop('GET', '/contacts/c-amis/invoices')).value[0].openMinor).toBe(15000);
    // a credit note cancels it: both listed, the invoice says which cancelled it
    const noteId = ulid();
    f.clock.advance(minute);
    f.till.journal.append('invoice_issued', [], { ...invoice, invoiceId: noteId, number: 'F-T1-000002', kind: 'cancellation', cancelsInvoiceId: invoiceId, documentSha256: 'b'.repeat(64) });
    await f.push();
    const after = (await f.shop('GET', '/contacts/c-amis/invoices')).value;
    expect(after.map((i: { id: string; kind: string; openMinor: number | null; cancelledByInvoiceId: string | null }) => [i.id, i.kind, i.openMinor, i.cancelledByInvoiceId])).toEqual([
      [invoiceId, 'invoice', 15000, noteId],
      [noteId, 'cancellation', null, null],
    ]);
    expect((await f.shop('GET', '/contacts/c-ecole/invoices')).value).toEqual([]);
    // a refund's credit note credits an invoice without cancelling it; one of another till's invoice (it names itself, and that invoice by number) names it
    const [third, refundNote, elsewhereNote] = [ulid(), ulid(), ulid()];
    f.till.journal.append('invoice_issued', [], { ...invoice, invoiceId: third, number: 'F-T1-000003', items: [[second, 15000]], documentSha256: 'c'.repeat(64) });
    f.till.journal.append('invoice_issued', [], { ...invoice, invoiceId: refundNote, number: 'F-T1-000004', kind: 'cancellation', cancelsInvoiceId: third, refundId: ulid(), totalMinor: -5000, items: [[second, -5000]], documentSha256: 'd'.repeat(64) });
    f.till.journal.append('invoice_issued', [], { ...invoice, invoiceId: elsewhereNote, number: 'F-T1-000005', kind: 'cancellation', cancelsInvoiceId: elsewhereNote, cancelsElsewhere: { number: 'F-T1-000003', issuedAtMs: f.clock.nowMs() }, refundId: ulid(), totalMinor: -2000, items: [[second, -2000]], documentSha256: 'e'.repeat(64) });
    await f.push();
    const notes = (await f.shop('GET', '/contacts/c-amis/invoices')).value as { id: string; cancelsInvoiceId: string | null; cancelledByInvoiceId: string | null }[];
    expect(notes.slice(2).map((i) => [i.id, i.cancelsInvoiceId, i.cancelledByInvoiceId])).toEqual([
      [third, null, null],
      [refundNote, third, null],
      [elsewhereNote, third, null],
    ]);

    // its till has not sent its document: not yet (the till named); another contact's invoice is not found, as an unknown one
    const pdf = await f.shop('GET', `/contacts/c-amis/invoices/${invoiceId}/pdf`);
    expect(pdf).toMatchObject({ status: 404, error: { code: 'invoice_document_not_sent', details: { invoiceId, invoice: 'F-T1-000001', tillId: 'T1' } } });
    expect(pdf.error?.message).toContain('F-T1-000001');
    expectTranslated(shopRoutes.find((r) => r.path === '/v1/shop/contacts/:id/invoices/:invoiceId/pdf'), pdf.error);
    expect(await f.shop('GET', `/contacts/c-ecole/invoices/${invoiceId}/pdf`)).toMatchObject({ status: 404, error: { code: 'invoice_not_found', details: { invoiceId } } });
    expect(await call(f.server.url, 'GET', `/v1/shop/contacts/c-amis/invoices/${ulid()}/pdf`, { token: f.key, headers: { 'accept-language': 'en' } })).toMatchObject({ status: 404, error: { code: 'invoice_not_found', message: 'Invoice not found.' } });
  });
});
