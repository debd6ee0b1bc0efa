// The deferred account's grouping helpers: installment states, orders still to invoice (by the
// date they were charged), an order's invoices and payers, settle methods.
import { describe, expect, it } from 'vitest';
import {
  hasUninvoiced,
  invoicesOfOrder,
  isInvoiceable,
  installmentState,
  ordersChargedIn,
  ordersToInvoice,
  payersOfOrder,
  settleMethods,
} from './deferred-view.ts';
import type { Installment, DeferredMovement, OrderView, PaymentMethod } from './types.ts';

function installment(patch: Partial<Installment> & { id: string }): Installment {
  return {
    orderId: 'o1',
    orderNumber: 'G1-000001',
    orderCreatedAtMs: 0,
    paymentId: 'p1',
    seq: 1,
    count: 1,
    dueDate: '2026-12-01',
    amountMinor: 6000,
    paidMinor: 0,
    cancelledMinor: 0,
    openMinor: 6000,
    isOverdue: false,
    payerContactId: 'c-ecole',
    invoiceId: null,
    invoiceNumber: null,
    ...patch,
  };
}

function charged(orderId: string, atMs: number, kind: DeferredMovement['kind'] = 'charged'): DeferredMovement {
  return {
    entryId: `e-${orderId}-${atMs}`,
    atMs,
    tillId: 'G1',
    tillName: 'Guichet 1',
    userName: 'Camille',
    contactId: 'c-ecole',
    contactName: 'École',
    kind,
    amountMinor: 6000,
    outstandingAfterMinor: 6000,
    orderId,
    orderNumber: orderId,
    methodName: 'Compte d’attente',
    reference: '',
    status: 'open',
  };
}

function method(id: string, type: PaymentMethod['type'], mayPay = true): PaymentMethod {
  return { id, name: id, type, mayPay, mayRefund: true, givesChange: type === 'cash', tracking: null };
}

describe('an installment’s state', () => {
  it('is overdue or open while something is still due, settled or cancelled once nothing is', () => {
    expect(installmentState(installment({ id: 'a', isOverdue: true }))).toBe('overdue');
    expect(installmentState(installment({ id: 'a', openMinor: 1, paidMinor: 5999 }))).toBe('open');
    expect(installmentState(installment({ id: 'a', openMinor: 0, paidMinor: 6000 }))).toBe('settled');
    expect(installmentState(installment({ id: 'a', openMinor: 0, cancelledMinor: 6000 }))).toBe('cancelled');
    // partly paid, the rest cancelled by a refund: it was paid, as far as it went
    expect(installmentState(installment({ id: 'a', openMinor: 0, paidMinor: 2000, cancelledMinor: 4000 }))).toBe('settled');
  });
});

describe('orders to invoice', () => {
  const installments = [
    installment({ id: 'b2', orderId: 'o2', orderNumber: 'G1-000002', seq: 2, count: 2 }),
    installment({ id: 'b1', orderId: 'o2', orderNumber: 'G1-000002', seq: 1, count: 2 }),
    installment({ id: 'a1', orderId: 'o1', orderNumber: 'G1-000001', invoiceId: 'i1', invoiceNumber: 'F-G1-000001' }),
    installment({ id: 'c1', orderId: 'o3', orderNumber: 'G1-000003', cancelledMinor: 6000, openMinor: 0 }),
    installment({ id: 'd1', orderId: 'o4', orderNumber: 'G1-000004' }),
  ];
  const movements = [charged('o2', 2000), charged('o4', 1000), charged('o4', 500, 'moved_in')];

  it('are the uninvoiced, not wholly cancelled installments grouped by order, oldest charge first, installments in order', () => {
    expect(isInvoiceable(installments[2]!)).toBe(false);
    expect(isInvoiceable(installments[3]!)).toBe(false);
    const orders = ordersToInvoice(installments, movements);
    expect(orders.map((o) => [o.orderNumber, o.chargedAtMs, o.installments.map((i) => i.id)])).toEqual([
      ['G1-000004', 500, ['d1']],
      ['G1-000002', 2000, ['b1', 'b2']],
    ]);
  });

  it('leave out a web order invoiced at another till (its number known here, not its id)', () => {
    expect(isInvoiceable(installment({ id: 'w1', orderId: 'ow', orderNumber: 'WEB-000001', invoiceNumber: 'F-G2-000001' }))).toBe(false);
  });

  it('of a period are those charged within it, bounds included', () => {
    const orders = ordersToInvoice(installments, movements);
    expect(ordersChargedIn(orders, 500, 1999)).toEqual(['o4']);
    expect(ordersChargedIn(orders, 0, 2000)).toEqual(['o4', 'o2']);
    expect(ordersChargedIn(orders, 2001, 9999)).toEqual([]);
  });

  it('without a known charge date come last and are never in a period', () => {
    const orders = ordersToInvoice(installments, []);
    expect(orders.map((o) => o.chargedAtMs)).toEqual([null, null]);
    expect(ordersChargedIn(orders, 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
  });
});

describe('an order’s deferred payments', () => {
  const order = {
    payments: [
      { id: 'p-cash', methodId: 'pm-cash', methodType: 'cash' },
      { id: 'p1', methodId: 'pm-deferred-3', methodType: 'deferred' },
      { id: 'p2', methodId: 'pm-deferred', methodType: 'deferred' },
    ],
    installments: [
      installment({ id: 'x1', paymentId: 'p1', seq: 1, count: 3, openMinor: 0, paidMinor: 6000, invoiceId: 'i2', invoiceNumber: 'F-G1-000002' }),
      installment({ id: 'x2', paymentId: 'p1', seq: 2, count: 3, openMinor: 6000, invoiceId: 'i2', invoiceNumber: 'F-G1-000002' }),
      installment({ id: 'x3', paymentId: 'p1', seq: 3, count: 3, openMinor: 2500, cancelledMinor: 3500, invoiceId: 'i2', invoiceNumber: 'F-G1-000002' }),
      installment({ id: 'y1', paymentId: 'p2', openMinor: 4500, amountMinor: 4500, payerContactId: 'c-amis' }),
    ],
  } as unknown as OrderView;

  it('are on these invoices, by these payers, with something left to invoice', () => {
    expect(invoicesOfOrder(order)).toEqual([{ invoiceId: 'i2', invoiceNumber: 'F-G1-000002' }]);
    expect(payersOfOrder(order)).toEqual(['c-ecole', 'c-amis']);
    expect(hasUninvoiced(order)).toBe(true);
    expect(hasUninvoiced({ installments: order.installments.slice(0, 3) })).toBe(false);
  });

});

describe('settlement methods', () => {
  it('are the paying cheque, mandate, transfer, then cash and card, never a customer account', () => {
    const methods = [
      method('pm-cash', 'cash'),
      method('pm-deferred', 'deferred'),
      method('pm-card', 'card'),
      method('pm-credit', 'credit'),
      method('pm-voucher', 'voucher'),
      method('pm-transfer', 'transfer'),
      method('pm-cheque', 'cheque'),
      method('pm-mandate', 'mandate', false),
    ];
    expect(settleMethods(methods).map((m) => m.id)).toEqual(['pm-cheque', 'pm-transfer', 'pm-cash', 'pm-card']);
  });
});
