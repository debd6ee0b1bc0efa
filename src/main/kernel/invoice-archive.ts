// An invoice's frozen document (ADR 0008) as the till keeps it: the document's text with
// its SHA-256, and each installment's due date, amount and payment reference as the
// document states them. Written where an invoice is issued (invoicing) and where a replaced
// till gets it back from the server (sync-client's restore), which sits below invoicing:
// the one writer both call.
import type { InvoiceDocument } from '../../shared/domain/invoice-document.ts';
import { stmt, type Db } from './db/connection.ts';

export function archiveInvoiceDocument(db: Db, document: InvoiceDocument, sealed: { text: string; sha256: string }): void {
  stmt(db, 'INSERT INTO invoice_documents (invoice_id, document, sha256) VALUES (?, ?, ?)').run(document.invoiceId, sealed.text, sealed.sha256);
  const insert = stmt(db, 'INSERT INTO invoice_installments (invoice_id, n, due_date, amount_minor, reference) VALUES (?, ?, ?, ?, ?)');
  for (const i of document.installments) insert.run(document.invoiceId, i.n, i.dueDate, i.amountMinor, i.reference);
}
