// The three credit-balance reports of seed 003, on the indexed account_movements table:
// the slip of one or several tills, the accounts tracking, the movements of some contacts.
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { creditMovementKinds } from '../../shared/api/schemas.ts';
import { stmt, type Db } from '../db/connection.ts';
import type { Ctx } from './context.ts';
import { contactName } from './contacts.ts';
import { creditKind, movementSelect, negate, toCreditMovement, type MovementRow } from './credit-movements.ts';

/** Rows listed on screen at most; the totals always count every matching movement. */
export const reportRowsMax = 2000;

type MovementsReport = OutputOf<'reports.creditSlip'>;

/** Totals by entry type and direction, then folded into the customer's view. */
function totalsOf(db: Db, where: string, params: Record<string, unknown>): { totals: MovementsReport['totals']; rowCount: number } {
  const rows = stmt(
    db,
    `SELECT m.entry_type, m.amount_minor < 0 AS raises, COUNT(*) AS n, SUM(m.amount_minor) AS sum FROM account_movements m
     WHERE ${where} GROUP BY m.entry_type, m.amount_minor < 0`,
  ).all(params) as { entry_type: string; raises: number; n: number; sum: number }[];
  const byKind = Object.fromEntries(creditMovementKinds.map((k) => [k, 0])) as MovementsReport['totals']['byKind'];
  let creditedMinor = 0;
  let debitedMinor = 0;
  let rowCount = 0;
  for (const r of rows) {
    const delta = negate(r.sum);
    const kind = creditKind(r.entry_type, r.raises ? 1 : -1);
    byKind[kind] = (byKind[kind] ?? 0) + delta;
    if (delta > 0) creditedMinor += delta;
    else debitedMinor -= delta;
    rowCount += r.n;
  }
  return { totals: { creditedMinor, debitedMinor, netMinor: creditedMinor - debitedMinor, byKind }, rowCount };
}

function movementsReport(db: Db, where: string, params: Record<string, unknown>): MovementsReport {
  const rows = stmt(db, `${movementSelect} WHERE ${where} ORDER BY m.at_ms, m.entry_id LIMIT ${reportRowsMax + 1}`).all(params) as MovementRow[];
  const { totals, rowCount } = totalsOf(db, where, params);
  return { rows: rows.slice(0, reportRowsMax).map(toCreditMovement), rowCount, isTruncated: rows.length > reportRowsMax, totals };
}

/** Bordereau des mouvements de compte d'avoir: what credited or debited balances at some tills (none listed: all). */
export function creditSlip(ctx: Ctx, input: ParsedInputOf<'reports.creditSlip'>): Result<OutputOf<'reports.creditSlip'>> {
  const tillFilter = input.tillIds.length > 0 ? ' AND m.till_id IN (SELECT value FROM json_each(@tills))' : '';
  return ok(
    movementsReport(ctx.db, `m.kind = 'credit' AND m.at_ms BETWEEN @from AND @to${tillFilter}`, {
      from: input.fromMs,
      to: input.toMs,
      ...(tillFilter ? { tills: JSON.stringify(input.tillIds) } : {}),
    }),
  );
}

/** Suivi des mouvements des comptes d'avoir: the movements of a list of contacts. */
export function creditMovements(ctx: Ctx, input: ParsedInputOf<'reports.creditMovements'>): Result<OutputOf<'reports.creditMovements'>> {
  return ok(
    movementsReport(ctx.db, "m.contact_id IN (SELECT value FROM json_each(@contacts)) AND m.kind = 'credit' AND m.at_ms BETWEEN @from AND @to", {
      from: input.fromMs,
      to: input.toMs,
      contacts: JSON.stringify(input.contactIds),
    }),
  );
}

/**
 * Suivi des comptes d'avoir: every contact whose balance was not zero at some time in the
 * period. The closing balance is today's balance less what moved after the period; the
 * opening balance is the closing one less what moved in it — so only the movements of the
 * period and after it are read, never the whole history.
 */
export function creditAccounts(ctx: Ctx, input: ParsedInputOf<'reports.creditAccounts'>): Result<OutputOf<'reports.creditAccounts'>> {
  const rows = stmt(
    ctx.db,
    `WITH after AS (
       SELECT contact_id, SUM(amount_minor) AS sum FROM account_movements WHERE kind = 'credit' AND at_ms > @to GROUP BY contact_id
     ), period AS (
       SELECT contact_id,
              SUM(CASE WHEN amount_minor < 0 THEN -amount_minor ELSE 0 END) AS credited,
              SUM(CASE WHEN amount_minor > 0 THEN amount_minor ELSE 0 END) AS debited,
              SUM(amount_minor) AS sum
       FROM account_movements WHERE kind = 'credit' AND at_ms BETWEEN @from AND @to GROUP BY contact_id
     )
     SELECT a.contact_id, c.name, c.first_name, b.balance_minor - COALESCE(after.sum, 0) AS closing,
            COALESCE(period.credited, 0) AS credited, COALESCE(period.debited, 0) AS debited, COALESCE(period.sum, 0) AS moved
     FROM account_balances b JOIN accounts a ON a.id = b.account_id JOIN contacts c ON c.id = a.contact_id
     LEFT JOIN after ON after.contact_id = a.contact_id LEFT JOIN period ON period.contact_id = a.contact_id
     WHERE b.kind = 'credit'`,
  ).all({ from: input.fromMs, to: input.toMs }) as { contact_id: string; name: string; first_name: string; closing: number; credited: number; debited: number; moved: number }[];
  const report = rows
    .map((r) => {
      const closingMinor = negate(r.closing);
      return {
        contactId: r.contact_id,
        contactName: contactName({ name: r.name, firstName: r.first_name }),
        openingMinor: closingMinor - negate(r.moved),
        creditedMinor: r.credited,
        debitedMinor: r.debited,
        closingMinor,
      };
    })
    .filter((r) => r.openingMinor !== 0 || r.closingMinor !== 0 || r.creditedMinor !== 0 || r.debitedMinor !== 0)
    .sort((a, b) => a.contactName.localeCompare(b.contactName, 'fr'));
  const sum = (pick: (r: (typeof report)[number]) => number) => report.reduce((a, r) => a + pick(r), 0);
  return ok({
    rows: report,
    totals: { openingMinor: sum((r) => r.openingMinor), creditedMinor: sum((r) => r.creditedMinor), debitedMinor: sum((r) => r.debitedMinor), closingMinor: sum((r) => r.closingMinor) },
  });
}

export function listTills(ctx: Ctx): Result<OutputOf<'reports.tills'>> {
  return ok(stmt(ctx.db, 'SELECT id, name FROM tills ORDER BY name').all() as { id: string; name: string }[]);
}
