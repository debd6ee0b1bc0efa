// A contact's personal space on the web shop (seed 003, "Espace personnel"): the movements
// of its credit balance and of its deferred account over every channel (the postings of
// every till's and the shop's events the server holds), and its invoices — the ones the
// tills issued, known by their invoice_issued events (number, total, due date, the
// document's SHA-256) — and each one's PDF, drawn from the document its till sent
// (issued_documents) as the till draws it, for the contact it bills only.
import { sql } from 'kysely';
import type { z } from 'zod';
import type { ShopMovementsQuery } from '../../../src/shared/api/shop-schemas.ts';
import { InvoiceDocument } from '../../../src/shared/domain/invoice-document.ts';
import { invoicePdf as drawInvoicePdf } from '../../../src/documents/invoice-pdf.ts';
import { account } from '../../../src/shared/domain/accounts.ts';
import { decodeEvent, type InvoiceIssuedEvent } from '../../../src/shared/domain/events.ts';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import type { ServerContext } from '../context.ts';
import { heldInvoice } from '../documents.ts';
import { readRecord } from '../records.ts';
import type { Db } from '../store/store.ts';
import { int } from '../store/schema.ts';
import { authorisedMethods, hasMethodOfType, institutionOf } from './catalogue.ts';
import type { InvoicePdfOutput, ShopInvoice, ShopMovements } from './outputs.ts';

type MovementsQuery = z.infer<typeof ShopMovementsQuery>;

interface PostingRow {
  event_id: string;
  amount_minor: string;
  created_at_ms: string;
  till_id: string;
  type: string;
  order_id: string | null;
  reference: string | null;
}

/** Later than any instant a query may name: "until now". */
const endOfTime = '9223372036854775807';

/**
 * Checks, in order: the shop offers that account (a credit, or a deferred, method on its
 * point of sale: seed 003); the contact exists. The movements of [from, to), oldest first,
 * with the balance before and after the period and after each movement.
 */
export async function contactMovements(ctx: ServerContext, pointOfSaleId: string, contactId: string, query: MovementsQuery): Promise<Result<ShopMovements>> {
  if (!hasMethodOfType(await authorisedMethods(ctx.db, pointOfSaleId), query.kind)) return refuse('method_not_authorised', { type: query.kind });
  if (!(await readRecord(ctx.db, 'contact', contactId))) return refuse('contact_not_found', { contactId });
  const accountId = query.kind === 'credit' ? account.credit(contactId).id : account.deferred(contactId).id;
  // the customer's view: a credit balance is what the ledger owes (−), an outstanding what is owed (+)
  const sign = query.kind === 'credit' ? -1 : 1;
  const from = String(query.from ?? 0);
  const to = query.to === undefined ? endOfTime : String(query.to);
  // postings_customer (migration 4) holds customer accounts only: the query names its predicate
  const isCustomer = sql`(p.account_id LIKE 'credit:%' OR p.account_id LIKE 'deferred:%')`;
  const sums = await sql<{ opening: string; closing: string }>`
    SELECT COALESCE(SUM(p.amount_minor) FILTER (WHERE e.created_at_ms < ${from}::int8), 0)::text AS opening,
      COALESCE(SUM(p.amount_minor) FILTER (WHERE e.created_at_ms < ${to}::int8), 0)::text AS closing
    FROM postings p JOIN events e ON e.id = p.event_id WHERE p.account_id = ${accountId} AND ${isCustomer}`.execute(ctx.db);
  const rows = await sql<PostingRow>`
    SELECT p.event_id, p.amount_minor::text AS amount_minor, e.created_at_ms::text AS created_at_ms, e.till_id, e.type,
      e.payload::json->>'orderId' AS order_id, COALESCE(e.payload::json->>'number', e.payload::json->>'reference') AS reference
    FROM postings p JOIN events e ON e.id = p.event_id
    WHERE p.account_id = ${accountId} AND ${isCustomer} AND e.created_at_ms >= ${from}::int8 AND e.created_at_ms < ${to}::int8
    ORDER BY e.created_at_ms, e.id LIMIT ${query.limit + 1}::int4`.execute(ctx.db);
  const openingMinor = sign * int(sums.rows[0]!.opening);
  let balanceMinor = openingMinor;
  const movements = rows.rows.slice(0, query.limit).map((r) => {
    const amountMinor = sign * int(r.amount_minor);
    balanceMinor += amountMinor;
    return { eventId: r.event_id, atMs: int(r.created_at_ms), channel: r.till_id, type: r.type, amountMinor, balanceMinor, orderId: r.order_id, reference: r.reference };
  });
  return ok({
    contactId,
    kind: query.kind,
    fromMs: query.from ?? null,
    toMs: query.to ?? null,
    openingMinor,
    closingMinor: sign * int(sums.rows[0]!.closing),
    movements,
    more: rows.rows.length > query.limit,
  });
}

/** An invoice as a till issued it (its invoice_issued event, decoded by its schema in either version), with where and when. */
type InvoiceIssued = InvoiceIssuedEvent & { channel: string; issuedAtMs: number; hasDocument: boolean };

interface InvoiceEventRow {
  id: string;
  till_id: string;
  created_at_ms: string;
  payload: string;
  has_document: boolean;
}

/** The invoice_issued events of a contact, or of an invoice id (the indexes of migration 4). */
async function invoiceEvents(db: Db, by: { contactId: string } | { invoiceId: string }, log: (message: string) => void): Promise<InvoiceIssued[]> {
  const match = 'contactId' in by ? sql`payload::json->>'contactId' = ${by.contactId}` : sql`payload::json->>'invoiceId' = ${by.invoiceId}`;
  const rows = await sql<InvoiceEventRow>`
    SELECT id, till_id, created_at_ms::text AS created_at_ms, payload, EXISTS (SELECT 1 FROM issued_documents d WHERE d.entry_id = events.id) AS has_document FROM events
    WHERE type = 'invoice_issued' AND ${match} ORDER BY created_at_ms, id`.execute(db);
  return rows.rows.flatMap((r) => {
    const decoded = decodeEvent('invoice_issued', r.payload);
    if (decoded.ok && decoded.event.type === 'invoice_issued') return [{ ...decoded.event.data, channel: r.till_id, issuedAtMs: int(r.created_at_ms), hasDocument: r.has_document }];
    // a push decodes every payload; one stored before the server read payloads by their schema
    // might not read: it is left out and logged, the till's event stands as it is
    log(`shop invoices: invoice_issued ${r.id} of till ${r.till_id} left out, its payload does not parse (${decoded.ok ? '' : decoded.reason})`);
    return [];
  });
}

/** What is open on each of these installments as the server's projection knows them. */
async function openOfInstallments(db: Db, installmentIds: readonly string[]): Promise<Map<string, number>> {
  if (installmentIds.length === 0) return new Map();
  const rows = await sql<{ id: string; open: string }>`
    SELECT id, (amount_minor - paid_minor - cancelled_minor)::text AS open FROM installments WHERE id = ANY(${[...new Set(installmentIds)]}::text[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, int(r.open)]));
}

/**
 * Checks: the contact exists. Its invoices and credit notes as the tills issued them,
 * oldest first, each with what is still open on it and the credit note that cancelled it.
 */
export async function contactInvoices(ctx: ServerContext, contactId: string): Promise<Result<ShopInvoice[]>> {
  if (!(await readRecord(ctx.db, 'contact', contactId))) return refuse('contact_not_found', { contactId });
  const invoices = await invoiceEvents(ctx.db, { contactId }, ctx.log);
  const open = await openOfInstallments(ctx.db, invoices.flatMap((i) => i.installments.map((a) => a.installmentId)));
  // a credit note of another till's invoice names itself in cancelsInvoiceId (the till's migration 017) and that invoice by number
  const idByNumber = new Map(invoices.map((i) => [i.number, i.invoiceId]));
  const creditedIdOf = (i: InvoiceIssued) => (i.cancelsElsewhere ? (idByNumber.get(i.cancelsElsewhere.number) ?? null) : i.cancelsInvoiceId);
  // only a cancellation (a billing change) cancels an invoice; a refund's credit note credits part of it
  const cancelledBy = new Map(invoices.filter((i) => i.kind === 'cancellation' && i.refundId === null && creditedIdOf(i) !== null).map((i) => [creditedIdOf(i)!, i.invoiceId]));
  const { currency } = await institutionOf(ctx.db);
  return ok(
    invoices.map((i) => ({
      id: i.invoiceId,
      number: i.number,
      kind: i.kind,
      cancelsInvoiceId: creditedIdOf(i),
      billingContactId: i.contactId,
      channel: i.channel,
      issuedAtMs: i.issuedAtMs,
      dueDate: i.dueDate,
      currency,
      totalMinor: i.totalMinor,
      reference: i.reference,
      documentSha256: i.documentSha256,
      openMinor: i.kind === 'invoice' ? invoiceOpenMinor(i.installments, open) : null,
      cancelledByInvoiceId: cancelledBy.get(i.invoiceId) ?? null,
      hasDocument: i.hasDocument,
    })),
  );
}

/** The open part of each installment, up to what the invoice asks of it; null when one is unknown to the server. */
function invoiceOpenMinor(installments: InvoiceIssuedEvent['installments'], open: ReadonlyMap<string, number>): number | null {
  let sum = 0;
  for (const { installmentId, amountMinor: askedMinor } of installments) {
    const openMinor = open.get(installmentId);
    if (openMinor === undefined) return null;
    sum += Math.max(Math.min(openMinor, askedMinor), 0);
  }
  return sum;
}

/**
 * An invoice's or credit note's PDF for the contact it bills, drawn from the document its
 * till sent as the till draws it (the same bytes in the same language). Checks, in order:
 * the contact exists; the invoice is one the server holds and bills this contact (another
 * contact's is invoice_not_found: a contact never learns of another's invoice); its till
 * sent its document (invoice_document_not_sent).
 */
export async function invoicePdf(ctx: ServerContext, contactId: string, invoiceId: string, language: 'fr' | 'en'): Promise<Result<InvoicePdfOutput>> {
  if (!(await readRecord(ctx.db, 'contact', contactId))) return refuse('contact_not_found', { contactId });
  const held = await heldInvoice(ctx.db, invoiceId);
  if (!held || held.contactId !== contactId) return refuse('invoice_not_found', { invoice: invoiceId, invoiceId });
  if (held.document === null) return refuse('invoice_document_not_sent', { invoice: held.number, invoiceId, tillId: held.tillId });
  // the server stored it only once it hashed to what its entry seals (documents.ts)
  const document = InvoiceDocument.parse(JSON.parse(held.document));
  return ok({ fileName: `${document.number}.pdf`, mimeType: 'application/pdf', contentBase64: drawInvoicePdf(document, language).toString('base64') });
}
