// X and Z reports an accountant signs (issue 12, points 1–4): revenue is what the VAT
// bases say; vouchers, credit balances and deferred accounts on their own lines; the
// printed report, read back by the virtual printer, carries every line the screen shows.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../shared/api/contract.ts';
import { TillReport as TillReportSchema } from '../../shared/api/session-schemas.ts';
import { tillReportSections } from '../../shared/domain/till-report-lines.ts';
import type { TillReport } from '../../shared/domain/types.ts';
import { headerOf } from '../printing/index.ts';
import { renderTillReport } from '../printing/index.ts';
import { printableText } from '../printing/index.ts';
import { defaultProfile } from '../printing/index.ts';
import { renderBytes, renderText } from '../printing/index.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';
import { printedLinesMissing } from '../testing/till-report-print.ts';

let t: TestTill;
const ticket = (quantity: number) => ({ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity }) as const;
const checkout = (input: Omit<InputOf<'sales.checkout'>, 'requestId'>) => t.must('sales.checkout', { requestId: ulid(), ...input });
const renderContext = { language: 'fr', country: 'CH', currency: 'CHF', timeZone: 'Europe/Zurich' } as const;
const printed = (report: TillReport) => renderText(renderTillReport(report, headerOf(t.db, 'G1'), defaultProfile, renderContext, 0), defaultProfile.columns);
/** The amount printed on the first line that starts with `label` (as the printer spells it: ’ is '). */
function printedAmount(text: string, label: string): string | null {
  const printedLabel = printableText(label, defaultProfile.codePage);
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith(printedLabel)) return trimmed.slice(printedLabel.length).trim();
  }
  return null;
}

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [{ valueMinor: 2000, count: 2 }, { valueMinor: 500, count: 2 }] });
});

/** A 100.– voucher sold by card, then a 45.– ticket paid with it: 55.– to Marie Dupont's balance. */
function voucherDay() {
  const gift = checkout({ lines: [{ kind: 'voucher', voucherProductId: 'vp-100', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 10000 }] });
  const order = checkout({ lines: [ticket(1)], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-voucher', amountMinor: 10000, reference: gift.vouchers[0]!.code }] });
  return { gift, order };
}

/** The voucher day, then credit funded, spent, refunded to and paid out; a sale on account settled with 10.– too much. */
function fullDay() {
  voucherDay();
  t.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-card', amountMinor: 2000 }, 'supervisor');
  const spent = checkout({ lines: [ticket(1)], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: 4500 }] });
  t.must('orders.refund', { requestId: ulid(), orderId: spent.id, lines: [{ orderLineId: spent.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-credit', amountMinor: 4500 }], reason: 'Malade' });
  t.must('credit.payOut', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 1000 }, 'supervisor');
  checkout({ lines: [ticket(2), { kind: 'item', itemId: 'i-programme', quantity: 2 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 10000 }] });
  t.must('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 11000, reference: 'Chèque 12', excessToCredit: true }, 'supervisor');
}
const fullDayCounts = [
  { methodId: 'pm-cash', countedMinor: 4000, denominations: [{ valueMinor: 2000, count: 1 }, { valueMinor: 1000, count: 1 }, { valueMinor: 500, count: 2 }] },
  { methodId: 'pm-card', countedMinor: 12000 },
  { methodId: 'pm-cheque', countedMinor: 11000 },
];

describe('point 1: a gift-voucher sale is a liability, not revenue', () => {
  it('the X counts the ticket paid by voucher once as revenue; the voucher and its remainder on their own lines', () => {
    voucherDay();
    const x = t.must('sessions.xReport', {});
    expect(x).toMatchObject({ salesCount: 1, salesGrossMinor: 4500, refundsGrossMinor: 0, netSalesMinor: 4500 });
    expect(x.vat.reduce((a, v) => a + v.grossMinor, 0)).toBe(x.netSalesMinor);
    expect(x.accounts).toMatchObject({ vouchersSoldMinor: 10000, vouchersRedeemedMinor: 10000, creditFromVouchersMinor: 5500, creditSpentMinor: 0 });
    // the card took 100.– for the voucher: the drawer expects it, revenue does not count it
    expect(x.methods.find((m) => m.methodId === 'pm-card')).toMatchObject({ salesMinor: 10000, expectedMinor: 10000 });
  });

  it('a refunded voucher leaves revenue alone and shows on the voucher lines', () => {
    const gift = checkout({ lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }, ticket(1)], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 9500 }] });
    t.must('orders.refund', { requestId: ulid(), orderId: gift.id, lines: [{ orderLineId: gift.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 5000 }], reason: 'Erreur' });
    const x = t.must('sessions.xReport', {});
    expect(x).toMatchObject({ salesCount: 1, refundsCount: 0, salesGrossMinor: 4500, refundsGrossMinor: 0, netSalesMinor: 4500 });
    expect(x.accounts).toMatchObject({ vouchersSoldMinor: 5000, vouchersRefundedMinor: 5000 });
  });

  it('the perpetual grand totals of the Z count revenue, not vouchers', () => {
    voucherDay();
    const z = t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 5000 }, { methodId: 'pm-card', countedMinor: 10000 }] }, 'supervisor');
    expect(z.netSalesMinor).toBe(4500);
    expect(z.grandTotals).toEqual({ perpetualMinor: 4500, perpetualAbsoluteMinor: 4500 });
    expect(printedAmount(printed(z), 'Chiffre d’affaires net TTC')).toBe('45.00 CHF');
  });
});

describe('point 2: the printed X and Z carry every line the screen shows', () => {
  it('credit balance, vouchers, deferred, tickets sold/refunded/net and the count by denomination, on paper', () => {
    fullDay();

    const x = t.must('sessions.xReport', {});
    expect(x.accounts).toMatchObject({
      creditFundedMinor: 2000, creditSpentMinor: 4500, creditFromVouchersMinor: 5500, creditRefundedMinor: 4500, creditPaidOutMinor: 1000, creditFromSettlementsMinor: 1000,
      deferredChargedMinor: 10000, deferredSettledMinor: 10000, vouchersSoldMinor: 10000, vouchersRedeemedMinor: 10000,
    });
    expect(x).toMatchObject({ ticketsSold: 4, ticketsRefunded: 1, salesCount: 3, refundsCount: 1, netSalesMinor: 4500 + 4500 - 4500 + 10000 });
    expect(x.vat.map((v) => [v.rateBp, v.grossMinor])).toEqual([[260, 1000], [810, 13500]]);
    const text = printed(x);
    const expected: [string, string][] = [
      ['Billets vendus', '4'], ['Billets remboursés', '1'], ['Billets nets', '3'],
      ['Bons vendus', '100.00 CHF'], ['Bons utilisés', '-100.00 CHF'],
      ['Alimentations', '20.00 CHF'], ['Utilisés en paiement', '-45.00 CHF'], ['Restes de bons', '55.00 CHF'], ['Remboursements sur avoir', '45.00 CHF'],
      ['Soldes remboursés', '-10.00 CHF'], ['Excédents de règlement', '10.00 CHF'], ['Variation des soldes', '75.00 CHF'],
      ['Ventes sur compte', '100.00 CHF'], ['Règlements', '-100.00 CHF'], ['Variation de l’encours', '0.00 CHF'],
      ['Chiffre d’affaires net TTC', '145.00 CHF'], ['Base HT 2,6 %', '9.74 CHF'], ['TVA 2,6 %', '0.26 CHF'],
    ];
    for (const [label, amount] of expected) expect([label, printedAmount(text, label)]).toEqual([label, amount]);
    expect(printedLinesMissing(x, text)).toEqual([]);

    const z = t.must('sessions.close', { counts: fullDayCounts }, 'supervisor');
    expect(z.methods.find((m) => m.methodId === 'pm-cash')!.denominations).toEqual(fullDayCounts[0]!.denominations);
    expect(z.floatDenominations).toEqual([{ valueMinor: 2000, count: 2 }, { valueMinor: 500, count: 2 }]);
    const zText = printed(z);
    expect(zText).toMatch(/^COMPTAGE Espèces\n +20\.00 CHF x 1 +20\.00 CHF\n +10\.00 CHF x 1 +10\.00 CHF\n +5\.00 CHF x 2 +10\.00 CHF\n +Total compté +40\.00 CHF$/m);
    expect(zText).toMatch(/^FOND COMPTÉ À L'OUVERTURE\n +20\.00 CHF x 2 +40\.00 CHF\n +5\.00 CHF x 2 +10\.00 CHF\n/m);
    expect(z.totalVarianceMinor).toBe(0);
    expect(printedLinesMissing(z, zText)).toEqual([]);
    // what is printed from the stored Z is what closing returned
    expect(t.must('reports.zGet', { number: 1 }, 'supervisor')).toEqual(z);
  });

  it('in English and on 58 mm paper too; a Z stored before the new lines prints with them at zero', () => {
    voucherDay();
    const z = t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 5000, denominations: [{ valueMinor: 5000, count: 1 }] }, { methodId: 'pm-card', countedMinor: 10000 }] }, 'supervisor');
    const narrow = { ...defaultProfile, widthMm: 58 as const, columns: 32 };
    const english = { ...renderContext, language: 'en' } as const;
    const text = renderText(renderTillReport(z, headerOf(t.db, 'G1'), narrow, english, 0), narrow.columns);
    expect(printedLinesMissing(z, text, english)).toEqual([]);
    // as closings stored it before: no float or count by denomination, no settlement or reversal lines
    const old = JSON.parse(JSON.stringify(z)) as Record<string, unknown> & { accounts: Record<string, unknown>; methods: Record<string, unknown>[] };
    delete old.floatDenominations;
    for (const key of ['creditReversedMinor', 'creditFromSettlementsMinor', 'vouchersRefundedMinor', 'vouchersReinstatedMinor']) delete old.accounts[key];
    for (const m of old.methods) delete m.denominations;
    // (session_closings rows are immutable: the slip and zGet read such JSON through the schema)
    const reprint = printed(old as unknown as TillReport);
    expect(printedAmount(reprint, 'Excédents de règlement')).toBe('0.00 CHF');
    expect(reprint).not.toContain('FOND COMPTÉ');
    expect(TillReportSchema.parse(old)).toMatchObject({ floatDenominations: [], accounts: { creditFromSettlementsMinor: 0 } });
  });

  it('renders as the virtual printer shows it (docs/screenshots/z-report-printed.png with GUICHET_SCREENSHOTS=1)', () => {
    fullDay();
    const z = t.must('sessions.close', { counts: fullDayCounts }, 'supervisor');
    const { png, text, widthPx } = renderBytes(renderTillReport(z, headerOf(t.db, 'G1'), defaultProfile, renderContext, 0), defaultProfile.columns);
    expect(widthPx).toBeGreaterThan(0);
    expect(printedLinesMissing(z, text)).toEqual([]);
    if (process.env.GUICHET_SCREENSHOTS === '1') writeFileSync(join(import.meta.dirname, '../../../docs/screenshots/z-report-printed.png'), png);
  });

  it('every line of the report has its words in both printed languages and in the screen catalogues', async () => {
    voucherDay();
    const x = t.must('sessions.xReport', {});
    const { uiFr } = await import('../../shared/i18n/ui-fr.ts');
    const { uiEn } = await import('../../shared/i18n/ui-en.ts');
    for (const section of tillReportSections(x)) {
      for (const ui of [uiFr, uiEn]) {
        const lines = (ui.report as unknown as { lines: Record<string, string> }).lines;
        expect(lines[section.title.label], section.title.label).toBeTypeOf('string');
        for (const line of section.lines) expect(lines[line.label], line.label).toBeTypeOf('string');
      }
    }
  });
});

describe('point 3: a settlement’s excess on the credit balance is its own movement kind', () => {
  it('in the credit history, the credit reports and the X', () => {
    checkout({ lines: [ticket(1)], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 4500 }] });
    t.must('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 5000, reference: 'Chèque 4711', excessToCredit: true }, 'supervisor');
    const history = t.must('credit.history', { contactId: 'c-ecole' });
    expect(history.movements.map((m) => [m.kind, m.amountMinor, m.methodId, m.reference])).toEqual([['settlement_excess', 500, 'pm-cheque', 'Chèque 4711']]);
    const slip = t.must('reports.creditSlip', { tillIds: [], fromMs: 0, toMs: t.clock.nowMs() + 1 }, 'supervisor');
    expect(slip.rows.map((r) => r.kind)).toEqual(['settlement_excess']);
    expect(slip.totals.byKind).toMatchObject({ settlement_excess: 500, reversed: 0 });
    expect(t.must('sessions.xReport', {}).accounts.creditFromSettlementsMinor).toBe(500);
  });
});

describe('point 4: credit and an overflowing voucher in one sale', () => {
  const gift = () => checkout({ lines: [{ kind: 'voucher', voucherProductId: 'vp-100', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 10000 }] }).vouchers[0]!.code;

  it.each([
    ['credit 10.– and a 100.– voucher on 45.–', [{ methodId: 'pm-credit', amountMinor: 1000 }], 1000, 10000],
    ['credit 10.– and a 40.– rest of voucher on 45.– (5.– too much)', [{ methodId: 'pm-credit', amountMinor: 1000 }], 500, 4000],
    ['a card payment the voucher makes useless', [{ methodId: 'pm-card', amountMinor: 2000 }], 2000, 10000],
  ])('refuses %s: payment_covered_by_voucher, nothing written', (_name, others, excessMinor, voucherMinor) => {
    const code = gift();
    t.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-card', amountMinor: 2000 }, 'supervisor');
    if (voucherMinor < 10000) checkout({ lines: [{ kind: 'item', itemId: 'i-programme', quantity: 12 }], buyerContactId: null, payments: [{ methodId: 'pm-voucher', amountMinor: 6000, reference: code }] });
    const payments = [...others, { methodId: 'pm-voucher', amountMinor: voucherMinor, reference: code }];
    const before = stateFingerprint(t.db);
    for (const result of [
      t.call('sales.quote', { lines: [ticket(1)], buyerContactId: 'c-dupont', payments }),
      t.call('sales.checkout', { requestId: ulid(), lines: [ticket(1)], buyerContactId: 'c-dupont', payments }),
    ]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'payment_covered_by_voucher', details: { methodId: others[0]!.methodId, excessMinor } } });
    }
    expect(stateFingerprint(t.db)).toBe(before);
  });

  it('without the unneeded payment the receipt, the credit history and the X agree', () => {
    const code = gift();
    t.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-card', amountMinor: 2000 }, 'supervisor');
    const order = checkout({ lines: [ticket(1)], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-voucher', amountMinor: 10000, reference: code }] });
    expect(order.payments.map((p) => [p.methodId, p.amountMinor, p.toCreditMinor])).toEqual([['pm-voucher', 4500, 5500]]);
    const receipt = t.must('printing.preview', { document: { kind: 'receipt', orderId: order.id } }).text;
    expect(receipt).not.toContain('Solde avoir utilisé');
    expect(receipt).toMatch(/Reste du bon versé sur le solde av[^\n]*\n? *55\.00 CHF/);
    const history = t.must('credit.history', { contactId: 'c-dupont' }).movements;
    expect(history.map((m) => [m.kind, m.amountMinor])).toEqual([['voucher_overflow', 5500], ['funded', 2000]]);
    const x = t.must('sessions.xReport', {});
    expect(x.accounts).toMatchObject({ creditSpentMinor: 0, creditFromVouchersMinor: 5500, creditFundedMinor: 2000 });
    expect(verifyJournal(t.db, () => t.context.journalKey).ok).toBe(true);
  });
});
