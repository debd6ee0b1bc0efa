import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf, OutputOf } from '../../shared/api/contract.ts';
import { amountMinorMax } from '../../shared/limits.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';

type QuoteInput = InputOf<'orders.refundQuote'>;

let t: TestTill;
let order: OutputOf<'sales.checkout'>;

// 2 × plein 45.00, 1 × réduit 30.00, 1 programme 5.00 = 125.00: 77.53 by card, then 47.47 in cash (50.00 handed over)
const basket = [
  { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 },
  { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-reduit', quantity: 1 },
  { kind: 'item', itemId: 'i-programme', quantity: 1 },
] as const;

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

const line = (i: number, quantity: number) => ({ orderLineId: order.lines[i]!.id, quantity });
const quote = (input: Partial<QuoteInput> = {}) => t.must('orders.refundQuote', { orderId: order.id, lines: [line(1, 1)], ...input });
const codes = (q: OutputOf<'orders.refundQuote'>) => q.refusals.map((r) => r.code);

/** What orders.refund answers to the same lines and split: the quote must have foreseen it. */
function refundWith(lines: QuoteInput['lines'], payments: { methodId: string; amountMinor: number }[]) {
  return t.call('orders.refund', { requestId: ulid(), orderId: order.id, lines, payments: payments.filter((p) => p.amountMinor > 0), reason: 'Devis' });
}

describe('orders.refundQuote', () => {
  it('prices the lines chosen and lists every line with what is still refundable', () => {
    const q = quote({ lines: [line(0, 2), line(2, 1)] });
    expect(q.totalMinor).toBe(9500);
    expect(q.lines.map((l) => [l.refundableQuantity, l.quantity, l.amountMinor])).toEqual([[2, 2, 9000], [1, 0, 0], [1, 1, 500]]);
    expect(q.currency).toBe('CHF');
  });

  it('proposes the original methods, the last used first, each up to what it paid, with cash rounded to the coin', () => {
    const q = quote({ lines: [line(0, 2), line(2, 1)] });
    expect(q.destinations.map((d) => [d.methodId, d.methodType, d.refundableMinor])).toEqual([['pm-cash', 'cash', 4747], ['pm-card', 'card', 7753]]);
    expect(q.proposal).toEqual([
      { methodId: 'pm-cash', amountMinor: 4747, roundingMinor: 2, paidBackMinor: 4745 },
      { methodId: 'pm-card', amountMinor: 4753, roundingMinor: 0, paidBackMinor: 4753 },
    ]);
    expect(q.split).toEqual(q.proposal);
    expect(q.paidMinor).toBe(9500);
    expect(q.refusals).toEqual([]);
    expect(q.toCredit).toBeNull(); // no buyer
    // the refund made of the proposal goes through, rounded as the quote said
    const refunded = refundWith(q.lines.filter((l) => l.quantity > 0).map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })), q.split);
    expect(refunded.ok).toBe(true);
    expect(t.db.prepare('SELECT method_id AS methodId, amount_minor AS amountMinor, rounding_minor AS roundingMinor FROM refund_payments ORDER BY method_id').all()).toEqual([
      { methodId: 'pm-card', amountMinor: 4753, roundingMinor: 0 },
      { methodId: 'pm-cash', amountMinor: 4747, roundingMinor: 2 },
    ]);
  });

  it('leaves out what was refunded already, and a method that gave everything back', () => {
    expect(refundWith([line(0, 2), line(2, 1)], [{ methodId: 'pm-cash', amountMinor: 4747 }, { methodId: 'pm-card', amountMinor: 4753 }]).ok).toBe(true);
    const q = quote({ lines: [line(1, 1)] });
    expect(q.lines.map((l) => l.refundableQuantity)).toEqual([0, 1, 0]);
    expect(q.destinations.map((d) => [d.methodId, d.refundableMinor])).toEqual([['pm-card', 3000]]);
    expect(q.proposal).toEqual([{ methodId: 'pm-card', amountMinor: 3000, roundingMinor: 0, paidBackMinor: 3000 }]);
  });

  it('checks a typed split as orders.refund would, and says when it does not add up', () => {
    const short = quote({ payments: [{ methodId: 'pm-cash', amountMinor: 2000 }, { methodId: 'pm-card', amountMinor: 0 }] });
    expect(short.paidMinor).toBe(2000);
    expect(short.refusals).toMatchObject([{ code: 'refund_amount_mismatch', details: { paidMinor: 2000, dueMinor: 3000 } }]);
    const tooMuch = quote({ payments: [{ methodId: 'pm-cash', amountMinor: 5000 }] });
    expect(codes(tooMuch)).toEqual(['refund_exceeds_paid', 'refund_amount_mismatch']);
    expect(tooMuch.refusals[0]!.details).toEqual({ methodId: 'pm-cash', refundableMinor: 4747 });
    const merged = quote({ payments: [{ methodId: 'pm-card', amountMinor: 1000 }, { methodId: 'pm-card', amountMinor: 2000 }] });
    expect(merged.split).toEqual([{ methodId: 'pm-card', amountMinor: 3000, roundingMinor: 0, paidBackMinor: 3000 }]);
    expect(merged.refusals).toEqual([]);
    const other = quote({ payments: [{ methodId: 'pm-cheque', amountMinor: 3000 }] });
    expect(codes(other)).toEqual(['refund_method_not_original']);
  });

  it('foresees the refusals of the lines: none chosen, more than is left, an unknown line', () => {
    const none = quote({ lines: [] });
    expect(none.totalMinor).toBe(0);
    expect(none.proposal.map((s) => s.amountMinor)).toEqual([0, 0]);
    expect(codes(none)).toEqual(['refund_empty']);
    const beyond = quote({ lines: [line(0, 3)] });
    expect(beyond.lines[0]).toMatchObject({ refundableQuantity: 2, quantity: 3, amountMinor: 9000 });
    expect(beyond.refusals[0]).toMatchObject({ code: 'refund_quantity_exceeded', details: { orderLineId: order.lines[0]!.id, refundable: 2 } });
    expect(codes(quote({ lines: [{ orderLineId: 'nope', quantity: 1 }] }))).toEqual(['order_line_not_found']);
  });

  it('foresees a closed till and a drawer that does not hold the cash paid back', () => {
    // the drawer holds the 100.00 float and the 47.45 the sale left in it; take most of it out
    t.must('sessions.payOut', { requestId: ulid(), amountMinor: 14000, reason: 'Banque' }, 'supervisor');
    const q = quote();
    expect(q.split).toEqual([{ methodId: 'pm-cash', amountMinor: 3000, roundingMinor: 0, paidBackMinor: 3000 }]);
    expect(q.refusals).toMatchObject([{ code: 'cash_insufficient', details: { availableMinor: 745 } }]);
    expect(refundWith([line(1, 1)], q.split)).toMatchObject({ ok: false, error: { code: 'cash_insufficient' } });

    const cash = t.must('sessions.closingPreview', { counts: [] }, 'supervisor').methods.map((m) => ({ methodId: m.methodId, countedMinor: m.type === 'cash' ? 745 : m.expectedMinor }));
    t.must('sessions.close', { counts: cash }, 'supervisor');
    expect(codes(quote({ payments: [{ methodId: 'pm-card', amountMinor: 3000 }] }))).toEqual(['till_closed']);
  });

  it('agrees with orders.refund on each case: it goes through exactly when the quote sees no refusal', () => {
    const cases: Partial<QuoteInput>[] = [
      { lines: [line(1, 1)], payments: [{ methodId: 'pm-card', amountMinor: 3000 }] },
      { lines: [line(1, 1)], payments: [{ methodId: 'pm-card', amountMinor: 2999 }] },
      { lines: [line(0, 1)], payments: [{ methodId: 'pm-cash', amountMinor: 4500 }] },
      { lines: [line(0, 2)], payments: [{ methodId: 'pm-cash', amountMinor: 4748 }, { methodId: 'pm-card', amountMinor: 4252 }] },
      { lines: [line(0, 2)], payments: [{ methodId: 'pm-cash', amountMinor: 1247 }, { methodId: 'pm-card', amountMinor: 7753 }] },
      { lines: [line(2, 2)], payments: [{ methodId: 'pm-card', amountMinor: 1000 }] },
    ];
    for (const input of cases) {
      const before = stateFingerprint(t.db);
      const q = quote(input);
      expect(stateFingerprint(t.db)).toBe(before); // a quote writes nothing
      const result = refundWith(input.lines!, input.payments!);
      if (q.refusals.length === 0) expect(result.ok).toBe(true);
      else expect(result).toMatchObject({ ok: false, error: { code: q.refusals[0]!.code } });
    }
  });

  it('offers the buyer credit balance: the whole total on it, whatever paid the order', () => {
    const sold = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 2 }], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-card', amountMinor: 1000 }] });
    const q = t.must('orders.refundQuote', { orderId: sold.id, lines: [{ orderLineId: sold.lines[0]!.id, quantity: 2 }] });
    expect(q.destinations.map((d) => [d.methodId, d.methodType, d.refundableMinor])).toEqual([['pm-card', 'card', 1000], ['pm-credit', 'credit', 0]]);
    expect(q.proposal.map((s) => s.amountMinor)).toEqual([1000, 0]);
    expect(q.toCredit).toEqual([
      { methodId: 'pm-card', amountMinor: 0, roundingMinor: 0, paidBackMinor: 0 },
      { methodId: 'pm-credit', amountMinor: 1000, roundingMinor: 0, paidBackMinor: 1000 },
    ]);
    const typed = t.must('orders.refundQuote', { orderId: sold.id, lines: [{ orderLineId: sold.lines[0]!.id, quantity: 2 }], payments: [{ methodId: 'pm-credit', amountMinor: 1000 }] });
    expect(typed.refusals).toEqual([]);
  });

  it('on account, offers back at most what is still open; the rest may go to the buyer credit balance', () => {
    const sold = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred-3', amountMinor: 9000 }] });
    t.must('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 4000, reference: 'Chèque 1', excessToCredit: false }, 'supervisor');
    const lines = [{ orderLineId: sold.lines[0]!.id, quantity: 2 }];
    const q = t.must('orders.refundQuote', { orderId: sold.id, lines });
    expect(q.totalMinor).toBe(9000);
    expect(q.destinations.map((d) => [d.methodId, d.refundableMinor])).toEqual([['pm-deferred-3', 5000], ['pm-credit', 0]]);
    expect(q.proposal.map((s) => s.amountMinor)).toEqual([5000, 0]);
    expect(q.refusals).toMatchObject([{ code: 'refund_amount_mismatch', details: { paidMinor: 5000, dueMinor: 9000 } }]);
    const onAccount = t.must('orders.refundQuote', { orderId: sold.id, lines, payments: [{ methodId: 'pm-deferred-3', amountMinor: 9000 }] });
    expect(codes(onAccount)).toEqual(['refund_exceeds_paid']);
    const split = [{ methodId: 'pm-deferred-3', amountMinor: 5000 }, { methodId: 'pm-credit', amountMinor: 4000 }];
    expect(t.must('orders.refundQuote', { orderId: sold.id, lines, payments: split }).refusals).toEqual([]);
    expect(t.call('orders.refund', { requestId: ulid(), orderId: sold.id, lines, payments: split, reason: 'Sortie annulée' }).ok).toBe(true);
  });

  it('on account by two methods, caps each at what is still open on its own payments', () => {
    const sold = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred-3', amountMinor: 4500 }, { methodId: 'pm-deferred', amountMinor: 4500 }] });
    const settled = t.must('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 2000, reference: 'Chèque 2', excessToCredit: false }, 'supervisor');
    const open = new Map<string, number>();
    for (const i of settled.account.installments) open.set(i.paymentId, (open.get(i.paymentId) ?? 0) + i.openMinor);
    const q = t.must('orders.refundQuote', { orderId: sold.id, lines: [{ orderLineId: sold.lines[0]!.id, quantity: 2 }] });
    expect(q.destinations.map((d) => [d.methodId, d.refundableMinor])).toEqual([
      ['pm-deferred', open.get(sold.payments[1]!.id)],
      ['pm-deferred-3', open.get(sold.payments[0]!.id)],
      ['pm-credit', 0],
    ]);
    expect(q.destinations.reduce((a, d) => a + d.refundableMinor, 0)).toBe(7000);
  });

  it('leaves out a method that may not refund here', () => {
    t.db.prepare("UPDATE payment_methods SET may_refund = 0 WHERE id = 'pm-card'").run();
    const q = quote({ lines: [line(0, 2)] });
    expect(q.destinations.map((d) => d.methodId)).toEqual(['pm-cash']);
    expect(q.proposal.map((s) => s.amountMinor)).toEqual([4747]);
    expect(codes(q)).toEqual(['refund_amount_mismatch']);
  });

  it('refuses an unknown order, a split past the amount limit, and a role that may not refund', () => {
    expect(t.call('orders.refundQuote', { orderId: 'nope', lines: [] })).toMatchObject({ ok: false, error: { code: 'order_not_found' } });
    const huge = Array.from({ length: 2 }, () => ({ methodId: 'pm-card', amountMinor: amountMinorMax }));
    expect(t.call('orders.refundQuote', { orderId: order.id, lines: [line(1, 1)], payments: huge })).toMatchObject({ ok: false, error: { code: 'amount_too_large', details: { field: 'payments' } } });
    expect(t.call('orders.refundQuote', { orderId: order.id, lines: [] }, 'technician')).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
  });
});
