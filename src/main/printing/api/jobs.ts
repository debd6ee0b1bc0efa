// The cashier's hold on the queue: list jobs, retry one, send it to another printer,
// cancel it with a reason, confirm a job in doubt printed; print or reprint a document,
// open the drawer. Every change is audited and traced in the job's events.
import type { OutputOf, ParsedInputOf } from '../../../shared/api/contract.ts';
import { ok, refuse, type Result } from '../../../shared/result.ts';
import type { Ctx } from '../../kernel/context.ts';
import { findRequest, recordRequest, requestOf, requestStamp } from '../../kernel/requests.ts';
import type { Env } from '../../kernel/methods.ts';
import { drawerPulseTtlMs, queueJob, wakeQueue } from '../queue/enqueue.ts';
import { journalPrint } from '../queue/journal-print.ts';
import { jobById, listJobRows, recordJobEvent, setJob, type EventName, type JobRow } from '../queue/jobs-store.ts';
import { drawerPrinter, printerById } from '../queue/printers-store.ts';
import { jobView, openSessionId, recordDeviceAudit, toJobView, type DeviceAuditAction } from './common.ts';

export function listJobs(ctx: Ctx, input: ParsedInputOf<'printJobs.list'>, env: Env): Result<OutputOf<'printJobs.list'>> {
  return ok(listJobRows(ctx.db, input).map((r) => toJobView(r, env.defaultLanguage)));
}

type Change = { status: 'queued' | 'cancelled' | 'printed'; printerId?: string; cancelReason?: string };

/**
 * Changes a job a person points at. Checks: the job exists; it is open and not being sent
 * (retry, reroute, cancel) or in doubt (confirm); a new printer exists and is active.
 */
function changeJob(ctx: Ctx, env: Env, jobId: string, event: EventName, audit: DeviceAuditAction, allowed: readonly JobRow['status'][], change: Change): Result<OutputOf<'printJobs.retry'>> {
  return ctx.db.transaction((): Result<OutputOf<'printJobs.retry'>> => {
    const job = jobById(ctx.db, jobId);
    if (!job) return refuse('print_job_not_found', { jobId });
    if (!allowed.includes(job.status)) return refuse(event === 'confirmed' ? 'print_job_not_in_doubt' : 'print_job_not_open', { status: job.status });
    if (change.printerId) {
      const printer = printerById(ctx.db, change.printerId);
      if (!printer) return refuse('printer_not_found', { printerId: change.printerId });
      if (!printer.isActive) return refuse('printer_inactive', { printerId: printer.id });
    }
    // every check is above this line
    const now = ctx.clock.nowMs();
    setJob(ctx.db, job.id, {
      status: change.status,
      phase: null,
      reason: null,
      next_attempt_at_ms: change.status === 'queued' ? now : null,
      ...(change.printerId ? { printer_id: change.printerId } : {}),
      ...(change.cancelReason ? { cancel_reason: change.cancelReason } : {}),
      ...(change.status === 'printed' ? { printed_at_ms: now } : {}),
    }, now);
    const details = { from: job.status, printerId: change.printerId ?? job.printer_id, reason: change.cancelReason ?? null };
    recordJobEvent(ctx.db, { id: ctx.ids.ulid(), jobId: job.id, atMs: now, event, printerId: change.printerId ?? job.printer_id, userId: ctx.actor.userId, details });
    if (change.status === 'printed') journalPrint(ctx, job, job.printer_id, null, now, ctx.actor.userId);
    recordDeviceAudit(ctx, audit, { jobId: job.id, kind: job.kind, ...details });
    if (change.status === 'queued') wakeQueue(ctx.db);
    return ok(jobView(ctx.db, job.id, env.defaultLanguage));
  }).immediate();
}

const changeable: readonly JobRow['status'][] = ['queued', 'waiting', 'in_doubt'];

export const retryJob = (ctx: Ctx, input: ParsedInputOf<'printJobs.retry'>, env: Env) => changeJob(ctx, env, input.jobId, 'retried', 'print.retried', changeable, { status: 'queued' });
export const rerouteJob = (ctx: Ctx, input: ParsedInputOf<'printJobs.reroute'>, env: Env) =>
  changeJob(ctx, env, input.jobId, 'rerouted', 'print.rerouted', changeable, { status: 'queued', printerId: input.printerId });
export const cancelJob = (ctx: Ctx, input: ParsedInputOf<'printJobs.cancel'>, env: Env) =>
  changeJob(ctx, env, input.jobId, 'cancelled', 'print.cancelled', changeable, { status: 'cancelled', cancelReason: input.reason });
export const confirmJob = (ctx: Ctx, input: ParsedInputOf<'printJobs.confirm'>, env: Env) => changeJob(ctx, env, input.jobId, 'confirmed', 'print.confirmed', ['in_doubt'], { status: 'printed' });

/**
 * Opens the drawer. Checks: a repeated requestId returns its job (or request_conflict);
 * the printer (given, or the one the drawer hangs on) exists, is active and has a drawer.
 */
export function openDrawer(ctx: Ctx, input: ParsedInputOf<'drawer.open'>, env: Env): Result<OutputOf<'drawer.open'>> {
  const request = requestOf(ctx, 'drawer.open', input);
  return ctx.db.transaction((): Result<OutputOf<'drawer.open'>> => {
    const previous = findRequest(ctx.db, request);
    if (!previous.ok) return previous;
    if (previous.value) return ok(jobView(ctx.db, previous.value, env.defaultLanguage));
    const printer = input.printerId ? printerById(ctx.db, input.printerId) : drawerPrinter(ctx.db);
    if (!printer) return input.printerId ? refuse('printer_not_found', { printerId: input.printerId }) : refuse('no_printer_for_document', { kind: 'drawer' });
    if (!printer.isActive) return refuse('printer_inactive', { printerId: printer.id });
    if (printer.drawerPin === null) return refuse('printer_has_no_drawer', { printerId: printer.id });
    // every check is above this line
    const job = queueJob(ctx, ctx.actor.userId, printer.id, {
      kind: 'drawer',
      request_id: requestStamp(request),
      request_hash: request.hash,
      session_id: openSessionId(ctx.db, ctx.tillId),
      payload: JSON.stringify({ reason: input.reason }),
      expires_at_ms: ctx.clock.nowMs() + drawerPulseTtlMs,
    });
    recordRequest(ctx.db, request, job.id, ctx.clock.nowMs());
    recordDeviceAudit(ctx, 'drawer.opened', { printerId: printer.id, jobId: job.id, reason: input.reason });
    return ok(jobView(ctx.db, job.id, env.defaultLanguage));
  }).immediate();
}
