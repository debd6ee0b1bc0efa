import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import { testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
  t.must('sales.checkout', {
    requestId: ulid(),
    lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }],
    buyerContactId: null,
    payments: [{ methodId: 'pm-card', amountMinor: 4500 }],
  });
});

describe('orders.list and orders.get', () => {
  it('finds orders by number and shows the detail', () => {
    expect(t.must('orders.list', { query: 'G1-000001' }).map((o) => o.number)).toEqual(['G1-000001']);
    expect(t.must('orders.list', { query: 'zzz' })).toEqual([]);
    expect(t.call('orders.get', { orderId: 'nope' })).toMatchObject({ ok: false, error: { code: 'order_not_found' } });
  });
});
