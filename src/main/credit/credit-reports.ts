// The three credit-balance reports of seed 003, on the indexed account_movements table:
// the slip of one or several tills, the accounts tracking, the movements of some contacts.
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { creditMovementKinds } from '../../shared/api/account-schemas.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { periodTotalsByType, type TotalsRow } from '../kernel/ledger/day-totals.ts';
import type { Ctx } from '../kernel/context.ts';
import { contactName } from '../contacts/index.ts';
import type { MovementRow } from '../kernel/ledger/account-movements.ts';
import { reportRowsMax } from '../../shared/limits.ts';
import { negateMinor as negate } from '../../shared/money/money.ts';
import { creditKind, movementSelect, toCreditMovement } from './credit-movements.ts';

/** Rows listed on screen at most; the totals always count every matching movement. */

type MovementsReport = OutputOf<'reports.creditSlip'>;

/** Folds totals by entry type and direction into the customer's view. */
function foldTotals(rows: readonly TotalsRow[]): { totals: MovementsReport['totals']; rowCount: number } {
  const byKind = Object.fromEntries(creditMovementKinds.map((k) => [k, 0])) as MovementsReport['totals']['byKind'];
  let creditedMinor = 0;
  let debitedMinor = 0;
  let rowCount = 0;
  for (const r of rows) {
    const delta = negate(r.sum);
    const kind = creditKind(r.entry_type, r.is_debit ? -1 : 1);
    byKind[kind] = (byKind[kind] ?? 0) + delta;
    if (delta > 0) creditedMinor += delta;
    else debitedMinor -= delta;
    rowCount += r.n;
  }
  return { totals: { creditedMinor, debitedMinor, netMinor: creditedMinor - debitedMinor, byKind }, rowCount };
}

/** Totals of the movements matching a filter, row by row: for short periods and contact lists. */
function totalsOf(db: Db, where: string, params: Record<string, unknown>) {
  return foldTotals(
    stmt(db, `SELECT m.entry_type, m.amount_minor > 0 AS is_debit, COUNT(*) AS n, SUM(m.amount_minor) AS sum FROM account_movements m WHERE ${where} GROUP BY 1, 2`).all(params) as TotalsRow[],
  );
}

/** Totals of the credit movements of some tills over a period (see day-totals.ts). */
function periodTotals(db: Db, fromMs: number, toMs: number, tills: string | null) {
  return foldTotals(periodTotalsByType(db, 'credit', fromMs, toMs, tills));
}

function movementsReport(db: Db, where: string, params: Record<string, unknown>, summed: { totals: MovementsReport['totals']; rowCount: number }): MovementsReport {
  const rows = stmt(db, `${movementSelect} WHERE ${where} ORDER BY m.at_ms, m.entry_id LIMIT ${reportRowsMax + 1}`).all(params) as MovementRow[];
  return { rows: rows.slice(0, reportRowsMax).map(toCreditMovement), rowCount: summed.rowCount, isTruncated: rows.length > reportRowsMax, totals: summed.totals };
}

/** Bordereau des mouvements de compte d'avoir: what credited or debited balances at some tills (none listed: all). */
export function creditSlip(ctx: Ctx, input: ParsedInputOf<'reports.creditSlip'>): Result<OutputOf<'reports.creditSlip'>> {
  const tills = input.tillIds.length > 0 ? JSON.stringify(input.tillIds) : null;
  const tillFilter = tills ? ' AND m.till_id IN (SELECT value FROM json_each(@tills))' : '';
  const where = `m.kind = 'credit' AND m.at_ms BETWEEN @from AND @to${tillFilter}`;
  const params = { from: input.fromMs, to: input.toMs, ...(tills ? { tills } : {}) };
  return ok(movementsReport(ctx.db, where, params, periodTotals(ctx.db, input.fromMs, input.toMs, tills)));
}

/** Suivi des mouvements des comptes d'avoir: the movements of a list of contacts. */
export function creditMovements(ctx: Ctx, input: ParsedInputOf<'reports.creditMovements'>): Result<OutputOf<'reports.creditMovements'>> {
  const where = "m.contact_id IN (SELECT value FROM json_each(@contacts)) AND m.kind = 'credit' AND m.at_ms BETWEEN @from AND @to";
  const params = { from: input.fromMs, to: input.toMs, contacts: JSON.stringify(input.contactIds) };
  return ok(movementsReport(ctx.db, where, params, totalsOf(ctx.db, where, params)));
}

/**
 * Suivi des comptes d'avoir: every contact whose balance was not zero at some time in the
 * period. Each movement carries its account's balance and running debit and credit totals,
 * so a contact's opening and closing balances and what moved in between are two index
 * seeks (its last movement before the period, its last one in it) — never a sum over the
 * whole history.
 */
export function creditAccounts(ctx: Ctx, input: ParsedInputOf<'reports.creditAccounts'>): Result<OutputOf<'reports.creditAccounts'>> {
  const rows = stmt(
    ctx.db,
    `SELECT x.contact_id, x.name, x.first_name,
            COALESCE(o.balance_after_minor, 0) AS opening, COALESCE(o.debits_after_minor, 0) AS opening_debits, COALESCE(o.credits_after_minor, 0) AS opening_credits,
            COALESCE(c.balance_after_minor, 0) AS closing, COALESCE(c.debits_after_minor, 0) AS closing_debits, COALESCE(c.credits_after_minor, 0) AS closing_credits
     FROM (
       SELECT a.contact_id, k.name, k.first_name,
              (SELECT m.rowid FROM account_movements m WHERE m.contact_id = a.contact_id AND m.kind = 'credit' AND m.at_ms < @from ORDER BY m.at_ms DESC, m.rowid DESC LIMIT 1) AS opening_row,
              (SELECT m.rowid FROM account_movements m WHERE m.contact_id = a.contact_id AND m.kind = 'credit' AND m.at_ms <= @to ORDER BY m.at_ms DESC, m.rowid DESC LIMIT 1) AS closing_row
       FROM accounts a JOIN contacts k ON k.id = a.contact_id WHERE a.kind = 'credit'
     ) x
     LEFT JOIN account_movements o ON o.rowid = x.opening_row
     LEFT JOIN account_movements c ON c.rowid = x.closing_row`,
  ).all({ from: input.fromMs, to: input.toMs }) as {
    contact_id: string; name: string; first_name: string;
    opening: number; opening_debits: number; opening_credits: number; closing: number; closing_debits: number; closing_credits: number;
  }[];
  // a credit account's credits raise the customer's balance, its debits lower it
  const report = rows
    .map((r) => ({
      contactId: r.contact_id,
      contactName: contactName({ name: r.name, firstName: r.first_name }),
      openingMinor: negate(r.opening),
      creditedMinor: r.closing_credits - r.opening_credits,
      debitedMinor: r.closing_debits - r.opening_debits,
      closingMinor: negate(r.closing),
    }))
    .filter((r) => r.openingMinor !== 0 || r.closingMinor !== 0 || r.creditedMinor !== 0 || r.debitedMinor !== 0)
    .sort((a, b) => a.contactName.localeCompare(b.contactName, 'fr'));
  const sum = (pick: (r: (typeof report)[number]) => number) => report.reduce((a, r) => a + pick(r), 0);
  return ok({
    rows: report.slice(0, reportRowsMax),
    rowCount: report.length,
    isTruncated: report.length > reportRowsMax,
    totals: { openingMinor: sum((r) => r.openingMinor), creditedMinor: sum((r) => r.creditedMinor), debitedMinor: sum((r) => r.debitedMinor), closingMinor: sum((r) => r.closingMinor) },
  });
}

export function listTills(ctx: Ctx): Result<OutputOf<'reports.tills'>> {
  return ok(stmt(ctx.db, 'SELECT id, name FROM tills ORDER BY name').all() as { id: string; name: string }[]);
}
