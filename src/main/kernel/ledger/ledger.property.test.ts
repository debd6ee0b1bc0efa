// Model-based test: random sequences of sales (split tender, vouchers, on account),
// refunds and cash movements run against the real services and a small reference model
// of the accounts. The service must refuse exactly what the model refuses, and after
// every run the ledger must balance, the balances equal the sum of their movements,
// and the seats, cash, outstanding and voucher values equal the model's.
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../../shared/api/contract.ts';
import { roundToCashStep } from '../../../shared/money/cash.ts';
import { testTill, type TestTill } from '../../testing/fixtures.ts';
import { verifyJournal } from './verify.ts';

const runs = Number(process.env.GUICHET_MODEL_RUNS ?? 10_000);

// the demo catalogue, as the model knows it
const performances = {
  mis: { id: 'e-misanthrope-p1', capacity: 400, tariffs: [['e-misanthrope-plein', 4500], ['e-misanthrope-reduit', 3000], ['e-misanthrope-enfant', 1500]] },
  contes: { id: 'e-contes-p1', capacity: 12, tariffs: [['e-contes-plein', 1800], ['e-contes-reduit', 1400], ['e-contes-enfant', 950]] },
} as const;
const deferredLimit = 200000; // École du Bois-Gentil

type LineOp = { perf: keyof typeof performances; tariff: number; qty: number } | { item: true; qty: number } | { voucher: true; qty: number };
type SellOp = { op: 'sell'; lines: LineOp[]; mode: 'card' | 'cash' | 'split' | 'deferred' | 'voucher' | 'overpay'; fraction: number; extraCash: number };
type RefundOp = { op: 'refund'; order: number; line: number; qty: number; forward: boolean };
type CashOp = { op: 'payIn' | 'payOut'; amount: number };
type Op = SellOp | RefundOp | CashOp;

const lineArb: fc.Arbitrary<LineOp> = fc.oneof(
  fc.record({ perf: fc.constantFrom('mis' as const, 'contes' as const), tariff: fc.integer({ min: 0, max: 2 }), qty: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ item: fc.constant(true as const), qty: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ voucher: fc.constant(true as const), qty: fc.integer({ min: 1, max: 2 }) }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('sell' as const), lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }), mode: fc.constantFrom('card' as const, 'cash' as const, 'split' as const, 'deferred' as const, 'voucher' as const, 'overpay' as const), fraction: fc.integer({ min: 1, max: 99 }), extraCash: fc.integer({ min: 0, max: 3000 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('refund' as const), order: fc.nat(), line: fc.nat(), qty: fc.nat(), forward: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('payIn' as const, 'payOut' as const), amount: fc.integer({ min: 1, max: 20000 }) }) },
);

interface ModelLine { id: string; kind: 'ticket' | 'item' | 'voucher'; perf: string | null; unit: number; qty: number; refunded: number; voucherCodes: string[] }
interface ModelOrder { id: string; lines: ModelLine[]; paid: Map<string, number>; refunded: Map<string, number>; voucher: { code: string; amount: number; refunded: number } | null }

class Model {
  sold = new Map<string, number>();
  cash = 10000; // the float
  card = 0;
  outstanding = 0;
  vouchers = new Map<string, number>(); // code → remaining
  orders: ModelOrder[] = [];
}

function plannedLines(lines: LineOp[]) {
  return lines.map((l) => {
    if ('perf' in l) {
      const p = performances[l.perf];
      const [tariffId, unit] = p.tariffs[l.tariff]!;
      return { input: { kind: 'ticket' as const, performanceId: p.id, tariffId, quantity: l.qty }, unit, qty: l.qty, perf: p.id, kind: 'ticket' as const };
    }
    if ('item' in l) return { input: { kind: 'item' as const, itemId: 'i-programme', quantity: l.qty }, unit: 500, qty: l.qty, perf: null, kind: 'item' as const };
    return { input: { kind: 'voucher' as const, voucherProductId: 'vp-50', quantity: l.qty }, unit: 5000, qty: l.qty, perf: null, kind: 'voucher' as const };
  });
}

function runSell(t: TestTill, m: Model, op: SellOp) {
  const lines = plannedLines(op.lines);
  const total = lines.reduce((a, l) => a + l.unit * l.qty, 0);
  const seats = new Map<string, number>();
  for (const l of lines) if (l.perf) seats.set(l.perf, (seats.get(l.perf) ?? 0) + l.qty);
  let expected: string | null = null;
  for (const [perf, n] of seats) {
    const capacity = perf === performances.contes.id ? performances.contes.capacity : performances.mis.capacity;
    if (expected === null && (m.sold.get(perf) ?? 0) + n > capacity) expected = 'capacity_exceeded';
  }
  const payments: InputOf<'sales.checkout'>['payments'] = [];
  let buyer: string | null = null;
  let card = 0;
  let cashDue = 0;
  let voucherUse: { code: string; amount: number } | null = null;
  switch (op.mode) {
    case 'card':
      card = total;
      break;
    case 'overpay':
      card = total + 100;
      if (expected === null) expected = 'payment_exceeds_due';
      break;
    case 'cash':
      cashDue = roundToCashStep(total, 5);
      break;
    case 'split':
      card = Math.floor((total * op.fraction) / 100);
      cashDue = roundToCashStep(total - card, 5);
      break;
    case 'deferred':
      buyer = 'c-ecole';
      payments.push({ methodId: 'pm-deferred', amountMinor: total });
      if (expected === null && m.outstanding + total > deferredLimit) expected = 'deferred_limit_exceeded';
      break;
    case 'voucher': {
      const usable = [...m.vouchers].find(([, remaining]) => remaining > 0);
      if (!usable) {
        card = total;
        break;
      }
      voucherUse = { code: usable[0], amount: Math.min(usable[1], total) };
      payments.push({ methodId: 'pm-voucher', amountMinor: voucherUse.amount, reference: voucherUse.code });
      card = total - voucherUse.amount;
      break;
    }
  }
  if (card > 0) payments.push({ methodId: 'pm-card', amountMinor: card });
  const withCash = op.mode === 'cash' || op.mode === 'split';
  if (withCash) payments.push({ methodId: 'pm-cash', amountMinor: cashDue + op.extraCash });
  if (total === 0 && payments.length === 0) return;
  if (withCash && total - card === 0 && expected === null) expected = 'payment_not_needed';

  const result = t.call('sales.checkout', { requestId: ulid(), lines: lines.map((l) => l.input), buyerContactId: buyer, payments });
  expect(result.ok ? null : result.error.code).toBe(expected);
  if (!result.ok) return;
  for (const [perf, n] of seats) m.sold.set(perf, (m.sold.get(perf) ?? 0) + n);
  m.card += card;
  m.cash += cashDue;
  if (op.mode === 'deferred') m.outstanding += total;
  if (voucherUse) m.vouchers.set(voucherUse.code, m.vouchers.get(voucherUse.code)! - voucherUse.amount);
  for (const v of result.value.vouchers) m.vouchers.set(v.code, v.valueMinor);
  expect(result.value.changeMinor).toBe(withCash ? op.extraCash : 0);
  const paid = new Map<string, number>();
  for (const p of result.value.payments) paid.set(p.methodId, (paid.get(p.methodId) ?? 0) + p.amountMinor);
  m.orders.push({
    id: result.value.id,
    lines: result.value.lines.map((l, i) => ({ id: l.id, kind: l.kind, perf: lines[i]!.perf, unit: l.unitPriceMinor, qty: l.quantity, refunded: 0, voucherCodes: result.value.vouchers.filter((v) => v.orderLineId === l.id).map((v) => v.code) })),
    paid,
    refunded: new Map(),
    voucher: voucherUse ? { ...voucherUse, refunded: 0 } : null,
  });
}

function runRefund(t: TestTill, m: Model, op: RefundOp) {
  const candidates = m.orders.filter((o) => o.lines.some((l) => l.kind !== 'voucher' && l.refunded < l.qty));
  if (candidates.length === 0) return;
  const order = candidates[op.order % candidates.length]!;
  const open = order.lines.filter((l) => l.kind !== 'voucher' && l.refunded < l.qty);
  const line = open[op.line % open.length]!;
  const qty = 1 + (op.qty % (line.qty - line.refunded));
  const amount = qty * line.unit;
  const methods = [...order.paid.keys()];
  if (!op.forward) methods.reverse();
  let left = amount;
  const payments: { methodId: string; amountMinor: number }[] = [];
  for (const methodId of methods) {
    const room = order.paid.get(methodId)! - (order.refunded.get(methodId) ?? 0);
    const share = Math.min(room, left);
    if (share > 0) payments.push({ methodId, amountMinor: share });
    left -= share;
  }
  expect(left).toBe(0); // what is still sold was paid for
  const input = { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: line.id, quantity: qty }], payments, reason: 'modèle' };
  // coins handed back leave the drawer: never more than it holds (as a pay-out)
  const cashOutMinor = roundToCashStep(payments.find((p) => p.methodId === 'pm-cash')?.amountMinor ?? 0, 5);
  if (cashOutMinor > m.cash) {
    expect(t.call('orders.refund', input)).toMatchObject({ ok: false, error: { code: 'cash_insufficient', details: { availableMinor: Math.max(m.cash, 0) } } });
    return;
  }
  t.must('orders.refund', input);
  line.refunded += qty;
  if (line.perf) m.sold.set(line.perf, m.sold.get(line.perf)! - qty);
  for (const p of payments) {
    order.refunded.set(p.methodId, (order.refunded.get(p.methodId) ?? 0) + p.amountMinor);
    if (p.methodId === 'pm-cash') m.cash -= roundToCashStep(p.amountMinor, 5);
    if (p.methodId === 'pm-card') m.card -= p.amountMinor;
    if (p.methodId === 'pm-deferred') m.outstanding -= p.amountMinor;
    if (p.methodId === 'pm-voucher') {
      // the value goes back to the voucher that paid
      const v = order.voucher!;
      v.refunded += p.amountMinor;
      expect(v.refunded).toBeLessThanOrEqual(v.amount);
      m.vouchers.set(v.code, m.vouchers.get(v.code)! + p.amountMinor);
    }
  }
}

function runCash(t: TestTill, m: Model, op: CashOp) {
  const result = t.call(op.op === 'payIn' ? 'sessions.payIn' : 'sessions.payOut', { requestId: ulid(), amountMinor: op.amount, reason: 'modèle' }, 'supervisor');
  const expected = op.op === 'payOut' && op.amount > m.cash ? 'cash_insufficient' : null;
  expect(result.ok ? null : result.error.code).toBe(expected);
  if (result.ok) m.cash += op.op === 'payIn' ? op.amount : -op.amount;
}

function checkInvariants(t: TestTill, m: Model) {
  const db = t.db;
  expect(db.prepare('SELECT entry_id FROM postings GROUP BY entry_id HAVING SUM(amount_minor) <> 0').all()).toEqual([]);
  expect(db.prepare('SELECT COALESCE(SUM(amount_minor), 0) AS s FROM postings').get()).toEqual({ s: 0 });
  expect(
    db.prepare(
      `SELECT b.account_id FROM account_balances b LEFT JOIN (SELECT account_id, SUM(amount_minor) AS s FROM postings GROUP BY account_id) p
       ON p.account_id = b.account_id WHERE b.balance_minor <> COALESCE(p.s, 0)`,
    ).all(),
  ).toEqual([]);
  const balance = (id: string) => (db.prepare('SELECT balance_minor FROM account_balances WHERE account_id = ?').get(id) as { balance_minor: number } | undefined)?.balance_minor ?? 0;
  expect(balance('till:G1:pm-cash')).toBe(m.cash);
  expect(balance('till:G1:pm-card')).toBe(m.card);
  expect(balance('deferred:c-ecole')).toBe(m.outstanding);
  expect(balance('deferred:c-ecole')).toBeLessThanOrEqual(deferredLimit);
  for (const perf of [performances.mis, performances.contes]) {
    const sold = (db.prepare('SELECT sold FROM performance_stock WHERE performance_id = ?').get(perf.id) as { sold: number } | undefined)?.sold ?? 0;
    expect(sold).toBe(m.sold.get(perf.id) ?? 0);
    expect(sold).toBeGreaterThanOrEqual(0);
    expect(sold).toBeLessThanOrEqual(perf.capacity);
  }
  const voucherTotal = 0 - (db.prepare("SELECT COALESCE(SUM(balance_minor), 0) AS s FROM account_balances WHERE kind = 'voucher'").get() as { s: number }).s;
  expect(voucherTotal).toBe([...m.vouchers.values()].reduce((a, b) => a + b, 0));
  expect(db.prepare("SELECT COUNT(*) AS n FROM account_balances WHERE kind IN ('credit', 'voucher') AND balance_minor > 0").get()).toEqual({ n: 0 });
}

describe('the ledger against a reference model', () => {
  it(`agrees over ${runs} random sequences of sales, refunds and cash movements`, () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 20 }), (ops) => {
        const t = testTill();
        t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
        const m = new Model();
        for (const op of ops) {
          if (op.op === 'sell') runSell(t, m, op);
          else if (op.op === 'refund') runRefund(t, m, op);
          else runCash(t, m, op);
        }
        checkInvariants(t, m);
        t.db.close();
      }),
      { numRuns: runs, verbose: 1 },
    );
  }, 900_000);

  it('the chain of a long random history verifies', () => {
    const t = testTill();
    t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
    const m = new Model();
    fc.sample(opArb, { numRuns: 400, seed: 42 }).forEach((op) => {
      if (op.op === 'sell') runSell(t, m, op);
      else if (op.op === 'refund') runRefund(t, m, op);
      else runCash(t, m, op);
    });
    checkInvariants(t, m);
    expect(verifyJournal(t.db, () => t.context.journalKey)).toMatchObject({ ok: true });
  });
});
