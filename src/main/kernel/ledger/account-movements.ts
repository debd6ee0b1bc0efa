// What reading a customer account's movements shares between the credit balance and the
// deferred account: the row, its names and numbers, a contact's latest movements, the first
// movements of a filter and their totals — over the box office. This till's own movements
// are account_movements (its ledger); on an enrolled till the other channels' ones, as the
// last pull brought them, are known_movements (migration 013). The two never hold the same
// movement (the server never sends a till its own), so every list and total reads both.
// A movement's balance after it is the box office's: its own ledger's running total plus the
// other one's up to it, in (time, entry id) order — as the server counts it. Each kind turns
// a row into its own view (credit-movements.ts, deferred-movements.ts).
import { stmt, type Db } from '../db/connection.ts';
import type { TotalsRow } from './day-totals.ts';

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

/** The other ledger's running total of the movement's account just before it (0 when none). */
const knownBefore = `COALESCE((SELECT k.balance_after_minor FROM known_movements k
    WHERE k.contact_id = m.contact_id AND k.kind = m.kind AND (k.at_ms, k.entry_id) < (m.at_ms, m.entry_id) ORDER BY k.at_ms DESC, k.entry_id DESC LIMIT 1), 0)`;
const ownBefore = `COALESCE((SELECT a.balance_after_minor FROM account_movements a
    WHERE a.contact_id = m.contact_id AND a.kind = m.kind AND a.at_ms <= m.at_ms AND (a.at_ms, a.entry_id) < (m.at_ms, m.entry_id) ORDER BY a.at_ms DESC, a.rowid DESC LIMIT 1), 0)`;

/** The columns of a `MovementRow` of this till's own ledger, without `SELECT`; `m` names the movements. */
export const movementColumns = `
  m.entry_id, m.at_ms, m.till_id, t.name AS till_name, u.name AS user_name, m.contact_id,
  c.name AS contact_name, c.first_name AS contact_first_name, m.entry_type, m.amount_minor,
  m.balance_after_minor + ${knownBefore} AS balance_after_minor, m.order_id, o.number AS order_number, m.method_id, pm.name AS method_name, m.reference`;

/** The same of a movement another channel made (known_movements): its till's name and order number as the server sent them. */
export const knownMovementColumns = `
  m.entry_id, m.at_ms, m.till_id, m.till_name AS till_name, u.name AS user_name, m.contact_id,
  c.name AS contact_name, c.first_name AS contact_first_name, m.entry_type, m.amount_minor,
  m.balance_after_minor + ${ownBefore} AS balance_after_minor, m.order_id, COALESCE(o.number, m.order_number) AS order_number, m.method_id, pm.name AS method_name, m.reference`;

/** The joins that give the columns their names. */
export const movementJoins = `
  LEFT JOIN tills t ON t.id = m.till_id
  LEFT JOIN users u ON u.id = m.user_id
  LEFT JOIN contacts c ON c.id = m.contact_id
  LEFT JOIN orders o ON o.id = m.order_id
  LEFT JOIN payment_methods pm ON pm.id = m.method_id`;

const knownJoins = `
  LEFT JOIN users u ON u.id = m.user_id
  LEFT JOIN contacts c ON c.id = m.contact_id
  LEFT JOIN orders o ON o.id = m.order_id
  LEFT JOIN payment_methods pm ON pm.id = m.method_id`;

/** `SELECT … FROM <ledger> m …` of each ledger, with a kind's own columns after the shared ones (`extra`, starting with a comma). */
function selects(extra: string): { own: string; known: string } {
  return {
    own: `SELECT ${movementColumns}${extra} FROM account_movements m ${movementJoins}`,
    known: `SELECT ${knownMovementColumns}${extra} FROM known_movements m ${knownJoins}`,
  };
}

/**
 * A contact's latest movements on one kind of account over both ledgers, newest first.
 * `extra` adds the kind's columns (`, … AS name`, `m` the movement); the caller maps the rows.
 */
export function latestMovementRows<Row extends MovementRow>(db: Db, extra: string, kind: AccountKind, contactId: string, limit: number): Row[] {
  const { own, known } = selects(extra);
  const filter = 'WHERE m.contact_id = @contactId AND m.kind = @kind ORDER BY m.at_ms DESC, m.entry_id DESC LIMIT @limit';
  return stmt(db, `SELECT * FROM (SELECT * FROM (${own} ${filter}) UNION ALL SELECT * FROM (${known} ${filter})) ORDER BY at_ms DESC, entry_id DESC LIMIT @limit`).all({
    contactId,
    kind,
    limit,
  }) as Row[];
}

/**
 * The first `limit` movements of both ledgers matching `where` (on columns both have: kind,
 * contact_id, till_id, at_ms, entry_type, amount_minor, order_id; `m` the movement), oldest
 * first: chosen on each ledger's indexes first, then only those joined (names, balances).
 */
export function firstMovementRows<Row extends MovementRow>(db: Db, extra: string, where: string, params: Record<string, unknown>, limit: number): Row[] {
  const { own, known } = selects(extra);
  const pick = (table: string) => `SELECT * FROM (SELECT m.rowid AS id FROM ${table} m WHERE ${where} ORDER BY m.at_ms, m.entry_id LIMIT ${limit})`;
  const sql = `SELECT * FROM (
      SELECT * FROM (${own} WHERE m.rowid IN (${pick('account_movements')}))
      UNION ALL
      SELECT * FROM (${known} WHERE m.rowid IN (${pick('known_movements')})))
    ORDER BY at_ms, entry_id LIMIT ${limit}`;
  return stmt(db, sql).all(params) as Row[];
}

/** Totals by entry type and direction of the movements of both ledgers matching `where`, row by row: for short periods and contact lists. */
export function movementTotals(db: Db, where: string, params: Record<string, unknown>): TotalsRow[] {
  const of = (table: string) => `SELECT m.entry_type, m.amount_minor > 0 AS is_debit, COUNT(*) AS n, SUM(m.amount_minor) AS sum FROM ${table} m WHERE ${where} GROUP BY 1, 2`;
  return stmt(db, `SELECT entry_type, is_debit, SUM(n) AS n, SUM(sum) AS sum FROM (${of('account_movements')} UNION ALL ${of('known_movements')}) GROUP BY 1, 2`).all(params) as TotalsRow[];
}

/**
 * The box office's customer accounts of a kind: those of this till's ledger and those the
 * pull made known, each contact once, with its balance over both (what the ledgers hold now).
 */
export function accountBalances(db: Db, kind: AccountKind): { contact_id: string; balance_minor: number }[] {
  return stmt(
    db,
    `SELECT contact_id, SUM(balance_minor) AS balance_minor FROM (
       SELECT a.contact_id, COALESCE(b.balance_minor, 0) AS balance_minor FROM accounts a LEFT JOIN account_balances b ON b.account_id = a.id WHERE a.kind = @kind
       UNION ALL
       SELECT contact_id, balance_minor FROM known_accounts WHERE kind = @kind)
     GROUP BY contact_id`,
  ).all({ kind }) as { contact_id: string; balance_minor: number }[];
}
