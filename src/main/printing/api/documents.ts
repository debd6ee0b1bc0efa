// Printing a document on demand (a second copy is a numbered DUPLICATA) and previewing
// it: the same bytes a printer would get, read back by the virtual printer. Each document
// needs the permission that reads it (documentAccess); a sample receipt needs none.
import type { MethodName, OutputOf, ParsedInputOf } from '../../../shared/api/contract.ts';
import { documentAccess } from '../../../shared/api/document-access.ts';
import type { TillReport } from '../../../shared/domain/types.ts';
import { ok, refuse, type Result } from '../../../shared/result.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { can, type Ctx } from '../../kernel/context.ts';
import { findRequest, recordRequest, requestOf, requestStamp, type ClientRequest } from '../../kernel/requests.ts';
import { checkThenApply, done, plan, type Planned } from '../../kernel/tx.ts';
import type { Env } from '../../kernel/methods.ts';
import { openSessionOf } from '../../sessions/index.ts';
import { buildTillReport } from '../../sessions/index.ts';
import type { DocumentRefValue, LoadedDocument } from '../documents/load.ts';
import { referenceReceipt } from '../documents/reference.ts';
import { loadDocument, renderDocument } from '../documents/render.ts';
import { defaultProfile, profileOf } from '../escpos/profile.ts';
import { documentClassOf, queueJob } from '../queue/enqueue.ts';
import { lastCopyNumber } from '../queue/jobs-store.ts';
import { printerById, printerFor, type DocumentClass as PrinterClass, type PrinterConfig } from '../queue/printers-store.ts';
import { renderContextOf } from '../queue/render-job.ts';
import { renderBytes } from '../virtual/index.ts';
import { jobView, openSessionId, recordDeviceAudit } from './common.ts';

function xSnapshot(ctx: Ctx): Result<TillReport> {
  const session = openSessionOf(ctx.db, ctx.tillId);
  return session ? ok(buildTillReport(ctx, session, { kind: 'X' })) : refuse('till_closed');
}

/** The document's own permission (an order's receipt needs order:read): refused and audited as at the door. */
function authoriseDocument(ctx: Ctx, method: MethodName, ref: DocumentRefValue): Result<null> {
  const permission = documentAccess[ref.kind];
  if (can(ctx.actor, permission)) return ok(null);
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'auth.denied', details: { method, permission, document: ref.kind } });
  return refuse('not_permitted', { permission });
}

function refFields(ref: DocumentRefValue) {
  return {
    order_id: 'orderId' in ref ? ref.orderId : null,
    refund_id: 'refundId' in ref ? ref.refundId : null,
    z_number: 'zNumber' in ref ? ref.zNumber : null,
    entry_id: 'entryId' in ref ? ref.entryId : null,
    ticket_id: 'ticketId' in ref ? (ref.ticketId ?? null) : null,
    invoice_id: 'invoiceId' in ref ? ref.invoiceId : null,
  };
}

function choosePrinter(ctx: Ctx, ref: DocumentRefValue, printerId: string | undefined): Result<PrinterConfig> {
  const printer = printerId ? printerById(ctx.db, printerId) : printerFor(ctx.db, documentClassOf[ref.kind]);
  if (!printer) return printerId ? refuse('printer_not_found', { printerId }) : refuse('no_printer_for_document', { kind: ref.kind });
  if (!printer.isActive) return refuse('printer_inactive', { printerId: printer.id });
  return ok(printer);
}

type JobOutput = OutputOf<'printing.print'>;

/** A print as checked: the printer, the copy it will be, an X report's figures as of now. */
interface PrintPlan {
  document: DocumentRefValue;
  request: ClientRequest;
  printerId: string;
  copyNumber: number;
  snapshot: TillReport | null;
}

/**
 * Prints a document. Checks, in order: the document's own permission (audited, as at the
 * door, before the transaction); a repeated requestId returns its job (or
 * request_conflict); the document exists (an X report needs an open till); the printer
 * (given, or the one for the document) exists and is active. A document queued before
 * comes out as DUPLICATA n.
 */
export function printDocument(ctx: Ctx, input: ParsedInputOf<'printing.print'>, env: Env): Result<JobOutput> {
  const authorised = authoriseDocument(ctx, 'printing.print', input.document);
  if (!authorised.ok) return authorised;
  return checkThenApply(
    (c: Ctx, i: ParsedInputOf<'printing.print'>) => checkPrint(c, i, env),
    (c: Ctx, p: PrintPlan) => applyPrint(c, p, env),
  )(ctx, input);
}

function checkPrint(ctx: Ctx, input: ParsedInputOf<'printing.print'>, env: Env): Result<Planned<PrintPlan, JobOutput>> {
  const request = requestOf(ctx, 'printing.print', input);
  const previous = findRequest(ctx.db, request);
  if (!previous.ok) return previous;
  if (previous.value) return done(jobView(ctx.db, previous.value, env.defaultLanguage));
  const snapshot = input.document.kind === 'x_report' ? xSnapshot(ctx) : null;
  if (snapshot && !snapshot.ok) return snapshot;
  const doc = loadDocument(ctx.db, ctx.tillId, input.document, snapshot?.value ?? null);
  if (!doc.ok) return doc;
  const printer = choosePrinter(ctx, input.document, input.printerId);
  if (!printer.ok) return printer;
  const fields = refFields(input.document);
  const copyNumber =
    input.document.kind === 'x_report'
      ? 0
      : lastCopyNumber(ctx.db, { kind: input.document.kind, orderId: fields.order_id, refundId: fields.refund_id, zNumber: fields.z_number, entryId: fields.entry_id, invoiceId: fields.invoice_id }) + 1;
  return plan({ document: input.document, request, printerId: printer.value.id, copyNumber, snapshot: snapshot?.value ?? null });
}

function applyPrint(ctx: Ctx, p: PrintPlan, env: Env): JobOutput {
  const job = queueJob(ctx, ctx.actor.userId, p.printerId, {
    kind: p.document.kind,
    ...refFields(p.document),
    request_id: requestStamp(p.request),
    request_hash: p.request.hash,
    copy_number: p.copyNumber,
    session_id: openSessionId(ctx.db, ctx.tillId),
    payload: p.snapshot ? JSON.stringify(p.snapshot) : null,
  });
  recordRequest(ctx.db, p.request, job.id, ctx.clock.nowMs());
  recordDeviceAudit(ctx, 'print.requested', { jobId: job.id, document: p.document, copyNumber: p.copyNumber, printerId: p.printerId });
  return jobView(ctx.db, job.id, env.defaultLanguage);
}

/** Checks: the document's own permission (audited); the document exists (an X report needs an open till); a given printer exists. */
export function previewDocument(ctx: Ctx, input: ParsedInputOf<'printing.preview'>, env: Env): Result<OutputOf<'printing.preview'>> {
  const authorised = authoriseDocument(ctx, 'printing.preview', input.document);
  if (!authorised.ok) return authorised;
  const snapshot = input.document.kind === 'x_report' ? xSnapshot(ctx) : null;
  if (snapshot && !snapshot.ok) return snapshot;
  const doc = loadDocument(ctx.db, ctx.tillId, input.document, snapshot?.value ?? null);
  if (!doc.ok) return doc;
  return previewOn(ctx, env, doc.value, documentClassOf[input.document.kind], input.printerId);
}

/** Checks: a given printer exists. The reference receipt of the golden file, on that printer's profile. */
export function previewSample(ctx: Ctx, input: ParsedInputOf<'printing.previewSample'>, env: Env): Result<OutputOf<'printing.previewSample'>> {
  return previewOn(ctx, env, { kind: 'receipt', data: referenceReceipt() }, 'receipt', input.printerId);
}

function previewOn(ctx: Ctx, env: Env, doc: LoadedDocument, documentClass: PrinterClass, printerId: string | undefined): Result<OutputOf<'printing.preview'>> {
  const printer = printerId ? printerById(ctx.db, printerId) : printerFor(ctx.db, documentClass);
  if (printerId && !printer) return refuse('printer_not_found', { printerId });
  const profile = printer ? profileOf(printer) : defaultProfile;
  const bytes = renderDocument(doc, profile, renderContextOf(ctx.db, env.defaultLanguage), 0);
  const rendered = renderBytes(bytes, profile.columns);
  return ok({
    text: rendered.text,
    pngBase64: rendered.png.toString('base64'),
    widthPx: rendered.widthPx,
    heightPx: rendered.heightPx,
    bytes: bytes.length,
    columns: profile.columns,
    note: printer ? printer.name : '',
  });
}
