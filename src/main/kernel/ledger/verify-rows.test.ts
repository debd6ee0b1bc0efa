// The rows beside the journal: an order, refund, session, Z report or cash movement that
// was deleted or edited is named by the entry that wrote it.
import Database from 'better-sqlite3';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { testTill, type TestTill } from '../../testing/fixtures.ts';
import { entryHash, type JournalRow } from './journal.ts';
import { verifyJournal } from './verify.ts';

let t: TestTill;
let entries: { seq: number; id: string; type: string }[];
const entryOf = (type: string, nth = 0) => entries.filter((e) => e.type === type)[nth]!;

beforeAll(() => {
  t = testTill();
  t.must('sessions.open', { float: [{ valueMinor: 1000, count: 5 }] });
  const sale = t.must('sales.checkout', {
    requestId: ulid(),
    lines: [
      { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 },
      { kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 },
    ],
    buyerContactId: 'c-dupont',
    payments: [{ methodId: 'pm-card', amountMinor: 9000 }, { methodId: 'pm-cash', amountMinor: 5000 }],
  });
  t.must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 4500 }], reason: 'Empêché' });
  t.must('sessions.payIn', { requestId: ulid(), amountMinor: 2000, reason: 'Monnaie' }, 'supervisor');
  t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 12000 }, { methodId: 'pm-card', countedMinor: 4500 }] }, 'supervisor');
  entries = t.db.prepare('SELECT seq, id, type FROM journal ORDER BY seq').all() as typeof entries;
});

/** A copy of the till's database changed through SQL with the triggers dropped. */
function tampered(sql: string) {
  const db = new Database(t.db.serialize());
  db.pragma('foreign_keys = OFF');
  for (const name of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) db.exec(`DROP TRIGGER ${name}`);
  db.exec(sql);
  return db;
}

const verify = (db: Database.Database, deep = true) => verifyJournal(db, () => t.context.journalKey, { deep });

/** Edits one entry's payload and seals the chain again from it with the till's key (an insider holding the key). */
function resealFrom(db: Database.Database, entryId: string, edit: (payload: string) => string) {
  const rows = db.prepare('SELECT * FROM journal WHERE till_id = (SELECT till_id FROM journal WHERE id = ?) ORDER BY seq').all(entryId) as JournalRow[];
  const update = db.prepare('UPDATE journal SET payload = ?, prev_hash = ?, hash = ? WHERE id = ?');
  let previous: string | null = null;
  for (const row of rows) {
    if (row.id === entryId) row.payload = edit(row.payload);
    if (previous === null && row.id !== entryId) continue;
    if (previous !== null) row.prev_hash = previous;
    row.hash = entryHash(t.context.journalKey, row);
    update.run(row.payload, row.prev_hash, row.hash, row.id);
    previous = row.hash;
  }
}

describe('rows beside the journal', () => {
  it('an untouched copy verifies, deeply', () => {
    expect(entries.map((e) => e.type)).toEqual(['session_open', 'sale', 'refund', 'pay_in', 'session_close']);
    expect(verify(tampered('SELECT 1'))).toMatchObject({ ok: true, entries: 5 });
  });

  it.each([
    ['a payment amount', "UPDATE payments SET amount_minor = amount_minor + 100 WHERE method_id = 'pm-card'", 'sale'],
    ['a payment method', "UPDATE payments SET method_id = 'pm-cheque' WHERE method_id = 'pm-card'", 'sale'],
    ['an order total', 'UPDATE orders SET total_minor = total_minor - 4500', 'sale'],
    ['an order buyer', "UPDATE orders SET buyer_contact_id = 'c-rochat'", 'sale'],
    ['a line price', 'UPDATE order_lines SET unit_price_minor = 100 WHERE line_no = 1', 'sale'],
    ['a ticket barcode', "UPDATE tickets SET barcode = '1111111111111111' WHERE rowid = (SELECT MIN(rowid) FROM tickets)", 'sale'],
    ['a voucher code', "UPDATE vouchers SET code = 'GV-AAAA-AAAA'", 'sale'],
    ['a refunded amount', 'UPDATE refund_payments SET amount_minor = 100', 'refund'],
    ['a refund reason', "UPDATE refunds SET reason = 'Autre'", 'refund'],
    ['a refunded ticket', 'DELETE FROM refund_tickets', 'refund'],
    ['a pay-in amount', 'UPDATE cash_movements SET amount_minor = 1', 'pay_in'],
    ['a session float', 'UPDATE till_sessions SET float_minor = 0', 'session_open'],
    ['a Z report', "UPDATE session_closings SET report = replace(report, '\"netSalesMinor\":', '\"netSalesMinor\":1')", 'session_close'],
    ['a closing count', "UPDATE session_closings SET counts = replace(counts, '12000', '12100')", 'session_close'],
  ])('%s edited: row_altered at the entry that wrote it', (_name, sql, type) => {
    const entry = entryOf(type);
    expect(verify(tampered(sql)).problem).toMatchObject({ reason: 'row_altered', seq: entry.seq, entryId: entry.id });
  });

  it('a Z report edited is found even by the quick check', () => {
    const db = tampered("UPDATE session_closings SET report = replace(report, '\"netSalesMinor\":', '\"netSalesMinor\":1')");
    expect(verify(db, false).problem).toMatchObject({ reason: 'row_altered', entryId: entryOf('session_close').id });
    expect(verify(tampered('UPDATE orders SET total_minor = 1'), false).ok).toBe(true); // rows other than closings need the deep check
  });

  it.each([
    ['an order with its lines, tickets and payments', 'DELETE FROM payments; DELETE FROM tickets; DELETE FROM vouchers; DELETE FROM order_lines; DELETE FROM orders;', 'sale'],
    ['a refund', 'DELETE FROM refund_payments; DELETE FROM refund_lines; DELETE FROM refund_tickets; DELETE FROM refunds;', 'refund'],
    ['a cash movement', 'DELETE FROM cash_movements', 'pay_in'],
    ['a closing', 'DELETE FROM session_closings', 'session_close'],
  ])('%s deleted: row_missing at its entry', (_name, sql, type) => {
    const entry = entryOf(type);
    expect(verify(tampered(sql)).problem).toMatchObject({ reason: 'row_missing', seq: entry.seq, entryId: entry.id });
  });

  it('a sale and a refund carry their seats per performance, as their tickets count them', () => {
    const seatsOf = (type: string) => JSON.parse((t.db.prepare('SELECT payload FROM journal WHERE id = ?').get(entryOf(type).id) as { payload: string }).payload).seats;
    expect(seatsOf('sale')).toEqual([{ performanceId: 'e-misanthrope-p1', count: 2 }]);
    expect(seatsOf('refund')).toEqual([{ performanceId: 'e-misanthrope-p1', count: 1 }]);
  });

  it("a ticket moved to another performance: row_altered at the sale (its seats no longer match)", () => {
    const db = tampered("UPDATE tickets SET performance_id = 'e-misanthrope-p2' WHERE rowid = (SELECT MIN(rowid) FROM tickets)");
    expect(verify(db).problem).toMatchObject({ reason: 'row_altered', seq: entryOf('sale').seq, entryId: entryOf('sale').id });
  });

  it.each([
    ['sale', '[{"count":2,"performanceId":"e-misanthrope-p1"}]', '[{"count":3,"performanceId":"e-misanthrope-p1"}]'],
    ['sale', '[{"count":2,"performanceId":"e-misanthrope-p1"}]', '[{"count":1,"performanceId":"e-misanthrope-p1"},{"count":1,"performanceId":"e-misanthrope-p2"}]'],
    ['refund', '[{"count":1,"performanceId":"e-misanthrope-p1"}]', '[{"count":2,"performanceId":"e-misanthrope-p1"}]'],
  ])("a %s's seats edited %s → %s and the chain sealed again with the key: row_altered at it", (type, from, to) => {
    const entry = entryOf(type);
    const db = tampered('SELECT 1');
    resealFrom(db, entry.id, (payload) => {
      expect(payload).toContain(`"seats":${from}`);
      return payload.replace(`"seats":${from}`, `"seats":${to}`);
    });
    expect(verify(db).problem).toMatchObject({ reason: 'row_altered', seq: entry.seq, entryId: entry.id });
  });

  it('an entry without seats (written before the field) is accepted', () => {
    const db = tampered('SELECT 1');
    resealFrom(db, entryOf('sale').id, (payload) => payload.replace(/,"seats":\[\{[^\]]*\}\]/, ''));
    resealFrom(db, entryOf('refund').id, (payload) => payload.replace(/,"seats":\[\{[^\]]*\}\]/, ''));
    expect(JSON.parse((db.prepare('SELECT payload FROM journal WHERE id = ?').get(entryOf('sale').id) as { payload: string }).payload).seats).toBeUndefined();
    expect(verify(db)).toMatchObject({ ok: true, entries: 5 });
  });

  it('a session whose opening entry is gone: dangling_reference', () => {
    const opening = entryOf('session_open');
    const db = tampered(`DELETE FROM journal WHERE seq > 1; DELETE FROM journal WHERE seq = 1; DELETE FROM postings;
      DELETE FROM payments; DELETE FROM tickets; DELETE FROM vouchers; DELETE FROM order_lines; DELETE FROM orders;
      DELETE FROM refund_payments; DELETE FROM refund_lines; DELETE FROM refund_tickets; DELETE FROM refunds;
      DELETE FROM cash_movements; DELETE FROM session_closings; DELETE FROM account_balances;`);
    expect(verify(db).problem).toMatchObject({ reason: 'dangling_reference', entryId: opening.id });
  });
});

describe('customer-account movements beside the postings', () => {
  const u = testTill();
  u.must('sessions.open', { float: [] });
  u.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-card', amountMinor: 5000 }, 'supervisor');
  const entry = u.db.prepare("SELECT seq, id FROM journal WHERE type = 'credit_fund'").get() as { seq: number; id: string };
  const copy = (sql: string) => {
    const db = new Database(u.db.serialize());
    db.pragma('foreign_keys = OFF');
    for (const name of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) db.exec(`DROP TRIGGER ${name}`);
    db.exec(sql);
    return verifyJournal(db, () => u.context.journalKey);
  };

  it('verifies untouched', () => {
    expect(copy('SELECT 1').ok).toBe(true);
  });

  it('a movement deleted: row_missing at its entry', () => {
    expect(copy('DELETE FROM account_movements').problem).toMatchObject({ reason: 'row_missing', seq: entry.seq, entryId: entry.id });
  });

  it('a movement edited: row_altered at its entry', () => {
    expect(copy('UPDATE account_movements SET amount_minor = -9000').problem).toMatchObject({ reason: 'row_altered', entryId: entry.id });
    expect(copy("UPDATE account_movements SET till_id = 'G9'").problem).toMatchObject({ reason: 'row_altered', entryId: entry.id });
  });
});

describe('the deferred account beside the journal', () => {
  const d = testTill();
  d.must('sessions.open', { float: [] });
  const order = d.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred-3', amountMinor: 9000 }] });
  const invoice = d.must('invoices.createForOrder', { orderId: order.id }, 'supervisor');
  d.must('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 4000, reference: 'Chèque 9', excessToCredit: false }, 'supervisor');
  d.must('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-amis' }, 'supervisor');
  const entryOfType = (type: string) => d.db.prepare('SELECT seq, id FROM journal WHERE type = ? ORDER BY seq').get(type) as { seq: number; id: string };
  const copy = (sql: string) => {
    const db = new Database(d.db.serialize());
    db.pragma('foreign_keys = OFF');
    for (const name of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) db.exec(`DROP TRIGGER ${name}`);
    db.exec(sql);
    return verifyJournal(db, () => d.context.journalKey);
  };

  it('verifies untouched', () => {
    expect(copy('SELECT 1')).toMatchObject({ ok: true });
  });

  it.each([
    ['an installment amount', 'UPDATE deferred_items SET amount_minor = amount_minor + 1 WHERE seq = 1', 'sale'],
    ['an installment due date', "UPDATE deferred_items SET due_date = '2030-01-01' WHERE seq = 3", 'sale'],
    ['an invoice total', "UPDATE invoices SET total_minor = 1 WHERE kind = 'invoice' AND seq = 1", 'invoice_issued'],
    ['an invoice line', 'UPDATE invoice_items SET amount_minor = 1 WHERE rowid = 1', 'invoice_issued'],
    ['a settlement amount', 'UPDATE settlements SET amount_minor = 1', 'deferred_settle'],
    ['a settlement allocation', 'UPDATE settlement_allocations SET amount_minor = 1', 'deferred_settle'],
    ['a payer change', "UPDATE payer_changes SET to_contact_id = 'c-mairie'", 'payer_changed'],
    ['an archived invoice document', `UPDATE invoice_documents SET document = replace(document, '"totalMinor":9000', '"totalMinor":9001') WHERE rowid = 1`, 'invoice_issued'],
    ['an archived document’s hash', `UPDATE invoice_documents SET sha256 = '${'a'.repeat(64)}' WHERE rowid = 1`, 'invoice_issued'],
    ['an archived document deleted', 'DELETE FROM invoice_documents WHERE rowid = 1', 'invoice_issued'],
    ['a credit note’s refund', "UPDATE invoices SET refund_id = 'r-none' WHERE kind = 'invoice' AND seq = 1", 'invoice_issued'],
  ])('%s edited: row_altered at its entry', (_name, sql, type) => {
    expect(copy(sql).problem).toMatchObject({ reason: 'row_altered', entryId: entryOfType(type).id });
  });

  it('an invoice deleted: row_missing', () => {
    expect(copy("DELETE FROM invoice_items; DELETE FROM invoices WHERE kind = 'cancellation'").problem).toMatchObject({ reason: 'row_missing' });
  });
});
