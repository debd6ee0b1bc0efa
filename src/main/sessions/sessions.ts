// Till sessions (C9): which session is open, the X report and the closing preview. Opening
// (open-session.ts), cash paid in and out (drawer-movement.ts) and closing with a numbered Z
// (close-session.ts) are the writing methods.
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { TillReport } from '../../shared/domain/types.ts';
import { boundedCountMinor, boundedSumMinor } from '../../shared/money/bounded.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { recordAudit } from '../kernel/audit.ts';
import { methodFor } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { checkClosingWords } from './closing-words.ts';
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

export function lastZNumber(db: Db, tillId: string): number {
  const row = stmt(db, 'SELECT MAX(z_number) AS n FROM session_closings WHERE till_id = ?').get(tillId) as { n: number | null };
  return row.n ?? 0;
}

export function sessionState(ctx: Ctx): OutputOf<'sessions.current'> {
  const session = openSessionOf(ctx.db, ctx.tillId);
  const lastZ = lastZNumber(ctx.db, ctx.tillId);
  if (!session) return { status: 'closed', session: null, lastZNumber: lastZ, lastClosing: lastClosingOf(ctx) };
  const opener = stmt(ctx.db, 'SELECT name FROM users WHERE id = ?').get(session.opened_by) as { name: string } | undefined;
  return {
    status: 'open',
    session: { id: session.id, number: session.number, openedAtMs: session.opened_at_ms, openedBy: opener?.name ?? session.opened_by, floatMinor: session.float_minor },
    lastZNumber: lastZ,
    lastClosing: lastClosingOf(ctx),
  };
}

/** The last closing's cash as its Z report says it: shown at the next opening (issue 17). */
function lastClosingOf(ctx: Ctx): OutputOf<'sessions.current'>['lastClosing'] {
  const row = stmt(ctx.db, 'SELECT z_number, closed_at_ms, report FROM session_closings WHERE till_id = ? ORDER BY z_number DESC LIMIT 1').get(ctx.tillId) as
    | { z_number: number; closed_at_ms: number; report: string }
    | undefined;
  if (!row) return null;
  const report = JSON.parse(row.report) as Partial<TillReport>;
  const cash = report.methods?.find((m) => m.type === 'cash');
  return { zNumber: row.z_number, closedAtMs: row.closed_at_ms, cashCountedMinor: cash?.countedMinor ?? null, floatKeptMinor: report.floatKeptMinor ?? null, toBankMinor: report.toBankMinor ?? null };
}

export function currentSession(ctx: Ctx): Result<OutputOf<'sessions.current'>> {
  return ok(sessionState(ctx));
}

export function xReport(ctx: Ctx): Result<TillReport> {
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
export function checkCounts(ctx: Ctx, session: SessionRow, counts: Counts, options: { isComplete: boolean }): Result<Map<string, number>> {
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

export function closingPreview(ctx: Ctx, input: ParsedInputOf<'sessions.closingPreview'>): Result<TillReport> {
  const session = openSessionOf(ctx.db, ctx.tillId);
  if (!session) return refuse('till_closed');
  const counted = checkCounts(ctx, session, input.counts, { isComplete: false });
  if (!counted.ok) return counted;
  const report = buildTillReport(ctx, session, { kind: 'X', counted: counted.value, denominations: countedDenominations(input.counts) });
  const said = checkClosingWords(report, input, { isClosing: false });
  if (!said.ok) return said;
  return ok({ ...report, ...said.value });
}
