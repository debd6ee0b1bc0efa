// What reading a customer account's movements (account_movements) shares between the
// credit balance and the deferred account: the row, its names and numbers, and a contact's
// latest movements. Each kind turns a row into its own view (credit-movements.ts,
// deferred-movements.ts).
import { stmt, type Db } from '../db/connection.ts';

export type AccountKind = 'credit' | 'deferred';

export interface MovementRow {
  entry_id: string;
  at_ms: number;
  till_id: string;
  till_name: string | null;
  user_name: string | null;
  contact_id: string;
  contact_name: string | null;
  contact_first_name: string | null;
  entry_type: string;
  amount_minor: number;
  balance_after_minor: number;
  order_id: string | null;
  order_number: string | null;
  method_id: string | null;
  method_name: string | null;
  reference: string;
}

/** The columns of a `MovementRow`, without `SELECT`; `m` names the movements. */
export const movementColumns = `
  m.entry_id, m.at_ms, m.till_id, t.name AS till_name, u.name AS user_name, m.contact_id,
  c.name AS contact_name, c.first_name AS contact_first_name, m.entry_type, m.amount_minor,
  m.balance_after_minor, m.order_id, o.number AS order_number, m.method_id, pm.name AS method_name, m.reference`;

/** The joins that give `movementColumns` their names. */
export const movementJoins = `
  LEFT JOIN tills t ON t.id = m.till_id
  LEFT JOIN users u ON u.id = m.user_id
  LEFT JOIN contacts c ON c.id = m.contact_id
  LEFT JOIN orders o ON o.id = m.order_id
  LEFT JOIN payment_methods pm ON pm.id = m.method_id`;

/**
 * A contact's latest movements on one kind of account, newest first. `select` is the
 * kind's `SELECT … FROM account_movements m …` (the shared columns and joins, and what the
 * kind adds); the caller maps the rows.
 */
export function latestMovementRows<Row extends MovementRow>(db: Db, select: string, kind: AccountKind, contactId: string, limit: number): Row[] {
  return stmt(db, `${select} WHERE m.contact_id = ? AND m.kind = ? ORDER BY m.at_ms DESC, m.entry_id DESC LIMIT ?`).all(contactId, kind, limit) as Row[];
}
