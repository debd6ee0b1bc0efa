// The compte d'attente at the till (seed 000): pay on account with installments, follow the
// account, invoice in three ways, change the payer or the billing contact, settle, refund.
import { monotonicFactory, ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../shared/api/contract.ts';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;
const dayMs = 86_400_000;
const tickets = (quantity: number) => [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity }] as const;

function sellOnAccount(contactId: string, quantity: number, methodId = 'pm-deferred', extra: Partial<InputOf<'sales.checkout'>> = {}) {
  return t.must('sales.checkout', { requestId: ulid(), lines: [...tickets(quantity)], buyerContactId: contactId, payments: [{ methodId, amountMinor: 4500 * quantity }], ...extra });
}
const settleInput = (amountMinor: number, extra: Partial<InputOf<'deferred.settle'>> = {}): InputOf<'deferred.settle'> => ({
  requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor, reference: 'Chèque 4711', excessToCredit: false, ...extra,
});

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [] });
});

describe('step 1: an order paid on account', () => {
  it('with a tracked method, is split into installments shown on the order', () => {
    const order = sellOnAccount('c-ecole', 2, 'pm-deferred-3');
    expect(order.installments.map((i) => [i.seq, i.count, i.dueDate, i.amountMinor, i.openMinor])).toEqual([
      [1, 3, '2026-12-24', 3000, 3000],
      [2, 3, '2027-01-23', 3000, 3000],
      [3, 3, '2027-02-22', 3000, 3000],
    ]);
    const account = t.must('deferred.account', { contactId: 'c-ecole' });
    expect(account).toMatchObject({ outstandingMinor: 9000, limitMinor: 200000, headroomMinor: 191000, overdueMinor: 0 });
    expect(account.movements[0]).toMatchObject({ kind: 'charged', amountMinor: 9000, outstandingAfterMinor: 9000, orderNumber: order.number, status: 'open' });
  });

  it('without tracking, is one installment due at the payment term', () => {
    const order = sellOnAccount('c-ecole', 1);
    expect(order.installments).toMatchObject([{ seq: 1, count: 1, dueDate: '2026-12-24', amountMinor: 4500 }]);
  });

  it('knows what is overdue', () => {
    sellOnAccount('c-ecole', 1, 'pm-deferred-3');
    t.clock.advance(31 * dayMs);
    expect(t.must('deferred.account', { contactId: 'c-ecole' })).toMatchObject({ overdueMinor: 1500, installments: [{ isOverdue: true }, { isOverdue: false }, { isOverdue: false }] });
  });
});

describe('step 3: invoicing, three ways', () => {
  it('for one order, then refused for it again; numbers gapless', () => {
    const a = sellOnAccount('c-ecole', 1);
    const b = sellOnAccount('c-ecole', 2);
    const first = t.must('invoices.createForOrder', { orderId: a.id }, 'supervisor');
    expect(first).toMatchObject({ number: 'F-G1-000001', kind: 'invoice', billingContactId: 'c-ecole', totalMinor: 4500, openMinor: 4500, dueDate: '2026-12-24' });
    expect(first.reference).toMatch(/^\d{27}$/);
    expect(t.call('invoices.createForOrder', { orderId: a.id }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'order_already_invoiced', details: { invoice: 'F-G1-000001' } } });
    expect(t.must('invoices.createForOrder', { orderId: b.id }, 'supervisor').number).toBe('F-G1-000002');
  });

  it('automatically at the deferred payment (the basket setting)', () => {
    const order = sellOnAccount('c-ecole', 1, 'pm-deferred', { invoiceDeferred: true });
    expect(order.installments[0]!.invoiceNumber).toBe('F-G1-000001');
    expect(t.call('sales.quote', { lines: [...tickets(1)] }).ok).toBe(true);
  });

  it('globally for a contact: all its uninvoiced orders, or the chosen ones', () => {
    const orders = [1, 2, 3].map((n) => sellOnAccount('c-ecole', n));
    sellOnAccount('c-amis', 1);
    const chosen = t.must('invoices.create', { contactId: 'c-ecole', orderIds: [orders[0]!.id, orders[2]!.id] }, 'supervisor');
    expect(chosen.totalMinor).toBe(4500 * 4);
    const rest = t.must('invoices.create', { contactId: 'c-ecole' }, 'supervisor');
    expect(rest.installments.map((i) => i.orderId)).toEqual([orders[1]!.id]);
    expect(t.call('invoices.create', { contactId: 'c-ecole' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'nothing_to_invoice' } });
    expect(t.must('invoices.list', { contactId: 'c-ecole' }).map((i) => i.number)).toEqual(['F-G1-000002', 'F-G1-000001']);
  });
});

describe('changing who pays', () => {
  it('before invoicing, the payer of the order changes and the receivable moves', () => {
    const order = sellOnAccount('c-ecole', 2);
    const moved = t.must('orders.changePayer', { orderId: order.id, payerContactId: 'c-amis' }, 'supervisor');
    expect(moved.installments[0]!.payerContactId).toBe('c-amis');
    expect(t.must('contacts.get', { contactId: 'c-ecole' }).deferredOutstandingMinor).toBe(0);
    expect(t.must('contacts.get', { contactId: 'c-amis' }).deferredOutstandingMinor).toBe(9000);
    expect(t.must('invoices.createForOrder', { orderId: order.id }, 'supervisor').billingContactId).toBe('c-amis');
    expect(t.call('orders.changePayer', { orderId: order.id, payerContactId: 'c-ecole' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'order_already_invoiced' } });
  });

  it('after invoicing, a cancellation invoice mirrors the old one and a new invoice goes to the new contact', () => {
    const order = sellOnAccount('c-ecole', 2, 'pm-deferred-3');
    const invoice = t.must('invoices.createForOrder', { orderId: order.id }, 'supervisor');
    const before = JSON.stringify(t.db.prepare('SELECT * FROM invoices WHERE id = ?').get(invoice.id));
    const { cancellation, invoice: renewed } = t.must('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-mairie' }, 'supervisor');
    expect(cancellation).toMatchObject({ kind: 'cancellation', number: 'F-G1-000002', cancelsInvoiceNumber: invoice.number, totalMinor: -9000, billingContactId: 'c-ecole', openMinor: 0 });
    expect(cancellation.installments.map((i) => i.id)).toEqual(invoice.installments.map((i) => i.id));
    expect(renewed).toMatchObject({ kind: 'invoice', number: 'F-G1-000003', totalMinor: 9000, billingContactId: 'c-mairie', billingContactName: 'Mairie de Carouge', openMinor: 9000 });
    expect(JSON.stringify(t.db.prepare('SELECT * FROM invoices WHERE id = ?').get(invoice.id))).toBe(before);
    expect(t.must('invoices.get', { invoiceId: invoice.id }, 'supervisor').cancelledByNumber).toBe('F-G1-000002');
    expect(t.must('contacts.get', { contactId: 'c-mairie' }).deferredOutstandingMinor).toBe(9000);
    expect(t.call('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-amis' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'invoice_already_cancelled' } });
    expect(verifyJournal(t.db, () => t.context.journalKey)).toMatchObject({ ok: true });
  });
});

describe('steps 4–5: settling the account', () => {
  it('allocates a cheque to the oldest installments first; finds the account by invoice number', () => {
    const order = sellOnAccount('c-ecole', 2, 'pm-deferred-3');
    const invoice = t.must('invoices.createForOrder', { orderId: order.id }, 'supervisor');
    const byNumber = t.must('deferred.account', { invoiceNumber: invoice.number });
    expect(byNumber.contact.id).toBe('c-ecole');
    const result = t.must('deferred.settle', settleInput(4000), 'supervisor');
    expect(result.allocations).toEqual([{ installmentId: order.installments[0]!.id, amountMinor: 3000 }, { installmentId: order.installments[1]!.id, amountMinor: 1000 }]);
    expect(result.account).toMatchObject({ outstandingMinor: 5000 });
    expect(result.account.movements[0]).toMatchObject({ kind: 'settled', amountMinor: -4000, outstandingAfterMinor: 5000, reference: 'Chèque 4711', methodName: 'Chèque' });
    expect(t.must('invoices.get', { invoiceId: invoice.id }, 'supervisor').openMinor).toBe(5000);
    const x = t.must('sessions.xReport', {});
    expect(x.accounts.deferredSettledMinor).toBe(4000);
    expect(x.methods.find((m) => m.methodId === 'pm-cheque')).toMatchObject({ accountsMinor: 4000, expectedMinor: 4000 });
  });

  it('pays two orders due the same days one after the other: due date, then sale time, then installment', () => {
    const first = sellOnAccount('c-ecole', 2, 'pm-deferred-3');
    t.clock.advance(60_000);
    // the second sale's ids sort before the first's (ids made by a till whose clock lagged):
    // only its sale time says it came second
    const ids = t.context.ids;
    const lagging = monotonicFactory();
    t.context.ids = { ...ids, ulid: () => lagging(Date.UTC(2020, 0, 1)) };
    const second = sellOnAccount('c-ecole', 2, 'pm-deferred-3');
    t.context.ids = ids;
    expect(second.installments[0]!.id < first.installments[0]!.id).toBe(true);
    expect(second.installments.map((i) => i.dueDate)).toEqual(first.installments.map((i) => i.dueDate));
    const result = t.must('deferred.settle', settleInput(12000), 'supervisor');
    const A = first.installments.map((i) => i.id);
    const B = second.installments.map((i) => i.id);
    expect(result.allocations).toEqual([
      { installmentId: A[0], amountMinor: 3000 },
      { installmentId: B[0], amountMinor: 3000 },
      { installmentId: A[1], amountMinor: 3000 },
      { installmentId: B[1], amountMinor: 3000 },
    ]);
    expect(result.account.installments.filter((i) => i.openMinor > 0).map((i) => i.id)).toEqual([A[2], B[2]]);
  });

  it('pays a chosen invoice first', () => {
    const a = sellOnAccount('c-ecole', 1);
    const b = sellOnAccount('c-ecole', 1);
    const invoiceB = t.must('invoices.createForOrder', { orderId: b.id }, 'supervisor');
    const result = t.must('deferred.settle', settleInput(4500, { invoiceId: invoiceB.id }), 'supervisor');
    expect(result.allocations.map((x) => x.installmentId)).toEqual([b.installments[0]!.id]);
    expect(a.installments[0]!.openMinor).toBe(4500);
  });

  it('refuses more than the outstanding, or sends the surplus to the credit balance', () => {
    sellOnAccount('c-ecole', 1);
    const before = stateFingerprint(t.db);
    expect(t.call('deferred.settle', settleInput(5000), 'supervisor')).toMatchObject({ ok: false, error: { code: 'settlement_exceeds_outstanding', details: { excessMinor: 500, outstandingMinor: 4500 } } });
    expect(stateFingerprint(t.db)).toBe(before);
    const result = t.must('deferred.settle', settleInput(5000, { excessToCredit: true }), 'supervisor');
    expect(result).toMatchObject({ toCreditMinor: 500, account: { outstandingMinor: 0 } });
    expect(t.must('contacts.get', { contactId: 'c-ecole' }).creditBalanceMinor).toBe(500);
  });

  it('a transfer lands in the bank, not in the drawer', () => {
    t.db.prepare("INSERT OR IGNORE INTO pos_payment_methods (point_of_sale_id, method_id) VALUES ('pos-main', 'pm-transfer')").run();
    sellOnAccount('c-ecole', 1);
    t.must('deferred.settle', settleInput(4500, { methodId: 'pm-transfer', reference: 'Virement 2026-11' }), 'supervisor');
    expect(t.db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'safe:G1:pm-transfer'").get()).toEqual({ balance_minor: 4500 });
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM account_balances WHERE account_id = 'till:G1:pm-transfer'").get()).toEqual({ n: 0 });
  });
});

describe('a settlement names the money it records', () => {
  // method, reference typed, refused or recorded
  const rows: [string, string, 'settlement_reference_required' | 'recorded'][] = [
    ['pm-cheque', '', 'settlement_reference_required'],
    ['pm-cheque', '   ', 'settlement_reference_required'],
    ['pm-transfer', '', 'settlement_reference_required'],
    ['pm-mandate', '', 'settlement_reference_required'],
    ['pm-cheque', 'CHQ 1001', 'recorded'],
    ['pm-transfer', 'Virement 2026-11-24', 'recorded'],
    ['pm-mandate', 'Mandat 2026/118', 'recorded'],
    ['pm-cash', '', 'recorded'],
    ['pm-card', '', 'recorded'],
  ];

  it.each(rows)('%s with reference %j: %s', (methodId, reference, outcome) => {
    for (const m of ['pm-transfer', 'pm-mandate']) t.db.prepare("INSERT OR IGNORE INTO pos_payment_methods (point_of_sale_id, method_id) VALUES ('pos-main', ?)").run(m);
    sellOnAccount('c-ecole', 1);
    const before = stateFingerprint(t.db);
    const result = t.call('deferred.settle', settleInput(4500, { methodId, reference }), 'supervisor');
    if (outcome === 'recorded') {
      expect(result).toMatchObject({ ok: true, value: { account: { outstandingMinor: 0 } } });
      return;
    }
    const type = methodId.slice('pm-'.length);
    expect(result).toMatchObject({ ok: false, error: { code: outcome, details: { methodId, methodType: type } } });
    expect(stateFingerprint(t.db)).toBe(before);
  });
});

describe('refunding a deferred payment', () => {
  it('lowers the outstanding and cancels the furthest open installments', () => {
    const order = sellOnAccount('c-ecole', 2, 'pm-deferred-3');
    t.must('deferred.settle', settleInput(3000), 'supervisor');
    const refunded = t.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 4500 }], reason: 'Classe absente' }).installments;
    expect(refunded.map((i) => [i.seq, i.paidMinor, i.cancelledMinor, i.openMinor])).toEqual([
      [1, 3000, 0, 0],
      [2, 0, 1500, 1500],
      [3, 0, 3000, 0],
    ]);
    expect(t.must('contacts.get', { contactId: 'c-ecole' }).deferredOutstandingMinor).toBe(1500);
    expect(t.call('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 4500 }], reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'refund_exceeds_paid', details: { refundableMinor: 1500 } },
    });
  });
});

describe('contacts and the institution parameter', () => {
  it('new organisations may pay on account by default, people may not', async () => {
    const org = t.must('contacts.create', { kind: 'organization', name: 'Collège Rousseau', city: 'Genève' });
    expect(org).toMatchObject({ deferredAuthorised: true, deferredLimitMinor: 100000 });
    expect(t.must('contacts.create', { kind: 'individual', name: 'Perret', firstName: 'Anne' })).toMatchObject({ deferredAuthorised: false, deferredLimitMinor: 0 });
    await t.mustAsync('settings.setDeferredDefaults', { organisationsAuthorised: false, limitMinor: 0 }, 'administrator');
    expect(t.must('contacts.create', { kind: 'organization', name: 'Club' })).toMatchObject({ deferredAuthorised: false });
    expect(t.must('contacts.setDeferred', { contactId: org.id, authorised: true, limitMinor: 5000 }, 'supervisor')).toMatchObject({ deferredLimitMinor: 5000 });
  });
});

describe('refusals, each with its code and nothing written', () => {
  const rows: [string, () => void, () => ReturnType<TestTill['call']>, ErrorCode, Record<string, unknown>?][] = [
    ['the limit exceeded, with the headroom', () => {}, () => t.call('sales.checkout', { requestId: ulid(), lines: [...tickets(45)], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 202500 }] }), 'deferred_limit_exceeded', { availableMinor: 200000 }],
    ['a contact not authorised', () => {}, () => t.call('sales.checkout', { requestId: ulid(), lines: [...tickets(1)], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-deferred', amountMinor: 4500 }] }), 'deferred_not_authorised'],
    ['settling a stranger', () => {}, () => t.call('deferred.settle', settleInput(100, { contactId: 'c-nobody' }), 'supervisor'), 'contact_not_found'],
    ['settling with a voucher', () => void sellOnAccount('c-ecole', 1), () => t.call('deferred.settle', settleInput(100, { methodId: 'pm-voucher' }), 'supervisor'), 'method_not_for_accounts'],
    ['a negative settlement', () => {}, () => t.call('deferred.settle', settleInput(-100), 'supervisor'), 'amount_invalid'],
    ['a cashier settling', () => void sellOnAccount('c-ecole', 1), () => t.call('deferred.settle', settleInput(100), 'cashier'), 'not_permitted', { permission: 'deferred:manage' }],
    ['invoicing an unknown order', () => {}, () => t.call('invoices.createForOrder', { orderId: 'nope' }, 'supervisor'), 'order_not_found'],
    ['invoicing an order paid in cash', () => void t.must('sales.checkout', { requestId: ulid(), lines: [...tickets(1)], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 4500 }] }), () => t.call('invoices.createForOrder', { orderId: t.must('orders.list', {})[0]!.id }, 'supervisor'), 'order_not_deferred'],
    ['a payer that does not exist', () => void sellOnAccount('c-ecole', 1), () => t.call('orders.changePayer', { orderId: t.must('orders.list', {})[0]!.id, payerContactId: 'c-nobody' }, 'supervisor'), 'contact_not_found'],
    ['a payer not authorised', () => void sellOnAccount('c-ecole', 1), () => t.call('orders.changePayer', { orderId: t.must('orders.list', {})[0]!.id, payerContactId: 'c-dupont' }, 'supervisor'), 'deferred_not_authorised'],
    ['the same payer', () => void sellOnAccount('c-ecole', 1), () => t.call('orders.changePayer', { orderId: t.must('orders.list', {})[0]!.id, payerContactId: 'c-ecole' }, 'supervisor'), 'payer_unchanged'],
    ['an unknown invoice number', () => {}, () => t.call('deferred.account', { invoiceNumber: 'F-G1-999999' }), 'invoice_not_found'],
    ['a negative limit', () => {}, () => t.call('contacts.setDeferred', { contactId: 'c-ecole', authorised: true, limitMinor: -1 }, 'supervisor'), 'amount_invalid'],
    ['a cashier changing a limit', () => {}, () => t.call('contacts.setDeferred', { contactId: 'c-ecole', authorised: true, limitMinor: 1 }, 'cashier'), 'not_permitted'],
  ];

  it.each(rows)('%s', (_name, arrange, act, code, details) => {
    arrange();
    const before = stateFingerprint(t.db);
    const result = act();
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (details && !result.ok) expect(result.error.details).toMatchObject(details);
    expect(stateFingerprint(t.db)).toBe(before);
  });
});
