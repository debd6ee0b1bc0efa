// Till sessions: open with a counted float, pay in and out, X report, close with a
// count per method, variance, remittance to the safe and a numbered Z report (C9).
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account } from '../../shared/domain/accounts.ts';
import { cashMovementPostings, closingPostings } from '../../shared/domain/postings.ts';
import { boundedCountMinor, boundedSumMinor } from '../../shared/money/bounded.ts';
import { immediate, stmt, type Db } from '../kernel/db/connection.ts';
import { appendEntry, balanceOf } from '../kernel/ledger/ledger.ts';
import { checkPostingsFit } from '../kernel/ledger/bounds.ts';
import { recordAudit } from '../kernel/audit.ts';
import { cashMethodOf, institutionOf, methodFor, tillOf } from '../kernel/config.ts';
import { sha256Hex, type Ctx } from '../kernel/context.ts';
import { findRequest, recordRequest, requestOf, requestStamp } from '../kernel/requests.ts';
import { checkDrawerHolds } from './drawer-cash.ts';
import { buildTillReport, countedDenominations, methodsToCount } from './till-report.ts';

export interface SessionRow {
  id: string;
  till_id: string;
  number: number;
  opened_at_ms: number;
  opened_by: string;
  float_minor: number;
}

export function openSessionOf(db: Db, tillId: string): SessionRow | null {
  const row = stmt(
    db,
    `SELECT s.id, s.till_id, s.number, s.opened_at_ms, s.opened_by, s.float_minor FROM till_sessions s
     WHERE s.till_id = ? AND NOT EXISTS (SELECT 1 FROM session_closings c WHERE c.session_id = s.id)
     ORDER BY s.number DESC LIMIT 1`,
  ).get(tillId) as SessionRow | undefined;
  return row ?? null;
}

function lastZNumber(db: Db, tillId: string): number {
  const row = stmt(db, 'SELECT MAX(z_number) AS n FROM session_closings WHERE till_id = ?').get(tillId) as { n: number | null };
  return row.n ?? 0;
}

function sessionState(ctx: Ctx): OutputOf<'sessions.current'> {
  const session = openSessionOf(ctx.db, ctx.tillId);
  const lastZ = lastZNumber(ctx.db, ctx.tillId);
  if (!session) return { status: 'closed', session: null, lastZNumber: lastZ };
  const opener = stmt(ctx.db, 'SELECT name FROM users WHERE id = ?').get(session.opened_by) as { name: string } | undefined;
  return {
    status: 'open',
    session: { id: session.id, number: session.number, openedAtMs: session.opened_at_ms, openedBy: opener?.name ?? session.opened_by, floatMinor: session.float_minor },
    lastZNumber: lastZ,
  };
}

export function currentSession(ctx: Ctx): Result<OutputOf<'sessions.current'>> {
  return ok(sessionState(ctx));
}

/**
 * Checks: the float's value × count and their sum stay within amountMinorMax; the till is
 * not already open; a non-zero float needs a cash method; the drawer stays within balanceMinorMax.
 */
export function openSession(ctx: Ctx, input: ParsedInputOf<'sessions.open'>): Result<OutputOf<'sessions.open'>> {
  const counted = boundedCountMinor(input.float, 'float');
  if (!counted.ok) return counted;
  const floatMinor = counted.value;
  return immediate(ctx.db, (): Result<OutputOf<'sessions.open'>> => {
    if (openSessionOf(ctx.db, ctx.tillId)) return refuse('session_already_open');
    const cash = cashMethodOf(ctx);
    if (floatMinor > 0 && !cash) return refuse('method_not_found', { type: 'cash' });
    const postings = floatMinor > 0 && cash ? cashMovementPostings(ctx.tillId, cash.id, floatMinor, 1) : [];
    const fits = checkPostingsFit(ctx.db, postings);
    if (!fits.ok) return fits;
    // every check is above this line
    const currency = institutionOf(ctx.db).currency;
    const next = stmt(ctx.db, 'SELECT COALESCE(MAX(number), 0) + 1 AS n FROM till_sessions WHERE till_id = ?').get(ctx.tillId) as { n: number };
    const sessionId = ctx.ids.ulid();
    const entryId = ctx.ids.ulid();
    const now = ctx.clock.nowMs();
    const float = input.float.filter((d) => d.count > 0);
    appendEntry(ctx.db, ctx.journalKey, {
      id: entryId,
      tillId: ctx.tillId,
      type: 'session_open',
      createdAtMs: now,
      userId: ctx.actor.userId,
      sessionId,
      currency,
      data: { sessionId, number: next.n, floatMinor, float: float.map((d) => [d.valueMinor, d.count]) },
      postings,
    });
    stmt(
      ctx.db,
      'INSERT INTO till_sessions (id, till_id, number, opened_at_ms, opened_by, float_minor, float_detail, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(sessionId, ctx.tillId, next.n, now, ctx.actor.userId, floatMinor, JSON.stringify(float), entryId);
    recordAudit(ctx, { userId: ctx.actor.userId, action: 'session.opened', details: { sessionId, number: next.n, floatMinor } });
    return ok(sessionState(ctx));
  });
}

/**
 * Pay-in (direction 1) or pay-out (−1) of cash. Checks: the till is open; it has a cash
 * method; a pay-out does not exceed the cash in the drawer. Idempotent by requestId.
 */
export function moveCash(ctx: Ctx, input: ParsedInputOf<'sessions.payIn'>, direction: 1 | -1): Result<OutputOf<'sessions.payIn'>> {
  const kind = direction === 1 ? 'pay_in' : 'pay_out';
  const request = requestOf(ctx, direction === 1 ? 'sessions.payIn' : 'sessions.payOut', input);
  return immediate(ctx.db, (): Result<OutputOf<'sessions.payIn'>> => {
    const cash = cashMethodOf(ctx);
    const existing = findRequest(ctx.db, request);
    if (!existing.ok) return existing;
    if (existing.value) return ok({ entryId: existing.value, cashBalanceMinor: cash ? balanceOf(ctx.db, account.till(ctx.tillId, cash.id).id) : 0 });
    const session = openSessionOf(ctx.db, ctx.tillId);
    if (!session) return refuse('till_closed');
    if (!cash) return refuse('method_not_found', { type: 'cash' });
    const cashAccount = account.till(ctx.tillId, cash.id).id;
    const short = direction === -1 ? checkDrawerHolds(ctx.db, ctx.tillId, cash.id, input.amountMinor) : null;
    if (short) return short;
    const postings = cashMovementPostings(ctx.tillId, cash.id, input.amountMinor, direction);
    const fits = checkPostingsFit(ctx.db, postings);
    if (!fits.ok) return fits;
    // every check is above this line
    const entryId = ctx.ids.ulid();
    const now = ctx.clock.nowMs();
    appendEntry(ctx.db, ctx.journalKey, {
      id: entryId,
      tillId: ctx.tillId,
      type: kind,
      createdAtMs: now,
      userId: ctx.actor.userId,
      sessionId: session.id,
      currency: institutionOf(ctx.db).currency,
      data: { amountMinor: input.amountMinor, reason: input.reason },
      postings,
    });
    stmt(
      ctx.db,
      `INSERT INTO cash_movements (id, request_id, request_hash, till_id, session_id, entry_id, kind, amount_minor, reason, user_id, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(ctx.ids.ulid(), requestStamp(request), request.hash, ctx.tillId, session.id, entryId, kind, input.amountMinor, input.reason, ctx.actor.userId, now);
    recordRequest(ctx.db, request, entryId, now);
    recordAudit(ctx, { userId: ctx.actor.userId, action: direction === 1 ? 'session.paid_in' : 'session.paid_out', details: { amountMinor: input.amountMinor, reason: input.reason } });
    ctx.print.onCashMovement(ctx, entryId);
    return ok({ entryId, cashBalanceMinor: balanceOf(ctx.db, cashAccount) });
  });
}

export function xReport(ctx: Ctx): Result<OutputOf<'sessions.xReport'>> {
  const session = openSessionOf(ctx.db, ctx.tillId);
  if (!session) return refuse('till_closed');
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'session.x_report', details: { sessionId: session.id } });
  return ok(buildTillReport(ctx, session, { kind: 'X' }));
}

type Counts = ParsedInputOf<'sessions.close'>['counts'];

/**
 * Checks, in order: the till is open; every counted method exists; a denomination
 * detail's value × count and their sum, and each method's counted total, stay within
 * amountMinorMax; the detail adds up to its counted amount; for closing (not for a
 * preview), every method that moved money is counted.
 */
function checkCounts(ctx: Ctx, session: SessionRow, counts: Counts, options: { isComplete: boolean }): Result<Map<string, number>> {
  const counted = new Map<string, number>();
  for (const [index, c] of counts.entries()) {
    if (!methodFor(ctx, c.methodId)) return refuse('method_not_found', { methodId: c.methodId });
    if (c.denominations) {
      const denominations = boundedCountMinor(c.denominations, `counts.${index}.denominations`);
      if (!denominations.ok) return denominations;
      if (denominations.value !== c.countedMinor) return refuse('count_mismatch', { methodId: c.methodId, denominationsMinor: denominations.value, countedMinor: c.countedMinor });
    }
    const total = boundedSumMinor([counted.get(c.methodId) ?? 0, c.countedMinor], `counts.${index}.countedMinor`);
    if (!total.ok) return total;
    counted.set(c.methodId, total.value);
  }
  if (!options.isComplete) return ok(counted);
  const missing = methodsToCount(ctx, session).filter((m) => !counted.has(m.id));
  if (missing.length > 0) return refuse('count_missing', { methods: missing.map((m) => m.name), methodIds: missing.map((m) => m.id) });
  return ok(counted);
}

export function closingPreview(ctx: Ctx, input: ParsedInputOf<'sessions.closingPreview'>): Result<OutputOf<'sessions.closingPreview'>> {
  const session = openSessionOf(ctx.db, ctx.tillId);
  if (!session) return refuse('till_closed');
  const counted = checkCounts(ctx, session, input.counts, { isComplete: false });
  if (!counted.ok) return counted;
  return ok(buildTillReport(ctx, session, { kind: 'X', counted: counted.value, denominations: countedDenominations(input.counts) }));
}

/** Closes the till: variance and remittance entry, the Z report stored as it was signed off. */
export function closeSession(ctx: Ctx, input: ParsedInputOf<'sessions.close'>): Result<OutputOf<'sessions.close'>> {
  return immediate(ctx.db, (): Result<OutputOf<'sessions.close'>> => {
    const session = openSessionOf(ctx.db, ctx.tillId);
    if (!session) return refuse('till_closed');
    const counted = checkCounts(ctx, session, input.counts, { isComplete: true });
    if (!counted.ok) return counted;
    // every check is above this line
    const now = ctx.clock.nowMs();
    const zNumber = lastZNumber(ctx.db, ctx.tillId) + 1;
    const report = buildTillReport(ctx, session, { kind: 'Z', number: zNumber, counted: counted.value, denominations: countedDenominations(input.counts), closedAtMs: now, closedBy: ctx.actor.name });
    const entryId = ctx.ids.ulid();
    const reportText = JSON.stringify(report);
    const countsText = JSON.stringify(input.counts);
    const lines = report.methods
      .filter((m) => m.countedMinor !== null)
      .map((m) => ({ methodId: m.methodId, expectedMinor: m.expectedMinor, countedMinor: m.countedMinor ?? 0 }));
    appendEntry(ctx.db, ctx.journalKey, {
      id: entryId,
      tillId: ctx.tillId,
      type: 'session_close',
      createdAtMs: now,
      userId: ctx.actor.userId,
      sessionId: session.id,
      currency: report.currency,
      data: {
        sessionId: session.id,
        zNumber,
        counts: lines.map((l) => [l.methodId, l.expectedMinor, l.countedMinor]),
        netSalesMinor: report.netSalesMinor,
        perpetualMinor: report.grandTotals.perpetualMinor,
        perpetualAbsoluteMinor: report.grandTotals.perpetualAbsoluteMinor,
        // the Z report and the count are stored beside the entry; their hashes seal them
        reportSha256: sha256Hex(reportText),
        countsSha256: sha256Hex(countsText),
      },
      postings: closingPostings(ctx.tillId, lines),
    });
    stmt(
      ctx.db,
      'INSERT INTO session_closings (session_id, till_id, z_number, closed_at_ms, closed_by, counts, report, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(session.id, ctx.tillId, zNumber, now, ctx.actor.userId, countsText, reportText, entryId);
    ctx.print.onSessionClosed(ctx, zNumber);
    recordAudit(ctx, {
      userId: ctx.actor.userId,
      action: 'session.closed',
      details: { sessionId: session.id, zNumber, totalVarianceMinor: report.totalVarianceMinor, till: tillOf(ctx.db, ctx.tillId).name },
    });
    return ok(report);
  });
}
