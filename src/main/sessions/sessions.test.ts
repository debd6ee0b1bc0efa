import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;
beforeEach(() => {
  t = testTill();
});

const float = [{ valueMinor: 2000, count: 2 }, { valueMinor: 500, count: 4 }, { valueMinor: 100, count: 10 }]; // 70.00

function sellCardAndCash() {
  return t.must('sales.checkout', {
    requestId: ulid(),
    lines: [
      { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 },
      { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-reduit', quantity: 1 },
      { kind: 'item', itemId: 'i-programme', quantity: 1 },
    ],
    buyerContactId: null,
    payments: [{ methodId: 'pm-card', amountMinor: 7753 }, { methodId: 'pm-cash', amountMinor: 5000 }],
  });
}

describe('a till session from opening to the Z report', () => {
  it('opens with a counted float, sells, refunds, pays out, closes with a variance and a numbered Z', () => {
    expect(t.must('sessions.current', {})).toEqual({ status: 'closed', session: null, lastZNumber: 0, lastClosing: null });
    const opened = t.must('sessions.open', { float });
    expect(opened.session).toMatchObject({ number: 1, floatMinor: 7000, openedBy: 'Camille Caissière' });

    const order = sellCardAndCash();
    t.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[1]!.id, quantity: 1 }], payments: [{ methodId: 'pm-cash', amountMinor: 3000 }], reason: 'Malade' });
    t.must('sessions.payOut', { requestId: ulid(), amountMinor: 1000, reason: 'Fleurs pour la loge' }, 'supervisor');
    t.must('sessions.payIn', { requestId: ulid(), amountMinor: 200, reason: 'Monnaie' }, 'supervisor');

    const x = t.must('sessions.xReport', {});
    expect(x).toMatchObject({ kind: 'X', salesCount: 1, refundsCount: 1, ticketsSold: 3, ticketsRefunded: 1, salesGrossMinor: 12500, refundsGrossMinor: 3000, netSalesMinor: 9500, roundingMinor: 2 });
    const cash = x.methods.find((m) => m.methodId === 'pm-cash')!;
    expect(cash).toMatchObject({ floatMinor: 7000, salesMinor: 4745, refundsMinor: -3000, paidInMinor: 200, paidOutMinor: -1000, expectedMinor: 7945, countedMinor: null });
    expect(x.vat).toEqual([
      { rateBp: 260, netMinor: 487, vatMinor: 13, grossMinor: 500 },
      { rateBp: 810, netMinor: 8326, vatMinor: 674, grossMinor: 9000 },
    ]);

    const counts = [
      { methodId: 'pm-cash', countedMinor: 7940, denominations: [{ valueMinor: 5000, count: 1 }, { valueMinor: 2000, count: 1 }, { valueMinor: 500, count: 1 }, { valueMinor: 200, count: 2 }, { valueMinor: 20, count: 2 }] },
      { methodId: 'pm-card', countedMinor: 7753 },
    ];
    const preview = t.must('sessions.closingPreview', { counts }, 'supervisor');
    expect(preview.methods.find((m) => m.methodId === 'pm-cash')).toMatchObject({ expectedMinor: 7945, countedMinor: 7940, varianceMinor: -5 });
    expect(preview.totalVarianceMinor).toBe(-5);
    expect(t.must('sessions.current', {}).status).toBe('open'); // a preview closes nothing
    // a partial count previews too: what is not counted yet shows no count and no variance
    const partial = t.must('sessions.closingPreview', { counts: [counts[1]!] }, 'supervisor');
    expect(partial.methods.find((m) => m.methodId === 'pm-cash')).toMatchObject({ expectedMinor: 7945, countedMinor: null, varianceMinor: null });
    expect(partial.methods.find((m) => m.methodId === 'pm-card')).toMatchObject({ countedMinor: 7753, varianceMinor: 0 });

    const z = t.must('sessions.close', { counts, comment: '5 centimes manquent' }, 'supervisor');
    expect(z).toMatchObject({ kind: 'Z', number: 1, closedBy: 'Sophie Superviseure', totalVarianceMinor: -5, grandTotals: { perpetualMinor: 9500, perpetualAbsoluteMinor: 15500 } });
    expect(t.must('sessions.current', {})).toMatchObject({ status: 'closed', lastZNumber: 1 });
    // every till account is back at zero: what was counted went to the safe
    const tillBalances = t.db.prepare("SELECT account_id, balance_minor FROM account_balances WHERE account_id LIKE 'till:%' AND balance_minor <> 0").all();
    expect(tillBalances).toEqual([]);
    expect(t.db.prepare("SELECT balance_minor FROM account_balances WHERE account_id = 'variance:G1'").get()).toEqual({ balance_minor: 5 });

    expect(t.must('reports.zList', {}, 'supervisor')).toMatchObject([{ number: 1, sessionNumber: 1, netSalesMinor: 9500, totalVarianceMinor: -5 }]);
    expect(t.must('reports.zGet', { number: 1 }, 'supervisor')).toEqual(z);
    expect(verifyJournal(t.db, () => t.context.journalKey).ok).toBe(true);

    // the next session starts from zero and numbers on
    t.must('sessions.open', { float: [] });
    t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 0 }] }, 'supervisor');
    expect(t.must('reports.zList', {}, 'supervisor').map((r) => r.number)).toEqual([2, 1]);
    expect(t.must('reports.zGet', { number: 2 }, 'supervisor').grandTotals.perpetualMinor).toBe(9500);
  });

  it('logs every sensitive action in the audit log', () => {
    t.must('sessions.open', { float });
    const order = sellCardAndCash();
    t.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[2]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 500 }], reason: 'Doublon' });
    t.must('sessions.xReport', {});
    t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 11745 }, { methodId: 'pm-card', countedMinor: 7253 }] }, 'supervisor');
    const actions = t.must('audit.list', {}, 'supervisor').map((a) => [a.action, a.userName, a.tillId]).reverse();
    expect(actions).toEqual([
      ['session.opened', 'Camille Caissière', 'G1'],
      ['order.refunded', 'Camille Caissière', 'G1'],
      ['session.x_report', 'Camille Caissière', 'G1'],
      ['session.closed', 'Sophie Superviseure', 'G1'],
    ]);
    expect(t.call('audit.list', {}, 'cashier')).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
    expect(t.must('audit.list', { action: 'auth.denied' }, 'supervisor')).toHaveLength(1);
  });
});

describe('session refusals: a code each, nothing written', () => {
  const open = () => t.must('sessions.open', { float });
  const rows: [string, () => void, () => ReturnType<TestTill['call']>, ErrorCode, Record<string, unknown>?][] = [
    ['opening twice', open, () => t.call('sessions.open', { float }), 'session_already_open'],
    ['a negative denomination count', () => {}, () => t.call('sessions.open', { float: [{ valueMinor: 500, count: -1 }] }), 'quantity_invalid'],
    ['a zero denomination value', () => {}, () => t.call('sessions.open', { float: [{ valueMinor: 0, count: 1 }] }), 'amount_invalid'],
    ['paying out of a closed till', () => {}, () => t.call('sessions.payOut', { requestId: ulid(), amountMinor: 100, reason: 'x' }, 'supervisor'), 'till_closed'],
    ['paying out more cash than there is', open, () => t.call('sessions.payOut', { requestId: ulid(), amountMinor: 7001, reason: 'x' }, 'supervisor'), 'cash_insufficient', { availableMinor: 7000 }],
    ['a cashier paying out', open, () => t.call('sessions.payOut', { requestId: ulid(), amountMinor: 100, reason: 'x' }, 'cashier'), 'not_permitted'],
    ['an X report of a closed till', () => {}, () => t.call('sessions.xReport', {}), 'till_closed'],
    ['closing a closed till', () => {}, () => t.call('sessions.close', { counts: [] }, 'supervisor'), 'till_closed'],
    ['closing without counting the cash', open, () => t.call('sessions.close', { counts: [] }, 'supervisor'), 'count_missing', { methods: ['Espèces'] }],
    ['closing without counting the card slips', () => { open(); sellCardAndCash(); }, () => t.call('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 11745 }] }, 'supervisor'), 'count_missing', { methods: ['Carte bancaire'] }],
    ['denominations that do not match the count', open, () => t.call('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 7000, denominations: [{ valueMinor: 2000, count: 3 }] }] }, 'supervisor'), 'count_mismatch', { denominationsMinor: 6000, countedMinor: 7000 }],
    ['counting an unknown method', open, () => t.call('sessions.close', { counts: [{ methodId: 'pm-x', countedMinor: 0 }] }, 'supervisor'), 'method_not_found'],
    ['a cashier closing', open, () => t.call('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 7000 }] }, 'cashier'), 'not_permitted', { permission: 'session:close' }],
    ['an unknown Z report', () => {}, () => t.call('reports.zGet', { number: 9 }, 'supervisor'), 'z_report_not_found'],
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
