// Model-based test of the deferred account: random sequences of payments on account (with
// and without installments), invoicing, payer and billing-contact changes, settlements and
// refunds against a reference model. The service refuses exactly what the model refuses;
// after every run the outstanding never exceeds the limit and equals the sum of its
// movements and of the open installments, installments sum to their payment, allocations sum to
// their settlement, invoice numbers are gapless, each cancellation invoice mirrors what the
// invoice it cancels still asked, each refund of an invoiced order has its credit note, and
// every issued document is archived with the SHA-256 its journal entry carries.
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../kernel/context.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

const runs = Number(process.env.GUICHET_DEFERRED_RUNS ?? 10_000);
const contacts = ['c-ecole', 'c-amis'] as const;
const limits: Record<string, number> = { 'c-ecole': 200000, 'c-amis': 500000 };
const ticketMinor = 4500;

type Op =
  | { op: 'sell'; who: number; qty: number; tracked: boolean; cardPart: number }
  | { op: 'invoiceOrder'; pick: number }
  | { op: 'invoiceContact'; who: number }
  | { op: 'changePayer'; pick: number; to: number }
  | { op: 'changeBilling'; pick: number; to: number }
  | { op: 'settle'; who: number; amount: number; toCredit: boolean }
  | { op: 'refund'; pick: number };

const who = fc.integer({ min: 0, max: contacts.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('sell' as const), who, qty: fc.integer({ min: 1, max: 30 }), tracked: fc.boolean(), cardPart: fc.integer({ min: 0, max: 3000 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('invoiceOrder' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('invoiceContact' as const), who }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('changePayer' as const), pick: fc.nat(), to: who }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('changeBilling' as const), pick: fc.nat(), to: who }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('settle' as const), who, amount: fc.integer({ min: 1, max: 60000 }), toCredit: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('refund' as const), pick: fc.nat() }) },
);

interface Order {
  id: string;
  lineId: string;
  method: string;
  deferredMinor: number;
  payer: string;
  invoiced: boolean;
  ticketsLeft: number;
}

class Model {
  orders: Order[] = [];
  credit = new Map<string, number>();
  /** The receivable per contact: what the service's balance must equal. */
  outstanding(t: TestTill, contactId: string): number {
    return (t.db.prepare("SELECT COALESCE(SUM(s.open_minor), 0) AS s FROM deferred_item_state s WHERE s.payer_contact_id = ?").get(contactId) as { s: number }).s;
  }
}

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? null : r.error!.code);

function step(t: TestTill, m: Model, op: Op): void {
  switch (op.op) {
    case 'sell': {
      const contactId = contacts[op.who]!;
      const total = op.qty * ticketMinor;
      const card = Math.min(op.cardPart, total - 1);
      const deferred = total - card;
      const method = op.tracked ? 'pm-deferred-3' : 'pm-deferred';
      const payments = [...(card > 0 ? [{ methodId: 'pm-card', amountMinor: card }] : []), { methodId: method, amountMinor: deferred }];
      const headroom = limits[contactId]! - m.outstanding(t, contactId);
      const result = t.call('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p3', tariffId: 'e-misanthrope-plein', quantity: op.qty }], buyerContactId: contactId, payments });
      expect(code(result)).toBe(deferred > headroom ? 'deferred_limit_exceeded' : null);
      if (result.ok) {
        m.orders.push({ id: result.value.id, lineId: result.value.lines[0]!.id, method, deferredMinor: deferred, payer: contactId, invoiced: false, ticketsLeft: op.qty });
        expect(result.value.installments.reduce((a, i) => a + i.amountMinor, 0)).toBe(deferred);
        expect(result.value.installments).toHaveLength(op.tracked ? Math.min(3, deferred) : 1);
      }
      return;
    }
    case 'invoiceOrder': {
      if (m.orders.length === 0) return;
      const order = m.orders[op.pick % m.orders.length]!;
      const open = (t.db.prepare('SELECT COALESCE(SUM(i.amount_minor), 0) - COALESCE((SELECT SUM(c.amount_minor) FROM item_cancellations c JOIN deferred_items d ON d.id = c.item_id WHERE d.order_id = ?), 0) AS asked FROM deferred_items i WHERE i.order_id = ?').get(order.id, order.id) as { asked: number }).asked;
      const result = t.call('invoices.createForOrder', { orderId: order.id }, 'supervisor');
      expect(code(result)).toBe(order.invoiced ? 'order_already_invoiced' : open === 0 ? 'nothing_to_invoice' : null);
      if (result.ok) order.invoiced = true;
      return;
    }
    case 'invoiceContact': {
      const contactId = contacts[op.who]!;
      const result = t.call('invoices.create', { contactId }, 'supervisor');
      if (result.ok) {
        for (const o of m.orders) if (result.value.installments.some((i) => i.orderId === o.id)) o.invoiced = true;
      } else {
        expect(code(result)).toBe('nothing_to_invoice');
      }
      return;
    }
    case 'changePayer': {
      if (m.orders.length === 0) return;
      const order = m.orders[op.pick % m.orders.length]!;
      const to = contacts[op.to]!;
      const moving = (t.db.prepare('SELECT COALESCE(SUM(s.open_minor), 0) AS s FROM deferred_item_state s JOIN deferred_items i ON i.id = s.item_id WHERE i.order_id = ?').get(order.id) as { s: number }).s;
      const expected = order.invoiced ? 'order_already_invoiced' : order.payer === to ? 'payer_unchanged' : moving > limits[to]! - m.outstanding(t, to) ? 'deferred_limit_exceeded' : null;
      const result = t.call('orders.changePayer', { orderId: order.id, payerContactId: to }, 'supervisor');
      expect(code(result)).toBe(expected);
      if (result.ok) order.payer = to;
      return;
    }
    case 'changeBilling': {
      const invoices = t.db.prepare("SELECT i.id, i.contact_id FROM invoices i WHERE i.kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.cancels_invoice_id = i.id AND c.refund_id IS NULL) ORDER BY i.seq").all() as { id: string; contact_id: string }[];
      if (invoices.length === 0) return;
      const invoice = invoices[op.pick % invoices.length]!;
      const to = contacts[op.to]!;
      const moving = (t.db.prepare('SELECT COALESCE(SUM(s.open_minor), 0) AS s FROM deferred_item_state s JOIN invoice_items ii ON ii.item_id = s.item_id WHERE ii.invoice_id = ?').get(invoice.id) as { s: number }).s;
      // what the invoice still asks: itself and its refunds' credit notes
      const asked = (t.db.prepare('SELECT COALESCE(SUM(ii.amount_minor), 0) AS s FROM invoice_items ii JOIN invoices v ON v.id = ii.invoice_id WHERE v.id = ? OR (v.cancels_invoice_id = ? AND v.refund_id IS NOT NULL)').get(invoice.id, invoice.id) as { s: number }).s;
      const expected = asked === 0 ? 'nothing_to_invoice' : invoice.contact_id === to ? 'payer_unchanged' : moving > limits[to]! - m.outstanding(t, to) ? 'deferred_limit_exceeded' : null;
      const onOld = new Set((t.db.prepare('SELECT DISTINCT d.order_id AS id FROM invoice_items ii JOIN deferred_items d ON d.id = ii.item_id WHERE ii.invoice_id = ?').all(invoice.id) as { id: string }[]).map((r) => r.id));
      const result = t.call('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: to }, 'supervisor');
      expect(code(result)).toBe(expected);
      if (result.ok) {
        // the invoice is cancelled and issued again to the new contact with what it still asks:
        // an order refunded in full is on no invoice any more
        for (const o of m.orders.filter((o) => onOld.has(o.id))) {
          o.invoiced = result.value.invoice.installments.some((i) => i.orderId === o.id);
          if (o.invoiced) o.payer = to;
        }
      }
      return;
    }
    case 'settle': {
      const contactId = contacts[op.who]!;
      const outstanding = m.outstanding(t, contactId);
      const result = t.call('deferred.settle', { requestId: ulid(), contactId, methodId: 'pm-cheque', amountMinor: op.amount, reference: 'modèle', excessToCredit: op.toCredit }, 'supervisor');
      expect(code(result)).toBe(op.amount > outstanding && !op.toCredit ? 'settlement_exceeds_outstanding' : null);
      if (result.ok) {
        expect(result.value.toCreditMinor).toBe(Math.max(0, op.amount - outstanding));
        m.credit.set(contactId, (m.credit.get(contactId) ?? 0) + result.value.toCreditMinor);
      }
      return;
    }
    case 'refund': {
      const candidates = m.orders.filter((o) => o.ticketsLeft > 0);
      if (candidates.length === 0) return;
      const order = candidates[op.pick % candidates.length]!;
      const open = (t.db.prepare('SELECT COALESCE(SUM(s.open_minor), 0) AS s FROM deferred_item_state s JOIN deferred_items i ON i.id = s.item_id WHERE i.order_id = ?').get(order.id) as { s: number }).s;
      const amount = Math.min(ticketMinor, order.deferredMinor);
      const result = t.call('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lineId, quantity: 1 }], payments: [{ methodId: order.method, amountMinor: amount }, ...(amount < ticketMinor ? [{ methodId: 'pm-card', amountMinor: ticketMinor - amount }] : [])], reason: 'modèle' });
      const onInvoice = t.db.prepare("SELECT v.id FROM invoices v JOIN invoice_items ii ON ii.invoice_id = v.id JOIN deferred_items d ON d.id = ii.item_id WHERE d.order_id = ? AND v.kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.cancels_invoice_id = v.id AND c.refund_id IS NULL)").get(order.id) as { id: string } | undefined;
      const refundedToDeferred = (t.db.prepare("SELECT COALESCE(SUM(rp.amount_minor), 0) AS s FROM refund_payments rp JOIN refunds r ON r.id = rp.refund_id WHERE r.order_id = ? AND rp.method_id = ?").get(order.id, order.method) as { s: number }).s;
      if (amount > open || amount > order.deferredMinor - (result.ok ? refundedToDeferred - amount : refundedToDeferred)) expect(code(result)).not.toBeNull();
      else expect(code(result)).toBeNull();
      if (result.ok) {
        order.ticketsLeft -= 1;
        // an invoiced order's refund issues a credit note on its invoice, for what it cancelled there
        const refundId = (t.db.prepare('SELECT id FROM refunds WHERE order_id = ? ORDER BY rowid DESC LIMIT 1').get(order.id) as { id: string }).id;
        const notes = t.db.prepare('SELECT cancels_invoice_id, total_minor FROM invoices WHERE refund_id = ?').all(refundId) as { cancels_invoice_id: string; total_minor: number }[];
        const cancelledMinor = (t.db.prepare('SELECT COALESCE(SUM(amount_minor), 0) AS s FROM item_cancellations WHERE refund_id = ?').get(refundId) as { s: number }).s;
        expect(notes).toEqual(onInvoice ? [{ cancels_invoice_id: onInvoice.id, total_minor: -cancelledMinor }] : []);
      }
      return;
    }
  }
}

function checkInvariants(t: TestTill, m: Model): void {
  const db = t.db;
  expect(db.prepare('SELECT COALESCE(SUM(amount_minor), 0) AS s FROM postings').get()).toEqual({ s: 0 });
  for (const contactId of contacts) {
    const balance = (db.prepare('SELECT COALESCE(balance_minor, 0) AS b FROM account_balances WHERE account_id = ?').get(`deferred:${contactId}`) as { b: number } | undefined)?.b ?? 0;
    expect(balance).toBe(m.outstanding(t, contactId)); // the receivable is the open installments
    expect(balance).toBeLessThanOrEqual(limits[contactId]!);
    const movements = db.prepare('SELECT amount_minor, balance_after_minor FROM account_movements WHERE account_id = ? ORDER BY rowid').all(`deferred:${contactId}`) as { amount_minor: number; balance_after_minor: number }[];
    let running = 0;
    for (const mv of movements) {
      running += mv.amount_minor;
      expect(mv.balance_after_minor).toBe(running);
    }
    expect(running).toBe(balance);
    expect(t.must('contacts.get', { contactId }).creditBalanceMinor).toBe(m.credit.get(contactId) ?? 0);
  }
  // installments sum to their payment
  expect(db.prepare('SELECT p.id FROM payments p JOIN deferred_items i ON i.payment_id = p.id GROUP BY p.id HAVING SUM(i.amount_minor) <> p.amount_minor').all()).toEqual([]);
  // allocations and the surplus sum to the settlement
  expect(db.prepare('SELECT s.id FROM settlements s LEFT JOIN settlement_allocations a ON a.settlement_id = s.id GROUP BY s.id HAVING COALESCE(SUM(a.amount_minor), 0) + s.to_credit_minor <> s.amount_minor').all()).toEqual([]);
  // invoice numbers gapless
  const seqs = (db.prepare('SELECT seq FROM invoices ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  // each whole cancellation takes back what its invoice still asked: the invoice, its
  // refunds' credit notes and the cancellation add up to nothing, installment by installment
  for (const c of db.prepare("SELECT id, cancels_invoice_id FROM invoices WHERE kind = 'cancellation' AND refund_id IS NULL").all() as { id: string; cancels_invoice_id: string }[]) {
    const left = db
      .prepare('SELECT ii.item_id, SUM(ii.amount_minor) AS s FROM invoice_items ii JOIN invoices v ON v.id = ii.invoice_id WHERE v.id = ? OR v.cancels_invoice_id = ? GROUP BY ii.item_id HAVING s <> 0')
      .all(c.cancels_invoice_id, c.cancels_invoice_id);
    expect(left).toEqual([]);
  }
  // a current invoice and its credit notes ask what its installments still ask (their amount less what refunds cancelled)
  for (const v of db.prepare("SELECT id FROM invoices v WHERE kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.cancels_invoice_id = v.id AND c.refund_id IS NULL)").all() as { id: string }[]) {
    const asked = db.prepare('SELECT ii.item_id, SUM(ii.amount_minor) AS s FROM invoice_items ii JOIN invoices x ON x.id = ii.invoice_id WHERE x.id = ? OR x.cancels_invoice_id = ? GROUP BY ii.item_id ORDER BY ii.item_id').all(v.id, v.id);
    const state = db.prepare('SELECT s.item_id, d.amount_minor - s.cancelled_minor AS s FROM deferred_item_state s JOIN deferred_items d ON d.id = s.item_id WHERE s.item_id IN (SELECT item_id FROM invoice_items WHERE invoice_id = ?) ORDER BY s.item_id').all(v.id);
    expect(asked).toEqual(state);
  }
  // every document archived: its SHA-256 the one its journal entry carries, its total the invoice's
  const documents = db.prepare("SELECT v.total_minor, d.document, d.sha256, json_extract(j.payload, '$.documentSha256') AS sealed FROM invoices v JOIN journal j ON j.id = v.entry_id LEFT JOIN invoice_documents d ON d.invoice_id = v.id").all() as { total_minor: number; document: string | null; sha256: string | null; sealed: string }[];
  for (const d of documents) {
    expect(d.sha256).toBe(d.sealed);
    expect(sha256Hex(d.document!)).toBe(d.sha256);
    expect((JSON.parse(d.document!) as { totalMinor: number }).totalMinor).toBe(d.total_minor);
  }
  expect(db.prepare('SELECT item_id FROM deferred_item_state WHERE open_minor < 0').all()).toEqual([]);
}

describe('the deferred account against a reference model', () => {
  it(`agrees over ${runs} random sequences`, () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 14 }), (ops) => {
        const t = testTill();
        t.must('sessions.open', { float: [] });
        const m = new Model();
        for (const op of ops) step(t, m, op);
        checkInvariants(t, m);
        t.db.close();
      }),
      { numRuns: runs },
    );
  }, 900_000);
});
