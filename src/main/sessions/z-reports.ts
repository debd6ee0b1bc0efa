// Z reports as they were signed off: stored whole at closing, read back unchanged.
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { TillReport } from '../../shared/api/session-schemas.ts';
import { stmt } from '../kernel/db/connection.ts';
import type { Ctx } from '../kernel/context.ts';

/**
 * A closing restored from the server without its Z report (the replaced till had not sent
 * it: sync-client/restore-rows.ts) holds a placeholder naming its entry, with the entry's
 * counts and net sales: listed from those, never shown as a report.
 */
interface RestoredPlaceholder {
  restored: true;
  netSalesMinor: number;
  counts: { expectedMinor: number; countedMinor: number }[];
}

function placeholderOf(report: unknown): RestoredPlaceholder | null {
  return typeof report === 'object' && report !== null && (report as { restored?: unknown }).restored === true ? (report as RestoredPlaceholder) : null;
}

export function listZReports(ctx: Ctx): Result<OutputOf<'reports.zList'>> {
  const rows = stmt(
    ctx.db,
    `SELECT c.z_number, s.number AS session_number, c.closed_at_ms, u.name AS closed_by, c.report
     FROM session_closings c JOIN till_sessions s ON s.id = c.session_id JOIN users u ON u.id = c.closed_by
     WHERE c.till_id = ? ORDER BY c.z_number DESC LIMIT 200`,
  ).all(ctx.tillId) as { z_number: number; session_number: number; closed_at_ms: number; closed_by: string; report: string }[];
  return ok(
    rows.map((r) => {
      const stored: unknown = JSON.parse(r.report);
      const placeholder = placeholderOf(stored);
      const report = placeholder ? null : TillReport.parse(stored);
      return {
        number: r.z_number,
        sessionNumber: r.session_number,
        closedAtMs: r.closed_at_ms,
        closedBy: r.closed_by,
        netSalesMinor: placeholder ? placeholder.netSalesMinor : report!.netSalesMinor,
        totalVarianceMinor: placeholder ? placeholder.counts.reduce((a, c) => a + c.countedMinor - c.expectedMinor, 0) : (report!.totalVarianceMinor ?? 0),
      };
    }),
  );
}

export function getZReport(ctx: Ctx, input: ParsedInputOf<'reports.zGet'>): Result<ReturnType<typeof TillReport.parse>> {
  const row = stmt(ctx.db, 'SELECT report FROM session_closings WHERE till_id = ? AND z_number = ?').get(ctx.tillId, input.number) as
    | { report: string }
    | undefined;
  if (!row) return refuse('z_report_not_found', { number: input.number });
  const stored: unknown = JSON.parse(row.report);
  if (placeholderOf(stored)) return refuse('z_report_not_restored', { number: input.number });
  return ok(TillReport.parse(stored));
}
