import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf, OutputOf } from '../../shared/api/contract.ts';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';

type Refund = InputOf<'orders.refund'>;

let t: TestTill;
let order: OutputOf<'sales.checkout'>;

const basket = [
  { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 },
  { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-reduit', quantity: 1 },
  { kind: 'item', itemId: 'i-programme', quantity: 1 },
] as const;

function snapshotOriginal(orderId: string) {
  return JSON.stringify([
    t.db.prepare('SELECT * FROM orders WHERE id = ?').all(orderId),
    t.db.prepare('SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no').all(orderId),
    t.db.prepare('SELECT * FROM payments WHERE order_id = ? ORDER BY seq').all(orderId),
    t.db.prepare('SELECT t.* FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE l.order_id = ? ORDER BY t.id').all(orderId),
    t.db.prepare('SELECT p.* FROM postings p JOIN orders o ON o.entry_id = p.entry_id WHERE o.id = ? ORDER BY p.account_id').all(orderId),
  ]);
}

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
  order = t.must('sales.checkout', {
    requestId: ulid(),
    lines: [...basket],
    buyerContactId: null,
    payments: [{ methodId: 'pm-card', amountMinor: 7753 }, { methodId: 'pm-cash', amountMinor: 5000 }],
  });
});

function refund(overrides: Partial<Refund> = {}): Refund {
  return {
    requestId: ulid(),
    orderId: order.id,
    lines: [{ orderLineId: order.lines[1]!.id, quantity: 1 }],
    payments: [{ methodId: 'pm-cash', amountMinor: 3000 }],
    reason: 'Empêchement',
    ...overrides,
  };
}

describe('orders.refund', () => {
  it('refunds one line to its original method by a reversing entry; the sale rows stay as they were', () => {
    const original = snapshotOriginal(order.id);
    const after = t.must('orders.refund', refund());
    expect(after.refundedMinor).toBe(3000);
    expect(after.lines[1]!.refundedQuantity).toBe(1);
    expect(after.tickets.filter((x) => x.isRefunded)).toHaveLength(1);
    expect(after.payments.find((p) => p.methodId === 'pm-cash')!.refundedMinor).toBe(3000);
    expect(snapshotOriginal(order.id)).toBe(original);

    const entry = t.db.prepare("SELECT id FROM journal WHERE type = 'refund'").get() as { id: string };
    expect(t.db.prepare('SELECT account_id, amount_minor FROM postings WHERE entry_id = ? ORDER BY account_id').all(entry.id)).toEqual([
      { account_id: 'revenue:810', amount_minor: 2775 },
      { account_id: 'till:G1:pm-cash', amount_minor: -3000 },
      { account_id: 'vat:810', amount_minor: 225 },
    ]);
    expect(t.db.prepare("SELECT sold FROM performance_stock WHERE performance_id = 'e-misanthrope-p1'").get()).toEqual({ sold: 2 });
    expect(verifyJournal(t.db, () => t.context.journalKey).ok).toBe(true);
  });

  it('splits a refund over several original methods, and rounds cash to the coin', () => {
    const after = t.must('orders.refund', refund({
      lines: [{ orderLineId: order.lines[0]!.id, quantity: 2 }, { orderLineId: order.lines[2]!.id, quantity: 1 }],
      payments: [{ methodId: 'pm-card', amountMinor: 7753 }, { methodId: 'pm-cash', amountMinor: 1747 }],
    }));
    expect(after.refundedMinor).toBe(9500);
    expect(after.refunds[0]!.payments).toEqual([
      { methodId: 'pm-card', methodName: 'Carte bancaire', amountMinor: 7753, roundingMinor: 0 },
      { methodId: 'pm-cash', methodName: 'Espèces', amountMinor: 1747, roundingMinor: 2 },
    ]);
    const entry = t.db.prepare("SELECT id FROM journal WHERE type = 'refund'").get() as { id: string };
    const postings = Object.fromEntries((t.db.prepare('SELECT account_id, amount_minor FROM postings WHERE entry_id = ?').all(entry.id) as { account_id: string; amount_minor: number }[]).map((p) => [p.account_id, p.amount_minor]));
    expect(postings['till:G1:pm-cash']).toBe(-1745); // 17.45 handed back in coins
    expect(postings['rounding:G1']).toBe(-2);
  });

  it('refunds a whole order line by line until nothing is left', () => {
    t.must('orders.refund', refund());
    const second = refund({ lines: [{ orderLineId: order.lines[1]!.id, quantity: 1 }] });
    expect(t.call('orders.refund', second)).toMatchObject({ ok: false, error: { code: 'refund_quantity_exceeded', details: { refundable: 0 } } });
  });

  it('is idempotent by request id', () => {
    const input = refund();
    t.must('orders.refund', input);
    const before = stateFingerprint(t.db);
    expect(t.must('orders.refund', input).refundedMinor).toBe(3000);
    expect(stateFingerprint(t.db)).toBe(before);
    expect(t.call('orders.refund', { ...input, reason: 'Autre' })).toMatchObject({ ok: false, error: { code: 'request_conflict' } });
  });

  it('refunds a gift voucher only while it is unspent', () => {
    const gift = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 5000 }] });
    t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-voucher', amountMinor: 500, reference: gift.vouchers[0]!.code }] });
    expect(t.call('orders.refund', refund({ orderId: gift.id, lines: [{ orderLineId: gift.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 5000 }] }))).toMatchObject({ ok: false, error: { code: 'voucher_already_used' } });
  });

  it('gives the value back to the voucher that paid', () => {
    const gift = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 5000 }] });
    const paid = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-voucher', amountMinor: 500, reference: gift.vouchers[0]!.code }] });
    t.must('orders.refund', refund({ orderId: paid.id, lines: [{ orderLineId: paid.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-voucher', amountMinor: 500 }] }));
    expect(t.must('orders.get', { orderId: gift.id }).vouchers[0]!.remainingMinor).toBe(5000);
  });
});

describe('orders.refund refusals: a code each, nothing written', () => {
  const rows: [string, () => Refund, ErrorCode, Record<string, unknown>?][] = [
    ['no line', () => refund({ lines: [] }), 'refund_empty'],
    ['unknown order', () => refund({ orderId: 'nope' }), 'order_not_found'],
    ['line of another order', () => refund({ lines: [{ orderLineId: 'nope', quantity: 1 }] }), 'order_line_not_found'],
    ['more than was sold', () => refund({ lines: [{ orderLineId: order.lines[1]!.id, quantity: 2 }] }), 'refund_quantity_exceeded', { refundable: 1 }],
    ['quantity 0', () => refund({ lines: [{ orderLineId: order.lines[1]!.id, quantity: 0 }] }), 'quantity_invalid'],
    ['negative amount', () => refund({ payments: [{ methodId: 'pm-cash', amountMinor: -3000 }] }), 'amount_invalid'],
    ['to a method the order did not use', () => refund({ payments: [{ methodId: 'pm-cheque', amountMinor: 3000 }] }), 'refund_method_not_original'],
    ['to an unknown method', () => refund({ payments: [{ methodId: 'pm-x', amountMinor: 3000 }] }), 'method_not_found'],
    ['more than the method paid', () => refund({ lines: [{ orderLineId: order.lines[0]!.id, quantity: 2 }], payments: [{ methodId: 'pm-cash', amountMinor: 9000 }] }), 'refund_exceeds_paid', { refundableMinor: 4747 }],
    ['amounts that do not add up', () => refund({ payments: [{ methodId: 'pm-cash', amountMinor: 2500 }] }), 'refund_amount_mismatch', { paidMinor: 2500, dueMinor: 3000 }],
    ['no reason', () => refund({ reason: '  ' }), 'invalid_input'],
  ];

  it.each(rows)('%s', (_name, input, code, details) => {
    const before = stateFingerprint(t.db);
    const result = t.call('orders.refund', input());
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (details && !result.ok) expect(result.error.details).toMatchObject(details);
    expect(stateFingerprint(t.db)).toBe(before);
  });

  it('a method that may not refund', () => {
    t.db.prepare("UPDATE payment_methods SET may_refund = 0 WHERE id = 'pm-card'").run();
    expect(t.call('orders.refund', refund({ payments: [{ methodId: 'pm-card', amountMinor: 3000 }] }))).toMatchObject({ ok: false, error: { code: 'method_cannot_refund' } });
  });

  it('a closed till refunds nothing; a technician may not refund', () => {
    expect(t.call('orders.refund', refund(), 'technician')).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
    t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 14745 }, { methodId: 'pm-card', countedMinor: 7753 }] }, 'supervisor');
    expect(t.call('orders.refund', refund())).toMatchObject({ ok: false, error: { code: 'till_closed' } });
  });
});
