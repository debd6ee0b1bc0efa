// An issued invoice or credit note as a file: its archived document (invoices/archive.ts)
// laid out by invoices/pdf.ts — the same file however often it is printed, whatever was
// paid, refunded or cancelled since (that is the account's state, on its screen).
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { stmt } from '../kernel/db/connection.ts';
import { invoiceDocument } from './archive.ts';
import { invoicePdf } from '../../documents/invoice-pdf.ts';
import { refuseAbsentInvoice } from './known-invoices.ts';
import type { Ctx } from '../kernel/context.ts';

export function invoiceFile(ctx: Ctx, input: ParsedInputOf<'invoices.pdf'>): Result<OutputOf<'invoices.pdf'>> {
  if (!stmt(ctx.db, 'SELECT 1 FROM invoices WHERE id = ?').get(input.invoiceId)) return refuseAbsentInvoice(ctx.db, input.invoiceId);
  const document = invoiceDocument(ctx.db, input.invoiceId);
  // one rebuilt from before the archive takes the seller's account from today's settings
  if (document.isRebuilt && document.seller.iban === '' && document.dueMinor > 0) return refuse('invoicing_not_configured');
  return ok({ fileName: `${document.number}.pdf`, mimeType: 'application/pdf', contentBase64: invoicePdf(document, input.language).toString('base64') });
}
