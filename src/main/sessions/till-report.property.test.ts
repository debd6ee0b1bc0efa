// Property test of the X and Z over random days (issue 12): sales of tickets and items,
// vouchers sold and redeemed (with their remainder to credit), credit funded, spent and
// paid out, sales on account, refunds (to the original method or to credit), deferred
// settlements with their excess to credit. After each day:
// - revenue equals the VAT bases, and what the test itself sold and refunded;
// - every account line equals the ledger's postings of its entry type and direction on its
//   kind of account, and no posting on a voucher, credit or deferred account is left out;
// - the printed X and Z, read back by the virtual printer's decoder, carry every line of
//   the report the screen shows, with the same amount.
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../shared/api/contract.ts';
import { tillReportSections } from '../../shared/domain/till-report-lines.ts';
import type { TillReport } from '../../shared/domain/types.ts';
import { negateMinor } from '../../shared/money/money.ts';
import { headerOf } from '../printing/index.ts';
import { renderTillReport } from '../printing/index.ts';
import { defaultProfile } from '../printing/index.ts';
import { renderText } from '../printing/index.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';
import { printedLinesMissing } from '../testing/till-report-print.ts';

const runs = Number(process.env.GUICHET_TILL_REPORT_RUNS ?? 60);
const buyers = ['c-dupont', 'c-ecole'] as const;
const ticketMinor = 4500; // e-misanthrope-p1, plein tarif
const itemMinor = 500; // i-programme (2.6 % VAT)

type Op =
  | { op: 'sell'; tickets: number; items: number; card: boolean; buyer: number | null }
  | { op: 'sellVoucher'; big: boolean; withTicket: boolean }
  | { op: 'redeem'; pick: number; buyer: number }
  | { op: 'creditFund'; buyer: number; amount: number; cash: boolean }
  | { op: 'spend'; buyer: number; credit: number }
  | { op: 'creditPayOut'; buyer: number; amount: number }
  | { op: 'onAccount'; tickets: number; tracked: boolean }
  | { op: 'refund'; pick: number; toCredit: boolean }
  | { op: 'settle'; amount: number };

const buyer = fc.integer({ min: 0, max: buyers.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('sell' as const), tickets: fc.integer({ min: 0, max: 3 }), items: fc.integer({ min: 0, max: 3 }), card: fc.boolean(), buyer: fc.option(buyer, { nil: null }) }),
  fc.record({ op: fc.constant('sellVoucher' as const), big: fc.boolean(), withTicket: fc.boolean() }),
  fc.record({ op: fc.constant('redeem' as const), pick: fc.nat(), buyer }),
  fc.record({ op: fc.constant('creditFund' as const), buyer, amount: fc.integer({ min: 1, max: 20_000 }), cash: fc.boolean() }),
  fc.record({ op: fc.constant('spend' as const), buyer, credit: fc.integer({ min: 1, max: ticketMinor }) }),
  fc.record({ op: fc.constant('creditPayOut' as const), buyer, amount: fc.integer({ min: 1, max: 20_000 }) }),
  fc.record({ op: fc.constant('onAccount' as const), tickets: fc.integer({ min: 1, max: 3 }), tracked: fc.boolean() }),
  fc.record({ op: fc.constant('refund' as const), pick: fc.nat(), toCredit: fc.boolean() }),
  fc.record({ op: fc.constant('settle' as const), amount: fc.integer({ min: 1, max: 30_000 }) }),
);

/** What the test itself sold and refunded, and what it can still act on. */
interface Day {
  revenueMinor: number;
  /** Orders whose first line is a 45.– ticket, with tickets left to refund. */
  refundable: { id: string; lineId: string; buyer: string | null; methodId: string; left: number }[];
  vouchers: { code: string }[];
}

const ticket = (quantity: number) => ({ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity }) as const;
const item = (quantity: number) => ({ kind: 'item', itemId: 'i-programme', quantity }) as const;

function sell(t: TestTill, day: Day, input: Omit<InputOf<'sales.checkout'>, 'requestId'>, revenueMinor: number, methodId: string) {
  const order = t.must('sales.checkout', { requestId: ulid(), ...input });
  day.revenueMinor += revenueMinor;
  const first = order.lines[0]!;
  if (first.kind === 'ticket') day.refundable.push({ id: order.id, lineId: first.id, buyer: input.buyerContactId, methodId, left: first.quantity });
  for (const v of order.vouchers) day.vouchers.push({ code: v.code });
  return order;
}

const creditOf = (t: TestTill, contactId: string) => t.must('contacts.get', { contactId }).creditBalanceMinor;
const voucherLeft = (t: TestTill, code: string) => {
  const row = t.db.prepare("SELECT -b.balance_minor AS left FROM vouchers v JOIN account_balances b ON b.account_id = 'voucher:' || v.id WHERE v.code = ?").get(code) as { left: number } | undefined;
  return row?.left ?? 0;
};

function step(t: TestTill, day: Day, op: Op): void {
  switch (op.op) {
    case 'sell': {
      const total = op.tickets * ticketMinor + op.items * itemMinor;
      if (total === 0) return;
      const methodId = op.card ? 'pm-card' : 'pm-cash';
      const lines = [...(op.tickets > 0 ? [ticket(op.tickets)] : []), ...(op.items > 0 ? [item(op.items)] : [])];
      sell(t, day, { lines, buyerContactId: op.buyer === null ? null : buyers[op.buyer]!, payments: [{ methodId, amountMinor: total }] }, total, methodId);
      return;
    }
    case 'sellVoucher': {
      const valueMinor = op.big ? 10_000 : 5000;
      const lines = [{ kind: 'voucher', voucherProductId: op.big ? 'vp-100' : 'vp-50', quantity: 1 } as const, ...(op.withTicket ? [ticket(1)] : [])];
      const revenueMinor = op.withTicket ? ticketMinor : 0;
      const order = t.must('sales.checkout', { requestId: ulid(), lines, buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: valueMinor + revenueMinor }] });
      day.revenueMinor += revenueMinor;
      for (const v of order.vouchers) day.vouchers.push({ code: v.code });
      return;
    }
    case 'redeem': {
      const usable = day.vouchers.filter((v) => voucherLeft(t, v.code) > 0);
      if (usable.length === 0) return;
      const code = usable[op.pick % usable.length]!.code;
      const left = voucherLeft(t, code);
      // a voucher worth more than the ticket pays alone (its rest goes to the buyer's balance); else the card pays the rest
      const payments = [{ methodId: 'pm-voucher', amountMinor: left, reference: code }, ...(left < ticketMinor ? [{ methodId: 'pm-card', amountMinor: ticketMinor - left }] : [])];
      sell(t, day, { lines: [ticket(1)], buyerContactId: buyers[op.buyer]!, payments }, ticketMinor, 'pm-voucher');
      return;
    }
    case 'creditFund': {
      const amountMinor = op.cash ? op.amount - (op.amount % 5) || 5 : op.amount;
      t.must('credit.fund', { requestId: ulid(), contactId: buyers[op.buyer]!, methodId: op.cash ? 'pm-cash' : 'pm-card', amountMinor }, 'supervisor');
      return;
    }
    case 'spend': {
      const contactId = buyers[op.buyer]!;
      const credit = Math.min(op.credit, creditOf(t, contactId));
      if (credit === 0) return;
      const payments = [{ methodId: 'pm-credit', amountMinor: credit }, ...(credit < ticketMinor ? [{ methodId: 'pm-card', amountMinor: ticketMinor - credit }] : [])];
      sell(t, day, { lines: [ticket(1)], buyerContactId: contactId, payments }, ticketMinor, 'pm-credit');
      return;
    }
    case 'creditPayOut': {
      const contactId = buyers[op.buyer]!;
      const amountMinor = Math.min(op.amount, creditOf(t, contactId));
      if (amountMinor > 0) t.must('credit.payOut', { requestId: ulid(), contactId, methodId: 'pm-card', amountMinor }, 'supervisor');
      return;
    }
    case 'onAccount': {
      const methodId = op.tracked ? 'pm-deferred-3' : 'pm-deferred';
      sell(t, day, { lines: [ticket(op.tickets)], buyerContactId: 'c-ecole', payments: [{ methodId, amountMinor: op.tickets * ticketMinor }] }, op.tickets * ticketMinor, methodId);
      return;
    }
    case 'refund': {
      const open = day.refundable.filter((o) => o.left > 0);
      if (open.length === 0) return;
      const order = open[op.pick % open.length]!;
      const toCredit = op.toCredit && order.buyer !== null;
      const result = t.call('orders.refund', {
        requestId: ulid(),
        orderId: order.id,
        lines: [{ orderLineId: order.lineId, quantity: 1 }],
        payments: [{ methodId: toCredit ? 'pm-credit' : order.methodId, amountMinor: ticketMinor }],
        reason: 'Jour au hasard',
      });
      // a method gives back at most what it paid (a voucher beside a card, an account partly settled)
      if (!result.ok && result.error.code === 'refund_exceeds_paid') return;
      expect(result.ok ? null : result.error.code).toBeNull();
      order.left -= 1;
      day.revenueMinor -= ticketMinor;
      return;
    }
    case 'settle':
      t.must('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: op.amount, reference: 'Chèque 1', excessToCredit: true }, 'supervisor');
      return;
  }
}

/** Which report field each (entry type, direction, account kind) of the ledger goes to; + debit, − credit. */
const fieldOf: Record<string, keyof TillReport['accounts']> = {
  'credit_fund:-:credit': 'creditFundedMinor',
  'sale:+:credit': 'creditSpentMinor',
  'sale:-:credit': 'creditFromVouchersMinor',
  'refund:-:credit': 'creditRefundedMinor',
  'refund:+:credit': 'creditReversedMinor',
  'credit_payout:+:credit': 'creditPaidOutMinor',
  'deferred_settle:-:credit': 'creditFromSettlementsMinor',
  'sale:+:deferred': 'deferredChargedMinor',
  'deferred_settle:-:deferred': 'deferredSettledMinor',
  'refund:-:deferred': 'deferredRefundedMinor',
  'sale:-:voucher': 'vouchersSoldMinor',
  'sale:+:voucher': 'vouchersRedeemedMinor',
  'refund:+:voucher': 'vouchersRefundedMinor',
  'refund:-:voucher': 'vouchersReinstatedMinor',
};

function ledgerGroups(t: TestTill, sessionId: string) {
  return t.db
    .prepare(
      `SELECT j.type, a.kind, p.amount_minor > 0 AS is_debit, SUM(ABS(p.amount_minor)) AS amount
       FROM journal j JOIN postings p ON p.entry_id = j.id JOIN accounts a ON a.id = p.account_id
       WHERE j.session_id = ? AND a.kind IN ('credit', 'deferred', 'voucher') GROUP BY 1, 2, 3`,
    )
    .all(sessionId) as { type: string; kind: string; is_debit: number; amount: number }[];
}

/** Net change per kind of account over the session, as the report signs it (+ a liability or receivable grew). */
function ledgerNet(t: TestTill, sessionId: string, kind: 'credit' | 'deferred' | 'voucher'): number {
  const row = t.db
    .prepare('SELECT COALESCE(SUM(p.amount_minor), 0) AS n FROM journal j JOIN postings p ON p.entry_id = j.id JOIN accounts a ON a.id = p.account_id WHERE j.session_id = ? AND a.kind = ?')
    .get(sessionId, kind) as { n: number };
  return kind === 'deferred' ? row.n : negateMinor(row.n);
}

function checkReport(t: TestTill, day: Day, report: TillReport): void {
  // revenue: the VAT bases, and what was sold and refunded (never a voucher)
  expect(report.netSalesMinor).toBe(report.vat.reduce((a, v) => a + v.grossMinor, 0));
  expect(report.salesGrossMinor - report.refundsGrossMinor).toBe(report.netSalesMinor);
  expect(report.netSalesMinor).toBe(day.revenueMinor);
  // every account line is the ledger's postings of its kind; nothing on those accounts is left out
  const expected = Object.fromEntries(Object.values(fieldOf).map((f) => [f, 0])) as Record<string, number>;
  for (const g of ledgerGroups(t, report.sessionId)) {
    const field = fieldOf[`${g.type}:${g.is_debit ? '+' : '-'}:${g.kind}`];
    expect(field, `${g.type} ${g.is_debit ? 'debits' : 'credits'} ${g.kind}`).toBeDefined();
    expected[field!] = (expected[field!] ?? 0) + g.amount;
  }
  expect(report.accounts).toEqual(expected);
  const sections = new Map(tillReportSections(report).map((s) => [s.id, s]));
  for (const [id, kind, net] of [['vouchers', 'voucher', 'vouchersNet'], ['credit', 'credit', 'creditNet'], ['deferred', 'deferred', 'deferredNet']] as const) {
    const lines = sections.get(id)!.lines;
    expect(lines.find((l) => l.label === net)!.value, id).toBe(ledgerNet(t, report.sessionId, kind));
  }
  // the paper carries every line the screen shows, with the same amount (80 mm, read back strictly)
  const text = renderText(renderTillReport(report, headerOf(t.db, 'G1'), defaultProfile, { language: 'fr', country: 'CH', currency: 'CHF', timeZone: 'Europe/Zurich' }, 0), defaultProfile.columns);
  expect(printedLinesMissing(report, text)).toEqual([]);
}

/** The Z: each till method counted as expected; cash by denomination (100.– notes and centimes). */
function close(t: TestTill, preview: TillReport): TillReport {
  const counts = preview.methods.map((m) => {
    const countedMinor = Math.max(m.expectedMinor, 0);
    if (m.type !== 'cash') return { methodId: m.methodId, countedMinor };
    const denominations = [{ valueMinor: 10_000, count: Math.floor(countedMinor / 10_000) }, { valueMinor: 1, count: countedMinor % 10_000 }].filter((d) => d.count > 0);
    return { methodId: m.methodId, countedMinor, denominations };
  });
  // any variance needs its comment (issue 17)
  return t.must('sessions.close', { counts, comment: 'Comptage aléatoire' }, 'supervisor');
}

describe('X and Z over random days', () => {
  it(`revenue = VAT bases, account lines = ledger, paper = screen (${runs} days)`, () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 14 }), (ops) => {
        const t = testTill();
        t.must('sessions.open', { float: [{ valueMinor: 10_000, count: 5 }] });
        const day: Day = { revenueMinor: 0, refundable: [], vouchers: [] };
        for (const op of ops) step(t, day, op);
        const x = t.must('sessions.xReport', {});
        checkReport(t, day, x);
        const z = close(t, x);
        checkReport(t, day, z);
        expect(z.totalVarianceMinor).toBe(z.methods.reduce((a, m) => a + (m.varianceMinor ?? 0), 0));
        expect({ ...z, kind: 'X', number: 0, closedAtMs: null, closedBy: null, totalVarianceMinor: null, closingComment: null, generatedAtMs: x.generatedAtMs, methods: x.methods, sections: x.sections }).toEqual(x);
        t.db.close();
      }),
      { numRuns: runs },
    );
  }, 600_000);
});
