// The audit log: who did what, when, on which till. Append-only (triggers refuse edits).
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { stmt } from '../db/connection.ts';
import type { Ctx, TillContext } from './context.ts';

export type AuditAction =
  | 'auth.login'
  | 'auth.logout'
  | 'auth.failed'
  | 'auth.locked'
  | 'auth.denied'
  | 'session.opened'
  | 'session.paid_in'
  | 'session.paid_out'
  | 'session.x_report'
  | 'session.closed'
  | 'order.refunded'
  | 'credit.funded'
  | 'credit.paid_out'
  | 'report.exported'
  | 'invoice.issued'
  | 'deferred.settled'
  | 'deferred.payer_changed'
  | 'contact.created'
  | 'contact.deferred_changed'
  | 'settings.changed'
  | 'sync.enrol_requested'
  | 'sync.enrolled';

export function recordAudit(
  till: TillContext,
  entry: { userId: string; action: AuditAction; details?: Record<string, unknown> },
): void {
  stmt(till.db, 'INSERT INTO audit_log (id, at_ms, user_id, till_id, action, details) VALUES (?, ?, ?, ?, ?, ?)').run(
    till.ids.ulid(),
    till.clock.nowMs(),
    entry.userId,
    till.tillId,
    entry.action,
    JSON.stringify(entry.details ?? {}),
  );
}

export function listAudit(ctx: Ctx, input: ParsedInputOf<'audit.list'>): Result<OutputOf<'audit.list'>> {
  const rows = stmt(
    ctx.db,
    `SELECT a.id, a.at_ms, a.user_id, COALESCE(u.name, a.user_id) AS user_name, a.till_id, a.action, a.details
     FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
     WHERE (@action IS NULL OR a.action = @action)
     ORDER BY a.at_ms DESC, a.id DESC LIMIT @limit`,
  ).all({ action: input.action ?? null, limit: input.limit ?? 100 }) as {
    id: string; at_ms: number; user_id: string; user_name: string; till_id: string; action: string; details: string;
  }[];
  return ok(
    rows.map((r) => ({
      id: r.id,
      atMs: r.at_ms,
      userId: r.user_id,
      userName: r.user_name,
      tillId: r.till_id,
      action: r.action,
      details: JSON.parse(r.details) as Record<string, unknown>,
    })),
  );
}
