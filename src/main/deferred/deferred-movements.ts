// Deferred-account movements (account_movements, kind 'deferred') as the account screen
// and the reports show them: signed as the outstanding moves, with the charge's status.
import type { z } from 'zod';
import type { DeferredMovement, deferredMovementKinds } from '../../shared/api/account-schemas.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { latestMovementRows, movementColumns, movementJoins, type MovementRow } from '../kernel/ledger/account-movements.ts';
import { contactName } from '../contacts/index.ts';

export type DeferredMovementView = z.infer<typeof DeferredMovement>;
type Kind = (typeof deferredMovementKinds)[number];

interface Row extends MovementRow {
  open_minor: number | null;
  paid_minor: number | null;
}

/**
 * The columns of a deferred movement, with its charge's status read from its order's installment
 * state (open, paid, cancelled amounts). `FROM` names the movements as `m`.
 */
const deferredColumns = `
  SELECT ${movementColumns},
         (SELECT SUM(s.open_minor) FROM deferred_item_state s WHERE s.order_id = m.order_id) AS open_minor,
         (SELECT SUM(s.paid_minor) FROM deferred_item_state s WHERE s.order_id = m.order_id) AS paid_minor`;

const movementSelect = `${deferredColumns} FROM account_movements m ${movementJoins}`;

export function deferredKind(entryType: string, amountMinor: number): Kind {
  // lint-allow: switch (entry types are strings until the journal events are one union: issue 14)
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
  return latestMovementRows<Row>(db, movementSelect, 'deferred', filter.contactId, filter.limit).map(toDeferredMovement);
}

/** The first movements matching a filter, in time order: chosen first, then joined (names, status) — only those. */
export function deferredMovementRows(db: Db, where: string, params: Record<string, unknown>, limit: number): DeferredMovementView[] {
  const sql = `${deferredColumns}
    FROM (SELECT m.rowid AS id FROM account_movements m WHERE ${where} ORDER BY m.at_ms LIMIT ${limit}) chosen
    JOIN account_movements m ON m.rowid = chosen.id ${movementJoins}
    ORDER BY m.at_ms, m.entry_id`;
  return (stmt(db, sql).all(params) as Row[]).map(toDeferredMovement);
}
