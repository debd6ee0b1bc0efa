// Reading credit-balance movements (account_movements, kind 'credit') as the screens
// and reports show them: signed as the customer sees them, with names and numbers.
import { assert } from '../../shared/assert.ts';
import type { z } from 'zod';
import type { CreditMovement, CreditMovementKind } from '../../shared/api/account-schemas.ts';
import { stmt, type Db } from '../db/connection.ts';
import { contactName } from './contacts.ts';

export type CreditMovementView = z.infer<typeof CreditMovement>;
type Kind = z.infer<typeof CreditMovementKind>;

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

/** The columns and joins every credit-movement query shares; callers add WHERE and ORDER. */
export const movementSelect = `
  SELECT m.entry_id, m.at_ms, m.till_id, t.name AS till_name, u.name AS user_name, m.contact_id,
         c.name AS contact_name, c.first_name AS contact_first_name, m.entry_type, m.amount_minor,
         m.balance_after_minor, m.order_id, o.number AS order_number, m.method_id, pm.name AS method_name, m.reference
  FROM account_movements m
  LEFT JOIN tills t ON t.id = m.till_id
  LEFT JOIN users u ON u.id = m.user_id
  LEFT JOIN contacts c ON c.id = m.contact_id
  LEFT JOIN orders o ON o.id = m.order_id
  LEFT JOIN payment_methods pm ON pm.id = m.method_id`;

import { negateMinor } from '../../shared/money/money.ts';

export const negate = negateMinor;

/**
 * What a movement was, from the entry that made it and which way it moved the balance
 * (`delta` as the customer sees it: + the balance grew).
 */
export function creditKind(entryType: string, delta: number): Kind {
  switch (entryType) {
    case 'credit_fund':
      return 'funded';
    case 'credit_payout':
      return 'paid_out';
    case 'sale':
      return delta < 0 ? 'spent' : 'voucher_overflow';
    case 'refund':
      return delta > 0 ? 'refunded_to_credit' : 'reversed';
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
