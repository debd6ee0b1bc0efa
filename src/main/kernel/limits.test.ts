// Plausibility limits (issue 12, point 11): every amount a method takes is refused past
// amountMinorMax with amount_too_large, and so is every product and sum one operation
// computes from them; a balance that would pass balanceMinorMax is refused with
// total_too_large. Never internal_error, never a write. Table-driven at 0, 1, max, max + 1.
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf, MethodName } from '../../shared/api/contract.ts';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { amountMinorMax, balanceMinorMax } from '../../shared/limits.ts';
import type { Role } from '../../shared/permissions.ts';
import { verifyJournal } from './ledger/verify.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';

const max = amountMinorMax;
let t: TestTill;

beforeEach(() => {
  t = testTill();
});

const open = () => void t.must('sessions.open', { float: [] });
const openWithDrawer = () => {
  open();
  t.must('sessions.payIn', { requestId: ulid(), amountMinor: max, reason: 'Fonds' }, 'supervisor');
};
/** A product at the largest price an operation allows. */
const priceItemAt = (priceMinor: number) => void t.db.prepare("UPDATE items SET price_minor = ? WHERE id = 'i-programme'").run(priceMinor);

type Row = [name: string, scene: () => void, call: () => ReturnType<TestTill['call']>, expected: ErrorCode | 'ok', details?: Record<string, unknown>];

function call<M extends MethodName>(method: M, input: InputOf<M>, role: Role = 'supervisor') {
  return () => t.call(method, input, role);
}

const payIn = (amountMinor: number) => call('sessions.payIn', { requestId: ulid(), amountMinor, reason: 'Fonds' });
const payOut = (amountMinor: number) => call('sessions.payOut', { requestId: ulid(), amountMinor, reason: 'Coffre' });
const fund = (amountMinor: number) => call('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-card', amountMinor });
const setLimit = (limitMinor: number) => call('contacts.setDeferred', { contactId: 'c-ecole', authorised: true, limitMinor });
const count = (counts: InputOf<'sessions.closingPreview'>['counts']) => call('sessions.closingPreview', { counts });
const sellItem = (quantity: number, payments: InputOf<'sales.checkout'>['payments']) =>
  call('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity }], buyerContactId: null, payments }, 'cashier');

const none = () => {};
const tooLarge = (field: string) => ({ field, maxMinor: max });

const rows: Row[] = [
  // pay-in and pay-out
  ['pay-in of 0', open, payIn(0), 'amount_invalid'],
  ['pay-in of 1', open, payIn(1), 'ok'],
  ['pay-in of max', open, payIn(max), 'ok'],
  ['pay-in of max + 1', open, payIn(max + 1), 'amount_too_large', tooLarge('amountMinor')],
  ['pay-in of 2⁵⁰ − 1 (the issue’s)', open, payIn(2 ** 50 - 1), 'amount_too_large', tooLarge('amountMinor')],
  ['pay-in of 2⁵³', open, payIn(2 ** 53), 'amount_too_large', tooLarge('amountMinor')],
  ['pay-out of 0', openWithDrawer, payOut(0), 'amount_invalid'],
  ['pay-out of 1', openWithDrawer, payOut(1), 'ok'],
  ['pay-out of max', openWithDrawer, payOut(max), 'ok'],
  ['pay-out of max + 1', openWithDrawer, payOut(max + 1), 'amount_too_large', tooLarge('amountMinor')],
  // the float: value × count and their sum
  ['a float coin of 0', none, call('sessions.open', { float: [{ valueMinor: 0, count: 1 }] }), 'amount_invalid'],
  ['a float of 1', none, call('sessions.open', { float: [{ valueMinor: 1, count: 1 }] }), 'ok'],
  ['a float of max', none, call('sessions.open', { float: [{ valueMinor: max / 1000, count: 1000 }] }), 'ok'],
  ['a float coin of max + 1', none, call('sessions.open', { float: [{ valueMinor: max + 1, count: 1 }] }), 'amount_too_large', tooLarge('float.0.valueMinor')],
  ['a float row past max (value × count)', none, call('sessions.open', { float: [{ valueMinor: 20000, count: 50001 }] }), 'amount_too_large', tooLarge('float.0')],
  ['a float whose rows add up past max', none, call('sessions.open', { float: [{ valueMinor: max, count: 1 }, { valueMinor: 1, count: 1 }] }), 'amount_too_large', tooLarge('float')],
  // cash counts at closing (the 500: count × denomination past 2⁵³)
  ['a counted amount of 0', open, count([{ methodId: 'pm-cash', countedMinor: 0 }]), 'ok'],
  ['a counted amount of max', open, count([{ methodId: 'pm-cash', countedMinor: max }]), 'ok'],
  ['a counted amount of max + 1', open, count([{ methodId: 'pm-cash', countedMinor: max + 1 }]), 'amount_too_large', tooLarge('counts.0.countedMinor')],
  ['one method counted twice past max', open, count([{ methodId: 'pm-cash', countedMinor: max }, { methodId: 'pm-cash', countedMinor: 1 }]), 'amount_too_large', tooLarge('counts.1.countedMinor')],
  ['denominations whose products pass 2⁵³', open, count([{ methodId: 'pm-cash', countedMinor: max, denominations: Array.from({ length: 40 }, () => ({ valueMinor: max, count: 1_000_000 })) }]), 'amount_too_large', tooLarge('counts.0.denominations.0')],
  ['denominations that add up past max', open, count([{ methodId: 'pm-cash', countedMinor: max, denominations: [{ valueMinor: max, count: 1 }, { valueMinor: 5, count: 1 }] }]), 'amount_too_large', tooLarge('counts.0.denominations')],
  ['closing with denominations past 2⁵³', open, call('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 0, denominations: Array.from({ length: 40 }, () => ({ valueMinor: max, count: 1_000_000 })) }] }), 'amount_too_large', tooLarge('counts.0.denominations.0')],
  // sales: price × quantity, the basket, the payments
  ['a payment of max + 1', open, sellItem(1, [{ methodId: 'pm-card', amountMinor: max + 1 }]), 'amount_too_large', tooLarge('payments.0.amountMinor')],
  ['a line at max', () => { open(); priceItemAt(max / 2); }, sellItem(2, [{ methodId: 'pm-card', amountMinor: max }]), 'ok'],
  ['a line past max (price × quantity)', () => { open(); priceItemAt(max / 2); }, sellItem(3, [{ methodId: 'pm-card', amountMinor: max }]), 'amount_too_large', tooLarge('lines.0')],
  ['a basket whose lines add up past max', () => { open(); priceItemAt(max / 2); }, call('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 2 }, { kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: max }] }, 'cashier'), 'amount_too_large', tooLarge('lines')],
  ['payments that add up past max', open, sellItem(1, [{ methodId: 'pm-cash', amountMinor: max }, { methodId: 'pm-cash', amountMinor: max }]), 'amount_too_large', tooLarge('payments')],
  ['a quote with payments past max', open, call('sales.quote', { lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], payments: [{ methodId: 'pm-cash', amountMinor: max }, { methodId: 'pm-cash', amountMinor: 1 }] }, 'cashier'), 'amount_too_large', tooLarge('payments')],
  // the credit balance
  ['a deposit of 0', open, fund(0), 'amount_invalid'],
  ['a deposit of 1', open, fund(1), 'ok'],
  ['a deposit of max', open, fund(max), 'ok'],
  ['a deposit of max + 1', open, fund(max + 1), 'amount_too_large', tooLarge('amountMinor')],
  ['a credit pay-out of max + 1', open, call('credit.payOut', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-card', amountMinor: max + 1 }), 'amount_too_large', tooLarge('amountMinor')],
  // the deferred account
  ['a deferred limit of 0', none, setLimit(0), 'ok'],
  ['a deferred limit of 1', none, setLimit(1), 'ok'],
  ['a deferred limit of max', none, setLimit(max), 'ok'],
  ['a deferred limit of max + 1', none, setLimit(max + 1), 'amount_too_large', tooLarge('limitMinor')],
  ['a default deferred limit of max + 1', none, call('settings.setDeferredDefaults', { organisationsAuthorised: true, limitMinor: max + 1 }, 'administrator'), 'amount_too_large', tooLarge('limitMinor')],
  ['a settlement of max + 1', none, call('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-transfer', amountMinor: max + 1, reference: 'VIR-1', excessToCredit: false }), 'amount_too_large', tooLarge('amountMinor')],
  // refunds
  ['a refund of max + 1', open, call('orders.refund', { requestId: ulid(), orderId: 'nope', lines: [{ orderLineId: 'nope', quantity: 1 }], payments: [{ methodId: 'pm-cash', amountMinor: max + 1 }], reason: 'x' }, 'cashier'), 'amount_too_large', tooLarge('payments.0.amountMinor')],
];

describe('plausibility limits, field by field', () => {
  it.each(rows)('%s', (_name, scene, act, expected, details) => {
    scene();
    const before = stateFingerprint(t.db);
    const result = act();
    if (expected === 'ok') {
      expect(result).toMatchObject({ ok: true });
      return;
    }
    expect(result).toMatchObject({ ok: false, error: { code: expected } });
    if (details && !result.ok) expect(result.error.details).toMatchObject(details);
    expect(stateFingerprint(t.db)).toBe(before);
  });
});

describe('a balance past balanceMinorMax', () => {
  it('is refused with total_too_large, whichever operation would carry it there, and the journal stays verifiable', () => {
    open();
    const payIns = balanceMinorMax / max;
    for (let i = 0; i < payIns; i += 1) t.must('sessions.payIn', { requestId: ulid(), amountMinor: max, reason: 'Fonds' }, 'supervisor');
    const drawer = () => (t.db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'till:G1:pm-cash'").get() as { balance_minor: number }).balance_minor;
    expect(drawer()).toBe(balanceMinorMax);

    const before = stateFingerprint(t.db);
    const refusals = [
      t.call('sessions.payIn', { requestId: ulid(), amountMinor: 1, reason: 'Un de trop' }, 'supervisor'),
      t.call('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 5 }, 'supervisor'),
      t.call('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 }] }),
      t.call('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cash', amountMinor: 500, reference: '', excessToCredit: true }, 'supervisor'),
    ];
    for (const refused of refusals) {
      expect(refused).toMatchObject({ ok: false, error: { code: 'total_too_large', details: { account: 'till:G1:pm-cash', balanceMinor: balanceMinorMax, maxMinor: balanceMinorMax } } });
    }
    expect(stateFingerprint(t.db)).toBe(before);
    expect(drawer()).toBe(balanceMinorMax);
    // what leaves the drawer is still possible, and the journal verifies: no rounding anywhere
    t.must('sessions.payOut', { requestId: ulid(), amountMinor: max, reason: 'Coffre' }, 'supervisor');
    expect(drawer()).toBe(balanceMinorMax - max);
    expect(verifyJournal(t.db, () => t.context.journalKey).ok).toBe(true);
  });
});
