// A document, named by its reference, as bytes for a printer profile: load, then lay out.
import { assertNever } from '../../../shared/assert.ts';
import { ok, type Result } from '../../../shared/result.ts';
import type { TillReport } from '../../../shared/domain/types.ts';
import type { Db } from '../../kernel/db/connection.ts';
import type { PrintProfile } from '../escpos/profile.ts';
import { renderInvoiceCopy } from './invoice-copy.ts';
import { headerOf, loadCashSlip, loadInvoiceCopy, loadReceipt, loadRefundReceipt, loadTickets, loadZReport, type DocumentRefValue, type LoadedDocument } from './load.ts';
import { renderReceipt, renderRefundReceipt } from './receipt.ts';
import type { RenderContext } from './render-context.ts';
import { renderCashSlip, renderTillReport } from './slips.ts';
import { renderTickets } from './tickets.ts';
import { zJournalHeadOf } from './journal-head.ts';

/** An X report is a moment's snapshot: the caller passes it (a job keeps it in its payload). */
export function loadDocument(db: Db, tillId: string, ref: DocumentRefValue, xSnapshot: TillReport | null): Result<LoadedDocument> {
  switch (ref.kind) {
    case 'receipt': {
      const data = loadReceipt(db, tillId, ref.orderId);
      return data.ok ? ok({ kind: ref.kind, data: data.value }) : data;
    }
    case 'refund_receipt': {
      const data = loadRefundReceipt(db, tillId, ref.refundId);
      return data.ok ? ok({ kind: ref.kind, data: data.value }) : data;
    }
    case 'tickets': {
      const data = loadTickets(db, ref.orderId, ref.ticketId);
      return data.ok ? ok({ kind: ref.kind, data: data.value }) : data;
    }
    case 'z_report': {
      const report = loadZReport(db, tillId, ref.zNumber);
      return report.ok ? ok({ kind: ref.kind, report: report.value, header: headerOf(db, tillId), journalHead: zJournalHeadOf(db, tillId, ref.zNumber) }) : report;
    }
    case 'x_report':
      if (!xSnapshot) throw new Error('an X report is printed from its snapshot');
      return ok({ kind: ref.kind, report: xSnapshot, header: headerOf(db, tillId) });
    case 'cash_slip': {
      const data = loadCashSlip(db, tillId, ref.entryId);
      return data.ok ? ok({ kind: ref.kind, data: data.value }) : data;
    }
    case 'invoice_copy': {
      const data = loadInvoiceCopy(db, tillId, ref.invoiceId);
      return data.ok ? ok({ kind: ref.kind, data: data.value }) : data;
    }
    default:
      return assertNever(ref);
  }
}

export function renderDocument(doc: LoadedDocument, profile: PrintProfile, ctx: RenderContext, copyNumber: number): Uint8Array {
  switch (doc.kind) {
    case 'receipt':
      return renderReceipt(doc.data, profile, ctx, copyNumber);
    case 'refund_receipt':
      return renderRefundReceipt(doc.data, profile, ctx, copyNumber);
    case 'tickets':
      return renderTickets(doc.data, profile, ctx, copyNumber);
    case 'x_report':
    case 'z_report':
      return renderTillReport(doc.report, doc.header, profile, ctx, copyNumber, doc.journalHead ?? null);
    case 'cash_slip':
      return renderCashSlip(doc.data, profile, ctx, copyNumber);
    case 'invoice_copy':
      return renderInvoiceCopy(doc.data, profile, ctx, copyNumber);
    default:
      return assertNever(doc);
  }
}
