// What every configuration kind shares: a name no other record of its kind has, and the
// place a new record takes in its list.
import { stmt, type Db } from '../kernel/db/connection.ts';

type NamedTable = 'payment_methods' | 'points_of_sale' | 'tills' | 'events' | 'items' | 'voucher_products' | 'users';

/** Another record of the table already has this name, case and surrounding spaces aside. */
export function nameTakenBy(db: Db, table: NamedTable, name: string, exceptId: string | null): boolean {
  // the table is one of the named ones above, never input
  return stmt(db, `SELECT 1 FROM ${table} WHERE lower(trim(name)) = lower(trim(?)) AND id IS NOT ? LIMIT 1`).get(name, exceptId) !== undefined;
}

/** After the last one. */
export function nextSort(db: Db, table: 'payment_methods' | 'events' | 'items' | 'voucher_products'): number {
  return (stmt(db, `SELECT COALESCE(MAX(sort), -1) + 1 AS next FROM ${table}`).get() as { next: number }).next;
}
