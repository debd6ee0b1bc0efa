// The technician's methods: printers listed, added and changed, discovery, status, test
// page and drawer test. Each writes in one transaction and is audited.
import type { OutputOf, ParsedInputOf } from '../../../shared/api/contract.ts';
import { ok, refuse, type Result } from '../../../shared/result.ts';
import type { Ctx } from '../../kernel/context.ts';
import { findRequest, recordRequest, requestOf, requestStamp, type ClientRequest } from '../../kernel/requests.ts';
import { checkThenApply, done, plan, type Planned } from '../../kernel/tx.ts';
import type { Env } from '../../kernel/methods.ts';
import { discover } from '../discovery.ts';
import { printingOf } from '../registration.ts';
import { queueJob, drawerPulseTtlMs } from '../queue/enqueue.ts';
import type { JobKind } from '../queue/jobs-store.ts';
import { listPrinters, printerById, printerByName, printerStatus, writePrinter } from '../queue/printers-store.ts';
import { probeStatus } from '../runtime.ts';
import { checkDevicePath } from '../transports/device-path.ts';
import { jobView, openSessionId, recordDeviceAudit } from './common.ts';

export function listPrintersMethod(ctx: Ctx): Result<OutputOf<'printers.list'>> {
  return ok(listPrinters(ctx));
}

/**
 * A serial or kernel-file printer's path leads to a character device (symlinks followed),
 * so that nothing a printer is configured with can write a regular file: a technician
 * could otherwise print over the journal key. A refusal is audited. The print queue
 * checks again at each open (a printer stored before, or a device swapped for a file),
 * and the serial transport checks there that the port is a terminal: knowing it needs
 * opening the port, which the queue may be holding.
 */
function checkPrinterPath(ctx: Ctx, input: ParsedInputOf<'printers.save'>): Result<null> {
  const { connection } = input;
  if (connection.transport !== 'file' && connection.transport !== 'serial') return ok(null);
  const checked = checkDevicePath(connection.path);
  if (checked.ok) return ok(null);
  recordDeviceAudit(ctx, 'printer.path_refused', { printerId: input.id ?? null, transport: connection.transport, path: connection.path, reason: checked.reason });
  return refuse('printer_path_not_device', { path: connection.path, reason: checked.reason });
}

type SaveInput = ParsedInputOf<'printers.save'>;

/**
 * Checks, in order: the path is a device (audited when not, as at the door, before the
 * transaction); the printer exists (when an id is given); no other printer has the name.
 */
export function savePrinter(ctx: Ctx, input: SaveInput): Result<OutputOf<'printers.save'>> {
  const path = checkPrinterPath(ctx, input);
  if (!path.ok) return path;
  return checkThenApply(checkSave, applySave)(ctx, input);
}

function checkSave(ctx: Ctx, input: SaveInput): Result<Planned<SaveInput, OutputOf<'printers.save'>>> {
  if (input.id && !printerById(ctx.db, input.id)) return refuse('printer_not_found', { printerId: input.id });
  const sameName = printerByName(ctx.db, input.name);
  if (sameName && sameName.id !== input.id) return refuse('printer_name_taken', { name: input.name });
  return plan(input);
}

function applySave(ctx: Ctx, input: SaveInput): OutputOf<'printers.save'> {
  const id = input.id ?? ctx.ids.ulid();
  writePrinter(ctx.db, id, input, ctx.clock.nowMs(), !input.id);
  recordDeviceAudit(ctx, 'printer.saved', { printerId: id, isNew: !input.id, connection: input.connection, documents: input.documents, isActive: input.isActive });
  return listPrinters(ctx).find((p) => p.id === id)!;
}

export function discoverMethod(ctx: Ctx, input: ParsedInputOf<'printers.discover'>): Result<OutputOf<'printers.discover'>> {
  return ok(discover(printingOf(ctx), input.refresh, () => ctx.clock.nowMs()));
}

export function statusMethod(ctx: Ctx, input: ParsedInputOf<'printers.status'>): Result<OutputOf<'printers.status'>> {
  if (!printerById(ctx.db, input.printerId)) return refuse('printer_not_found', { printerId: input.printerId });
  if (input.refresh) probeStatus(ctx, input.printerId);
  return ok(printerStatus(ctx, input.printerId));
}

type TestKind = Extract<JobKind, 'drawer' | 'test_print'>;
type JobOutput = OutputOf<'printers.testPrint'>;

/** A test job as checked: on which printer. */
interface TestPlan {
  request: ClientRequest;
  printerId: string;
}

/**
 * A test page or a drawer test on one printer. Checks, in order: a repeated requestId
 * returns its job (or request_conflict); the printer exists and is active; for the
 * drawer, it has one.
 */
function checkTest(kind: TestKind, env: Env) {
  return (ctx: Ctx, input: ParsedInputOf<'printers.testPrint'>): Result<Planned<TestPlan, JobOutput>> => {
    const request = requestOf(ctx, kind === 'drawer' ? 'printers.testDrawer' : 'printers.testPrint', input);
    const previous = findRequest(ctx.db, request);
    if (!previous.ok) return previous;
    if (previous.value) return done(jobView(ctx.db, previous.value, env.defaultLanguage));
    const printer = printerById(ctx.db, input.printerId);
    if (!printer) return refuse('printer_not_found', { printerId: input.printerId });
    if (!printer.isActive) return refuse('printer_inactive', { printerId: printer.id });
    if (kind === 'drawer' && printer.drawerPin === null) return refuse('printer_has_no_drawer', { printerId: printer.id });
    return plan({ request, printerId: printer.id });
  };
}

function applyTest(kind: TestKind, env: Env) {
  return (ctx: Ctx, p: TestPlan): JobOutput => {
    const job = queueJob(ctx, ctx.actor.userId, p.printerId, {
      kind,
      request_id: requestStamp(p.request),
      request_hash: p.request.hash,
      session_id: openSessionId(ctx.db, ctx.tillId),
      ...(kind === 'drawer' ? { payload: JSON.stringify({ reason: 'test' }), expires_at_ms: ctx.clock.nowMs() + drawerPulseTtlMs } : {}),
    });
    recordRequest(ctx.db, p.request, job.id, ctx.clock.nowMs());
    recordDeviceAudit(ctx, kind === 'drawer' ? 'printer.test_drawer' : 'printer.test_print', { printerId: p.printerId, jobId: job.id });
    return jobView(ctx.db, job.id, env.defaultLanguage);
  };
}

function testJob(ctx: Ctx, env: Env, input: ParsedInputOf<'printers.testPrint'>, kind: TestKind): Result<JobOutput> {
  return checkThenApply(checkTest(kind, env), applyTest(kind, env))(ctx, input);
}

export function testPrintMethod(ctx: Ctx, input: ParsedInputOf<'printers.testPrint'>, env: Env): Result<OutputOf<'printers.testPrint'>> {
  return testJob(ctx, env, input, 'test_print');
}

export function testDrawerMethod(ctx: Ctx, input: ParsedInputOf<'printers.testDrawer'>, env: Env): Result<OutputOf<'printers.testDrawer'>> {
  return testJob(ctx, env, input, 'drawer');
}
