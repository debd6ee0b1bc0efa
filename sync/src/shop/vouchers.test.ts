// Gift vouchers across channels on the server (issue 15 points 2 and 5), on PGlite and on a
// real PostgreSQL 15: sold online (a liability voucher:<id>, no VAT, a code in the tills'
// format) and checked by code; sold at a till, spent in part at another till and online,
// then its remaining value right; spent in full, refused online; a till that spent it again
// offline is never refused afterwards, and the voucher shows what was overspent.
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, call, testEngines, type TestEngine } from '../testing/harness.ts';
import { TestJournal } from '../testing/journal.ts';
import type { TestCluster } from '../testing/postgres.ts';
import { useTestCluster } from '../testing/cluster-hooks.ts';
import { shopRoutes } from './routes.ts';
import { balanceOf, enrolled, expectTranslated, order, pay, seats, sellVoucher, snapshot, startShop, type ShopFixture } from './shop-testing.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

const voucherRoute = shopRoutes.find((r) => r.path === '/v1/shop/vouchers/:code');
const orderRoute = shopRoutes.find((r) => r.method === 'POST' && r.path === '/v1/shop/orders');
const giftVouchers = (voucherProductId: string, quantity: number) => ({ kind: 'voucher' as const, voucherProductId, quantity });

describe.each(testEngines)('gift vouchers on %s', (engine: TestEngine) => {
  let f: ShopFixture;
  /** A second till, T2, enrolled with its own journal. */
  let t2: { token: string; journal: TestJournal; pushed: number };
  const pushT2 = async () => {
    const answer = await call(f.server.url, 'POST', '/v1/push', { token: t2.token, body: { tillId: 'T2', events: t2.journal.events.slice(t2.pushed) } });
    expect(answer.ok).toBe(true);
    t2.pushed = t2.journal.events.length;
  };
  /** A till's sale of `amountMinor` paid by the voucher (the postings a till writes). */
  const spendAtTill = (journal: TestJournal, voucherId: string, amountMinor: number) =>
    journal.append('sale', [[`voucher:${voucherId}`, amountMinor], ['revenue:810', -amountMinor]], { orderId: ulid(), buyerContactId: null });
  const check = (code: string) => f.shop('GET', `/vouchers/${encodeURIComponent(code)}`);

  beforeAll(async () => {
    f = await startShop(engine, cluster);
    t2 = { token: await enrolled(f.server, 'T2'), journal: new TestJournal('T2', () => f.clock.nowMs()), pushed: 0 };
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('sells gift vouchers online: one voucher per unit, a code each, its value a liability without VAT', async () => {
    const body = order('c-dupont', [giftVouchers('vp-50', 2), seats('e-quatuor-p1', 1)], [pay('pm-card', 2 * 5000 + 3800)]);
    const answer = await f.shop('POST', '/orders', body);
    expect(answer).toMatchObject({ status: 200, ok: true, value: { totalMinor: 13800 } });
    const o = answer.value;
    expect(o.lines[0]).toEqual({ kind: 'voucher', performanceId: null, tariffId: null, itemId: null, voucherProductId: 'vp-50', label: 'Bon cadeau 50.–', quantity: 2, unitPriceMinor: 5000, totalMinor: 10000, vatRateBp: 0, vatMinor: 0 });
    expect(o.vouchers).toHaveLength(2);
    for (const v of o.vouchers) expect(v).toMatchObject({ code: expect.stringMatching(/^GV-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/), voucherProductId: 'vp-50', valueMinor: 5000 });
    expect(new Set(o.vouchers.map((v: { code: string }) => v.code)).size).toBe(2);
    // the ledger: each voucher's liability, the ticket's revenue and VAT, the card's money
    const event = await f.server.store.db.selectFrom('events').select('payload').where('id', '=', o.eventId).executeTakeFirstOrThrow();
    const payload = JSON.parse(event.payload);
    expect(payload.vouchers).toEqual(o.vouchers.map((v: { id: string; code: string }) => ({ id: v.id, lineId: expect.any(String), code: v.code, valueMinor: 5000 })));
    const postings: [string, number][] = [[`voucher:${o.vouchers[0].id}`, -5000], [`voucher:${o.vouchers[1].id}`, -5000], ['revenue:810', -3515], ['till:WEB:pm-card', 13800], ['vat:810', -285]];
    expect(payload.postings).toEqual(postings.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    for (const v of o.vouchers) expect(await balanceOf(f.server, `voucher:${v.id}`)).toBe(-5000);
    // checked by its code, typed in any case
    const checked = await check(` ${o.vouchers[0].code.toLowerCase()} `);
    expect(checked).toMatchObject({ status: 200, ok: true });
    expect(checked.value).toEqual({ id: o.vouchers[0].id, code: o.vouchers[0].code, currency: 'CHF', valueMinor: 5000, remainingMinor: 5000, overspentMinor: 0, channel: 'WEB', orderId: o.orderId, soldAtMs: f.clock.nowMs(), expiresAtMs: null });
    // a retry answers the same vouchers and sells none more
    const before = await snapshot(f.server);
    expect(await f.shop('POST', '/orders', body)).toEqual(answer);
    expect(await snapshot(f.server)).toEqual(before);
    expect(await f.server.store.db.selectFrom('vouchers').select('id').where('till_id', '=', 'WEB').execute()).toHaveLength(2);
  });

  it('answers the remaining value of a voucher sold online and spent online and at a till', async () => {
    const sold = await f.shop('POST', '/orders', order('c-rochat', [giftVouchers('vp-100', 1)], [pay('pm-card', 10000)]));
    const { code, id } = sold.value.vouchers[0];
    f.clock.advance(60_000);
    // 45.– online
    expect((await f.shop('POST', '/orders', order('c-rochat', [seats('e-misanthrope-p1', 1)], [pay('pm-voucher', 4500, code)]))).ok).toBe(true);
    expect((await check(code)).value).toMatchObject({ valueMinor: 10000, remainingMinor: 5500 });
    // 20.– at the till (its push), which takes the voucher as the server said it stood
    spendAtTill(f.till.journal, id, 2000);
    await f.push();
    expect((await check(code)).value).toMatchObject({ remainingMinor: 3500, overspentMinor: 0, channel: 'WEB' });
    const more = await f.shop('POST', '/orders', order('c-rochat', [seats('e-misanthrope-p1', 1)], [pay('pm-voucher', 4500, code)]));
    expect(more).toMatchObject({ status: 422, error: { code: 'voucher_insufficient', details: { availableMinor: 3500 } } });
    expectTranslated(orderRoute, more.error);
  });

  it('answers the true remaining value of a voucher sold at a till and spent at another till and online, and refuses it online once spent', async () => {
    const voucherId = sellVoucher(f.till.journal, 'GV-TILL-0050', 5000);
    await f.push();
    const sold = await check('gv-till-0050');
    expect(sold.value).toMatchObject({ id: voucherId, code: 'GV-TILL-0050', valueMinor: 5000, remainingMinor: 5000, channel: 'T1', soldAtMs: f.clock.nowMs() });
    expect(sold.value.orderId).toEqual(JSON.parse(f.till.journal.events.at(-1)!.payload).orderId);

    // 12.– at till T2, pushed
    spendAtTill(t2.journal, voucherId, 1200);
    await pushT2();
    expect((await check('GV-TILL-0050')).value.remainingMinor).toBe(3800);
    // the rest online: one seat of the quartet
    const online = await f.shop('POST', '/orders', order('c-muller', [seats('e-quatuor-p1', 1)], [pay('pm-voucher', 3800, 'GV-TILL-0050')]));
    expect(online.ok).toBe(true);
    expect(await balanceOf(f.server, `voucher:${voucherId}`)).toBe(0);
    expect((await check('GV-TILL-0050')).value).toMatchObject({ remainingMinor: 0, overspentMinor: 0 });
    // spent: refused online, writing nothing
    const before = await snapshot(f.server);
    const again = await f.shop('POST', '/orders', order('c-muller', [seats('e-quatuor-p1', 1)], [pay('pm-voucher', 100, 'GV-TILL-0050'), pay('pm-card', 3700)]));
    expect(again).toMatchObject({ status: 422, error: { code: 'voucher_insufficient', details: { availableMinor: 0 } } });
    expect(await snapshot(f.server)).toEqual(before);
    // a till that took it offline is never refused afterwards: the voucher says what was overspent
    spendAtTill(t2.journal, voucherId, 700);
    await pushT2();
    expect((await check('GV-TILL-0050')).value).toMatchObject({ valueMinor: 5000, remainingMinor: 0, overspentMinor: 700 });
  });

  it('refuses a code no voucher has, and a voucher product that is not for sale', async () => {
    const unknown = await check('GV-ZZZZ-ZZZZ');
    expect(unknown).toMatchObject({ status: 404, error: { code: 'voucher_not_found', details: { code: 'GV-ZZZZ-ZZZZ' } } });
    expectTranslated(voucherRoute, unknown.error);
    expect(await check('x'.repeat(65))).toMatchObject({ status: 400, error: { code: 'invalid_input', details: { field: 'code' } } });
    const withdrawn = { kind: 'voucherProduct', id: 'vp-20', body: { id: 'vp-20', name: 'Bon 20.–', valueMinor: 2000, active: false, sort: 9 } };
    expect((await admin(f.server.url, 'PUT', '/records', { records: [withdrawn] })).ok).toBe(true);
    const before = await snapshot(f.server);
    const refused = await f.shop('POST', '/orders', order('c-muller', [giftVouchers('vp-20', 1)], [pay('pm-card', 2000)]));
    expect(refused).toMatchObject({ status: 404, error: { code: 'voucher_product_not_found', details: { voucherProductId: 'vp-20' } } });
    expectTranslated(orderRoute, refused.error);
    expect(await snapshot(f.server)).toEqual(before);
  });
});
