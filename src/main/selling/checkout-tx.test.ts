// The sale as check then apply: every refusal comes from the check, before any write (the
// ledger's bound check is never its answer), and a failure after the apply's last write
// rolls back every row of the sale.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { balanceMinorMax } from '../../shared/limits.ts';
import { failingPrintHooks, forbidJournalWrites, testTill, writtenRowCounts } from '../testing/fixtures.ts';

const lines = [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 } as const];
const paidInCash = (requestId = ulid()) => ({ requestId, lines, buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 9000 }] });

describe('sales.checkout as check then apply', () => {
  it('refuses in its check, writing nothing: too little paid, and a drawer that would pass balanceMinorMax', () => {
    const t = testTill();
    t.must('sessions.open', { float: [] });
    t.db.prepare("INSERT OR IGNORE INTO accounts (id, kind, till_id, method_id, currency) VALUES ('till:G1:pm-cash', 'till', 'G1', 'pm-cash', 'CHF')").run();
    t.db.prepare("INSERT INTO account_balances (account_id, kind, balance_minor) VALUES ('till:G1:pm-cash', 'till', ?)").run(balanceMinorMax - 8999);
    const before = writtenRowCounts(t.db);
    forbidJournalWrites(t.db);
    expect(t.call('sales.checkout', { ...paidInCash(), payments: [{ methodId: 'pm-cash', amountMinor: 100 }] })).toMatchObject({ ok: false, error: { code: 'payment_insufficient' } });
    expect(t.call('sales.checkout', paidInCash())).toMatchObject({ ok: false, error: { code: 'total_too_large', details: { account: 'till:G1:pm-cash', balanceMinor: balanceMinorMax - 8999 } } });
    expect(writtenRowCounts(t.db)).toEqual(before);
  });

  it('rolls back every row of the sale when the apply fails after its last write, and records no request', () => {
    const t = testTill({ print: failingPrintHooks });
    t.must('sessions.open', { float: [] });
    const before = writtenRowCounts(t.db);
    const stockBefore = t.db.prepare('SELECT * FROM performance_stock').all();
    const requestId = ulid();
    expect(t.call('sales.checkout', paidInCash(requestId))).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(writtenRowCounts(t.db)).toEqual(before);
    expect(t.db.prepare('SELECT * FROM performance_stock').all()).toEqual(stockBefore);
    t.context.print = { ...failingPrintHooks, onSale: () => {} };
    const sold = t.must('sales.checkout', paidInCash(requestId));
    expect(t.must('sales.checkout', paidInCash(requestId))).toEqual(sold);
    expect(writtenRowCounts(t.db).orders).toBe(before.orders! + 1);
  });

  it('gives its tickets barcodes no ticket has: a taken one and a repeated one are skipped, in the order the generator gives them', () => {
    const t = testTill();
    t.must('sessions.open', { float: [] });
    const first = t.must('sales.checkout', paidInCash());
    const taken = t.db.prepare('SELECT t.barcode FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE l.order_id = ? ORDER BY t.rowid').pluck().all(first.id) as string[];
    const given = [taken[0]!, taken[1]!, '7000000000000001', '7000000000000001', '7000000000000002', '7000000000000003'];
    let made = 0;
    t.context.ids.barcode = () => given[made++]!;
    const three = { ...paidInCash(), lines: [{ ...lines[0]!, quantity: 3 }], payments: [{ methodId: 'pm-cash', amountMinor: 20000 }] };
    const sold = t.must('sales.checkout', three);
    const barcodes = t.db.prepare('SELECT t.barcode FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE l.order_id = ? ORDER BY t.rowid').pluck().all(sold.id);
    expect(barcodes).toEqual(['7000000000000001', '7000000000000002', '7000000000000003']);
    expect(made).toBe(6);
  });
});
