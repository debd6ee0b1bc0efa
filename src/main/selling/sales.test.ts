import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../shared/api/contract.ts';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';

type Checkout = InputOf<'sales.checkout'>;

const plein = { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 } as const;
const reduit = { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-reduit', quantity: 1 } as const;
const programme = { kind: 'item', itemId: 'i-programme', quantity: 1 } as const;
const basket = [plein, reduit, programme];

function sale(overrides: Partial<Checkout> = {}): Checkout {
  return {
    requestId: ulid(),
    lines: basket,
    buyerContactId: null,
    payments: [{ methodId: 'pm-card', amountMinor: 7753 }, { methodId: 'pm-cash', amountMinor: 5000 }],
    ...overrides,
  };
}

let t: TestTill;
beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
});

describe('sales.quote', () => {
  it('prices lines, VAT per rate and the tender, writing nothing', () => {
    const before = stateFingerprint(t.db);
    const q = t.must('sales.quote', { lines: basket, payments: [{ methodId: 'pm-card', amountMinor: 7753 }, { methodId: 'pm-cash', amountMinor: 5000 }] });
    expect(q.totalMinor).toBe(12500);
    expect(q.lines.map((l) => [l.label, l.quantity, l.totalMinor, l.vatMinor])).toEqual([
      ['Le Misanthrope — Molière — Plein tarif', 2, 9000, 674],
      ['Le Misanthrope — Molière — Tarif réduit', 1, 3000, 225],
      ['Programme de salle', 1, 500, 13],
    ]);
    expect(q.vat).toEqual([
      { rateBp: 260, grossMinor: 500, netMinor: 487, vatMinor: 13 },
      { rateBp: 810, grossMinor: 12000, netMinor: 11101, vatMinor: 899 },
    ]);
    expect(q.tender).toEqual({ paidMinor: 12500, remainingMinor: 0, cashDueMinor: 0, changeMinor: 255, roundingMinor: 2, toCreditMinor: 0, isSettled: true });
    expect(stateFingerprint(t.db)).toBe(before);
  });

  it('an empty basket quotes zero', () => {
    expect(t.must('sales.quote', { lines: [] }).totalMinor).toBe(0);
  });
});

describe('sales.checkout', () => {
  it('sells: order, lines, unique tickets, payments, seats and one balanced entry', () => {
    const order = t.must('sales.checkout', sale());
    expect(order.number).toBe('G1-000001');
    expect(order.totalMinor).toBe(12500);
    expect(order.changeMinor).toBe(255);
    expect(order.tickets).toHaveLength(3);
    expect(new Set(order.tickets.map((x) => x.barcode)).size).toBe(3);
    expect(order.tickets.every((x) => /^[1-9]\d{15}$/.test(x.barcode))).toBe(true);
    expect(order.payments.map((p) => [p.methodId, p.amountMinor, p.tenderedMinor, p.changeMinor, p.roundingMinor])).toEqual([
      ['pm-card', 7753, 7753, 0, 0],
      ['pm-cash', 4747, 5000, 255, 2],
    ]);

    const entry = t.db.prepare("SELECT id FROM journal WHERE type = 'sale'").get() as { id: string };
    const postings = t.db.prepare('SELECT account_id, amount_minor FROM postings WHERE entry_id = ? ORDER BY account_id').all(entry.id);
    expect(postings).toEqual([
      { account_id: 'revenue:260', amount_minor: -487 },
      { account_id: 'revenue:810', amount_minor: -11101 },
      { account_id: 'rounding:G1', amount_minor: 2 },
      { account_id: 'till:G1:pm-card', amount_minor: 7753 },
      { account_id: 'till:G1:pm-cash', amount_minor: 4745 },
      { account_id: 'vat:260', amount_minor: -13 },
      { account_id: 'vat:810', amount_minor: -899 },
    ]);
    const balance = (id: string) => (t.db.prepare('SELECT balance_minor FROM account_balances WHERE account_id = ?').get(id) as { balance_minor: number }).balance_minor;
    expect(balance('till:G1:pm-cash')).toBe(10000 + 4745);
    expect(t.db.prepare("SELECT sold FROM performance_stock WHERE performance_id = 'e-misanthrope-p1'").get()).toEqual({ sold: 3 });
    expect(verifyJournal(t.db, () => t.context.journalKey).ok).toBe(true);
  });

  it('numbers orders gaplessly per till', () => {
    const numbers = [1, 2, 3].map(() => t.must('sales.checkout', sale()).number);
    expect(numbers).toEqual(['G1-000001', 'G1-000002', 'G1-000003']);
  });

  it('sells once for a repeated request, and refuses the same id with other content', () => {
    const input = sale();
    const first = t.must('sales.checkout', input);
    const before = stateFingerprint(t.db);
    expect(t.must('sales.checkout', input).id).toBe(first.id);
    expect(stateFingerprint(t.db)).toBe(before);
    const changed = t.call('sales.checkout', { ...input, lines: [plein] });
    expect(changed.ok ? null : changed.error.code).toBe('request_conflict');
  });

  it('sells the last seats of a performance, then refuses with what is left', () => {
    const contes = (quantity: number) => sale({ lines: [{ kind: 'ticket', performanceId: 'e-contes-p1', tariffId: 'e-contes-enfant', quantity }], payments: [{ methodId: 'pm-card', amountMinor: 950 * quantity }] });
    const tooMany = t.call('sales.checkout', contes(13));
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { remaining: 12 } } });
    expect(tooMany.ok ? '' : tooMany.error.message).toBe('Jauge dépassée : il reste 12 places pour cette représentation.');
    t.must('sales.checkout', contes(10));
    expect(t.call('sales.checkout', contes(3))).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { remaining: 2 } } });
    t.must('sales.checkout', contes(2));
    expect(t.call('sales.checkout', contes(1))).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { remaining: 0 } } });
  });

  it('counts seats over the whole basket', () => {
    const line = { kind: 'ticket', performanceId: 'e-contes-p1', tariffId: 'e-contes-plein', quantity: 7 } as const;
    expect(t.call('sales.checkout', sale({ lines: [line, line], payments: [{ methodId: 'pm-card', amountMinor: 25200 }] }))).toMatchObject({ ok: false, error: { code: 'capacity_exceeded' } });
  });

  it('sells a gift voucher as a liability and accepts it as payment later', () => {
    const order = t.must('sales.checkout', sale({ lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 5000 }] }));
    expect(order.vat).toEqual([]);
    const code = order.vouchers[0]!.code;
    expect(code).toMatch(/^GV-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const spend = t.must('sales.checkout', sale({ lines: [programme], payments: [{ methodId: 'pm-voucher', amountMinor: 500, reference: code.toLowerCase() }] }));
    expect(spend.payments[0]).toMatchObject({ methodId: 'pm-voucher', amountMinor: 500 });
    expect(t.must('orders.get', { orderId: order.id }).vouchers[0]!.remainingMinor).toBe(4500);
    const tooMuch = t.call('sales.checkout', sale({ lines: [{ ...plein, quantity: 2 }], payments: [{ methodId: 'pm-voucher', amountMinor: 9000, reference: code }] }));
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 4500 } } });
  });

  it('settles a 0.02 remainder by cash rounding, with a cash payment of 0', () => {
    const order = t.must('sales.checkout', sale({ lines: [programme], payments: [{ methodId: 'pm-card', amountMinor: 498 }, { methodId: 'pm-cash', amountMinor: 0 }] }));
    expect(order.payments.map((p) => [p.methodId, p.amountMinor, p.tenderedMinor, p.changeMinor, p.roundingMinor])).toEqual([
      ['pm-card', 498, 498, 0, 0],
      ['pm-cash', 2, 0, 0, 2],
    ]);
    const entry = t.db.prepare('SELECT entry_id FROM orders WHERE id = ?').get(order.id) as { entry_id: string };
    expect(t.db.prepare("SELECT account_id, amount_minor FROM postings WHERE entry_id = ? AND account_id LIKE '%:G1%' ORDER BY account_id").all(entry.entry_id)).toEqual([
      { account_id: 'rounding:G1', amount_minor: 2 },
      { account_id: 'till:G1:pm-card', amount_minor: 498 },
    ]);
  });

  it('charges an authorised organisation on account within its limit', () => {
    const order = t.must('sales.checkout', sale({ buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 12500 }] }));
    expect(order.buyer).toEqual({ id: 'c-ecole', name: 'École du Bois-Gentil' });
    expect(t.must('contacts.get', { contactId: 'c-ecole' }).deferredOutstandingMinor).toBe(12500);
  });
});

describe('sales.checkout refusals: a code each, nothing written', () => {
  const rows: [string, () => Checkout | unknown, ErrorCode, Record<string, unknown>?][] = [
    ['empty basket', () => sale({ lines: [] }), 'basket_empty'],
    ['quantity 0', () => sale({ lines: [{ ...plein, quantity: 0 }] }), 'quantity_invalid'],
    ['negative quantity', () => sale({ lines: [{ ...plein, quantity: -1 }] }), 'quantity_invalid'],
    ['fractional quantity', () => sale({ lines: [{ ...plein, quantity: 1.5 }] }), 'quantity_invalid'],
    ['quantity above the maximum', () => sale({ lines: [{ ...plein, quantity: 501 }] }), 'quantity_invalid'],
    ['negative amount', () => sale({ payments: [{ methodId: 'pm-card', amountMinor: -100 }] }), 'amount_invalid'],
    ['zero amount', () => sale({ payments: [{ methodId: 'pm-card', amountMinor: 0 }] }), 'amount_invalid'],
    ['fractional amount', () => sale({ payments: [{ methodId: 'pm-card', amountMinor: 12.5 }] }), 'amount_invalid'],
    ['amount as text', () => sale({ payments: [{ methodId: 'pm-card', amountMinor: '125' as unknown as number }] }), 'amount_invalid'],
    ['not a ULID request id', () => sale({ requestId: 'abc' }), 'invalid_input'],
    ['unknown line kind', () => sale({ lines: [{ kind: 'seat', quantity: 1 } as never] }), 'invalid_input'],
    ['no body at all', () => undefined, 'invalid_input'],
    ['unknown performance', () => sale({ lines: [{ ...plein, performanceId: 'nope' }] }), 'performance_not_found'],
    ['unknown tariff', () => sale({ lines: [{ ...plein, tariffId: 'nope' }] }), 'tariff_not_found'],
    ['tariff of another event', () => sale({ lines: [{ ...plein, tariffId: 'e-quatuor-plein' }] }), 'tariff_not_for_performance'],
    ['unknown item', () => sale({ lines: [{ kind: 'item', itemId: 'nope', quantity: 1 }] }), 'item_not_found'],
    ['unknown voucher product', () => sale({ lines: [{ kind: 'voucher', voucherProductId: 'nope', quantity: 1 }] }), 'voucher_product_not_found'],
    ['unknown buyer', () => sale({ buyerContactId: 'c-nobody' }), 'contact_not_found'],
    ['unknown method', () => sale({ payments: [{ methodId: 'pm-bitcoin', amountMinor: 12500 }] }), 'method_not_found'],
    // the demo authorises transfer at its point of sale (issue 16): taken off it here
    ['method not authorised here', () => (t.db.prepare("DELETE FROM pos_payment_methods WHERE method_id = 'pm-transfer'").run(), sale({ payments: [{ methodId: 'pm-transfer', amountMinor: 12500 }] })), 'method_not_authorised'],
    ['card pays more than due', () => sale({ payments: [{ methodId: 'pm-card', amountMinor: 12600 }] }), 'payment_exceeds_due', { excessMinor: 100 }],
    ['cash on an order already paid', () => sale({ payments: [{ methodId: 'pm-card', amountMinor: 12500 }, { methodId: 'pm-cash', amountMinor: 1000 }] }), 'payment_not_needed'],
    ['payments short', () => sale({ payments: [{ methodId: 'pm-card', amountMinor: 7753 }, { methodId: 'pm-cash', amountMinor: 2000 }] }), 'payment_insufficient', { missingMinor: 2745 }],
    ['no payment', () => sale({ payments: [] }), 'payment_insufficient'],
    ['voucher without its code', () => sale({ payments: [{ methodId: 'pm-voucher', amountMinor: 12500 }] }), 'voucher_code_required'],
    ['unknown voucher code', () => sale({ payments: [{ methodId: 'pm-voucher', amountMinor: 12500, reference: 'GV-AAAA-BBBB' }] }), 'voucher_not_found'],
    ['credit without a buyer', () => sale({ payments: [{ methodId: 'pm-credit', amountMinor: 12500 }] }), 'buyer_required'],
    ['credit above the balance', () => sale({ buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: 12500 }] }), 'credit_insufficient', { availableMinor: 0 }],
    ['on account, contact not authorised', () => sale({ buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-deferred', amountMinor: 12500 }] }), 'deferred_not_authorised'],
    ['on account above the limit', () => sale({ buyerContactId: 'c-ecole', lines: [{ ...plein, quantity: 45 }], payments: [{ methodId: 'pm-deferred', amountMinor: 202500 }] }), 'deferred_limit_exceeded', { availableMinor: 200000 }],
  ];

  it.each(rows)('%s', (_name, input, code, details) => {
    const before = stateFingerprint(t.db);
    const result = t.call('sales.checkout', input() as Checkout);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    if (details) expect(result.error.details).toMatchObject(details);
    expect(result.error.message).not.toBe(code); // a French sentence, not the bare code
    expect(stateFingerprint(t.db)).toBe(before);
  });

  it('a till that is closed sells nothing', () => {
    t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 10000 }] }, 'supervisor');
    const before = stateFingerprint(t.db);
    expect(t.call('sales.checkout', sale())).toMatchObject({ ok: false, error: { code: 'till_closed', message: 'La caisse est fermée : ouvrez-la avant de vendre.' } });
    expect(stateFingerprint(t.db)).toBe(before);
  });

  it('needs a login and the permission to sell', () => {
    expect(t.call('sales.checkout', sale(), null)).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
    expect(t.call('sales.checkout', sale(), 'technician')).toMatchObject({ ok: false, error: { code: 'not_permitted', details: { permission: 'sale:sell' } } });
    expect(t.dispatch('sales.checkout', sale(), 'forged-token')).toMatchObject({ ok: false, error: { code: 'not_authenticated' } });
  });
});
