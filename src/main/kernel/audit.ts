// The audit log: who did what, when, on which till. Append-only (triggers refuse edits) and
// chained: each row is sealed as it is written (ledger/audit-chain.ts).
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { immediate, stmt } from './db/connection.ts';
import { sealAudit, type AuditRow } from './audit-chain.ts';
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
  | 'sync.enrolled'
  | 'sync.restored'
  | 'till.renamed';

/**
 * Writes an audit row and its seal (the next link of the audit chain) in one transaction:
 * the caller's, or its own. Every module's audit actions go through here.
 */
export function appendAudit(till: TillContext, userId: string, action: string, details: Record<string, unknown>): void {
  const row: AuditRow = { id: till.ids.ulid(), at_ms: till.clock.nowMs(), user_id: userId, till_id: till.tillId, action, details: JSON.stringify(details) };
  immediate(till.db, () => {
    stmt(till.db, 'INSERT INTO audit_log (id, at_ms, user_id, till_id, action, details) VALUES (?, ?, ?, ?, ?, ?)').run(row.id, row.at_ms, row.user_id, row.till_id, row.action, row.details);
    sealAudit(till.db, till.journalKey, row);
  });
}

export function recordAudit(
  till: TillContext,
  entry: { userId: string; action: AuditAction; details?: Record<string, unknown> },
): void {
  appendAudit(till, entry.userId, entry.action, entry.details ?? {});
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
