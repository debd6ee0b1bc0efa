// The refund as check then apply: every refusal comes from the check, before any write (the
// ledger's bound check is never its answer), and a failure after the apply's last write
// rolls back every row of the refund.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { balanceMinorMax } from '../../shared/limits.ts';
import { failingPrintHooks, forbidJournalWrites, testTill, writtenRowCounts, type TestTill } from '../testing/fixtures.ts';

const lines = [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 } as const];

function soldToDupont(t: TestTill) {
  t.must('sessions.open', { float: [] });
  return t.must('sales.checkout', { requestId: ulid(), lines, buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-card', amountMinor: 9000 }] });
}

describe('orders.refund as check then apply', () => {
  it('refuses in its check, writing nothing: a split that does not add up, a credit balance past balanceMinorMax', () => {
    const t = testTill();
    const order = soldToDupont(t);
    const refund = (payments: { methodId: string; amountMinor: number }[]) => t.call('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], payments, reason: 'Malade' });
    t.db.prepare("INSERT OR IGNORE INTO accounts (id, kind, contact_id, currency) VALUES ('credit:c-dupont', 'credit', 'c-dupont', 'CHF')").run();
    t.db.prepare("INSERT INTO account_balances (account_id, kind, balance_minor) VALUES ('credit:c-dupont', 'credit', ?)").run(-(balanceMinorMax - 100));
    const before = writtenRowCounts(t.db);
    forbidJournalWrites(t.db);
    expect(refund([{ methodId: 'pm-card', amountMinor: 4000 }])).toMatchObject({ ok: false, error: { code: 'refund_amount_mismatch' } });
    expect(refund([{ methodId: 'pm-credit', amountMinor: 4500 }])).toMatchObject({ ok: false, error: { code: 'total_too_large', details: { account: 'credit:c-dupont' } } });
    expect(writtenRowCounts(t.db)).toEqual(before);
  });

  it('rolls back every row of the refund when the apply fails after its last write, and records no request', () => {
    const t = testTill({ print: failingPrintHooks });
    t.context.print = { ...failingPrintHooks, onSale: () => {} };
    const order = soldToDupont(t);
    t.context.print = failingPrintHooks;
    const input = { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 4500 }], reason: 'Malade' };
    const before = writtenRowCounts(t.db);
    const stockBefore = t.db.prepare('SELECT * FROM performance_stock').all();
    expect(t.call('orders.refund', input)).toMatchObject({ ok: false, error: { code: 'internal_error' } });
    expect(writtenRowCounts(t.db)).toEqual(before);
    expect(t.db.prepare('SELECT * FROM performance_stock').all()).toEqual(stockBefore);
    t.context.print = { ...failingPrintHooks, onRefund: () => {} };
    const refunded = t.must('orders.refund', input);
    expect(refunded.refunds).toHaveLength(1);
    expect(t.must('orders.refund', input)).toEqual(refunded);
  });
});
