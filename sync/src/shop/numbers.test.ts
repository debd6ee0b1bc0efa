// The web shop's routes against numbers (issue 12, point 11), on PGlite and on a real
// PostgreSQL: a line's price × quantity (an item's or a gift voucher's), a basket and the
// payments past amountMinorMax are refused with amount_too_large and nothing written;
// amounts and quantities that are huge, negative, fractional, exponent-written or not
// numbers at all get a 4xx, never a 5xx nor internal_error (fast-check over raw bodies).
import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountMinorMax } from '../../../src/shared/limits.ts';
import { admin, call, testEngines, type TestEngine } from '../testing/harness.ts';
import type { TestCluster } from '../testing/postgres.ts';
import { useTestCluster } from '../testing/cluster-hooks.ts';
import { item, order, pay, snapshot, startShop, type ShopFixture } from './shop-testing.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

const max = amountMinorMax;
/** An item at half the largest amount of one operation: two of them are the most one line may carry. */
const dearItem = { kind: 'item', id: 'i-dear', body: { id: 'i-dear', name: 'Loge à l’année', priceMinor: max / 2, vatRateBp: 810, active: true, sort: 99 } };
/** A gift voucher of the same value (a voucher line is bounded as an item's). */
const dearVoucher = { kind: 'voucherProduct', id: 'vp-dear', body: { id: 'vp-dear', name: 'Bon mécène', valueMinor: max / 2, active: true, sort: 99 } };
const vouchers = (voucherProductId: string, quantity: number) => ({ kind: 'voucher' as const, voucherProductId, quantity });

const numberText = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 3000 }).map(String) },
  fc.integer().map(String),
  fc.integer({ min: max - 2, max: max + 2 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.constantFrom('0', '-0', '1', '0.5', '1e-7', String(2 ** 53), '1e308', '1e400', '-1e400', '"NaN"', '"Infinity"', '"1e9"', 'null', 'true', '[]', '{}'),
);

describe.each(testEngines)('the web shop against numbers on %s', (engine: TestEngine) => {
  let f: ShopFixture;
  beforeAll(async () => {
    f = await startShop(engine, cluster);
    expect((await admin(f.server.url, 'PUT', '/records', { records: [dearItem, dearVoucher] })).ok).toBe(true);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it.each([
    ['a line at max', [item('i-dear', 2)], [pay('pm-card', max)], 200, null],
    ['a line past max (price × quantity)', [item('i-dear', 3)], [pay('pm-card', max)], 422, { code: 'amount_too_large', details: { field: 'lines.0', maxMinor: max } }],
    ['a basket past max', [item('i-dear', 2), item('i-programme', 1)], [pay('pm-card', max)], 422, { code: 'amount_too_large', details: { field: 'lines', maxMinor: max } }],
    ['a voucher line at max', [vouchers('vp-dear', 2)], [pay('pm-card', max)], 200, null],
    ['a voucher line past max (value × quantity)', [item('i-programme', 1), vouchers('vp-dear', 3)], [pay('pm-card', max)], 422, { code: 'amount_too_large', details: { field: 'lines.1', maxMinor: max } }],
    ['vouchers and items past max together', [vouchers('vp-dear', 2), item('i-programme', 1)], [pay('pm-card', max)], 422, { code: 'amount_too_large', details: { field: 'lines', maxMinor: max } }],
    ['payments past max', [item('i-programme', 1)], [pay('pm-card', max), pay('pm-card', 1)], 422, { code: 'amount_too_large', details: { field: 'payments', maxMinor: max } }],
    ['a payment of max + 1', [item('i-programme', 1)], [pay('pm-card', max + 1)], 400, { code: 'invalid_input' }],
    ['a payment of 2⁵³', [item('i-programme', 1)], [pay('pm-card', 2 ** 53)], 400, { code: 'invalid_input' }],
  ])('%s', async (_name, lines, payments, status, error) => {
    const before = await snapshot(f.server);
    const answer = await f.shop('POST', '/orders', order('c-dupont', lines, payments));
    expect(answer.status).toBe(status);
    if (error) {
      expect(answer).toMatchObject({ ok: false, error });
      expect(await snapshot(f.server)).toEqual(before);
    }
  });

  it('refuses a price past max from the administrator (400), and keeps the one at max', async () => {
    const before = await snapshot(f.server);
    const dearer = { ...dearItem, body: { ...dearItem.body, priceMinor: max + 1 } };
    expect(await admin(f.server.url, 'PUT', '/records', { records: [dearer] })).toMatchObject({ status: 400, ok: false, error: { code: 'invalid_input' } });
    expect(await snapshot(f.server)).toEqual(before);
  });

  it('never answers 5xx nor internal_error, whatever numbers an order or a payment carries', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(numberText, { minLength: 4, maxLength: 4 }), fc.constantFrom('"itemId":"i-programme"', '"itemId":"i-dear"', '"kind":"voucher","voucherProductId":"vp-50"', '"kind":"voucher","voucherProductId":"vp-dear"'), fc.integer({ min: 1, max: 3 }), async ([quantity, card, credit, deferred], product, paymentCount) => {
        const payments = [`{"methodId":"pm-card","amountMinor":${card}}`, `{"methodId":"pm-credit","amountMinor":${credit}}`, `{"methodId":"pm-deferred","amountMinor":${deferred}}`].slice(0, paymentCount);
        const line = product.startsWith('"kind"') ? `{${product},"quantity":${quantity}}` : `{"kind":"item",${product},"quantity":${quantity}}`;
        const raw = `{"requestId":${JSON.stringify(ulid())},"contactId":"c-ecole","lines":[${line}],"payments":[${payments.join(',')}]}`;
        const answer = await call(f.server.url, 'POST', '/v1/shop/orders', { token: f.key, raw });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        expect(answer.status, raw).toBeLessThan(500);
        expect(answer.error?.code).not.toBe('internal_error');
      }),
      { numRuns: engine === 'pglite' ? 300 : 150 },
    );
    // the run reached the services, not only the schema's refusals
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect([...statuses.keys()].some((status) => status !== 400)).toBe(true);
  });
});
