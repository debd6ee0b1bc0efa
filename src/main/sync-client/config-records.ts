// Configuration records at this till (issue 16, ADR 0012): the writers of the kinds the
// configuration added (users, tills), a performance deleted, and each record's version —
// the server's for a pulled or accepted record, one more than the last for a change made
// on a till that is not enrolled.
import { configRecordKinds, type SyncRecord } from '../../shared/api/sync-records.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';

type Body<K extends SyncRecord['kind']> = Extract<SyncRecord, { kind: K }>['body'];

/**
 * A user as the box office knows them; wrong PINs counted and lockouts stay this till's
 * own, and a new PIN (its hash changed) starts them again.
 */
export function upsertUser(db: Db, u: Body<'user'>): void {
  stmt(
    db,
    `INSERT INTO users (id, name, role, pin_salt, pin_hash, active, pin_change_required) VALUES (@id, @name, @role, @salt, @hash, @active, @change)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_salt = excluded.pin_salt, pin_hash = excluded.pin_hash,
       active = excluded.active, pin_change_required = excluded.pin_change_required,
       failed_attempts = CASE WHEN users.pin_hash = excluded.pin_hash THEN users.failed_attempts ELSE 0 END,
       locked_until_ms = CASE WHEN users.pin_hash = excluded.pin_hash THEN users.locked_until_ms ELSE 0 END`,
  ).run({ id: u.id, name: u.name, role: u.role, salt: Buffer.from(u.pinSalt, 'base64'), hash: Buffer.from(u.pinHash, 'base64'), active: u.active ? 1 : 0, change: u.pinChangeRequired ? 1 : 0 });
}

/** A till of the box office; its point of sale is made a placeholder if this till does not know it yet (its record follows). */
export function upsertTill(db: Db, t: Body<'till'>): void {
  stmt(db, 'INSERT OR IGNORE INTO points_of_sale (id, name) VALUES (?, ?)').run(t.pointOfSaleId, t.pointOfSaleId);
  stmt(
    db,
    `INSERT INTO tills (id, name, point_of_sale_id, order_prefix) VALUES (@id, @name, @pointOfSaleId, @orderPrefix)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, point_of_sale_id = excluded.point_of_sale_id, order_prefix = excluded.order_prefix`,
  ).run({ id: t.id, name: t.name, pointOfSaleId: t.pointOfSaleId, orderPrefix: t.orderPrefix });
}

/**
 * A performance deleted by an administrator (nothing was sold for it when they did): gone
 * here unless this till sold tickets for it meanwhile (offline), in which case it stays,
 * closed for sale (its writer closed it).
 */
export function deletePerformanceUnsold(db: Db, performanceId: string): void {
  if (stmt(db, 'SELECT 1 FROM order_lines WHERE performance_id = ? LIMIT 1').get(performanceId)) return;
  stmt(db, 'DELETE FROM known_seats WHERE performance_id = ?').run(performanceId);
  stmt(db, 'DELETE FROM performance_stock WHERE performance_id = ?').run(performanceId);
  stmt(db, 'DELETE FROM performances WHERE id = ?').run(performanceId);
}

const isConfigKind = (kind: string): boolean => (configRecordKinds as readonly string[]).includes(kind);

/** The version a configuration record has here, or null (never changed since the till was made, or not configuration). */
export function configVersionOf(db: Db, kind: SyncRecord['kind'], id: string): number | null {
  return (stmt(db, 'SELECT version FROM config_versions WHERE kind = ? AND id = ?').get(kind, id) as { version: number } | undefined)?.version ?? null;
}

/**
 * Keeps a configuration record's version: the server's when the record carries one, else
 * one more than the last here. Anything but configuration is left alone. Answers the version.
 */
export function keepConfigVersion(db: Db, record: SyncRecord, nowMs: number, changedBy: string): number | null {
  if (!isConfigKind(record.kind)) return null;
  const version = record.version !== undefined ? Number(record.version) : (configVersionOf(db, record.kind, record.id) ?? 0) + 1;
  stmt(
    db,
    `INSERT INTO config_versions (kind, id, version, changed_at_ms, changed_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET version = excluded.version, changed_at_ms = excluded.changed_at_ms, changed_by = excluded.changed_by`,
  ).run(record.kind, record.id, version, nowMs, changedBy);
  return version;
}
