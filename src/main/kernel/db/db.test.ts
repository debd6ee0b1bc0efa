import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { testTill } from '../../testing/fixtures.ts';
import { durabilityOf, openDatabase } from './connection.ts';
import { DatabaseTooNewError, latestVersion, migrate, migrations, schemaVersion } from './migrations/index.ts';
import { ulid } from 'ulid';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-db-'));
  dirs.push(dir);
  return join(dir, 'guichet.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('opening the database', () => {
  it('sets WAL and synchronous=FULL explicitly and reads them back', () => {
    const db = openDatabase(tempFile());
    expect(durabilityOf(db)).toEqual({ journalMode: 'wal', synchronous: 2 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(latestVersion);
    db.close();
  });

  it('refuses a database written by a newer Guichet', () => {
    const file = tempFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);
  });

  it('applies migrations in one transaction: a failing one leaves nothing behind', () => {
    const db = new Database(tempFile());
    const broken = [...migrations, { version: latestVersion + 1, name: 'broken', sql: 'CREATE TABLE extra (x INTEGER); SELECT * FROM no_such_table;' }];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    expect(migrate(db)).toEqual({ from: 0, to: latestVersion });
    expect(migrate(db)).toEqual({ from: latestVersion, to: latestVersion });
    db.close();
  });
});

describe('financial rows are immutable', () => {
  const t = testTill();
  t.must('sessions.open', { float: [{ valueMinor: 1000, count: 5 }] });
  const order = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }, { kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 9500 }] });
  t.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }, { orderLineId: order.lines[1]!.id, quantity: 1 }], payments: [{ methodId: 'pm-cash', amountMinor: 9500 }], reason: 'test' });
  t.must('sessions.payIn', { requestId: ulid(), amountMinor: 100, reason: 'test' }, 'supervisor');
  t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 5100 }] }, 'supervisor');

  const tables = ['journal', 'postings', 'orders', 'order_lines', 'tickets', 'vouchers', 'payments', 'refunds', 'refund_lines', 'refund_payments', 'refund_tickets', 'refund_vouchers', 'till_sessions', 'session_closings', 'cash_movements', 'audit_log'];
  it.each(tables)('%s refuses UPDATE and DELETE', (table) => {
    const count = (t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count).toBeGreaterThan(0);
    const column = (t.db.prepare(`SELECT name FROM pragma_table_info('${table}') LIMIT 1`).get() as { name: string }).name;
    expect(() => t.db.prepare(`UPDATE ${table} SET ${column} = ${column}`).run()).toThrow(/immutable/);
    expect(() => t.db.prepare(`DELETE FROM ${table}`).run()).toThrow(/immutable/);
    expect((t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n).toBe(count);
  });
});
