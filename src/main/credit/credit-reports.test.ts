// The three credit reports checked against the ledger, and the queries they stand on
// checked to use their indexes.
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;
const hourMs = 3600_000;
let t0: number;

beforeAll(() => {
  t = testTill();
  t0 = t.clock.nowMs();
  t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
  const fund = (contactId: string, amountMinor: number) => t.must('credit.fund', { requestId: ulid(), contactId, methodId: 'pm-card', amountMinor }, 'supervisor');
  fund('c-dupont', 10000); // t0
  t.clock.advance(hourMs);
  fund('c-rochat', 5000); // t0 + 1h
  t.clock.advance(hourMs);
  t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 2 }], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: 1000 }] }); // t0 + 2h
  t.clock.advance(hourMs);
  t.must('credit.payOut', { requestId: ulid(), contactId: 'c-rochat', methodId: 'pm-cash', amountMinor: 5000 }, 'supervisor'); // t0 + 3h: Rochat back to 0
  t.clock.advance(hourMs);
  fund('c-favre', 2500); // t0 + 4h
});

describe('Bordereau des mouvements de compte d’avoir', () => {
  it('lists what credited or debited balances at the tills over the period, with totals from the ledger', () => {
    const slip = t.must('reports.creditSlip', { fromMs: t0, toMs: t0 + 3 * hourMs, tillIds: [] }, 'supervisor');
    expect(slip.rows.map((r) => [r.contactName, r.kind, r.amountMinor])).toEqual([
      ['Marie Dupont', 'funded', 10000],
      ['Lucien Rochat', 'funded', 5000],
      ['Marie Dupont', 'spent', -1000],
      ['Lucien Rochat', 'paid_out', -5000],
    ]);
    expect(slip).toMatchObject({ rowCount: 4, isTruncated: false, totals: { creditedMinor: 15000, debitedMinor: 6000, netMinor: 9000 } });
    expect(slip.totals.byKind).toMatchObject({ funded: 15000, spent: -1000, paid_out: -5000, refunded_to_credit: 0 });
    // the same sum from the postings themselves
    const ledger = t.db
      .prepare(`SELECT -SUM(p.amount_minor) AS net FROM postings p JOIN journal j ON j.id = p.entry_id JOIN accounts a ON a.id = p.account_id WHERE a.kind = 'credit' AND j.created_at_ms BETWEEN ? AND ?`)
      .get(t0, t0 + 3 * hourMs) as { net: number };
    expect(slip.totals.netMinor).toBe(ledger.net);
  });

  it('filters by till', () => {
    expect(t.must('reports.creditSlip', { fromMs: t0, toMs: t0 + 9 * hourMs, tillIds: ['G1'] }, 'supervisor').rowCount).toBe(5);
    expect(t.must('reports.creditSlip', { fromMs: t0, toMs: t0 + 9 * hourMs, tillIds: ['G9'] }, 'supervisor').rowCount).toBe(0);
  });
});

describe('slip totals over days', () => {
  it('add up whole days from the day totals and partial days from the rows, exactly as a sum of every row', () => {
    const d = testTill();
    d.must('sessions.open', { float: [] });
    const start = d.clock.nowMs();
    // 40 movements spread over ten days at odd hours
    for (let i = 0; i < 40; i += 1) {
      d.clock.ms = start + i * 6 * hourMs + (i % 7) * 37 * 60_000;
      const contactId = i % 2 ? 'c-dupont' : 'c-rochat';
      if (i % 3 === 2 && d.must('contacts.get', { contactId }).creditBalanceMinor >= 700) {
        d.must('credit.payOut', { requestId: ulid(), contactId, methodId: 'pm-card', amountMinor: 700 }, 'supervisor');
      } else {
        d.must('credit.fund', { requestId: ulid(), contactId, methodId: 'pm-card', amountMinor: 1000 + i }, 'supervisor');
      }
    }
    const end = d.clock.nowMs();
    const bruteForce = (fromMs: number, toMs: number) =>
      d.db.prepare("SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN amount_minor < 0 THEN -amount_minor ELSE 0 END), 0) AS credited, COALESCE(SUM(CASE WHEN amount_minor > 0 THEN amount_minor ELSE 0 END), 0) AS debited FROM account_movements WHERE kind = 'credit' AND at_ms BETWEEN ? AND ?").get(fromMs, toMs) as { n: number; credited: number; debited: number };
    const periods = [[start, end], [start - 5 * 86_400_000, end + 1], [start + 7 * hourMs, end - 13 * hourMs], [start + 30 * hourMs, start + 30 * hourMs], [start + 86_400_000, start + 3 * 86_400_000 - 1]];
    for (const [fromMs, toMs] of periods as [number, number][]) {
      const slip = d.must('reports.creditSlip', { fromMs, toMs, tillIds: [] }, 'supervisor');
      const truth = bruteForce(fromMs, toMs);
      expect({ n: slip.rowCount, credited: slip.totals.creditedMinor, debited: slip.totals.debitedMinor }).toEqual(truth);
      expect(d.must('reports.creditSlip', { fromMs, toMs, tillIds: ['G1'] }, 'supervisor').totals).toEqual(slip.totals);
    }
  });
});

describe('Suivi des comptes d’avoir', () => {
  it('gives each contact whose balance was not zero in the period its opening, movements and closing', () => {
    const report = t.must('reports.creditAccounts', { fromMs: t0 + 2 * hourMs, toMs: t0 + 3 * hourMs }, 'supervisor');
    expect(report.rows.map((r) => [r.contactName, r.openingMinor, r.creditedMinor, r.debitedMinor, r.closingMinor])).toEqual([
      ['Marie Dupont', 10000, 0, 1000, 9000],
      ['Lucien Rochat', 5000, 0, 5000, 0],
    ]);
    expect(report.totals).toEqual({ openingMinor: 15000, creditedMinor: 0, debitedMinor: 6000, closingMinor: 9000 });
    // Favre was funded after the period; Rochat's balance is zero today but was not during it
    const later = t.must('reports.creditAccounts', { fromMs: t0 + 3 * hourMs + 1, toMs: t0 + 9 * hourMs }, 'supervisor');
    expect(later.rows.map((r) => [r.contactName, r.openingMinor, r.closingMinor])).toEqual([
      ['Marie Dupont', 9000, 9000],
      ['Élodie Favre', 0, 2500],
    ]);
  });

  it('closing balances over all time equal today’s balances', () => {
    const report = t.must('reports.creditAccounts', { fromMs: 0, toMs: t0 + 99 * hourMs }, 'supervisor');
    for (const row of report.rows) expect(row.closingMinor).toBe(t.must('contacts.get', { contactId: row.contactId }).creditBalanceMinor);
  });
});

describe('Suivi des mouvements des comptes d’avoir', () => {
  it('lists the movements of the chosen contacts with their running balance', () => {
    const report = t.must('reports.creditMovements', { fromMs: 0, toMs: t0 + 99 * hourMs, contactIds: ['c-dupont', 'c-favre'] }, 'supervisor');
    expect(report.rows.map((r) => [r.contactId, r.kind, r.amountMinor, r.balanceAfterMinor])).toEqual([
      ['c-dupont', 'funded', 10000, 10000],
      ['c-dupont', 'spent', -1000, 9000],
      ['c-favre', 'funded', 2500, 2500],
    ]);
  });
});

describe('report refusals', () => {
  it.each([
    ['reports.creditSlip', { fromMs: 10, toMs: 5, tillIds: [] }, 'invalid_input'],
    ['reports.creditAccounts', { fromMs: -1, toMs: 5 }, 'invalid_input'],
    ['reports.creditMovements', { fromMs: 0, toMs: 5, contactIds: [] }, 'invalid_input'],
  ] as const)('%s %j → %s', (method, input, code) => {
    expect(t.call(method, input as never, 'supervisor')).toMatchObject({ ok: false, error: { code } });
  });

  it('needs the reports permission', () => {
    expect(t.call('reports.creditSlip', { fromMs: 0, toMs: 5, tillIds: [] }, 'cashier')).toMatchObject({ ok: false, error: { code: 'not_permitted', details: { permission: 'report:accounts' } } });
  });
});

describe('report queries use their indexes', () => {
  const plan = (sql: string, ...params: unknown[]) =>
    (t.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');

  it.each([
    ['the slip of all tills', "SELECT * FROM account_movements m WHERE m.kind = 'credit' AND m.at_ms BETWEEN 0 AND 9", 'account_movements_period'],
    ['the slip of some tills', "SELECT * FROM account_movements m WHERE m.kind = 'credit' AND m.at_ms BETWEEN 0 AND 9 AND m.till_id IN (SELECT value FROM json_each('[\"G1\"]'))", 'account_movements_'],
    ['a contact’s movements', "SELECT * FROM account_movements m WHERE m.contact_id IN (SELECT value FROM json_each('[\"c-dupont\"]')) AND m.kind = 'credit' AND m.at_ms BETWEEN 0 AND 9", 'account_movements_contact'],
    ['the accounts’ movements after a date', "SELECT contact_id, SUM(amount_minor) FROM account_movements WHERE kind = 'credit' AND at_ms > 5 GROUP BY contact_id", 'COVERING INDEX account_movements_period'],
  ])('%s', (_name, sql, index) => {
    const detail = plan(sql);
    expect(detail).toContain(index);
    expect(detail).not.toMatch(/SCAN m\b|SCAN account_movements\b(?! USING)/);
  });
});
