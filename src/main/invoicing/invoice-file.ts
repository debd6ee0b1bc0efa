// An issued invoice or credit note as a file: its archived document (invoices/archive.ts)
// laid out by src/documents/invoice-pdf.ts — the same file however often it is printed,
// whatever was paid, refunded or cancelled since (that is the account's state, on its
// screen). One of another series (another till's, the web shop's: issue 15) is drawn from
// the document its till sent to the server, fetched once and kept (sync-client).
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { InvoiceDocument } from '../../shared/domain/invoice-document.ts';
import { stmt } from '../kernel/db/connection.ts';
import { awaits } from '../kernel/methods.ts';
import { invoiceDocument } from './archive.ts';
import { invoicePdf } from '../../documents/invoice-pdf.ts';
import { knownInvoiceNumber } from './known-invoices.ts';
import { fetchInvoiceDocument, isEnrolled, keptInvoiceDocument } from '../sync-client/index.ts';
import type { Ctx } from '../kernel/context.ts';

type PdfInput = ParsedInputOf<'invoices.pdf'>;

function fileOf(document: InvoiceDocument, language: PdfInput['language']): OutputOf<'invoices.pdf'> {
  return { fileName: `${document.number}.pdf`, mimeType: 'application/pdf', contentBase64: invoicePdf(document, language).toString('base64') };
}

/** An invoice issued here: its frozen document (or one rebuilt from before the archive). */
function ownInvoiceFile(ctx: Ctx, input: PdfInput): Result<OutputOf<'invoices.pdf'>> {
  const document = invoiceDocument(ctx.db, input.invoiceId);
  // one rebuilt from before the archive takes the seller's account from today's settings
  if (document.isRebuilt && document.seller.iban === '' && document.dueMinor > 0) return refuse('invoicing_not_configured');
  return ok(fileOf(document, input.language));
}

/**
 * Checks, in order: an invoice issued here is drawn at once; one of another series kept
 * here too; an enrolled till asks the server for any other (one the pull named, or a credit
 * note of another till: the server says whether it exists) — offline, not sent yet by its
 * till, or not the sealed document: a typed refusal (sync-client/known-documents.ts); a
 * till that is not enrolled knows no other series (invoice_not_found).
 */
async function invoiceFileOf(ctx: Ctx, input: PdfInput): Promise<Result<OutputOf<'invoices.pdf'>>> {
  if (stmt(ctx.db, 'SELECT 1 FROM invoices WHERE id = ?').get(input.invoiceId)) return ownInvoiceFile(ctx, input);
  const kept = keptInvoiceDocument(ctx.db, input.invoiceId);
  if (kept) return ok(fileOf(kept, input.language));
  const knownNumber = knownInvoiceNumber(ctx.db, input.invoiceId);
  if (knownNumber === null && !isEnrolled(ctx.db)) return refuse('invoice_not_found', { invoice: input.invoiceId });
  const fetched = await fetchInvoiceDocument(ctx, input.invoiceId, knownNumber);
  return fetched.ok ? ok(fileOf(fetched.value, input.language)) : fetched;
}

export const invoiceFile = awaits(invoiceFileOf);
