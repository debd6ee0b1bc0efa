// Totals of customer-account movements over a period, from the day totals for the whole
// days inside it and from the movements themselves for the two partial days at its ends: a
// year of movements is added up from a few hundred rows. Over the box office: this till's
// own ledger (account_movements, account_day_totals) and what the pull made known of the
// other channels (known_movements, known_day_totals), which never overlap.
import { stmt, type Db } from '../db/connection.ts';
import { dayMs, utcDay } from './ledger.ts';

export interface TotalsRow {
  entry_type: string;
  is_debit: number;
  n: number;
  sum: number;
}

const ledgers = [
  { movements: 'account_movements', days: 'account_day_totals' },
  { movements: 'known_movements', days: 'known_day_totals' },
] as const;

export function periodTotalsByType(db: Db, kind: 'credit' | 'deferred', fromMs: number, toMs: number, tills: string | null): TotalsRow[] {
  return ledgers.flatMap((ledger) => ledgerTotals(db, ledger, kind, fromMs, toMs, tills));
}

function ledgerTotals(db: Db, ledger: (typeof ledgers)[number], kind: 'credit' | 'deferred', fromMs: number, toMs: number, tills: string | null): TotalsRow[] {
  const firstWhole = utcDay(fromMs - 1) + 1; // the first day that starts at or after fromMs
  const lastWhole = utcDay(toMs + 1) - 1; // the last day that ends at or before toMs
  const tillFilter = tills ? ' AND m.till_id IN (SELECT value FROM json_each(@tills))' : '';
  const byRows = (ranges: string, params: Record<string, unknown>) =>
    stmt(db, `SELECT m.entry_type, m.amount_minor > 0 AS is_debit, COUNT(*) AS n, SUM(m.amount_minor) AS sum FROM ${ledger.movements} m
              WHERE m.kind = @kind AND (${ranges})${tillFilter} GROUP BY 1, 2`).all({ kind, ...params, ...(tills ? { tills } : {}) }) as TotalsRow[];
  if (firstWhole > lastWhole) return byRows('m.at_ms BETWEEN @from AND @to', { from: fromMs, to: toMs });
  const days = stmt(
    db,
    `SELECT entry_type, is_debit, SUM(movements) AS n, SUM(amount_minor) AS sum FROM ${ledger.days}
     WHERE kind = @kind AND day BETWEEN @first AND @last${tillFilter.replace('m.till_id', 'till_id')} GROUP BY 1, 2`,
  ).all({ kind, first: firstWhole, last: lastWhole, ...(tills ? { tills } : {}) }) as TotalsRow[];
  const edges = byRows('m.at_ms BETWEEN @from AND @headEnd OR m.at_ms BETWEEN @tailStart AND @to', { from: fromMs, headEnd: firstWhole * dayMs - 1, tailStart: (lastWhole + 1) * dayMs, to: toMs });
  return [...days, ...edges];
}
