// The two deferred-account reports of seed 000 over the box office (this till's own movements
// and, on an enrolled till, the other channels' it knows: account-movements.ts): the
// accounts' current state bounded by amounts, and the list of movements by status, product,
// contact and period.
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { stmt } from '../kernel/db/connection.ts';
import { todayOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { reportRowsMax } from '../../shared/limits.ts';
import { deferredMovementRows } from './deferred-movements.ts';
import { periodTotalsByType } from '../kernel/ledger/day-totals.ts';
import { movementTotals } from '../kernel/ledger/account-movements.ts';
import { byContactName, deferredTotals } from '../../shared/domain/account-movements.ts';
import { contactName } from '../../shared/domain/contact-name.ts';
import { accountsAsOf } from '../sync-client/index.ts';

/**
 * Suivi des comptes d'attente: every contact that may pay on account or owes something,
 * with its limit, outstanding, overdue and headroom — bounded by a minimum and a maximum
 * outstanding. Outstanding is the box office's: this till's balance of the account plus the
 * other channels' movements it knows; overdue comes from the open installments' index (the
 * installments this till holds).
 */
export function deferredAccountsReport(ctx: Ctx, input: ParsedInputOf<'reports.deferredAccounts'>): Result<OutputOf<'reports.deferredAccounts'>> {
  const rows = stmt(
    ctx.db,
    `SELECT c.id, c.name, c.first_name, c.deferred_authorised, c.deferred_limit_minor,
            COALESCE((SELECT b.balance_minor FROM account_balances b WHERE b.account_id = 'deferred:' || c.id), 0)
              + COALESCE((SELECT k.balance_minor FROM known_accounts k WHERE k.account_id = 'deferred:' || c.id), 0) AS outstanding,
            COALESCE((SELECT SUM(s.open_minor) FROM deferred_item_state s WHERE s.payer_contact_id = c.id AND s.due_date < @today AND s.open_minor > 0), 0) AS overdue
     FROM contacts c
     WHERE c.deferred_authorised = 1 OR c.id IN (SELECT contact_id FROM accounts WHERE kind = 'deferred') OR c.id IN (SELECT contact_id FROM known_accounts WHERE kind = 'deferred')`,
  ).all({ today: todayOf(ctx) }) as { id: string; name: string; first_name: string; deferred_authorised: number; deferred_limit_minor: number; outstanding: number; overdue: number }[];
  const shown = (r: (typeof rows)[number]) => ({ contactId: r.id, name: r.name, firstName: r.first_name });
  const report = rows
    .sort((a, b) => b.outstanding - a.outstanding || byContactName(shown(a), shown(b)))
    .filter((r) => (input.minMinor === undefined || r.outstanding >= input.minMinor) && (input.maxMinor === undefined || r.outstanding <= input.maxMinor))
    .map((r) => ({
      contactId: r.id,
      contactName: contactName(shown(r)),
      isAuthorised: r.deferred_authorised === 1,
      limitMinor: r.deferred_limit_minor,
      outstandingMinor: r.outstanding,
      overdueMinor: r.overdue,
      headroomMinor: r.deferred_limit_minor - r.outstanding,
    }));
  const sum = (pick: (r: (typeof report)[number]) => number) => report.reduce((a, r) => a + pick(r), 0);
  return ok({
    rows: report.slice(0, reportRowsMax),
    rowCount: report.length,
    isTruncated: report.length > reportRowsMax,
    totals: { limitMinor: sum((r) => r.limitMinor), outstandingMinor: sum((r) => r.outstandingMinor), overdueMinor: sum((r) => r.overdueMinor) },
    asOf: accountsAsOf(ctx.db),
  });
}

/** The SQL filter of the movements list, its parameters bound by name. */
function movementFilter(input: ParsedInputOf<'reports.deferredMovements'>): { where: string; params: Record<string, unknown> } {
  const parts = ["m.kind = 'deferred'", 'm.at_ms BETWEEN @from AND @to'];
  const params: Record<string, unknown> = { from: input.fromMs, to: input.toMs };
  if (input.contactIds?.length) {
    parts.unshift('m.contact_id IN (SELECT value FROM json_each(@contacts))');
    params.contacts = JSON.stringify(input.contactIds);
  }
  if (input.productIds?.length) {
    parts.push(`m.order_id IN (SELECT l.order_id FROM order_lines l LEFT JOIN performances p ON p.id = l.performance_id
      WHERE l.item_id IN (SELECT value FROM json_each(@products)) OR l.voucher_product_id IN (SELECT value FROM json_each(@products))
         OR l.performance_id IN (SELECT value FROM json_each(@products)) OR p.event_id IN (SELECT value FROM json_each(@products)))`);
    params.products = JSON.stringify(input.productIds);
  }
  const status = input.status ?? 'all';
  if (status !== 'all') {
    // a charge's status, from its order's installments' state (see deferred-movements.ts)
    // per movement, a seek in the (order_id, open_minor, paid_minor) index
    const isOpen = 'EXISTS (SELECT 1 FROM deferred_item_state s WHERE s.order_id = m.order_id AND s.open_minor > 0)';
    const isPaid = 'EXISTS (SELECT 1 FROM deferred_item_state s WHERE s.order_id = m.order_id AND s.paid_minor > 0)';
    parts.push("m.entry_type = 'sale'");
    parts.push(status === 'open' ? isOpen : status === 'settled' ? `NOT ${isOpen} AND ${isPaid}` : `NOT ${isOpen} AND NOT ${isPaid}`);
  }
  return { where: parts.join(' AND '), params };
}

/** Liste des mouvements du compte d'attente. */
export function deferredMovementsReport(ctx: Ctx, input: ParsedInputOf<'reports.deferredMovements'>): Result<OutputOf<'reports.deferredMovements'>> {
  const { where, params } = movementFilter(input);
  const rows = deferredMovementRows(ctx.db, where, params, reportRowsMax + 1);
  // a period alone is added up by days; any other filter needs the rows themselves
  const isPeriodOnly = !input.contactIds?.length && !input.productIds?.length && (input.status ?? 'all') === 'all';
  const sums = isPeriodOnly
    ? periodTotalsByType(ctx.db, 'deferred', input.fromMs, input.toMs, null)
    : movementTotals(ctx.db, where, params);
  const summed = deferredTotals(sums.map((r) => ({ entryType: r.entry_type, isDebit: r.is_debit === 1, count: r.n, sumMinor: r.sum })));
  return ok({
    rows: rows.slice(0, reportRowsMax),
    rowCount: summed.rowCount,
    isTruncated: rows.length > reportRowsMax,
    totals: summed.totals,
    asOf: accountsAsOf(ctx.db),
  });
}
