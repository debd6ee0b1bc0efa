// Refund by ticket (issue 17): a ticket handed back is found by its barcode (orders.list),
// named in the refund (tickets), and exactly its barcode is voided — not the line's first.
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf, OutputOf } from '../../shared/api/contract.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

type Refund = InputOf<'orders.refund'>;

let t: TestTill;
let order: OutputOf<'sales.checkout'>;

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
  order = t.must('sales.checkout', {
    requestId: ulid(),
    lines: [
      { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 3 },
      { kind: 'item', itemId: 'i-programme', quantity: 2 },
    ],
    buyerContactId: null,
    payments: [{ methodId: 'pm-card', amountMinor: 14500 }],
  });
});

function refund(overrides: Partial<Refund>): Refund {
  return { requestId: ulid(), orderId: order.id, lines: [], payments: [{ methodId: 'pm-card', amountMinor: 4500 }], reason: 'Billet rendu', ...overrides };
}

const voided = () => t.db.prepare('SELECT t.barcode FROM refund_tickets rt JOIN tickets t ON t.id = rt.ticket_id ORDER BY t.barcode').all().map((r) => (r as { barcode: string }).barcode);

describe('refund by ticket', () => {
  it('finds the order by a ticket barcode, with that ticket named; a partial barcode finds nothing', () => {
    const third = order.tickets[2]!;
    expect(t.must('orders.list', { query: third.barcode })).toEqual([expect.objectContaining({ id: order.id, ticketId: third.id })]);
    expect(t.must('orders.list', { query: third.barcode.slice(0, 12) })).toEqual([]);
    expect(t.must('orders.list', { query: order.number })[0]!.ticketId).toBeNull();
  });

  it('voids exactly the tickets named (the third, not the line’s first), and the quote prices them', () => {
    const third = order.tickets[2]!;
    const quote = t.must('orders.refundQuote', { orderId: order.id, lines: [], tickets: [third.id] });
    expect(quote.totalMinor).toBe(4500);
    expect(quote.lines.find((l) => l.orderLineId === third.orderLineId)!.quantity).toBe(1);
    expect(quote.refusals).toEqual([]);
    const after = t.must('orders.refund', refund({ tickets: [third.id] }));
    expect(after.tickets.map((x) => x.isRefunded)).toEqual([false, false, true]);
    expect(voided()).toEqual([third.barcode]);
    const entry = t.db.prepare("SELECT payload FROM journal WHERE type = 'refund'").get() as { payload: string };
    expect(JSON.parse(entry.payload).tickets).toEqual([third.id]);
    expect(verifyJournal(t.db, () => t.context.journalKey).ok).toBe(true);
  });

  it('adds a quantity on another line (an item) to the tickets named, and a quantity on the ticket line takes its first others', () => {
    const [first, second, third] = order.tickets;
    const itemLine = order.lines[1]!;
    const after = t.must('orders.refund', refund({ lines: [{ orderLineId: itemLine.id, quantity: 1 }, { orderLineId: third!.orderLineId, quantity: 1 }], tickets: [third!.id], payments: [{ methodId: 'pm-card', amountMinor: 9500 }] }));
    expect(after.lines.map((l) => l.refundedQuantity)).toEqual([2, 1]);
    expect(voided()).toEqual([first!.barcode, third!.barcode].sort());
    expect(after.tickets.find((x) => x.id === second!.id)!.isRefunded).toBe(false);
  });

  it('refuses a ticket of another order, a ticket already refunded, and more tickets than the line has left', () => {
    const third = order.tickets[2]!;
    expect(t.call('orders.refund', refund({ tickets: ['not-a-ticket'] }))).toMatchObject({ ok: false, error: { code: 'ticket_not_found', details: { ticketId: 'not-a-ticket' } } });
    t.must('orders.refund', refund({ tickets: [third.id] }));
    expect(t.call('orders.refund', refund({ tickets: [third.id] }))).toMatchObject({ ok: false, error: { code: 'ticket_already_refunded', details: { barcode: third.barcode } } });
    const quote = t.must('orders.refundQuote', { orderId: order.id, lines: [], tickets: [third.id] });
    expect(quote.refusals.map((r) => r.code)).toContain('ticket_already_refunded');
    const tooMany = t.call('orders.refund', refund({ lines: [{ orderLineId: third.orderLineId, quantity: 2 }], tickets: [order.tickets[0]!.id], payments: [{ methodId: 'pm-card', amountMinor: 13500 }] }));
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'refund_quantity_exceeded' } });
    expect(voided()).toEqual([third.barcode]);
  });

  it('counts a ticket named twice once, and still refunds by quantity a line without tickets', () => {
    const first = order.tickets[0]!;
    const after = t.must('orders.refund', refund({ tickets: [first.id, first.id] }));
    expect(after.refundedMinor).toBe(4500);
    const items = t.must('orders.refund', refund({ lines: [{ orderLineId: order.lines[1]!.id, quantity: 2 }], payments: [{ methodId: 'pm-card', amountMinor: 1000 }] }));
    expect(items.lines[1]!.refundedQuantity).toBe(2);
  });
});
