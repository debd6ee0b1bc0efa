// The web shop's credit balance and orders (seed 003 online, and the basket), on PGlite and
// on a real PostgreSQL 15: the balance shown only where the credit method is authorised,
// an order part credit part card, a voucher worth more than the order topping up the
// balance, an idempotent replay, every refusal with nothing written, two orders racing
// for one balance, and one order sent to two instances of one PostgreSQL at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, call, startTestServer, testEngines, type TestEngine } from '../testing/harness.ts';
import type { TestCluster } from '../testing/postgres.ts';
import { useTestCluster } from '../testing/cluster-hooks.ts';
import { balanceOf, item, order, pay, seats, sellVoucher, shopKeyFor, snapshot, startShop, type ShopFixture } from './shop-testing.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

describe.each(testEngines)('the web shop on %s: credit balance and orders', (engine: TestEngine) => {
  let f: ShopFixture;
  /** A point of sale that offers card and voucher but not the credit balance. */
  let kioskKey: string;
  beforeAll(async () => {
    f = await startShop(engine, cluster);
    const kiosk = { kind: 'pointOfSale', id: 'pos-kiosk', body: { id: 'pos-kiosk', name: 'Borne', methodIds: ['pm-card', 'pm-voucher'] } };
    expect((await admin(f.server.url, 'PUT', '/records', { records: [kiosk] })).ok).toBe(true);
    kioskKey = await shopKeyFor(f.server, 'pos-kiosk');
    f.till.journal.fund('c-dupont', 5000);
    f.till.journal.fund('c-muller', 4500);
    f.till.journal.fund('c-rochat', 4500);
    await f.push();
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('reads a credit balance where the credit method is authorised, and refuses it elsewhere (seed 003, espace personnel)', async () => {
    expect(await f.shop('GET', '/contacts/c-dupont/credit')).toMatchObject({ status: 200, ok: true, value: { contactId: 'c-dupont', creditBalanceMinor: 5000 } });
    expect((await f.shop('GET', '/contacts/c-favre/credit')).value).toEqual({ contactId: 'c-favre', creditBalanceMinor: 0 });
    expect(await f.shop('GET', '/contacts/c-nobody/credit')).toMatchObject({ status: 404, error: { code: 'contact_not_found' } });
    expect(await f.shop('GET', '/contacts/c!bad/credit')).toMatchObject({ status: 400, error: { code: 'invalid_input' } });
    expect(await f.shop('GET', '/contacts/c-dupont/credit', undefined, kioskKey)).toMatchObject({ status: 422, error: { code: 'method_not_authorised', details: { type: 'credit' } } });
    expect(await f.shop('GET', '/contacts/c-dupont/credit', undefined, 'not-a-shop-key-of-this-server')).toMatchObject({ status: 401, error: { code: 'not_authenticated' } });
    expect(await f.shop('GET', '/contacts/c-dupont/credit', undefined, f.till.token)).toMatchObject({ status: 401, error: { code: 'not_authenticated' } });
  });

  it('pays an order part by the credit balance and the rest by card, through the ledger (seed 003, paiement d’une commande)', async () => {
    const before = await snapshot(f.server);
    // 2 × 45.– = 90.–: 50.– of credit, 40.– by card
    const answer = await f.shop('POST', '/orders', order('c-dupont', [seats('e-misanthrope-p1', 2)], [pay('pm-credit', 5000), pay('pm-card', 4000)]));
    expect(answer).toMatchObject({ status: 200, ok: true });
    const o = answer.value;
    expect(o).toMatchObject({ contactId: 'c-dupont', currency: 'CHF', totalMinor: 9000, creditBalanceMinor: 0, installments: [] });
    expect(o.number).toMatch(/^WEB-\d{6}$/);
    expect(o.lines).toEqual([{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', itemId: null, voucherProductId: null, label: 'Le Misanthrope — Molière — Plein tarif', quantity: 2, unitPriceMinor: 4500, totalMinor: 9000, vatRateBp: 810, vatMinor: 674 }]);
    expect(o.payments.map((p: { methodId: string; appliedMinor: number }) => [p.methodId, p.appliedMinor])).toEqual([['pm-credit', 5000], ['pm-card', 4000]]);
    expect(o.tickets).toHaveLength(2);
    for (const t of o.tickets) expect(t.barcode).toMatch(/^[1-9]\d{15}$/);

    expect(await balanceOf(f.server, 'credit:c-dupont')).toBe(0);
    expect(await balanceOf(f.server, 'till:WEB:pm-card')).toBe(4000);
    expect((await f.shop('GET', '/contacts/c-dupont/credit')).value.creditBalanceMinor).toBe(0);
    const after = await snapshot(f.server);
    expect(after.events).toBe(before.events + 1);
    expect(after.stock).toContain('e-misanthrope-p1/WEB=2');

    // the event is a till's sale: the payload a till writes, the postings of the shared rules
    const event = await f.server.store.db.selectFrom('events').selectAll().where('id', '=', o.eventId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ till_id: 'WEB', type: 'sale', user_id: 'pos-web', session_id: null });
    const payload = JSON.parse(event.payload);
    expect(payload).toMatchObject({ orderId: o.orderId, number: o.number, buyerContactId: 'c-dupont', totalMinor: 9000, changeMinor: 0, vouchers: [], installments: [], v: 2 });
    expect(payload.payments.map(({ id: _id, ...p }: { id: string }) => p)).toEqual([
      { methodId: 'pm-credit', amountMinor: 5000, tenderedMinor: 5000, changeMinor: 0, roundingMinor: 0, toCreditMinor: 0 },
      { methodId: 'pm-card', amountMinor: 4000, tenderedMinor: 4000, changeMinor: 0, roundingMinor: 0, toCreditMinor: 0 },
    ]);
    expect(payload.postings).toEqual([['credit:c-dupont', 5000], ['revenue:810', -8326], ['till:WEB:pm-card', 4000], ['vat:810', -674]]);
  });

  it('adds what a voucher is worth beyond the order to the buyer’s credit balance, only where the credit method is authorised', async () => {
    sellVoucher(f.till.journal, 'GIFT-0100', 10000);
    const small = sellVoucher(f.till.journal, 'GIFT-0050', 5000);
    await f.push();
    // a 5.– programme paid with a 100.– voucher (code typed in lower case): 95.– to credit
    const answer = await f.shop('POST', '/orders', order('c-favre', [item('i-programme')], [pay('pm-voucher', 10000, ' gift-0100 ')]));
    expect(answer.ok).toBe(true);
    expect(answer.value).toMatchObject({ totalMinor: 500, creditBalanceMinor: 9500, payments: [{ methodId: 'pm-voucher', amountMinor: 10000, appliedMinor: 500, toCreditMinor: 9500 }] });
    expect((await f.shop('GET', '/contacts/c-favre/credit')).value.creditBalanceMinor).toBe(9500);
    const voucher = await f.server.store.db.selectFrom('vouchers').select('id').where('code', '=', 'GIFT-0100').executeTakeFirstOrThrow();
    expect(await balanceOf(f.server, `voucher:${voucher.id}`)).toBe(0);
    expect(await balanceOf(f.server, 'revenue:260')).toBe(-487);

    // where the credit balance is not offered, the excess is refused (no change online), and a part of the voucher may pay
    const before = await snapshot(f.server);
    const refused = await f.shop('POST', '/orders', order('c-favre', [item('i-programme')], [pay('pm-voucher', 5000, 'GIFT-0050')]), kioskKey);
    expect(refused).toMatchObject({ status: 422, error: { code: 'payment_exceeds_due', details: { excessMinor: 4500 } } });
    expect(await snapshot(f.server)).toEqual(before);
    const part = await f.shop('POST', '/orders', order('c-favre', [item('i-programme')], [pay('pm-voucher', 500, 'GIFT-0050')]), kioskKey);
    expect(part.value).toMatchObject({ totalMinor: 500, creditBalanceMinor: null });
    expect(await balanceOf(f.server, `voucher:${small}`)).toBe(-4500);
    expect(await f.shop('POST', '/orders', order('c-favre', [seats('e-quatuor-p1', 2)], [pay('pm-voucher', 5000, 'GIFT-0050'), pay('pm-card', 2600)]))).toMatchObject({
      status: 422,
      error: { code: 'voucher_insufficient', details: { availableMinor: 4500 } },
    });
  });

  it('answers a repeated order with its first answer, and refuses the same request id with another body from the same shop', async () => {
    const first = order('c-muller', [item('i-affiche', 2)], [pay('pm-card', 2400)]);
    const answer = await f.shop('POST', '/orders', first);
    expect(answer.ok).toBe(true);
    const after = await snapshot(f.server);
    expect(await f.shop('POST', '/orders', first)).toEqual(answer);
    expect(await snapshot(f.server)).toEqual(after);
    const other = await f.shop('POST', '/orders', { ...first, lines: [item('i-affiche', 1)], payments: [pay('pm-card', 1200)] });
    expect(other).toMatchObject({ status: 409, error: { code: 'request_conflict' } });
    expect(await snapshot(f.server)).toEqual(after);
    // another shop's request of the same id is its own (api.test.ts: request ids are scoped by shop and kind)
    const kiosk = await f.shop('POST', '/orders', first, kioskKey);
    expect(kiosk).toMatchObject({ status: 200, ok: true });
    expect(kiosk.value.orderId).not.toBe(answer.value.orderId);
  });

  describe('refuses an order, writing nothing', () => {
    type Row = [string, () => unknown, number, string, Record<string, unknown>?];
    const ticket = [seats('e-quatuor-p1', 1)];
    const rows: Row[] = [
      ['an unknown buyer', () => order('c-nobody', ticket, [pay('pm-card', 3800)]), 404, 'contact_not_found'],
      ['an unknown performance', () => order('c-muller', [{ kind: 'ticket', performanceId: 'e-quatuor-p9', tariffId: 'e-quatuor-plein', quantity: 1 }], [pay('pm-card', 3800)]), 404, 'performance_not_found'],
      ['an unknown tariff', () => order('c-muller', [{ kind: 'ticket', performanceId: 'e-quatuor-p1', tariffId: 'e-quatuor-vip', quantity: 1 }], [pay('pm-card', 3800)]), 404, 'tariff_not_found'],
      ["another event's tariff", () => order('c-muller', [{ kind: 'ticket', performanceId: 'e-quatuor-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }], [pay('pm-card', 4500)]), 422, 'tariff_not_for_performance'],
      ['an unknown item', () => order('c-muller', [item('i-nope')], [pay('pm-card', 500)]), 404, 'item_not_found'],
      ['one seat more than the performance has (12 + 1, over two lines)', () => order('c-muller', [seats('e-contes-p1', 7), seats('e-contes-p1', 6, 'enfant')], [pay('pm-card', 7 * 1800 + 6 * 950)]), 409, 'capacity_exceeded', { remaining: 12, requested: 13 }],
      ['an unknown method', () => order('c-muller', ticket, [pay('pm-nope', 3800)]), 404, 'method_not_found'],
      ['cash, which the web shop does not authorise', () => order('c-muller', ticket, [pay('pm-cash', 3800)]), 422, 'method_not_authorised', { methodId: 'pm-cash' }],
      ['a voucher without its code', () => order('c-muller', ticket, [pay('pm-voucher', 3800)]), 422, 'voucher_code_required'],
      ['an unknown voucher code', () => order('c-muller', ticket, [pay('pm-voucher', 3800, 'NOPE-0000')]), 404, 'voucher_not_found'],
      ['credit of 1 more than the balance (45.– + 0.01)', () => order('c-muller', [seats('e-misanthrope-p2', 2)], [pay('pm-credit', 4501), pay('pm-card', 4499)]), 422, 'credit_insufficient', { availableMinor: 4500 }],
      ['credit of the whole balance (topped up by a voucher) + 0.01', () => order('c-favre', [seats('e-misanthrope-p2', 2)], [pay('pm-credit', 9501)]), 422, 'credit_insufficient', { availableMinor: 9500 }],
      ['credit drawn twice past the balance', () => order('c-muller', [seats('e-misanthrope-p2', 2)], [pay('pm-credit', 3000), pay('pm-credit', 1501), pay('pm-card', 4499)]), 422, 'credit_insufficient', { availableMinor: 4500 }],
      ['the deferred account of a contact not authorised', () => order('c-muller', ticket, [pay('pm-deferred', 3800)]), 422, 'deferred_not_authorised'],
      ['the deferred account past the limit (5 000.– asked of 5 000.– + 0.01)', () => order('c-amis', [seats('e-misanthrope-p1', 50), seats('e-misanthrope-p2', 50), seats('e-misanthrope-p3', 12), item('i-programme'), seats('e-quatuor-p2', 1, 'enfant')], [pay('pm-deferred', 500_001)]), 422, 'deferred_limit_exceeded', { availableMinor: 500_000 }],
      ['less than the total', () => order('c-muller', ticket, [pay('pm-card', 3799)]), 422, 'payment_insufficient', { missingMinor: 1 }],
      ['more than the total by a method that gives no change', () => order('c-muller', ticket, [pay('pm-card', 3801)]), 422, 'payment_exceeds_due', { excessMinor: 1 }],
      ['an empty basket', () => order('c-muller', [], [pay('pm-card', 1)]), 400, 'invalid_input'],
      ['a quantity of 0', () => order('c-muller', [seats('e-quatuor-p1', 0)], [pay('pm-card', 1)]), 400, 'invalid_input'],
      ['a request id that is not a ULID', () => ({ ...order('c-muller', ticket, [pay('pm-card', 3800)]), requestId: 'r-1' }), 400, 'invalid_input'],
      ['an amount in francs with decimals', () => order('c-muller', ticket, [pay('pm-card', 38.5)]), 400, 'invalid_input'],
    ];
    it.each(rows)('%s', async (_, make, status, code, details) => {
      const before = await snapshot(f.server);
      const answer = await f.shop('POST', '/orders', make());
      expect(answer).toMatchObject({ status, ok: false, error: { code } });
      if (details) expect(answer.error?.details).toMatchObject(details);
      expect(answer.error?.message.length).toBeGreaterThan(10);
      expect(await snapshot(f.server)).toEqual(before);
    });

    it('takes exactly the seats and the credit left (the boundaries of the rows above)', async () => {
      const seatsLeft = await f.shop('POST', '/orders', order('c-muller', [seats('e-contes-p2', 12)], [pay('pm-card', 12 * 1800)]));
      expect(seatsLeft.ok).toBe(true);
      expect(await f.shop('POST', '/orders', order('c-muller', [seats('e-contes-p2', 1)], [pay('pm-card', 1800)]))).toMatchObject({ error: { code: 'capacity_exceeded', details: { remaining: 0, requested: 1 } } });
      const creditLeft = await f.shop('POST', '/orders', order('c-muller', [seats('e-misanthrope-p2', 2)], [pay('pm-credit', 4500), pay('pm-card', 4500)]));
      expect(creditLeft.value.creditBalanceMinor).toBe(0);
    });
  });

  it('lets one of two orders racing for one credit balance through, and tells the other what is left', async () => {
    const race = () => f.shop('POST', '/orders', order('c-rochat', [seats('e-misanthrope-p3', 1)], [pay('pm-credit', 4500)]));
    const answers = await Promise.all([race(), race()]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.find((a) => !a.ok)).toMatchObject({ error: { code: 'credit_insufficient', details: { availableMinor: 0 } } });
    expect(await balanceOf(f.server, 'credit:c-rochat')).toBe(0);
  });

  it("takes an order and a till's push spending one balance one after the other: the push is never refused, and overdraws only after the order", async () => {
    const contacts = ['c-race-1', 'c-race-2', 'c-race-3', 'c-race-4'];
    const records = contacts.map((id) => ({ kind: 'contact', id, body: { id, kind: 'individual', name: id, firstName: '', email: '', street: '', buildingNumber: '', postcode: '', city: '', country: 'CH', deferredAuthorised: false, deferredLimitMinor: 0 } }));
    expect((await admin(f.server.url, 'PUT', '/records', { records })).ok).toBe(true);
    for (const contactId of contacts) {
      f.till.journal.fund(contactId, 4500);
      await f.push();
      // the till knew 45.– and spent it offline while the customer spends it online
      const sale = f.till.journal.creditSale(contactId, 4500);
      const [online] = await Promise.all([f.shop('POST', '/orders', order(contactId, [seats('e-misanthrope-p3', 1)], [pay('pm-credit', 4500)])), f.push()]);
      const overdrafts = (await admin(f.server.url, 'GET', `/overdrafts?contactId=${contactId}`)).value as { eventId: string; excessMinor: number }[];
      if (online.ok) {
        expect(await balanceOf(f.server, `credit:${contactId}`)).toBe(4500);
        expect(overdrafts.map((o) => [o.eventId, o.excessMinor])).toEqual([[sale.id, 4500]]);
      } else {
        expect(online.error).toMatchObject({ code: 'credit_insufficient', details: { availableMinor: 0 } });
        expect(await balanceOf(f.server, `credit:${contactId}`)).toBe(0);
        expect(overdrafts).toEqual([]);
      }
    }
  });
});

describe('the web shop on two instances of one PostgreSQL', () => {
  it('takes one order once when two instances on one PostgreSQL receive it at the same moment', async () => {
    const f = await startShop('postgresql', cluster);
    const second = await startTestServer({ engine: 'postgresql', databaseUrl: f.databaseUrl, clock: f.clock });
    try {
      const before = await snapshot(f.server);
      const body = order('c-muller', [item('i-sac', 2)], [pay('pm-card', 3700)]);
      const answers = await Promise.all([
        f.shop('POST', '/orders', body),
        call(second.url, 'POST', '/v1/shop/orders', { token: f.key, body }),
        f.shop('POST', '/orders', body),
        call(second.url, 'POST', '/v1/shop/orders', { token: f.key, body }),
      ]);
      for (const a of answers) expect(a).toEqual(answers[0]);
      expect(answers[0]!.ok).toBe(true);
      const after = await snapshot(f.server);
      expect([after.events, after.requests]).toEqual([before.events + 1, before.requests + 1]);
    } finally {
      await second.close();
      await f.close();
    }
  });
});
