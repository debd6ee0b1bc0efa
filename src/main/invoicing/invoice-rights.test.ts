// One rule for invoicing an order (issue 17 point 9): who may invoice at the sale (automatic
// invoicing) may invoice the order from its detail, and the other way round.
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import { roleCan, roles } from '../../shared/permissions.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;
beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [] });
});

const sellOnAccount = (invoiceDeferred: boolean) =>
  t.must('sales.checkout', {
    requestId: ulid(),
    lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }],
    buyerContactId: 'c-ecole',
    payments: [{ methodId: 'pm-deferred', amountMinor: 4500 }],
    invoiceDeferred,
  });

describe('invoicing an order', () => {
  it('a cashier invoices at the sale and from the order alike', () => {
    const atSale = sellOnAccount(true);
    expect(t.must('orders.get', { orderId: atSale.id }).installments.every((i) => i.invoiceNumber !== null)).toBe(true);
    const later = sellOnAccount(false);
    const invoice = t.must('invoices.createForOrder', { orderId: later.id }, 'cashier');
    expect(invoice.totalMinor).toBe(4500);
  });

  it('is one right for every role: selling on account with automatic invoicing and invoicing the order', () => {
    for (const role of roles) {
      if (roleCan(role, 'sale:sell')) expect(roleCan(role, 'invoice:order'), role).toBe(true);
    }
  });
});
