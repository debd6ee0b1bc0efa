// A job's bytes for its printer, rendered when it is sent (and again if it is resent or
// rerouted to a printer of another width): from immutable rows, or the job's snapshot; a
// drawer pulse as the printer's status allows it to act on now.
import { assertNever } from '../../../shared/assert.ts';
import type { TillReport } from '../../../shared/domain/types.ts';
import { ok, type Result } from '../../../shared/result.ts';
import type { Db } from '../../kernel/db/connection.ts';
import { institutionOf } from '../../kernel/config.ts';
import type { DocumentRefValue } from '../documents/load.ts';
import { loadDocument, renderDocument } from '../documents/render.ts';
import type { RenderContext } from '../documents/render-context.ts';
import { renderTestPage } from '../documents/test-page.ts';
import { drawerPulse, realtimeDrawerPulse } from '../escpos/commands.ts';
import { profileOf } from '../escpos/profile.ts';
import { isPrinting, type PrinterStatus } from '../escpos/status.ts';
import type { JobRow } from './jobs-store.ts';
import type { PrinterConfig } from './printers-store.ts';

/** The words of a document: the language asked, the institution's country, currency and time zone (never the host's). */
export function renderContextOf(db: Db, language: 'fr' | 'en'): RenderContext {
  const institution = institutionOf(db);
  return { language, country: institution.country, currency: institution.currency, timeZone: institution.timeZone };
}

/** The document a job prints, as a reference the loaders understand. */
export function documentRefOf(job: JobRow): DocumentRefValue {
  switch (job.kind) {
    case 'receipt': return { kind: 'receipt', orderId: job.order_id! };
    case 'refund_receipt': return { kind: 'refund_receipt', refundId: job.refund_id! };
    case 'tickets': return job.ticket_id ? { kind: 'tickets', orderId: job.order_id!, ticketId: job.ticket_id } : { kind: 'tickets', orderId: job.order_id! };
    case 'x_report': return { kind: 'x_report' };
    case 'z_report': return { kind: 'z_report', zNumber: job.z_number! };
    case 'cash_slip': return { kind: 'cash_slip', entryId: job.entry_id! };
    case 'invoice_copy': return { kind: 'invoice_copy', invoiceId: job.invoice_id! };
    case 'drawer':
    case 'test_print':
      throw new Error(`a ${job.kind} job prints no document`);
    default:
      return assertNever(job.kind);
  }
}

/**
 * The pulse that opens the drawer now. A printer that answered it is printing takes the
 * plain ESC p (every ESC/POS printer knows it). One that answered it is out of paper,
 * open or offline stops reading its buffer: an ESC p would wait there and open the drawer
 * when the paper is changed, so it gets the real-time DLE DC4 pulse, which printers that
 * answer DLE EOT or GS a act on as they receive it. A printer whose status is not read
 * gets ESC p on this connection of its own.
 */
export function drawerPulseFor(printer: Pick<PrinterConfig, 'drawerPin'>, status: PrinterStatus): Uint8Array {
  const pin = printer.drawerPin ?? 2;
  return status.source !== 'none' && !isPrinting(status) ? realtimeDrawerPulse(pin) : drawerPulse(pin);
}

export function renderJob(db: Db, job: JobRow, printer: PrinterConfig, ctx: RenderContext, nowMs: number): Result<Uint8Array> {
  if (job.kind === 'drawer') return ok(drawerPulse(printer.drawerPin ?? 2));
  if (job.kind === 'test_print') return ok(renderTestPage(printer.name, profileOf(printer), ctx, nowMs));
  const snapshot = job.kind === 'x_report' ? (JSON.parse(job.payload!) as TillReport) : null;
  const doc = loadDocument(db, job.till_id, documentRefOf(job), snapshot);
  if (!doc.ok) return doc;
  return ok(renderDocument(doc.value, profileOf(printer), ctx, job.copy_number));
}
