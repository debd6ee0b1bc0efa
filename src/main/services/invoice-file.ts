// An invoice as a file: the invoice, its orders and the seller laid out by invoices/pdf.ts.
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { interpolate } from '../../shared/i18n/messages.ts';
import { localeFor } from '../../shared/money/format.ts';
import { vatSummary } from '../../shared/domain/vat.ts';
import { stmt } from '../db/connection.ts';
import { invoicePdf, type InvoiceDocument } from '../invoices/pdf.ts';
import { invoiceLabels } from '../invoices/labels.ts';
import { institutionOf, todayOf } from './config.ts';
import type { Ctx } from './context.ts';
import { invoiceView } from './invoicing.ts';
import { orderView } from './order-view.ts';

export function invoiceFile(ctx: Ctx, input: ParsedInputOf<'invoices.pdf'>): Result<OutputOf<'invoices.pdf'>> {
  if (!stmt(ctx.db, 'SELECT 1 FROM invoices WHERE id = ?').get(input.invoiceId)) return refuse('invoice_not_found', { invoice: input.invoiceId });
  const institution = institutionOf(ctx.db);
  if (!institution.invoicing) return refuse('invoicing_not_configured');
  const invoice = invoiceView(ctx, input.invoiceId);
  const snapshot = JSON.parse((stmt(ctx.db, 'SELECT billing_snapshot FROM invoices WHERE id = ?').get(invoice.id) as { billing_snapshot: string }).billing_snapshot) as InvoiceDocument['billing'];
  const locale = localeFor(input.language, institution.country);
  const date = (atMs: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: institution.timeZone }).format(atMs);
  const day = (isoDay: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${isoDay}T00:00:00Z`));
  const today = todayOf(ctx);
  const orders = [...new Set(invoice.items.map((i) => i.orderId))].map((orderId) => orderView(ctx.db, orderId, today));
  const labels = invoiceLabels[input.language];
  const sign = invoice.kind === 'invoice' ? 1 : -1;
  const document: InvoiceDocument = {
    language: input.language,
    locale,
    currency: invoice.currency,
    seller: { name: institution.name, addressLines: institution.addressLines, vatNumber: institution.vatNumber, country: institution.country, ...institution.invoicing },
    billing: snapshot,
    invoice: { number: invoice.number, kind: invoice.kind, cancelsNumber: invoice.cancelsInvoiceNumber, issuedOn: date(invoice.issuedAtMs), dueDate: day(invoice.dueDate), reference: invoice.reference, totalMinor: invoice.totalMinor, dueMinor: invoice.openMinor },
    orders: orders.map((o) => ({
      number: o.number,
      date: date(o.createdAtMs),
      lines: o.lines.map((l) => ({ label: l.label, detail: l.detail, quantity: l.quantity, unitMinor: l.unitPriceMinor, totalMinor: l.totalMinor, vatRateBp: l.vatRateBp })),
      totalMinor: o.totalMinor,
      invoicedMinor: sign * invoice.items.filter((i) => i.orderId === o.id).reduce((a, i) => a + i.amountMinor - i.cancelledMinor, 0),
    })),
    vat: vatSummary(orders.flatMap((o) => o.lines.filter((l) => l.kind !== 'voucher'))),
    installments: invoice.items.filter((i) => i.count > 1).map((i) => ({ label: interpolate(labels.installment, { n: String(i.seq), count: String(i.count) }), dueDate: day(i.dueDate), amountMinor: i.amountMinor })),
    createdAtMs: ctx.clock.nowMs(),
  };
  return ok({ fileName: `${invoice.number}.pdf`, mimeType: 'application/pdf', contentBase64: invoicePdf(document).toString('base64') });
}
