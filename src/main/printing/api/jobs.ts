// The cashier's hold on the queue: list jobs, retry one, send it to another printer,
// cancel it with a reason, confirm a job in doubt printed; print or reprint a document,
// open the drawer. Every change is audited and traced in the job's events.
import type { OutputOf, ParsedInputOf } from '../../../shared/api/contract.ts';
import { ok, refuse, type Result } from '../../../shared/result.ts';
import type { Ctx } from '../../kernel/context.ts';
import { findRequest, recordRequest, requestOf, requestStamp, type ClientRequest } from '../../kernel/requests.ts';
import { checkThenApply, done, plan, type Planned } from '../../kernel/tx.ts';
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
type JobOutput = OutputOf<'printJobs.retry'>;

/** What a person asks of a job, as checked: the job as it stood, the event, the change. */
interface ChangePlan {
  job: JobRow;
  event: EventName;
  audit: DeviceAuditAction;
  change: Change;
}

/**
 * Changes a job a person points at. Checks, in order: the job exists; it is open and not
 * being sent (retry, reroute, cancel) or in doubt (confirm); a new printer exists and is
 * active.
 */
function checkChange(event: EventName, audit: DeviceAuditAction, allowed: readonly JobRow['status'][], change: Change) {
  return (ctx: Ctx, jobId: string): Result<Planned<ChangePlan, JobOutput>> => {
    const job = jobById(ctx.db, jobId);
    if (!job) return refuse('print_job_not_found', { jobId });
    if (!allowed.includes(job.status)) return refuse(event === 'confirmed' ? 'print_job_not_in_doubt' : 'print_job_not_open', { status: job.status });
    if (change.printerId) {
      const printer = printerById(ctx.db, change.printerId);
      if (!printer) return refuse('printer_not_found', { printerId: change.printerId });
      if (!printer.isActive) return refuse('printer_inactive', { printerId: printer.id });
    }
    return plan({ job, event, audit, change });
  };
}

/** Writes the job's new state and its event; a job confirmed printed is journaled; the queue wakes for a job queued again. */
function applyChange(env: Env) {
  return (ctx: Ctx, { job, event, audit, change }: ChangePlan): JobOutput => {
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
    if (change.status === 'queued') wakeQueue(ctx);
    return jobView(ctx.db, job.id, env.defaultLanguage);
  };
}

function changeJob(ctx: Ctx, env: Env, jobId: string, event: EventName, audit: DeviceAuditAction, allowed: readonly JobRow['status'][], change: Change): Result<JobOutput> {
  return checkThenApply(checkChange(event, audit, allowed, change), applyChange(env))(ctx, jobId);
}

const changeable: readonly JobRow['status'][] = ['queued', 'waiting', 'in_doubt'];

export const retryJob = (ctx: Ctx, input: ParsedInputOf<'printJobs.retry'>, env: Env) => changeJob(ctx, env, input.jobId, 'retried', 'print.retried', changeable, { status: 'queued' });
export const rerouteJob = (ctx: Ctx, input: ParsedInputOf<'printJobs.reroute'>, env: Env) =>
  changeJob(ctx, env, input.jobId, 'rerouted', 'print.rerouted', changeable, { status: 'queued', printerId: input.printerId });
export const cancelJob = (ctx: Ctx, input: ParsedInputOf<'printJobs.cancel'>, env: Env) =>
  changeJob(ctx, env, input.jobId, 'cancelled', 'print.cancelled', changeable, { status: 'cancelled', cancelReason: input.reason });
export const confirmJob = (ctx: Ctx, input: ParsedInputOf<'printJobs.confirm'>, env: Env) => changeJob(ctx, env, input.jobId, 'confirmed', 'print.confirmed', ['in_doubt'], { status: 'printed' });

type DrawerInput = ParsedInputOf<'drawer.open'>;

/** A drawer opening as checked: the printer it hangs on. */
interface DrawerPlan {
  request: ClientRequest;
  printerId: string;
  reason: DrawerInput['reason'];
}

/**
 * Opens the drawer. Checks, in order: a repeated requestId returns its job (or
 * request_conflict); the printer (given, or the one the drawer hangs on) exists, is active
 * and has a drawer.
 */
function checkOpenDrawer(env: Env) {
  return (ctx: Ctx, input: DrawerInput): Result<Planned<DrawerPlan, JobOutput>> => {
    const request = requestOf(ctx, 'drawer.open', input);
    const previous = findRequest(ctx.db, request);
    if (!previous.ok) return previous;
    if (previous.value) return done(jobView(ctx.db, previous.value, env.defaultLanguage));
    const printer = input.printerId ? printerById(ctx.db, input.printerId) : drawerPrinter(ctx.db);
    if (!printer) return input.printerId ? refuse('printer_not_found', { printerId: input.printerId }) : refuse('no_printer_for_document', { kind: 'drawer' });
    if (!printer.isActive) return refuse('printer_inactive', { printerId: printer.id });
    if (printer.drawerPin === null) return refuse('printer_has_no_drawer', { printerId: printer.id });
    return plan({ request, printerId: printer.id, reason: input.reason });
  };
}

function applyOpenDrawer(env: Env) {
  return (ctx: Ctx, p: DrawerPlan): JobOutput => {
    const job = queueJob(ctx, ctx.actor.userId, p.printerId, {
      kind: 'drawer',
      request_id: requestStamp(p.request),
      request_hash: p.request.hash,
      session_id: openSessionId(ctx.db, ctx.tillId),
      payload: JSON.stringify({ reason: p.reason }),
      expires_at_ms: ctx.clock.nowMs() + drawerPulseTtlMs,
    });
    recordRequest(ctx.db, p.request, job.id, ctx.clock.nowMs());
    recordDeviceAudit(ctx, 'drawer.opened', { printerId: p.printerId, jobId: job.id, reason: p.reason });
    return jobView(ctx.db, job.id, env.defaultLanguage);
  };
}

export function openDrawer(ctx: Ctx, input: DrawerInput, env: Env): Result<OutputOf<'drawer.open'>> {
  return checkThenApply(checkOpenDrawer(env), applyOpenDrawer(env))(ctx, input);
}
