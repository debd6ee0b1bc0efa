// Reading credit-balance movements (account_movements, kind 'credit') as the screens
// and reports show them: signed as the customer sees them, with names and numbers.
import { assert } from '../../shared/assert.ts';
import type { z } from 'zod';
import type { CreditMovement, CreditMovementKind } from '../../shared/api/account-schemas.ts';
import { negateMinor as negate } from '../../shared/money/money.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { movementColumns, movementJoins, type MovementRow } from '../kernel/ledger/account-movements.ts';
import { contactName } from '../contacts/index.ts';

export type CreditMovementView = z.infer<typeof CreditMovement>;
type Kind = z.infer<typeof CreditMovementKind>;

/** The columns and joins every credit-movement query shares; callers add WHERE and ORDER. */
export const movementSelect = `SELECT ${movementColumns} FROM account_movements m ${movementJoins}`;

/**
 * What a movement was, from the entry that made it and which way it moved the balance
 * (`delta` as the customer sees it: + the balance grew).
 */
export function creditKind(entryType: string, delta: number): Kind {
  // lint-allow: switch (entry types are strings until the journal events are one union: issue 14)
  switch (entryType) {
    case 'credit_fund':
      return 'funded';
    case 'credit_payout':
      return 'paid_out';
    case 'sale':
      return delta < 0 ? 'spent' : 'voucher_overflow';
    case 'refund':
      return delta > 0 ? 'refunded_to_credit' : 'reversed';
    case 'deferred_settle':
      // read from the entry type, so movements written before this kind existed read right too
      return 'settlement_excess';
    default:
      // an entry type without credit movements today; shown as a correction, never hidden
      return 'reversed';
  }
}

export function toCreditMovement(row: MovementRow): CreditMovementView {
  const delta = negate(row.amount_minor);
  return {
    entryId: row.entry_id,
    atMs: row.at_ms,
    tillId: row.till_id,
    tillName: row.till_name ?? row.till_id,
    userName: row.user_name ?? '',
    contactId: row.contact_id,
    contactName: contactName({ name: row.contact_name ?? row.contact_id, firstName: row.contact_first_name ?? '' }),
    kind: creditKind(row.entry_type, delta),
    amountMinor: delta,
    balanceAfterMinor: negate(row.balance_after_minor),
    orderId: row.order_id,
    orderNumber: row.order_number,
    methodId: row.method_id,
    methodName: row.method_name,
    reference: row.reference,
  };
}

/** The credit movement one entry made on one contact's balance. */
export function movementOf(db: Db, entryId: string, contactId: string): CreditMovementView {
  const row = stmt(db, `${movementSelect} WHERE m.entry_id = ? AND m.account_id = ?`).get(entryId, `credit:${contactId}`) as MovementRow | undefined;
  assert(row, 'the entry moved this credit balance');
  return toCreditMovement(row);
}
