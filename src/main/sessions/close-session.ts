// Closing the till (sessions.close): the count per method, the variance and the remittance
// to the safe in one entry, and the Z report stored as it was signed off, as check then
// apply (kernel/tx.ts).
import type { ParsedInputOf } from '../../shared/api/contract.ts';
import type { TillReport } from '../../shared/domain/types.ts';
import type { Posting } from '../../shared/domain/accounts.ts';
import { closingPostings } from '../../shared/domain/postings.ts';
import { refuse, type Result } from '../../shared/result.ts';
import { recordAudit } from '../kernel/audit.ts';
import { tillOf } from '../kernel/config.ts';
import { sha256Hex, type Ctx } from '../kernel/context.ts';
import { stmt } from '../kernel/db/connection.ts';
import { checkPostingsFit } from '../kernel/ledger/bounds.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { checkThenApply, plan, type Planned } from '../kernel/tx.ts';
import { checkClosingWords } from './closing-words.ts';
import { checkCounts, lastZNumber, openSessionOf } from './sessions.ts';
import { buildTillReport, countedDenominations } from './till-report.ts';

type CloseInput = ParsedInputOf<'sessions.close'>;
type CloseOutput = TillReport;

export interface ClosePlan {
  sessionId: string;
  zNumber: number;
  closedAtMs: number;
  /** The Z report as it will be stored and answered. */
  report: CloseOutput;
  /** What the count said per counted method, against what was expected. */
  lines: { methodId: string; expectedMinor: number; countedMinor: number }[];
  countsText: string;
  postings: Posting[];
}

/**
 * Checks, in order: the till is open (till_closed); every counted method exists, a
 * denomination detail adds up within amountMinorMax to its counted amount, every method
 * that moved money is counted (checkCounts); the variance and safe accounts stay within
 * balanceMinorMax (total_too_large). The Z report is built here, from reads only.
 */
export function checkClose(ctx: Ctx, input: CloseInput): Result<Planned<ClosePlan, CloseOutput>> {
  const session = openSessionOf(ctx.db, ctx.tillId);
  if (!session) return refuse('till_closed');
  const counted = checkCounts(ctx, session, input.counts, { isComplete: true });
  if (!counted.ok) return counted;
  const closedAtMs = ctx.clock.nowMs();
  const zNumber = lastZNumber(ctx.db, ctx.tillId) + 1;
  const built = buildTillReport(ctx, session, { kind: 'Z', number: zNumber, counted: counted.value, denominations: countedDenominations(input.counts), closedAtMs, closedBy: ctx.actor.name });
  const said = checkClosingWords(built, input, { isClosing: true });
  if (!said.ok) return said;
  const report = { ...built, ...said.value };
  const lines = report.methods
    .filter((m) => m.countedMinor !== null)
    .map((m) => ({ methodId: m.methodId, expectedMinor: m.expectedMinor, countedMinor: m.countedMinor ?? 0 }));
  const postings = closingPostings(ctx.tillId, lines);
  const fits = checkPostingsFit(ctx.db, postings);
  if (!fits.ok) return fits;
  return plan({ sessionId: session.id, zNumber, closedAtMs, report, lines, countsText: JSON.stringify(input.counts), postings });
}

export function applyClose(ctx: Ctx, p: ClosePlan): CloseOutput {
  const entryId = ctx.ids.ulid();
  const reportText = JSON.stringify(p.report);
  appendEntry(ctx, {
    id: entryId,
    type: 'session_close',
    createdAtMs: p.closedAtMs,
    userId: ctx.actor.userId,
    sessionId: p.sessionId,
    currency: p.report.currency,
    data: {
      sessionId: p.sessionId,
      zNumber: p.zNumber,
      counts: p.lines.map((l) => ({ methodId: l.methodId, expectedMinor: l.expectedMinor, countedMinor: l.countedMinor })),
      netSalesMinor: p.report.netSalesMinor,
      perpetualMinor: p.report.grandTotals.perpetualMinor,
      perpetualAbsoluteMinor: p.report.grandTotals.perpetualAbsoluteMinor,
      // the Z report and the count are stored beside the entry; their hashes seal them
      reportSha256: sha256Hex(reportText),
      countsSha256: sha256Hex(p.countsText),
    },
    postings: p.postings,
  });
  stmt(
    ctx.db,
    'INSERT INTO session_closings (session_id, till_id, z_number, closed_at_ms, closed_by, counts, report, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(p.sessionId, ctx.tillId, p.zNumber, p.closedAtMs, ctx.actor.userId, p.countsText, reportText, entryId);
  ctx.print.onSessionClosed(ctx, p.zNumber);
  recordAudit(ctx, {
    userId: ctx.actor.userId,
    action: 'session.closed',
    details: { sessionId: p.sessionId, zNumber: p.zNumber, totalVarianceMinor: p.report.totalVarianceMinor, till: tillOf(ctx.db, ctx.tillId).name },
  });
  return p.report;
}

export const closeSession = checkThenApply(checkClose, applyClose);
