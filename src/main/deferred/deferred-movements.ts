// Deferred-account movements (kind 'deferred': this till's own and, on an enrolled till, the
// other channels' it knows: kernel/ledger/account-movements.ts) as the account screen and
// the reports show them: signed as the outstanding moves, with the charge's status.
import type { z } from 'zod';
import type { DeferredMovement } from '../../shared/api/account-schemas.ts';
import { deferredKind } from '../../shared/domain/account-movements.ts';
import type { Db } from '../kernel/db/connection.ts';
import { firstMovementRows, latestMovementRows, type MovementRow } from '../kernel/ledger/account-movements.ts';
import { contactName } from '../../shared/domain/contact-name.ts';

export type DeferredMovementView = z.infer<typeof DeferredMovement>;

interface Row extends MovementRow {
  open_minor: number | null;
  paid_minor: number | null;
}

/**
 * A deferred movement's own columns: its charge's status read from its order's installment
 * state (open, paid, cancelled amounts) — known for the orders whose installments this till
 * holds. `m` names the movement.
 */
const statusColumns = `,
         (SELECT SUM(s.open_minor) FROM deferred_item_state s WHERE s.order_id = m.order_id) AS open_minor,
         (SELECT SUM(s.paid_minor) FROM deferred_item_state s WHERE s.order_id = m.order_id) AS paid_minor`;
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
  return latestMovementRows<Row>(db, statusColumns, 'deferred', filter.contactId, filter.limit).map(toDeferredMovement);
}

/** The first movements matching a filter, in time order: chosen first, then joined (names, status) — only those. */
export function deferredMovementRows(db: Db, where: string, params: Record<string, unknown>, limit: number): DeferredMovementView[] {
  return firstMovementRows<Row>(db, statusColumns, where, params, limit).map(toDeferredMovement);
}
