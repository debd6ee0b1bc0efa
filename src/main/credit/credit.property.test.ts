// Model-based test of the credit balance: random sequences of funding, spending in split
// payments, refunds to credit, pay-outs and voucher overflows against a reference model.
// The service must refuse exactly what the model refuses; after every run each balance
// equals the model's and the sum of its movements, never went below zero, and the ledger
// balances.
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { testTill, type TestTill } from '../testing/fixtures.ts';

const runs = Number(process.env.GUICHET_CREDIT_RUNS ?? 10_000);
const contacts = ['c-dupont', 'c-rochat'] as const;
const itemPriceMinor = 500; // i-programme
const voucherMinor = 5000; // vp-50

type Op =
  | { op: 'fund'; who: number; amount: number; cash: boolean }
  | { op: 'spend'; who: number; qty: number; credit: number }
  | { op: 'refund'; pick: number }
  | { op: 'payOut'; who: number; amount: number }
  | { op: 'voucher'; who: number; qty: number; anonymous: boolean };

const who = fc.integer({ min: 0, max: contacts.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('fund' as const), who, amount: fc.integer({ min: 1, max: 20_000 }), cash: fc.boolean() }),
  fc.record({ op: fc.constant('spend' as const), who, qty: fc.integer({ min: 1, max: 6 }), credit: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ op: fc.constant('refund' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('payOut' as const), who, amount: fc.integer({ min: 1, max: 20_000 }) }),
  fc.record({ op: fc.constant('voucher' as const), who, qty: fc.integer({ min: 1, max: 5 }), anonymous: fc.boolean() }),
);

interface Model {
  balance: Map<string, number>;
  /** Orders with a buyer and units left to refund. */
  orders: { id: string; lineId: string; buyer: string; left: number }[];
}

const code = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? null : result.error!.code);

function step(t: TestTill, m: Model, op: Op): void {
  const contactId = 'who' in op ? contacts[op.who]! : '';
  const balance = m.balance.get(contactId) ?? 0;
  switch (op.op) {
    case 'fund': {
      const result = t.call('credit.fund', { requestId: ulid(), contactId, methodId: op.cash ? 'pm-cash' : 'pm-card', amountMinor: op.amount }, 'supervisor');
      const expected = op.cash && op.amount % 5 !== 0 ? 'cash_step_invalid' : null;
      expect(code(result)).toBe(expected);
      if (result.ok) m.balance.set(contactId, balance + op.amount);
      return;
    }
    case 'spend': {
      const total = op.qty * itemPriceMinor;
      const credit = Math.min(op.credit, total);
      const payments = [{ methodId: 'pm-credit', amountMinor: credit }, ...(total > credit ? [{ methodId: 'pm-card', amountMinor: total - credit }] : [])];
      const result = t.call('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: op.qty }], buyerContactId: contactId, payments });
      expect(code(result)).toBe(credit > balance ? 'credit_insufficient' : null);
      if (!result.ok) return;
      m.balance.set(contactId, balance - credit);
      m.orders.push({ id: result.value.id, lineId: result.value.lines[0]!.id, buyer: contactId, left: op.qty });
      return;
    }
    case 'refund': {
      const open = m.orders.filter((o) => o.left > 0);
      if (open.length === 0) return;
      const order = open[op.pick % open.length]!;
      t.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lineId, quantity: 1 }], payments: [{ methodId: 'pm-credit', amountMinor: itemPriceMinor }], reason: 'modèle' });
      order.left -= 1;
      m.balance.set(order.buyer, (m.balance.get(order.buyer) ?? 0) + itemPriceMinor);
      return;
    }
    case 'payOut': {
      const result = t.call('credit.payOut', { requestId: ulid(), contactId, methodId: 'pm-card', amountMinor: op.amount }, 'supervisor');
      expect(code(result)).toBe(op.amount > balance ? 'credit_insufficient' : null);
      if (result.ok) m.balance.set(contactId, balance - op.amount);
      return;
    }
    case 'voucher': {
      const gift = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: voucherMinor }] });
      const total = op.qty * itemPriceMinor;
      const result = t.call('sales.checkout', {
        requestId: ulid(),
        lines: [{ kind: 'item', itemId: 'i-programme', quantity: op.qty }],
        buyerContactId: op.anonymous ? null : contactId,
        payments: [{ methodId: 'pm-voucher', amountMinor: voucherMinor, reference: gift.vouchers[0]!.code }],
      });
      expect(code(result)).toBe(op.anonymous ? 'buyer_required' : null);
      if (result.ok) m.balance.set(contactId, balance + voucherMinor - total);
      return;
    }
  }
}

function checkInvariants(t: TestTill, m: Model): void {
  expect(t.db.prepare('SELECT COALESCE(SUM(amount_minor), 0) AS s FROM postings').get()).toEqual({ s: 0 });
  for (const contactId of contacts) {
    const expected = m.balance.get(contactId) ?? 0;
    expect(t.must('contacts.get', { contactId }).creditBalanceMinor).toBe(expected);
    const movements = t.db.prepare("SELECT amount_minor, balance_after_minor FROM account_movements WHERE account_id = ? ORDER BY rowid").all(`credit:${contactId}`) as { amount_minor: number; balance_after_minor: number }[];
    let running = 0;
    for (const mv of movements) {
      running += mv.amount_minor;
      expect(mv.balance_after_minor).toBe(running); // each movement carries its running balance
      expect(running).toBeLessThanOrEqual(0); // never below zero, at any moment
    }
    expect(running === 0 ? 0 : -running).toBe(expected);
  }
}

describe('the credit balance against a reference model', () => {
  it(`agrees over ${runs} random sequences`, () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), (ops) => {
        const t = testTill();
        t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
        const m: Model = { balance: new Map(), orders: [] };
        for (const op of ops) step(t, m, op);
        checkInvariants(t, m);
        t.db.close();
      }),
      { numRuns: runs },
    );
  }, 900_000);
});
