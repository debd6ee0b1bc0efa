// Invoices of another series (another till's, the web shop's) as this till knows them from
// the pulled installments (issue 15, migration 017): found by id for a payer, listed on the
// account, viewed, and refused with the right code where only the issuer may act (its billing
// contact); their documents come from the server (invoice-file.ts, sync-client).
import { refuse, type Result } from '../../shared/result.ts';
import { contactName } from '../../shared/domain/contact-name.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { institutionOf, todayOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { contactById } from '../contacts/index.ts';
import { installmentsOfContact } from '../installments/index.ts';
import type { OutputOf } from '../../shared/api/contract.ts';

type InvoiceView = OutputOf<'invoices.get'>;

/** The installments (ids) the pull says an invoice of another series asks. */
function knownInstallmentIds(db: Db, invoiceId: string): Set<string> {
  return new Set((stmt(db, 'SELECT id FROM known_installments WHERE invoice_id = ?').all(invoiceId) as { id: string }[]).map((r) => r.id));
}

interface KnownInvoiceRow {
  invoice_id: string;
  invoice_number: string;
  reference: string;
  contact_id: string;
  issued_at_ms: number;
  due_date: string | null;
  asked_minor: number | null;
}

/** An invoice another till or the web shop issued, as the pulled installments name it (migration 017): null when none does for this payer. */
function knownInvoiceRow(db: Db, invoiceId: string): KnownInvoiceRow | undefined {
  return stmt(
    db,
    `SELECT invoice_id, invoice_number, MAX(reference) AS reference, MIN(contact_id) AS contact_id, MAX(invoice_issued_at_ms) AS issued_at_ms, MIN(invoice_due_date) AS due_date,
            SUM(COALESCE(invoice_asked_minor, amount_minor - cancelled_minor)) AS asked_minor
     FROM known_installments WHERE invoice_id = ? AND invoice_issued_at_ms IS NOT NULL AND NOT EXISTS (SELECT 1 FROM invoices WHERE id = ?) GROUP BY invoice_id, invoice_number`,
  ).get(invoiceId, invoiceId) as KnownInvoiceRow | undefined;
}

/** The number the pull gives an invoice of another series; null: none this till knows by that id. */
export function knownInvoiceNumber(db: Db, invoiceId: string): string | null {
  return knownInvoiceRow(db, invoiceId)?.invoice_number ?? null;
}

/** An invoice id that is no row here: one another till or the web shop issued (its document is held there), or none this till knows. */
export function refuseAbsentInvoice(db: Db, invoiceId: string): Result<never> {
  const known = knownInvoiceRow(db, invoiceId);
  return known ? refuse('invoice_issued_elsewhere', { invoice: known.invoice_number, invoiceId }) : refuse('invoice_not_found', { invoice: invoiceId });
}

/** The invoices of another series (another till's, the web's) that ask this payer's installments, the latest first. */
export function knownInvoiceIdsOf(db: Db, contactId: string): { id: string; issuedAtMs: number }[] {
  return stmt(
    db,
    `SELECT invoice_id AS id, MAX(invoice_issued_at_ms) AS issuedAtMs FROM known_installments k
     WHERE contact_id = ? AND invoice_id IS NOT NULL AND invoice_issued_at_ms IS NOT NULL AND NOT EXISTS (SELECT 1 FROM invoices WHERE id = k.invoice_id)
     GROUP BY invoice_id ORDER BY issuedAtMs DESC, invoice_id DESC`,
  ).all(contactId) as { id: string; issuedAtMs: number }[];
}

/** The installments (ids) an invoice of another series asks of this payer, as the pulled installments say; null: no such invoice of this payer. */
export function installmentIdsOfKnownInvoice(db: Db, invoiceId: string, contactId: string): Set<string> | null {
  const known = knownInvoiceRow(db, invoiceId);
  if (!known || known.contact_id !== contactId) return null;
  return knownInstallmentIds(db, invoiceId);
}

/**
 * An invoice another till or the web shop issued, as this till knows it from the pull
 * (issue 15): its number, reference, issue time, due date, what it asks, its installments as
 * open here, and the credit notes this till issued on it. Its document is the issuer's.
 */
export function knownInvoiceView(ctx: Ctx, invoiceId: string): InvoiceView | null {
  const row = knownInvoiceRow(ctx.db, invoiceId);
  if (!row) return null;
  const ids = knownInstallmentIds(ctx.db, invoiceId);
  const installments = installmentsOfContact(ctx.db, row.contact_id, todayOf(ctx)).filter((i) => ids.has(i.id));
  const asked = new Map((stmt(ctx.db, 'SELECT id, COALESCE(invoice_asked_minor, amount_minor) AS asked FROM known_installments WHERE invoice_id = ?').all(invoiceId) as { id: string; asked: number }[]).map((r) => [r.id, r.asked]));
  const creditNotes = stmt(ctx.db, 'SELECT i.number FROM credited_elsewhere e JOIN invoices i ON i.id = e.credit_note_id WHERE e.invoice_id = ? ORDER BY i.issued_at_ms, i.seq').all(invoiceId) as { number: string }[];
  const contact = contactById(ctx.db, row.contact_id);
  return {
    id: row.invoice_id,
    number: row.invoice_number,
    kind: 'invoice',
    cancelsInvoiceId: null,
    cancelsInvoiceNumber: null,
    cancelledByNumber: null,
    creditNoteNumbers: creditNotes.map((c) => c.number),
    refundId: null,
    billingContactId: row.contact_id,
    billingContactName: contact ? contactName({ name: contact.name, firstName: contact.firstName }) : '',
    issuedAtMs: row.issued_at_ms,
    dueDate: row.due_date ?? installments[0]?.dueDate ?? '',
    totalMinor: row.asked_minor ?? 0,
    currency: institutionOf(ctx.db).currency,
    reference: row.reference,
    // its document's hash once fetched here from the server (migration 018); unknown before
    documentSha256: (stmt(ctx.db, 'SELECT sha256 FROM known_invoice_documents WHERE invoice_id = ?').get(invoiceId) as { sha256: string } | undefined)?.sha256 ?? null,
    isIssuedHere: false,
    openMinor: installments.reduce((a, i) => a + Math.max(Math.min(i.openMinor, asked.get(i.id) ?? i.openMinor), 0), 0),
    installments,
  };
}
