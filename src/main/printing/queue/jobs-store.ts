// Print jobs as stored: created inside the transaction of the event they print, moved
// through their states by the queue and by people, each move traced in print_job_events.
import type { z } from 'zod';
import type { PrintJob, printJobKinds, PrintJobStatus } from '../../../shared/api/printing-schemas.ts';
import { assert } from '../../../shared/assert.ts';
import { ok } from '../../../shared/result.ts';
import { stmt, type Db } from '../../kernel/db/connection.ts';
import { transact } from '../../kernel/tx.ts';

export type JobKind = (typeof printJobKinds)[number];
export type JobStatus = z.infer<typeof PrintJobStatus>;
export type JobView = z.infer<typeof PrintJob>;

/**
 * The queue's own moves of a job (recovering, claiming, settling, marking printed) in the
 * kernel's transaction: they follow no request and refuse nothing, so the body's value is
 * the answer; a throw rolls them back.
 */
export function inTransaction<T>(db: Db, body: () => T): T {
  const written = transact(db, () => ok(body()));
  assert(written.ok, 'the queue refuses nothing');
  return written.value;
}

export interface JobRow {
  id: string;
  till_id: string;
  request_id: string | null;
  request_hash: string | null;
  kind: JobKind;
  order_id: string | null;
  refund_id: string | null;
  z_number: number | null;
  entry_id: string | null;
  ticket_id: string | null;
  invoice_id: string | null;
  payload: string | null;
  copy_number: number;
  printer_id: string;
  status: JobStatus;
  phase: 'checking' | 'writing' | null;
  attempts: number;
  reason: string | null;
  next_attempt_at_ms: number | null;
  expires_at_ms: number | null;
  session_id: string | null;
  created_at_ms: number;
  created_by: string;
  updated_at_ms: number;
  printed_at_ms: number | null;
  cancel_reason: string | null;
}

export type NewJob = Pick<JobRow, 'id' | 'till_id' | 'kind' | 'printer_id' | 'created_by' | 'created_at_ms'> &
  Partial<Pick<JobRow, 'request_id' | 'request_hash' | 'order_id' | 'refund_id' | 'z_number' | 'entry_id' | 'ticket_id' | 'invoice_id' | 'payload' | 'copy_number' | 'expires_at_ms' | 'session_id'>>;

export const openStatuses: readonly JobStatus[] = ['queued', 'sending', 'waiting', 'in_doubt'];

export type EventName = 'queued' | 'attempt' | 'printed' | 'waiting' | 'in_doubt' | 'interrupted' | 'retried' | 'rerouted' | 'cancelled' | 'confirmed' | 'expired';

export function recordJobEvent(db: Db, e: { id: string; jobId: string; atMs: number; event: EventName; printerId: string; userId?: string | null; details?: Record<string, unknown> }): void {
  stmt(db, 'INSERT INTO print_job_events (id, job_id, at_ms, event, printer_id, user_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    e.id, e.jobId, e.atMs, e.event, e.printerId, e.userId ?? null, JSON.stringify(e.details ?? {}),
  );
}

export function insertJob(db: Db, job: NewJob, eventId: string): JobRow {
  stmt(
    db,
    `INSERT INTO print_jobs (id, till_id, request_id, request_hash, kind, order_id, refund_id, z_number, entry_id, ticket_id, invoice_id, payload, copy_number, printer_id,
       status, attempts, next_attempt_at_ms, expires_at_ms, session_id, created_at_ms, created_by, updated_at_ms)
     VALUES (@id, @till_id, @request_id, @request_hash, @kind, @order_id, @refund_id, @z_number, @entry_id, @ticket_id, @invoice_id, @payload, @copy_number, @printer_id,
       'queued', 0, @created_at_ms, @expires_at_ms, @session_id, @created_at_ms, @created_by, @created_at_ms)`,
  ).run({
    request_id: null, request_hash: null, order_id: null, refund_id: null, z_number: null, entry_id: null, ticket_id: null, invoice_id: null, payload: null,
    copy_number: 0, expires_at_ms: null, session_id: null, ...job,
  });
  recordJobEvent(db, { id: eventId, jobId: job.id, atMs: job.created_at_ms, event: 'queued', printerId: job.printer_id, userId: job.created_by, details: { copyNumber: job.copy_number ?? 0 } });
  return jobById(db, job.id)!;
}

export function jobById(db: Db, id: string): JobRow | null {
  return (stmt(db, 'SELECT * FROM print_jobs WHERE id = ?').get(id) as JobRow | undefined) ?? null;
}

export function jobByRequest(db: Db, requestId: string): JobRow | null {
  return (stmt(db, 'SELECT * FROM print_jobs WHERE request_id = ?').get(requestId) as JobRow | undefined) ?? null;
}

/**
 * Jobs the queue may take now: due, on an active printer. A new drawer pulse first (a
 * cashier waits for change); then in the order they fell due — the order they were queued
 * for a printer that prints, and in turn for one that keeps them waiting (a job asked
 * again is not always first: a silent printer holds each attempt longer than the backoff).
 */
export function dueJobs(db: Db, nowMs: number): JobRow[] {
  return stmt(
    db,
    `SELECT j.* FROM print_jobs j JOIN printers p ON p.id = j.printer_id
     WHERE j.status IN ('queued', 'waiting') AND j.next_attempt_at_ms <= ? AND p.active = 1
     ORDER BY j.kind = 'drawer' AND j.attempts = 0 DESC, j.next_attempt_at_ms, j.created_at_ms, j.id`,
  ).all(nowMs) as JobRow[];
}

/** When the next waiting job falls due (to sleep until then). */
export function nextDueAtMs(db: Db): number | null {
  const row = stmt(db, "SELECT MIN(next_attempt_at_ms) AS at FROM print_jobs WHERE status IN ('queued', 'waiting')").get() as { at: number | null };
  return row.at;
}

export function setJob(db: Db, id: string, fields: Partial<Pick<JobRow, 'status' | 'phase' | 'attempts' | 'reason' | 'next_attempt_at_ms' | 'printed_at_ms' | 'cancel_reason' | 'printer_id'>>, nowMs: number): void {
  const names = Object.keys(fields);
  const assignments = [...names.map((n) => `${n} = @${n}`), 'updated_at_ms = @now'].join(', ');
  stmt(db, `UPDATE print_jobs SET ${assignments} WHERE id = @id`).run({ ...fields, now: nowMs, id });
}

/** Takes a due job for sending; false when another worker (or a person) moved it first. */
export function claimJob(db: Db, id: string, nowMs: number): boolean {
  const result = stmt(
    db,
    "UPDATE print_jobs SET status = 'sending', phase = 'checking', attempts = attempts + 1, updated_at_ms = ? WHERE id = ? AND status IN ('queued', 'waiting')",
  ).run(nowMs, id);
  return result.changes === 1;
}

/** The highest copy number of a document so far (-1: never queued). */
export function lastCopyNumber(
  db: Db,
  doc: { kind: JobKind; orderId?: string | null; refundId?: string | null; zNumber?: number | null; entryId?: string | null; invoiceId?: string | null },
): number {
  const row = stmt(
    db,
    `SELECT MAX(copy_number) AS n FROM print_jobs WHERE kind = @kind AND order_id IS @order AND refund_id IS @refund AND z_number IS @z AND entry_id IS @entry
       AND invoice_id IS @invoice AND status NOT IN ('cancelled', 'expired')`,
  ).get({ kind: doc.kind, order: doc.orderId ?? null, refund: doc.refundId ?? null, z: doc.zNumber ?? null, entry: doc.entryId ?? null, invoice: doc.invoiceId ?? null }) as {
    n: number | null;
  };
  return row.n ?? -1;
}

export interface ListFilter {
  status: 'open' | 'all' | JobStatus;
  orderId?: string;
  jobId?: string;
  limit: number;
}

export function listJobRows(db: Db, filter: ListFilter): (JobRow & { printer_name: string; user_name: string; order_number: string | null })[] {
  const statuses = filter.status === 'open' ? openStatuses : filter.status === 'all' ? null : [filter.status];
  return stmt(
    db,
    `SELECT j.*, p.name AS printer_name, COALESCE(u.name, j.created_by) AS user_name,
            COALESCE(o.number, (SELECT o2.number FROM refunds r JOIN orders o2 ON o2.id = r.order_id WHERE r.id = j.refund_id),
                     (SELECT i.number FROM invoices i WHERE i.id = j.invoice_id)) AS order_number
     FROM print_jobs j JOIN printers p ON p.id = j.printer_id LEFT JOIN users u ON u.id = j.created_by LEFT JOIN orders o ON o.id = j.order_id
     WHERE (@statuses IS NULL OR j.status IN (SELECT value FROM json_each(@statuses))) AND (@order IS NULL OR j.order_id = @order) AND (@job IS NULL OR j.id = @job)
     ORDER BY j.created_at_ms DESC, j.id DESC LIMIT @limit`,
  ).all({ statuses: statuses ? JSON.stringify(statuses) : null, order: filter.orderId ?? null, job: filter.jobId ?? null, limit: filter.limit }) as (JobRow & {
    printer_name: string; user_name: string; order_number: string | null;
  })[];
}

/** After a restart: a job that was being checked goes back to the queue; one whose bytes may have left is in doubt. */
export function recoverInterrupted(db: Db, nowMs: number, newId: () => string): number {
  const rows = stmt(db, "SELECT id, printer_id, phase FROM print_jobs WHERE status = 'sending'").all() as { id: string; printer_id: string; phase: 'checking' | 'writing' }[];
  for (const r of rows) {
    const isDoubtful = r.phase === 'writing';
    setJob(db, r.id, { status: isDoubtful ? 'in_doubt' : 'queued', phase: null, reason: isDoubtful ? 'interrupted' : null, next_attempt_at_ms: nowMs }, nowMs);
    recordJobEvent(db, { id: newId(), jobId: r.id, atMs: nowMs, event: 'interrupted', printerId: r.printer_id, details: { phase: r.phase } });
  }
  return rows.length;
}
