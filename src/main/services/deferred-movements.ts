// Deferred-account movements (account_movements, kind 'deferred') as the account screen
// and the reports show them: signed as the outstanding moves, with the charge's status.
import type { z } from 'zod';
import type { DeferredMovement, deferredMovementKinds } from '../../shared/api/account-schemas.ts';
import { stmt, type Db } from '../db/connection.ts';
import { contactName } from './contacts.ts';

export type DeferredMovementView = z.infer<typeof DeferredMovement>;
type Kind = (typeof deferredMovementKinds)[number];

interface Row {
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
  method_name: string | null;
  reference: string;
  open_minor: number | null;
  paid_minor: number | null;
}

/**
 * The columns of a deferred movement, with its charge's status read from its order's item
 * state (open, paid, cancelled amounts). `FROM` names the movements as `m`.
 */
export const movementColumns = `
  SELECT m.entry_id, m.at_ms, m.till_id, t.name AS till_name, u.name AS user_name, m.contact_id,
         c.name AS contact_name, c.first_name AS contact_first_name, m.entry_type, m.amount_minor,
         m.balance_after_minor, m.order_id, o.number AS order_number, pm.name AS method_name, m.reference,
         (SELECT SUM(s.open_minor) FROM deferred_item_state s WHERE s.order_id = m.order_id) AS open_minor,
         (SELECT SUM(s.paid_minor) FROM deferred_item_state s WHERE s.order_id = m.order_id) AS paid_minor`;

const movementJoins = `
  LEFT JOIN tills t ON t.id = m.till_id
  LEFT JOIN users u ON u.id = m.user_id
  LEFT JOIN contacts c ON c.id = m.contact_id
  LEFT JOIN orders o ON o.id = m.order_id
  LEFT JOIN payment_methods pm ON pm.id = m.method_id`;

export const movementSelect = `${movementColumns} FROM account_movements m ${movementJoins}`;

export function deferredKind(entryType: string, amountMinor: number): Kind {
  switch (entryType) {
    case 'sale':
      return amountMinor > 0 ? 'charged' : 'reversed';
    case 'refund':
      return 'refunded';
    case 'deferred_settle':
      return 'settled';
    case 'payer_changed':
      return amountMinor > 0 ? 'moved_in' : 'moved_out';
    default:
      return 'reversed';
  }
}

/** A charge is open while something is open; then settled if anything was paid, else cancelled. */
function statusOf(row: Row): DeferredMovementView['status'] {
  if (row.entry_type !== 'sale' || row.open_minor === null) return null;
  if (row.open_minor > 0) return 'open';
  return (row.paid_minor ?? 0) > 0 ? 'settled' : 'cancelled';
}

export function toDeferredMovement(row: Row): DeferredMovementView {
  return {
    entryId: row.entry_id,
    atMs: row.at_ms,
    tillId: row.till_id,
    tillName: row.till_name ?? row.till_id,
    userName: row.user_name ?? '',
    contactId: row.contact_id,
    contactName: contactName({ name: row.contact_name ?? row.contact_id, firstName: row.contact_first_name ?? '' }),
    kind: deferredKind(row.entry_type, row.amount_minor),
    amountMinor: row.amount_minor,
    outstandingAfterMinor: row.balance_after_minor,
    orderId: row.order_id,
    orderNumber: row.order_number,
    methodName: row.method_name,
    reference: row.reference,
    status: statusOf(row),
  };
}

export function deferredMovementsOf(db: Db, filter: { contactId: string; limit: number }): DeferredMovementView[] {
  const rows = stmt(db, `${movementSelect} WHERE m.contact_id = ? AND m.kind = 'deferred' ORDER BY m.at_ms DESC, m.entry_id DESC LIMIT ?`).all(filter.contactId, filter.limit) as Row[];
  return rows.map(toDeferredMovement);
}

/** The first movements matching a filter, in time order: chosen first, then joined (names, status) — only those. */
export function deferredMovementRows(db: Db, where: string, params: Record<string, unknown>, limit: number): DeferredMovementView[] {
  const sql = `${movementColumns}
    FROM (SELECT m.rowid AS id FROM account_movements m WHERE ${where} ORDER BY m.at_ms LIMIT ${limit}) chosen
    JOIN account_movements m ON m.rowid = chosen.id ${movementJoins}
    ORDER BY m.at_ms, m.entry_id`;
  return (stmt(db, sql).all(params) as Row[]).map(toDeferredMovement);
}
