// The three credit-balance reports of seed 003 over the box office (this till's own
// movements and, on an enrolled till, the other channels' it knows: account-movements.ts):
// the slip of one or several tills, the accounts tracking, the movements of some contacts.
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { byContactName, creditTotals, reportContact } from '../../shared/domain/account-movements.ts';
import { contactName } from '../../shared/domain/contact-name.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { periodTotalsByType, type TotalsRow } from '../kernel/ledger/day-totals.ts';
import type { Ctx } from '../kernel/context.ts';
import { formerTillIds } from '../kernel/till-identity.ts';
import { firstMovementRows, movementTotals, type MovementRow } from '../kernel/ledger/account-movements.ts';
import { reportRowsMax } from '../../shared/limits.ts';
import { negateMinor as negate } from '../../shared/money/money.ts';
import { accountsAsOf } from '../sync-client/index.ts';
import { toCreditMovement } from './credit-movements.ts';

type MovementsReport = OutputOf<'reports.creditSlip'>;

/** Folds totals by entry type and direction into the customer's view. */
function foldTotals(rows: readonly TotalsRow[]) {
  return creditTotals(rows.map((r) => ({ entryType: r.entry_type, isDebit: r.is_debit === 1, count: r.n, sumMinor: r.sum })));
}

/** Totals of the movements matching a filter, row by row: for short periods and contact lists. */
function totalsOf(db: Db, where: string, params: Record<string, unknown>) {
  return foldTotals(movementTotals(db, where, params));
}

/** Totals of the credit movements of some tills over a period (see day-totals.ts). */
function periodTotals(db: Db, fromMs: number, toMs: number, tills: string | null) {
  return foldTotals(periodTotalsByType(db, 'credit', fromMs, toMs, tills));
}

function movementsReport(db: Db, where: string, params: Record<string, unknown>, summed: { totals: MovementsReport['totals']; rowCount: number }): MovementsReport {
  const rows = firstMovementRows<MovementRow>(db, '', where, params, reportRowsMax + 1);
  return { rows: rows.slice(0, reportRowsMax).map(toCreditMovement), rowCount: summed.rowCount, isTruncated: rows.length > reportRowsMax, totals: summed.totals, asOf: accountsAsOf(db) };
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
 * Whether a ledger's credit accounts need an index seek for their opening (a movement
 * before the period) and for their closing (a movement after it): two seeks on its period
 * index.
 */
function ledgerSeeks(db: Db, table: 'account_movements' | 'known_movements', period: { fromMs: number; toMs: number }): { isOpeningSought: boolean; isClosingSought: boolean } {
  const span = stmt(
    db,
    `SELECT (SELECT at_ms FROM ${table} WHERE kind = 'credit' ORDER BY at_ms LIMIT 1) AS first, (SELECT at_ms FROM ${table} WHERE kind = 'credit' ORDER BY at_ms DESC LIMIT 1) AS last`,
  ).get() as { first: number | null; last: number | null };
  return { isOpeningSought: span.first !== null && span.first < period.fromMs, isClosingSought: span.last !== null && span.last > period.toMs };
}

/**
 * Suivi des comptes d'avoir: every contact whose balance was not zero at some time in the
 * period, over the box office. Each movement carries its ledger's running balance, debit and
 * credit totals for its account, so a contact's opening and closing balances and what moved
 * in between are index seeks — its last movement before the period and its last one in it,
 * in this till's ledger and in the known one — never a sum over the whole history.
 */
export function creditAccounts(ctx: Ctx, input: ParsedInputOf<'reports.creditAccounts'>): Result<OutputOf<'reports.creditAccounts'>> {
  const last = (table: string, order: string, bound: string) =>
    `(SELECT m.rowid FROM ${table} m WHERE m.contact_id = a.contact_id AND m.kind = 'credit' AND m.at_ms ${bound} ORDER BY m.at_ms DESC, ${order} DESC LIMIT 1)`;
  // a ledger whose first credit movement is in the period opens every account at 0, and one
  // whose last is in it closes each at its totals: no seek (a report up to today)
  const own = ledgerSeeks(ctx.db, 'account_movements', input);
  const known = ledgerSeeks(ctx.db, 'known_movements', input);
  const ownClosing = own.isClosingSought
    ? { join: 'LEFT JOIN account_movements c ON c.rowid = x.closing_row', balance: 'c.balance_after_minor', debits: 'c.debits_after_minor', credits: 'c.credits_after_minor' }
    : { join: "LEFT JOIN account_balances c ON c.account_id = 'credit:' || x.contact_id", balance: 'c.balance_minor', debits: 'c.debits_minor', credits: 'c.credits_minor' };
  const knownClosing = known.isClosingSought
    ? { join: 'LEFT JOIN known_movements kc ON kc.rowid = x.known_closing_row', balance: 'kc.balance_after_minor', debits: 'kc.debits_after_minor', credits: 'kc.credits_after_minor' }
    : { join: "LEFT JOIN known_accounts kc ON kc.account_id = 'credit:' || x.contact_id", balance: 'kc.balance_minor', debits: 'kc.debits_minor', credits: 'kc.credits_minor' };
  const rows = stmt(
    ctx.db,
    `SELECT x.contact_id, k.name, k.first_name,
            COALESCE(o.balance_after_minor, 0) + COALESCE(ko.balance_after_minor, 0) AS opening,
            COALESCE(o.debits_after_minor, 0) + COALESCE(ko.debits_after_minor, 0) AS opening_debits,
            COALESCE(o.credits_after_minor, 0) + COALESCE(ko.credits_after_minor, 0) AS opening_credits,
            COALESCE(${ownClosing.balance}, 0) + COALESCE(${knownClosing.balance}, 0) AS closing,
            COALESCE(${ownClosing.debits}, 0) + COALESCE(${knownClosing.debits}, 0) AS closing_debits,
            COALESCE(${ownClosing.credits}, 0) + COALESCE(${knownClosing.credits}, 0) AS closing_credits
     FROM (
       SELECT a.contact_id,
              ${own.isOpeningSought ? last('account_movements', 'm.rowid', '< @from') : 'NULL'} AS opening_row,
              ${own.isClosingSought ? last('account_movements', 'm.rowid', '<= @to') : 'NULL'} AS closing_row,
              ${known.isOpeningSought ? last('known_movements', 'm.entry_id', '< @from') : 'NULL'} AS known_opening_row,
              ${known.isClosingSought ? last('known_movements', 'm.entry_id', '<= @to') : 'NULL'} AS known_closing_row
       FROM (SELECT contact_id FROM accounts WHERE kind = 'credit' UNION SELECT contact_id FROM known_accounts WHERE kind = 'credit') a
     ) x
     LEFT JOIN contacts k ON k.id = x.contact_id
     LEFT JOIN account_movements o ON o.rowid = x.opening_row
     ${ownClosing.join}
     LEFT JOIN known_movements ko ON ko.rowid = x.known_opening_row
     ${knownClosing.join}`,
  ).all({ from: input.fromMs, to: input.toMs }) as {
    contact_id: string; name: string | null; first_name: string | null;
    opening: number; opening_debits: number; opening_credits: number; closing: number; closing_debits: number; closing_credits: number;
  }[];
  // a credit account's credits raise the customer's balance, its debits lower it
  const report = rows
    .sort((a, b) => byContactName(reportContact(a), reportContact(b)))
    .map((r) => ({
      contactId: r.contact_id,
      contactName: contactName(reportContact(r)),
      openingMinor: negate(r.opening),
      creditedMinor: r.closing_credits - r.opening_credits,
      debitedMinor: r.closing_debits - r.opening_debits,
      closingMinor: negate(r.closing),
    }))
    .filter((r) => r.openingMinor !== 0 || r.closingMinor !== 0 || r.creditedMinor !== 0 || r.debitedMinor !== 0);
  const sum = (pick: (r: (typeof report)[number]) => number) => report.reduce((a, r) => a + pick(r), 0);
  return ok({
    rows: report.slice(0, reportRowsMax),
    rowCount: report.length,
    isTruncated: report.length > reportRowsMax,
    totals: { openingMinor: sum((r) => r.openingMinor), creditedMinor: sum((r) => r.creditedMinor), debitedMinor: sum((r) => r.debitedMinor), closingMinor: sum((r) => r.closingMinor) },
    asOf: accountsAsOf(ctx.db),
  });
}

/** The tills a report may be asked for: not the ids this till gave up at its set-up or enrolment. */
export function listTills(ctx: Ctx): Result<OutputOf<'reports.tills'>> {
  const former = new Set(formerTillIds(ctx.db));
  return ok((stmt(ctx.db, 'SELECT id, name FROM tills ORDER BY name').all() as { id: string; name: string }[]).filter((t) => !former.has(t.id)));
}
