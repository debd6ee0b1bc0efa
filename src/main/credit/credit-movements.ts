// Reading credit-balance movements (kind 'credit': this till's own and, on an enrolled till,
// the other channels' it knows: kernel/ledger/account-movements.ts) as the screens and
// reports show them: signed as the customer sees them, with names and numbers.
import { assert } from '../../shared/assert.ts';
import type { z } from 'zod';
import type { CreditMovement } from '../../shared/api/account-schemas.ts';
import { creditKind } from '../../shared/domain/account-movements.ts';
import { negateMinor as negate } from '../../shared/money/money.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { movementColumns, movementJoins, type MovementRow } from '../kernel/ledger/account-movements.ts';
import { contactName } from '../../shared/domain/contact-name.ts';

export type CreditMovementView = z.infer<typeof CreditMovement>;

/** One of this till's own credit movements, with its names; callers add WHERE. */
const ownMovementSelect = `SELECT ${movementColumns} FROM account_movements m ${movementJoins}`;

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

/** The credit movement one of this till's entries made on one contact's balance. */
export function movementOf(db: Db, entryId: string, contactId: string): CreditMovementView {
  const row = stmt(db, `${ownMovementSelect} WHERE m.entry_id = ? AND m.account_id = ?`).get(entryId, `credit:${contactId}`) as MovementRow | undefined;
  assert(row, 'the entry moved this credit balance');
  return toCreditMovement(row);
}
