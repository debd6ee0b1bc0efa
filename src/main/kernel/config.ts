// The institution, this till, and the payment methods its point of sale authorises.
import { z } from 'zod';
import { assert } from '../../shared/assert.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf } from '../../shared/api/contract.ts';
import { Institution, Tracking } from '../../shared/api/schemas.ts';
import type { PaymentMethod, PaymentMethodType } from '../../shared/domain/types.ts';
import { denominationsMinor } from '../../shared/money/currency.ts';
import { dayIn } from '../../shared/domain/deferred.ts';
import { stmt, type Db } from './db/connection.ts';
import type { TillContext } from './context.ts';

export type InstitutionConfig = z.infer<typeof Institution>;

export const appVersion = '0.1.0';

export function getSetting(db: Db, key: string): string | null {
  const row = stmt(db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setSetting(db: Db, key: string, value: string): void {
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

const parsedInstitutions = new WeakMap<Db, { text: string; value: InstitutionConfig }>();

/** The institution's settings, parsed again only when their stored text changes. */
export function institutionOf(db: Db): InstitutionConfig {
  const text = getSetting(db, 'institution');
  assert(text, 'the institution is configured at first start');
  const cached = parsedInstitutions.get(db);
  if (cached?.text === text) return cached.value;
  const value = Institution.parse(JSON.parse(text));
  parsedInstitutions.set(db, { text, value });
  return value;
}

/** Today's calendar day where the institution is (due dates, overdue items). */
export function todayOf(till: TillContext): string {
  return dayIn(till.clock.nowMs(), institutionOf(till.db).timeZone);
}

export interface TillRow {
  id: string;
  name: string;
  point_of_sale_id: string;
  point_of_sale_name: string;
  order_prefix: string;
}

export function tillOf(db: Db, tillId: string): TillRow {
  const row = stmt(
    db,
    `SELECT t.id, t.name, t.point_of_sale_id, p.name AS point_of_sale_name, t.order_prefix
     FROM tills t JOIN points_of_sale p ON p.id = t.point_of_sale_id WHERE t.id = ?`,
  ).get(tillId) as TillRow | undefined;
  assert(row, `till ${tillId} is configured`);
  return row;
}

interface MethodRow {
  id: string;
  name: string;
  type: PaymentMethodType;
  may_pay: number;
  may_refund: number;
  gives_change: number;
  tracking: string | null;
  authorised: number;
}

export interface MethodInfo extends PaymentMethod {
  isAuthorised: boolean;
}

function toMethod(row: MethodRow): MethodInfo {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    mayPay: row.may_pay === 1,
    mayRefund: row.may_refund === 1,
    givesChange: row.gives_change === 1,
    tracking: row.tracking ? Tracking.parse(JSON.parse(row.tracking)) : null,
    isAuthorised: row.authorised === 1,
  };
}

// authorised: by the point of sale of the till @till (one statement, no lookup of the till first)
const methodSelect = `SELECT m.id, m.name, m.type, m.may_pay, m.may_refund, m.gives_change, m.tracking,
  EXISTS (SELECT 1 FROM tills t JOIN pos_payment_methods pm ON pm.point_of_sale_id = t.point_of_sale_id
          WHERE t.id = @till AND pm.method_id = m.id) AS authorised
  FROM payment_methods m`;

/** A method by id with whether this till's point of sale authorises it, or null. */
export function methodFor(till: TillContext, methodId: string): MethodInfo | null {
  const row = stmt(till.db, `${methodSelect} WHERE m.id = @id AND m.active = 1`).get({ till: till.tillId, id: methodId }) as MethodRow | undefined;
  return row ? toMethod(row) : null;
}

export function authorisedMethods(till: TillContext): MethodInfo[] {
  const rows = stmt(till.db, `${methodSelect} WHERE m.active = 1 ORDER BY m.sort, m.name`).all({ till: till.tillId }) as MethodRow[];
  return rows.map(toMethod).filter((m) => m.isAuthorised);
}

/** Whether this till's point of sale authorises an active method of that type (one statement). */
export function isTypeAuthorised(till: TillContext, type: PaymentMethodType): boolean {
  return (
    stmt(
      till.db,
      `SELECT EXISTS (SELECT 1 FROM payment_methods m JOIN pos_payment_methods pm ON pm.method_id = m.id
         JOIN tills t ON t.point_of_sale_id = pm.point_of_sale_id
       WHERE t.id = ? AND m.type = ? AND m.active = 1) AS yes`,
    ).get(till.tillId, type) as { yes: number }
  ).yes === 1;
}

/** The till's cash method: where floats, pay-ins and pay-outs go. */
export function cashMethodOf(till: TillContext): MethodInfo | null {
  return authorisedMethods(till).find((m) => m.type === 'cash' && m.givesChange) ?? null;
}

export function listPaymentMethods(till: TillContext): Result<OutputOf<'paymentMethods.list'>> {
  return ok(authorisedMethods(till).map(({ isAuthorised: _, ...m }) => m));
}

export function systemInfo(till: TillContext, defaultLanguage: 'fr' | 'en'): Result<OutputOf<'system.info'>> {
  const institution = institutionOf(till.db);
  const till_ = tillOf(till.db, till.tillId);
  return ok({
    version: appVersion,
    institution,
    till: { id: till_.id, name: till_.name, pointOfSaleId: till_.point_of_sale_id, pointOfSaleName: till_.point_of_sale_name },
    defaultLanguage,
    denominationsMinor: [...denominationsMinor[institution.currency]],
  });
}
