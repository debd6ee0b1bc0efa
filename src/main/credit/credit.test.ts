import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../shared/api/contract.ts';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;
const ticket = (quantity: number) => ({ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity }) as const;
const fund = (amountMinor: number, methodId = 'pm-card', contactId = 'c-dupont'): InputOf<'credit.fund'> => ({ requestId: ulid(), contactId, methodId, amountMinor });
const balance = (contactId = 'c-dupont') => t.must('contacts.get', { contactId }).creditBalanceMinor;

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
});

describe('the credit balance at the counter (seed 003)', () => {
  it('is funded by a deposit, spent in a split payment, refunded to, paid out — each a movement with its running balance', () => {
    const funded = t.must('credit.fund', { ...fund(10000), reference: 'Cadeau' }, 'supervisor');
    expect(funded.contact.creditBalanceMinor).toBe(10000);
    expect(funded.movement).toMatchObject({ kind: 'funded', amountMinor: 10000, balanceAfterMinor: 10000, methodId: 'pm-card', methodName: 'Carte bancaire', reference: 'Cadeau', contactName: 'Marie Dupont' });

    const sale = t.must('sales.checkout', { requestId: ulid(), lines: [ticket(2)], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: 6000 }, { methodId: 'pm-cash', amountMinor: 5000 }] });
    expect(sale.changeMinor).toBe(2000);
    expect(balance()).toBe(4000);

    const refunded = t.must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-credit', amountMinor: 4500 }], reason: 'Avoir' });
    expect(refunded.refunds[0]!.payments).toEqual([{ methodId: 'pm-credit', methodName: 'Solde avoir', amountMinor: 4500, roundingMinor: 0 }]);
    expect(balance()).toBe(8500);

    t.must('credit.payOut', { ...fund(2000, 'pm-cash') }, 'supervisor');
    expect(balance()).toBe(6500);

    const history = t.must('credit.history', { contactId: 'c-dupont' });
    expect(history.movements.map((m) => [m.kind, m.amountMinor, m.balanceAfterMinor, m.orderNumber])).toEqual([
      ['paid_out', -2000, 6500, null],
      ['refunded_to_credit', 4500, 8500, 'G1-000001'],
      ['spent', -6000, 4000, 'G1-000001'],
      ['funded', 10000, 10000, null],
    ]);
    expect(t.db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'credit:c-dupont'").get()).toEqual({ balance_minor: -6500 });

    const x = t.must('sessions.xReport', {});
    expect(x.accounts).toMatchObject({ creditFundedMinor: 10000, creditSpentMinor: 6000, creditRefundedMinor: 4500, creditPaidOutMinor: 2000, creditFromVouchersMinor: 0 });
    expect(x.methods.find((m) => m.methodId === 'pm-card')).toMatchObject({ accountsMinor: 10000, salesMinor: 0, expectedMinor: 10000 });
    expect(x.methods.find((m) => m.methodId === 'pm-cash')).toMatchObject({ accountsMinor: -2000, salesMinor: 3000, expectedMinor: 11000 });
    expect(x.netSalesMinor).toBe(4500); // a balance is a liability, not a sale
    expect(verifyJournal(t.db, () => t.context.journalKey).ok).toBe(true);
  });

  it('a voucher worth more than the order sends the difference to the buyer’s balance', () => {
    const gift = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-100', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 10000 }] });
    const code = gift.vouchers[0]!.code;
    const lines = [ticket(1)];
    const payments = [{ methodId: 'pm-voucher', amountMinor: 10000, reference: code }];

    // without a buyer the till says so when the voucher is entered, before anything is written
    const before = stateFingerprint(t.db);
    expect(t.call('sales.quote', { lines, payments })).toMatchObject({ ok: false, error: { code: 'buyer_required', details: { reason: 'voucher_overflow', toCreditMinor: 5500 } } });
    expect(t.call('sales.checkout', { requestId: ulid(), lines, buyerContactId: null, payments })).toMatchObject({ ok: false, error: { code: 'buyer_required' } });
    expect(stateFingerprint(t.db)).toBe(before);

    expect(t.must('sales.quote', { lines, payments, buyerContactId: 'c-dupont' }).tender).toMatchObject({ isSettled: true, toCreditMinor: 5500, changeMinor: 0 });
    const order = t.must('sales.checkout', { requestId: ulid(), lines, buyerContactId: 'c-dupont', payments });
    expect(order.payments[0]).toMatchObject({ amountMinor: 4500, tenderedMinor: 10000, toCreditMinor: 5500, changeMinor: 0 });
    expect(balance()).toBe(5500);
    expect(t.must('orders.get', { orderId: gift.id }).vouchers[0]!.remainingMinor).toBe(0);
    expect(t.must('credit.history', { contactId: 'c-dupont' }).movements[0]).toMatchObject({ kind: 'voucher_overflow', amountMinor: 5500, methodId: 'pm-voucher' });
    expect(t.must('sessions.xReport', {}).accounts.creditFromVouchersMinor).toBe(5500);
  });

  it('without the credit balance authorised here, a voucher gives neither change nor credit', () => {
    t.db.prepare("DELETE FROM pos_payment_methods WHERE method_id = 'pm-credit'").run();
    const gift = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-100', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 10000 }] });
    expect(t.call('sales.checkout', { requestId: ulid(), lines: [ticket(1)], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-voucher', amountMinor: 10000, reference: gift.vouchers[0]!.code }] })).toMatchObject({
      ok: false,
      error: { code: 'payment_exceeds_due', details: { excessMinor: 5500 } },
    });
  });

  it('refuses to spend more than the balance, naming what is available', () => {
    t.must('credit.fund', fund(4000), 'supervisor');
    const result = t.call('sales.checkout', { requestId: ulid(), lines: [ticket(1)], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: 4500 }] });
    expect(result).toMatchObject({ ok: false, error: { code: 'credit_insufficient', details: { availableMinor: 4000 } } });
    if (!result.ok) expect(result.error.message).toBe('Solde avoir insuffisant : disponible 40.00\u00A0CHF.');
  });

  it('a refund to credit needs a buyer', () => {
    const sale = t.must('sales.checkout', { requestId: ulid(), lines: [ticket(1)], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 4500 }] });
    expect(t.call('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-credit', amountMinor: 4500 }], reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'buyer_required', details: { reason: 'refund_to_credit' } },
    });
  });

  it('is idempotent by request id', () => {
    const input = fund(3000);
    t.must('credit.fund', input, 'supervisor');
    const before = stateFingerprint(t.db);
    expect(t.must('credit.fund', input, 'supervisor').contact.creditBalanceMinor).toBe(3000);
    expect(stateFingerprint(t.db)).toBe(before);
    expect(t.call('credit.fund', { ...input, amountMinor: 3100 }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'request_conflict' } });
  });
});

describe('funding and paying out: refusals, each with its code and nothing written', () => {
  const rows: [string, () => void, () => ReturnType<TestTill['call']>, ErrorCode, Record<string, unknown>?][] = [
    ['an unknown contact', () => {}, () => t.call('credit.fund', fund(1000, 'pm-card', 'c-nobody'), 'supervisor'), 'contact_not_found'],
    ['an unknown method', () => {}, () => t.call('credit.fund', fund(1000, 'pm-x'), 'supervisor'), 'method_not_found'],
    ['a voucher to fund a balance', () => {}, () => t.call('credit.fund', fund(1000, 'pm-voucher'), 'supervisor'), 'method_not_for_accounts'],
    ['the credit balance itself', () => {}, () => t.call('credit.fund', fund(1000, 'pm-credit'), 'supervisor'), 'method_not_for_accounts'],
    ['a method not authorised here', () => void t.db.prepare("DELETE FROM pos_payment_methods WHERE method_id = 'pm-transfer'").run(), () => t.call('credit.fund', fund(1000, 'pm-transfer'), 'supervisor'), 'method_not_authorised'],
    ['cash not in coins', () => {}, () => t.call('credit.fund', fund(1234, 'pm-cash'), 'supervisor'), 'cash_step_invalid', { stepMinor: 5 }],
    ['a negative amount', () => {}, () => t.call('credit.fund', fund(-1000), 'supervisor'), 'amount_invalid'],
    ['a zero amount', () => {}, () => t.call('credit.fund', fund(0), 'supervisor'), 'amount_invalid'],
    ['a fractional amount', () => {}, () => t.call('credit.fund', fund(10.5), 'supervisor'), 'amount_invalid'],
    ['a cashier funding', () => {}, () => t.call('credit.fund', fund(1000), 'cashier'), 'not_permitted', { permission: 'credit:manage' }],
    ['a pay-out above the balance', () => void t.must('credit.fund', fund(3000), 'supervisor'), () => t.call('credit.payOut', fund(3005), 'supervisor'), 'credit_insufficient', { availableMinor: 3000 }],
    ['a cash pay-out above the drawer', () => void t.must('credit.fund', fund(50000), 'supervisor'), () => t.call('credit.payOut', fund(20000, 'pm-cash'), 'supervisor'), 'cash_insufficient', { availableMinor: 10000 }],
    ['a closed till', () => void t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 10000 }] }, 'supervisor'), () => t.call('credit.fund', fund(1000), 'supervisor'), 'till_closed'],
  ];

  it.each(rows)('%s', (_name, arrange, act, code, details) => {
    arrange();
    const before = stateFingerprint(t.db);
    const result = act();
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (details && !result.ok) expect(result.error.details).toMatchObject(details);
    expect(stateFingerprint(t.db)).toBe(before);
  });

  it('a method that may not pay, or may not refund', () => {
    t.db.prepare("UPDATE payment_methods SET may_pay = 0, may_refund = 0 WHERE id = 'pm-cheque'").run();
    expect(t.call('credit.fund', fund(1000, 'pm-cheque'), 'supervisor')).toMatchObject({ ok: false, error: { code: 'method_cannot_pay' } });
    t.must('credit.fund', fund(1000), 'supervisor');
    expect(t.call('credit.payOut', fund(1000, 'pm-cheque'), 'supervisor')).toMatchObject({ ok: false, error: { code: 'method_cannot_refund' } });
  });

  it('a cashier reads the history but a technician does not', () => {
    expect(t.call('credit.history', { contactId: 'c-dupont' }, 'cashier').ok).toBe(true);
    expect(t.call('credit.history', { contactId: 'c-dupont' }, 'technician')).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
    expect(t.call('credit.history', { contactId: 'c-nobody' })).toMatchObject({ ok: false, error: { code: 'contact_not_found' } });
  });
});
