// A cash refund takes coins out of the drawer: like a pay-out, never more than it holds
// (issue 12, point 12).
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../shared/api/contract.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;
let order: OutputOf<'sales.checkout'>;

const drawerMinor = () => (t.db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'till:G1:pm-cash'").get() as { balance_minor: number }).balance_minor;

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [] });
  // 2 × plein (45.00) + 1 × réduit (30.00) + programme (5.00) = 125.00, all in cash
  order = t.must('sales.checkout', {
    requestId: ulid(),
    lines: [
      { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 },
      { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-reduit', quantity: 1 },
      { kind: 'item', itemId: 'i-programme', quantity: 1 },
    ],
    buyerContactId: null,
    payments: [{ methodId: 'pm-cash', amountMinor: 20000 }],
  });
});

describe('a cash refund and the drawer', () => {
  it('is refused when the drawer holds less than the refund, with what it holds; nothing is written', () => {
    t.must('sessions.payOut', { requestId: ulid(), amountMinor: 9000, reason: 'Remise au coffre' }, 'supervisor');
    expect(drawerMinor()).toBe(order.totalMinor - 9000);
    const before = stateFingerprint(t.db);
    const refused = t.call('orders.refund', {
      requestId: ulid(),
      orderId: order.id,
      lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }],
      payments: [{ methodId: 'pm-cash', amountMinor: order.lines[0]!.unitPriceMinor }],
      reason: 'Empêchement',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'cash_insufficient', details: { availableMinor: order.totalMinor - 9000 } } });
    expect(stateFingerprint(t.db)).toBe(before);
  });

  it('takes the drawer down to exactly zero, no further', () => {
    t.must('sessions.payOut', { requestId: ulid(), amountMinor: order.totalMinor - order.lines[2]!.unitPriceMinor, reason: 'Remise au coffre' }, 'supervisor');
    t.must('orders.refund', {
      requestId: ulid(),
      orderId: order.id,
      lines: [{ orderLineId: order.lines[2]!.id, quantity: 1 }],
      payments: [{ methodId: 'pm-cash', amountMinor: order.lines[2]!.unitPriceMinor }],
      reason: 'Programme rendu',
    });
    expect(drawerMinor()).toBe(0);
  });

  it('counts what is handed back in coins (after cash rounding), not the amount before it', () => {
    // 17.47 to give back rounds to 17.45: a drawer holding 17.45 can pay it
    const sale = t.must('sales.checkout', {
      requestId: ulid(),
      lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }],
      buyerContactId: null,
      payments: [{ methodId: 'pm-card', amountMinor: 253 }, { methodId: 'pm-cash', amountMinor: 250 }],
    });
    t.must('sessions.payOut', { requestId: ulid(), amountMinor: drawerMinor() - 245, reason: 'Remise au coffre' }, 'supervisor');
    expect(drawerMinor()).toBe(245);
    const refunded = t.must('orders.refund', {
      requestId: ulid(),
      orderId: sale.id,
      lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }],
      payments: [{ methodId: 'pm-card', amountMinor: 253 }, { methodId: 'pm-cash', amountMinor: 247 }],
      reason: 'Programme rendu',
    });
    expect(refunded.refundedMinor).toBe(500);
    expect(drawerMinor()).toBe(0);
  });

  it('a refund to a card or to the credit balance does not look at the drawer', () => {
    t.must('sessions.payOut', { requestId: ulid(), amountMinor: drawerMinor(), reason: 'Remise au coffre' }, 'supervisor');
    const card = t.must('sales.checkout', {
      requestId: ulid(),
      lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }],
      buyerContactId: null,
      payments: [{ methodId: 'pm-card', amountMinor: 500 }],
    });
    t.must('orders.refund', { requestId: ulid(), orderId: card.id, lines: [{ orderLineId: card.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 500 }], reason: 'Programme rendu' });
    expect(drawerMinor()).toBe(0);
  });
});
