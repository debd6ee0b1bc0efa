// The till's configuration rows read as the records that carry them (sync-schemas.ts): a
// change is planned as whole records, written here by the pull's own writers or sent to
// the ledger server first (ADR 0012), and audited as the record before and after.
import { assertNever } from '../../shared/assert.ts';
import { Institution, Tracking } from '../../shared/api/schemas.ts';
import type { ConfigRecordKind, SyncRecord } from '../../shared/api/sync-records.ts';
import type { Role } from '../../shared/permissions.ts';
import type { PaymentMethodType } from '../../shared/domain/types.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { getSetting } from '../kernel/config.ts';

export type ConfigRecord = Extract<SyncRecord, { kind: ConfigRecordKind }>;
export type BodyOf<K extends ConfigRecordKind> = Extract<SyncRecord, { kind: K }>['body'];

const isTrue = (value: number) => value === 1;

export function institutionRecord(db: Db): BodyOf<'setting'> | null {
  const value = getSetting(db, 'institution');
  return value === null ? null : { key: 'institution', value };
}

/** The institution as stored, parsed (defaults filled). */
export function storedInstitution(db: Db) {
  const record = institutionRecord(db);
  return record ? Institution.parse(JSON.parse(record.value)) : null;
}

interface MethodRow { id: string; name: string; type: PaymentMethodType; may_pay: number; may_refund: number; gives_change: number; tracking: string | null; active: number; sort: number }

export function methodRecord(db: Db, id: string): BodyOf<'method'> | null {
  const row = stmt(db, 'SELECT * FROM payment_methods WHERE id = ?').get(id) as MethodRow | undefined;
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    mayPay: isTrue(row.may_pay),
    mayRefund: isTrue(row.may_refund),
    givesChange: isTrue(row.gives_change),
    tracking: row.tracking ? Tracking.parse(JSON.parse(row.tracking)) : null,
    active: isTrue(row.active),
    sort: row.sort,
  };
}

export function pointOfSaleRecord(db: Db, id: string): BodyOf<'pointOfSale'> | null {
  const row = stmt(db, 'SELECT id, name FROM points_of_sale WHERE id = ?').get(id) as { id: string; name: string } | undefined;
  if (!row) return null;
  const methods = stmt(db, 'SELECT pm.method_id FROM pos_payment_methods pm JOIN payment_methods m ON m.id = pm.method_id WHERE pm.point_of_sale_id = ? ORDER BY m.sort, m.name').all(id) as { method_id: string }[];
  return { id: row.id, name: row.name, methodIds: methods.map((m) => m.method_id) };
}

export function tillRecord(db: Db, id: string): BodyOf<'till'> | null {
  const row = stmt(db, 'SELECT id, name, point_of_sale_id, order_prefix FROM tills WHERE id = ?').get(id) as { id: string; name: string; point_of_sale_id: string; order_prefix: string } | undefined;
  return row ? { id: row.id, name: row.name, pointOfSaleId: row.point_of_sale_id, orderPrefix: row.order_prefix } : null;
}

export function venueRecord(db: Db, id: string): BodyOf<'venue'> | null {
  return (stmt(db, 'SELECT id, name, city FROM venues WHERE id = ?').get(id) as BodyOf<'venue'> | undefined) ?? null;
}

export function eventRecord(db: Db, id: string): BodyOf<'event'> | null {
  const row = stmt(db, 'SELECT id, name, venue_id, vat_rate_bp, sort FROM events WHERE id = ?').get(id) as { id: string; name: string; venue_id: string; vat_rate_bp: number; sort: number } | undefined;
  return row ? { id: row.id, name: row.name, venueId: row.venue_id, vatRateBp: row.vat_rate_bp, sort: row.sort } : null;
}

export function tariffRecord(db: Db, id: string): BodyOf<'tariff'> | null {
  const row = stmt(db, 'SELECT * FROM tariffs WHERE id = ?').get(id) as { id: string; event_id: string; code: string; name: string; price_minor: number; sort: number; active: number } | undefined;
  return row ? { id: row.id, eventId: row.event_id, code: row.code, name: row.name, priceMinor: row.price_minor, sort: row.sort, active: isTrue(row.active) } : null;
}

export function performanceRecord(db: Db, id: string): BodyOf<'performance'> | null {
  const row = stmt(db, 'SELECT * FROM performances WHERE id = ?').get(id) as { id: string; event_id: string; starts_at: string; hall: string; capacity: number; is_on_sale: number } | undefined;
  return row ? { id: row.id, eventId: row.event_id, startsAt: row.starts_at, hall: row.hall, capacity: row.capacity, isOnSale: isTrue(row.is_on_sale) } : null;
}

export function itemRecord(db: Db, id: string): BodyOf<'item'> | null {
  const row = stmt(db, 'SELECT * FROM items WHERE id = ?').get(id) as { id: string; name: string; price_minor: number; vat_rate_bp: number; active: number; sort: number } | undefined;
  return row ? { id: row.id, name: row.name, priceMinor: row.price_minor, vatRateBp: row.vat_rate_bp, active: isTrue(row.active), sort: row.sort } : null;
}

export function voucherProductRecord(db: Db, id: string): BodyOf<'voucherProduct'> | null {
  const row = stmt(db, 'SELECT * FROM voucher_products WHERE id = ?').get(id) as { id: string; name: string; value_minor: number; active: number; sort: number } | undefined;
  return row ? { id: row.id, name: row.name, valueMinor: row.value_minor, active: isTrue(row.active), sort: row.sort } : null;
}

interface UserRow { id: string; name: string; role: Role; pin_salt: Buffer; pin_hash: Buffer; active: number; pin_change_required: number }

export function userRecord(db: Db, id: string): BodyOf<'user'> | null {
  const row = stmt(db, 'SELECT id, name, role, pin_salt, pin_hash, active, pin_change_required FROM users WHERE id = ?').get(id) as UserRow | undefined;
  if (!row) return null;
  return { id: row.id, name: row.name, role: row.role, active: isTrue(row.active), pinSalt: row.pin_salt.toString('base64'), pinHash: row.pin_hash.toString('base64'), pinChangeRequired: isTrue(row.pin_change_required) };
}

/** A configuration record as this till holds it now, or null. */
export function currentRecord(db: Db, kind: ConfigRecordKind, id: string): ConfigRecord | null {
  const wrap = <K extends ConfigRecordKind>(k: K, body: BodyOf<K> | null) => (body === null ? null : ({ kind: k, id, body } as ConfigRecord));
  switch (kind) {
    case 'setting':
      return id === 'institution' ? wrap('setting', institutionRecord(db)) : null;
    case 'method':
      return wrap(kind, methodRecord(db, id));
    case 'pointOfSale':
      return wrap(kind, pointOfSaleRecord(db, id));
    case 'till':
      return wrap(kind, tillRecord(db, id));
    case 'venue':
      return wrap(kind, venueRecord(db, id));
    case 'event':
      return wrap(kind, eventRecord(db, id));
    case 'tariff':
      return wrap(kind, tariffRecord(db, id));
    case 'performance':
      return wrap(kind, performanceRecord(db, id));
    case 'item':
      return wrap(kind, itemRecord(db, id));
    case 'voucherProduct':
      return wrap(kind, voucherProductRecord(db, id));
    case 'user':
      return wrap(kind, userRecord(db, id));
    default:
      return assertNever(kind);
  }
}

/** A record's body as the audit keeps it: a user's PIN salt and hash left out (never shown again). */
export function auditedBody(record: ConfigRecord | null): Record<string, unknown> | null {
  if (record === null) return null;
  if (record.kind === 'user') {
    const { pinSalt: _salt, pinHash: _hash, ...rest } = record.body;
    return rest;
  }
  if (record.kind === 'setting') return { key: record.body.key, value: JSON.parse(record.body.value) as unknown };
  return { ...record.body };
}
