// What the printing methods share: the audit trail of device actions, the view of a job
// with its label in the till's language, and the open session a new job belongs to.
import type { UiLanguage } from '../../../shared/money/format.ts';
import { interpolate } from '../../../shared/i18n/messages.ts';
import { printLabels } from '../../../shared/i18n/print-labels.ts';
import { stmt, type Db } from '../../kernel/db/connection.ts';
import { appendAudit } from '../../kernel/audit.ts';
import type { Ctx } from '../../kernel/context.ts';
import { jobById, listJobRows, type JobRow, type JobView } from '../queue/jobs-store.ts';

export type DeviceAuditAction =
  | 'printer.saved'
  | 'printer.path_refused'
  | 'printer.test_print'
  | 'printer.test_drawer'
  | 'print.requested'
  | 'print.retried'
  | 'print.rerouted'
  | 'print.cancelled'
  | 'print.confirmed'
  | 'drawer.opened';

/** The audit log of services/audit.ts (sealed the same way), with the printing module's own actions. */
export function recordDeviceAudit(ctx: Ctx, action: DeviceAuditAction, details: Record<string, unknown>): void {
  appendAudit(ctx, ctx.actor.userId, action, details);
}

export function openSessionId(db: Db, tillId: string): string | null {
  const row = stmt(
    db,
    `SELECT s.id FROM till_sessions s WHERE s.till_id = ? AND NOT EXISTS (SELECT 1 FROM session_closings c WHERE c.session_id = s.id)
     ORDER BY s.number DESC LIMIT 1`,
  ).get(tillId) as { id: string } | undefined;
  return row?.id ?? null;
}

function labelOf(row: JobRow & { order_number: string | null }, language: UiLanguage): string {
  const l = printLabels[language];
  const order = row.order_number ?? '';
  const text = {
    receipt: l.jobReceipt,
    refund_receipt: l.jobRefund,
    tickets: l.jobTickets,
    x_report: l.jobX,
    z_report: l.jobZ,
    cash_slip: l.jobSlip,
    invoice_copy: l.jobInvoiceCopy,
    drawer: l.jobDrawer,
    test_print: l.jobTest,
  }[row.kind];
  const label = interpolate(text, { order, number: String(row.z_number ?? '') });
  return row.copy_number > 0 ? `${label} — ${interpolate(l.duplicate, { number: String(row.copy_number) })}` : label;
}

export function toJobView(row: JobRow & { printer_name: string; user_name: string; order_number: string | null }, language: UiLanguage): JobView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    printerId: row.printer_id,
    printerName: row.printer_name,
    label: labelOf(row, language),
    orderId: row.order_id,
    refundId: row.refund_id,
    zNumber: row.z_number,
    entryId: row.entry_id,
    ticketId: row.ticket_id,
    invoiceId: row.invoice_id,
    copyNumber: row.copy_number,
    attempts: row.attempts,
    reason: row.reason,
    createdAtMs: row.created_at_ms,
    createdBy: row.user_name,
    nextAttemptAtMs: row.status === 'queued' || row.status === 'waiting' ? row.next_attempt_at_ms : null,
    printedAtMs: row.printed_at_ms,
    cancelReason: row.cancel_reason,
  };
}

/** One job as the contract shows it. */
export function jobView(db: Db, jobId: string, language: UiLanguage): JobView {
  const row = jobById(db, jobId);
  if (!row) throw new Error(`job ${jobId} exists`);
  const [withNames] = listJobRows(db, { status: 'all', limit: 1, jobId });
  return toJobView(withNames ?? { ...row, printer_name: row.printer_id, user_name: row.created_by, order_number: null }, language);
}
