// The five customer-account reports of the tills (seed 003 for the credit balance, seed 000
// for the deferred account), answered by the ledger server over every channel's movements it
// holds (account_movements, movements.ts): the authoritative figure for the back office and
// for a till that wants it. Same inputs, same answers, same folding (shared/domain/
// account-movements.ts) as a till's box-office report; the server knows no user's name and
// leaves it empty. The deferred movements list filters by status, contact and period, not by
// product (a till's sale payload does not name its items).
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { OutputOf } from '../../src/shared/api/contract.ts';
import { Id, SignedAmountMinor, TimestampMs } from '../../src/shared/api/schemas.ts';
import { byContactName, creditKind, creditTotals, deferredKind, deferredTotals, reportContact, type TypeTotals } from '../../src/shared/domain/account-movements.ts';
import { contactName } from '../../src/shared/domain/contact-name.ts';
import { dayIn } from '../../src/shared/domain/deferred.ts';
import { reportRowsMax } from '../../src/shared/limits.ts';
import { negateMinor } from '../../src/shared/money/money.ts';
import { ok, type Result } from '../../src/shared/result.ts';
import type { ServerContext } from './context.ts';
import { institutionOf } from './shop/catalogue.ts';
import type { Db } from './store/store.ts';
import { transaction, type Trx } from './store/tx.ts';
import { int } from './store/schema.ts';

type Kind = 'credit' | 'deferred';
type Sql = RawBuilder<unknown>;
const dayMs = 86_400_000;

/** A list in a query: comma-separated ids (`tillIds=G1,G2`), empty for none. */
const idList = (max: number) =>
  z
    .string()
    .max(max * 65)
    .default('')
    .transform((s) => (s === '' ? [] : s.split(',')))
    .pipe(z.array(Id).max(max));
const time = z.coerce.number().pipe(TimestampMs);
const period = { fromMs: time, toMs: time };
const ordered = { check: (p: { fromMs: number; toMs: number }) => p.fromMs <= p.toMs, message: { message: 'the period ends before it starts', path: ['toMs'] } };

// the tills' inputs (account-schemas.ts) as a URL carries them; an unknown parameter is refused, never ignored
export const CreditSlipQuery = z.object({ ...period, tillIds: idList(50) }).strict().refine(ordered.check, ordered.message);
export const CreditMovementsQuery = z.object({ ...period, contactIds: idList(200).pipe(z.array(Id).min(1)) }).strict().refine(ordered.check, ordered.message);
export const CreditAccountsQuery = z.object(period).strict().refine(ordered.check, ordered.message);
export const DeferredAccountsQuery = z.object({ minMinor: z.coerce.number().pipe(SignedAmountMinor).optional(), maxMinor: z.coerce.number().pipe(SignedAmountMinor).optional() }).strict();
export const DeferredMovementsQuery = z
  .object({ ...period, status: z.enum(['all', 'open', 'settled', 'cancelled']).default('all'), contactIds: idList(200) })
  .strict()
  .refine(ordered.check, ordered.message);

interface MovementDbRow {
  event_id: string;
  at_ms: string;
  till_id: string;
  till_name: string | null;
  contact_id: string;
  contact_body: string | null;
  entry_type: string;
  amount_minor: string;
  balance_after_minor: string;
  order_id: string | null;
  order_number: string | null;
  method_id: string | null;
  method_body: string | null;
  reference: string;
  open_minor: string | null;
  paid_minor: string | null;
}

/** When the server answers: it holds every channel's movements it has received. */
const asOf = (ctx: ServerContext) => ({ scope: 'server' as const, syncedAtMs: ctx.clock.nowMs(), isOffline: false });

function nameOf(body: string | null, fallback: string): string {
  if (!body) return fallback;
  const parsed = JSON.parse(body) as { name?: string; firstName?: string };
  return contactName({ name: parsed.name ?? fallback, firstName: parsed.firstName ?? '' });
}

/**
 * The first movements `where` chooses (on `m`, the account_movements row), oldest first, with
 * their names and, for deferred ones, their charge's installments. `within` names the
 * accounts or tills to take each in its own index range (time-ordered), merged.
 */
async function movementRows(db: Db, where: Sql, within?: { column: 'account_id' | 'till_id'; ids: readonly string[] }): Promise<MovementDbRow[]> {
  const limit = sql`ORDER BY m.at_ms, m.event_id LIMIT ${reportRowsMax + 1}::int4`;
  const chosen = within
    ? sql`SELECT m.* FROM unnest(${[...within.ids]}::text[]) AS w(id) CROSS JOIN LATERAL (SELECT * FROM account_movements m WHERE m.${sql.ref(within.column)} = w.id AND ${where} ${limit}) m ${limit}`
    : sql`SELECT * FROM account_movements m WHERE ${where} ${limit}`;
  const result = await sql<MovementDbRow>`
    SELECT m.event_id, m.at_ms::text AS at_ms, m.till_id, t.name AS till_name, m.contact_id, c.body AS contact_body, m.entry_type,
      m.amount_minor::text AS amount_minor, m.balance_after_minor::text AS balance_after_minor, m.order_id, m.order_number, m.method_id, pm.body AS method_body, m.reference,
      (SELECT SUM(i.amount_minor - i.paid_minor - i.cancelled_minor) FROM installments i WHERE i.order_id = m.order_id)::text AS open_minor,
      (SELECT SUM(i.paid_minor) FROM installments i WHERE i.order_id = m.order_id)::text AS paid_minor
    FROM (${chosen}) m
    LEFT JOIN tills t ON t.id = m.till_id
    LEFT JOIN records c ON c.kind = 'contact' AND c.id = m.contact_id
    LEFT JOIN records pm ON pm.kind = 'method' AND pm.id = m.method_id
    ORDER BY m.at_ms, m.event_id`.execute(db);
  return result.rows;
}

function shared(r: MovementDbRow) {
  return {
    entryId: r.event_id,
    atMs: int(r.at_ms),
    tillId: r.till_id,
    tillName: r.till_name || r.till_id,
    userName: '',
    contactId: r.contact_id,
    contactName: nameOf(r.contact_body, r.contact_id),
    orderId: r.order_id,
    orderNumber: r.order_number,
    methodName: r.method_body ? ((JSON.parse(r.method_body) as { name?: string }).name ?? null) : null,
    reference: r.reference,
  };
}

function toCredit(r: MovementDbRow) {
  const delta = negateMinor(int(r.amount_minor));
  return { ...shared(r), kind: creditKind(r.entry_type, delta), amountMinor: delta, balanceAfterMinor: negateMinor(int(r.balance_after_minor)), methodId: r.method_id };
}

function toDeferred(r: MovementDbRow) {
  const amountMinor = int(r.amount_minor);
  const open = r.open_minor === null ? null : int(r.open_minor);
  const status = r.entry_type !== 'sale' || open === null ? null : open > 0 ? ('open' as const) : int(r.paid_minor ?? '0') > 0 ? ('settled' as const) : ('cancelled' as const);
  return { ...shared(r), kind: deferredKind(r.entry_type, amountMinor), amountMinor, outstandingAfterMinor: int(r.balance_after_minor), status };
}

/** Sums by type and direction of the movements `where` chooses (`m`), row by row. */
async function totalsByRows(db: Db, where: Sql): Promise<TypeTotals[]> {
  const result = await sql<{ entry_type: string; is_debit: boolean; n: string; total: string }>`
    SELECT m.entry_type, m.amount_minor > 0 AS is_debit, COUNT(*)::text AS n, SUM(m.amount_minor)::text AS total FROM account_movements m WHERE ${where} GROUP BY 1, 2`.execute(db);
  return result.rows.map((r) => ({ entryType: r.entry_type, isDebit: r.is_debit, count: int(r.n), sumMinor: int(r.total) }));
}

/** Sums by type and direction over a period: the whole days from the day totals, the two partial days from the rows (as a till does: day-totals.ts). */
async function periodTotals(db: Db, kind: Kind, fromMs: number, toMs: number, tillIds: readonly string[]): Promise<TypeTotals[]> {
  const firstWhole = Math.floor((fromMs - 1) / dayMs) + 1;
  const lastWhole = Math.floor((toMs + 1) / dayMs) - 1;
  const tills = tillIds.length > 0 ? sql`AND m.till_id = ANY(${[...tillIds]}::text[])` : sql``;
  if (firstWhole > lastWhole) return totalsByRows(db, sql`m.kind = ${kind} AND m.at_ms BETWEEN ${fromMs}::int8 AND ${toMs}::int8 ${tills}`);
  const days = await sql<{ entry_type: string; is_debit: boolean; n: string; total: string }>`
    SELECT m.entry_type, m.is_debit, SUM(m.movements)::text AS n, SUM(m.amount_minor)::text AS total FROM account_day_totals m
    WHERE m.kind = ${kind} AND m.day BETWEEN ${firstWhole}::int4 AND ${lastWhole}::int4 ${tills} GROUP BY 1, 2`.execute(db);
  // the two partial days, each its own range on the index (an OR of the two ranges reads the whole table)
  const edge = (from: number, to: number) => (from > to ? Promise.resolve([]) : totalsByRows(db, sql`m.kind = ${kind} AND m.at_ms BETWEEN ${from}::int8 AND ${to}::int8 ${tills}`));
  const edges = [...(await edge(fromMs, firstWhole * dayMs - 1)), ...(await edge((lastWhole + 1) * dayMs, toMs))];
  return [...days.rows.map((r) => ({ entryType: r.entry_type, isDebit: r.is_debit, count: int(r.n), sumMinor: int(r.total) })), ...edges];
}

/**
 * A report's queries in one read-only snapshot (its rows and its totals agree, whatever is
 * pushed meanwhile), without JIT: compiling a report's plan costs more than running it.
 */
function snapshot<T>(ctx: ServerContext, work: (db: Trx) => Promise<Result<T>>): Promise<Result<T>> {
  return transaction(
    ctx.db,
    async (trx) => {
      await sql`SET LOCAL jit = off`.execute(trx);
      return work(trx);
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}

/** Bordereau des mouvements de compte d'avoir: what credited or debited balances at some tills (none listed: all). */
export async function creditSlip(ctx: ServerContext, input: z.infer<typeof CreditSlipQuery>): Promise<Result<OutputOf<'reports.creditSlip'>>> {
  return snapshot(ctx, async (db) => {
    const where = sql`m.kind = 'credit' AND m.at_ms BETWEEN ${input.fromMs}::int8 AND ${input.toMs}::int8`;
    const rows = await movementRows(db, where, input.tillIds.length > 0 ? { column: 'till_id', ids: input.tillIds } : undefined);
    const summed = creditTotals(await periodTotals(db, 'credit', input.fromMs, input.toMs, input.tillIds));
    return ok({ rows: rows.slice(0, reportRowsMax).map(toCredit), rowCount: summed.rowCount, isTruncated: rows.length > reportRowsMax, totals: summed.totals, asOf: asOf(ctx) });
  });
}

const accountsOf = (kind: Kind, contactIds: readonly string[]) => contactIds.map((id) => `${kind}:${id}`);

/** Suivi des mouvements des comptes d'avoir: the movements of a list of contacts. */
export async function creditMovements(ctx: ServerContext, input: z.infer<typeof CreditMovementsQuery>): Promise<Result<OutputOf<'reports.creditMovements'>>> {
  return snapshot(ctx, async (db) => {
    const accounts = accountsOf('credit', input.contactIds);
    const where = sql`m.at_ms BETWEEN ${input.fromMs}::int8 AND ${input.toMs}::int8`;
    const rows = await movementRows(db, where, { column: 'account_id', ids: accounts });
    const summed = creditTotals(await totalsByRows(db, sql`m.account_id = ANY(${accounts}::text[]) AND ${where}`));
    return ok({ rows: rows.slice(0, reportRowsMax).map(toCredit), rowCount: summed.rowCount, isTruncated: rows.length > reportRowsMax, totals: summed.totals, asOf: asOf(ctx) });
  });
}

/**
 * Suivi des comptes d'avoir: every contact whose balance was not zero at some time in the
 * period. Per credit account (account_totals), its opening is 0 when its first movement is
 * in or after the period, else its last movement's running totals before it (an index
 * seek); its closing is its totals when its last movement is in or before the period's
 * end, else its last movement's up to it. A report up to now over accounts opened in the
 * period seeks nothing. The running totals ride in the account index (server migration
 * 11), so a seek reads the index alone. PostgreSQL subtracts and drops the accounts with
 * nothing to show; each contact's record is parsed once it is joined (only the accounts'
 * contacts, not every contact). Over 10⁶ movements and 12 000 accounts, see
 * docs/benchmarks.md (Session 6, H-server-report).
 */
export async function creditAccounts(ctx: ServerContext, input: z.infer<typeof CreditAccountsQuery>): Promise<Result<OutputOf<'reports.creditAccounts'>>> {
  return snapshot(ctx, async (db) => {
    const seek = (isNeeded: Sql, bound: Sql) => sql`(SELECT m.balance_after_minor, m.debits_after_minor, m.credits_after_minor FROM account_movements m
      WHERE ${isNeeded} AND m.account_id = a.account_id AND ${bound} ORDER BY m.at_ms DESC, m.event_id DESC LIMIT 1)`;
    const closing = (total: Sql, after: Sql) => sql`COALESCE(CASE WHEN a.last_at_ms <= ${input.toMs}::int8 THEN ${total} ELSE ${after} END, 0)`;
    // ledger signs (a funding is −, a spending +): the report shows a balance owed to the
    // contact as positive. The rows come in a byte order of the names close to the French
    // collation's, so that the stable sort below, which decides the order, has little to do.
    const result = await sql<{ contact_id: string; name: string | null; first_name: string | null; opening: string; credited: string; debited: string; closing: string }>`
      SELECT contact_id, name, first_name, (-ob)::text AS opening, (cc - oc)::text AS credited, (cd - od)::text AS debited, (-cb)::text AS closing
      FROM (
        SELECT a.contact_id, c.name, c."firstName" AS first_name,
          COALESCE(o.balance_after_minor, 0) AS ob, COALESCE(o.debits_after_minor, 0) AS od, COALESCE(o.credits_after_minor, 0) AS oc,
          ${closing(sql`a.balance_minor`, sql`cl.balance_after_minor`)} AS cb,
          ${closing(sql`a.debits_minor`, sql`cl.debits_after_minor`)} AS cd,
          ${closing(sql`a.credits_minor`, sql`cl.credits_after_minor`)} AS cc
        FROM account_totals a
        LEFT JOIN LATERAL ${seek(sql`a.first_at_ms < ${input.fromMs}::int8`, sql`m.at_ms < ${input.fromMs}::int8`)} o ON true
        LEFT JOIN LATERAL ${seek(sql`a.last_at_ms > ${input.toMs}::int8`, sql`m.at_ms <= ${input.toMs}::int8`)} cl ON true
        LEFT JOIN records x ON x.kind = 'contact' AND x.id = a.contact_id
        LEFT JOIN LATERAL json_to_record(x.body::json) AS c(name text, "firstName" text) ON true
        WHERE a.kind = 'credit' AND a.first_at_ms <= ${input.toMs}::int8
      ) s
      WHERE ob <> 0 OR cb <> 0 OR cc <> oc OR cd <> od
      ORDER BY lower(COALESCE(name, contact_id)) COLLATE "C", lower(first_name) COLLATE "C", contact_id COLLATE "C"`.execute(db);
    const report = result.rows
      .map((r) => ({ contact: reportContact(r), openingMinor: int(r.opening), creditedMinor: int(r.credited), debitedMinor: int(r.debited), closingMinor: int(r.closing) }))
      .sort((a, b) => byContactName(a.contact, b.contact))
      .map(({ contact, ...figures }) => ({ contactId: contact.contactId, contactName: contactName(contact), ...figures }));
    const sum = (pick: (r: (typeof report)[number]) => number) => report.reduce((a, r) => a + pick(r), 0);
    return ok({
      rows: report.slice(0, reportRowsMax),
      rowCount: report.length,
      isTruncated: report.length > reportRowsMax,
      totals: { openingMinor: sum((r) => r.openingMinor), creditedMinor: sum((r) => r.creditedMinor), debitedMinor: sum((r) => r.debitedMinor), closingMinor: sum((r) => r.closingMinor) },
      asOf: asOf(ctx),
    });
  });
}

/**
 * Suivi des comptes d'attente: every contact that may pay on account (its contact record)
 * or has a deferred account, with its limit, outstanding (the balance), overdue (its open
 * installments due before today, in the institution's calendar) and headroom.
 */
export async function deferredAccounts(ctx: ServerContext, input: z.infer<typeof DeferredAccountsQuery>): Promise<Result<OutputOf<'reports.deferredAccounts'>>> {
  return snapshot(ctx, async (db) => {
    const today = dayIn(ctx.clock.nowMs(), (await institutionOf(db)).timeZone);
    // each contact's record parsed once, in PostgreSQL (only the fields shown travel); the
    // overdue installments added up once per contact, not looked up contact by contact
    const result = await sql<{ contact_id: string; name: string | null; first_name: string | null; is_authorised: boolean | null; limit_minor: string | null; outstanding: string | null; overdue: string | null }>`
      WITH overdue AS (
        SELECT i.contact_id, SUM(i.amount_minor - i.paid_minor - i.cancelled_minor) AS overdue FROM installments i
        WHERE i.due_date < ${today} AND i.amount_minor - i.paid_minor - i.cancelled_minor > 0 GROUP BY 1
      ), accounts AS (
        SELECT r.id AS contact_id, j.name, j."firstName" AS first_name, j."deferredAuthorised" AS is_authorised, j."deferredLimitMinor" AS limit_minor, b.balance_minor
        FROM records r CROSS JOIN LATERAL json_to_record(r.body::json) AS j(name text, "firstName" text, "deferredAuthorised" boolean, "deferredLimitMinor" bigint)
        LEFT JOIN balances b ON b.account_id = 'deferred:' || r.id
        WHERE r.kind = 'contact' AND (j."deferredAuthorised" OR b.account_id IS NOT NULL)
        UNION ALL
        -- an account whose contact the server has no record of (never dropped)
        SELECT substr(b.account_id, 10), NULL, NULL, NULL, NULL, b.balance_minor FROM balances b
        WHERE b.account_id LIKE 'deferred:%' AND NOT EXISTS (SELECT 1 FROM records r WHERE r.kind = 'contact' AND r.id = substr(b.account_id, 10))
      )
      SELECT a.contact_id, a.name, a.first_name, a.is_authorised, a.limit_minor::text AS limit_minor, a.balance_minor::text AS outstanding, o.overdue::text AS overdue
      FROM accounts a LEFT JOIN overdue o ON o.contact_id = a.contact_id`.execute(db);
    const outstanding = (r: (typeof result.rows)[number]) => (r.outstanding === null ? 0 : int(r.outstanding));
    const report = result.rows
      .sort((a, b) => outstanding(b) - outstanding(a) || byContactName(reportContact(a), reportContact(b)))
      .map((r) => {
        const limitMinor = r.limit_minor === null ? 0 : int(r.limit_minor);
        const outstandingMinor = r.outstanding === null ? 0 : int(r.outstanding);
        return {
          contactId: r.contact_id,
          contactName: contactName(reportContact(r)),
          isAuthorised: r.is_authorised === true,
          limitMinor,
          outstandingMinor,
          overdueMinor: r.overdue === null ? 0 : int(r.overdue),
          headroomMinor: limitMinor - outstandingMinor,
        };
      })
      .filter((r) => (input.minMinor === undefined || r.outstandingMinor >= input.minMinor) && (input.maxMinor === undefined || r.outstandingMinor <= input.maxMinor));
    const sum = (pick: (r: (typeof report)[number]) => number) => report.reduce((a, r) => a + pick(r), 0);
    return ok({
      rows: report.slice(0, reportRowsMax),
      rowCount: report.length,
      isTruncated: report.length > reportRowsMax,
      totals: { limitMinor: sum((r) => r.limitMinor), outstandingMinor: sum((r) => r.outstandingMinor), overdueMinor: sum((r) => r.overdueMinor) },
      asOf: asOf(ctx),
    });
  });
}

/** Liste des mouvements du compte d'attente: by status, contact and period. */
export async function deferredMovements(ctx: ServerContext, input: z.infer<typeof DeferredMovementsQuery>): Promise<Result<OutputOf<'reports.deferredMovements'>>> {
  return snapshot(ctx, async (db) => {
    const accounts = accountsOf('deferred', input.contactIds);
    const isOpen = sql`EXISTS (SELECT 1 FROM installments i WHERE i.order_id = m.order_id AND i.amount_minor - i.paid_minor - i.cancelled_minor > 0)`;
    const isPaid = sql`EXISTS (SELECT 1 FROM installments i WHERE i.order_id = m.order_id AND i.paid_minor > 0)`;
    const status =
      input.status === 'all'
        ? sql``
        : input.status === 'open'
          ? sql`AND m.entry_type = 'sale' AND ${isOpen}`
          : input.status === 'settled'
            ? sql`AND m.entry_type = 'sale' AND NOT ${isOpen} AND ${isPaid}`
            : sql`AND m.entry_type = 'sale' AND NOT ${isOpen} AND NOT ${isPaid}`;
    const where = sql`m.kind = 'deferred' AND m.at_ms BETWEEN ${input.fromMs}::int8 AND ${input.toMs}::int8 ${status}`;
    const byContact = accounts.length > 0 ? { column: 'account_id' as const, ids: accounts } : undefined;
    const rows = await movementRows(db, where, byContact);
    const isPeriodOnly = !byContact && input.status === 'all';
    const summed = deferredTotals(
      isPeriodOnly ? await periodTotals(db, 'deferred', input.fromMs, input.toMs, []) : await totalsByRows(db, byContact ? sql`m.account_id = ANY(${accounts}::text[]) AND ${where}` : where),
    );
    return ok({ rows: rows.slice(0, reportRowsMax).map(toDeferred), rowCount: summed.rowCount, isTruncated: rows.length > reportRowsMax, totals: summed.totals, asOf: asOf(ctx) });
  });
}
