// Invoice documents of another series at this till (issue 15, migration 018): an invoice,
// cancellation invoice or credit note another till (or the web shop) issued is fetched, the
// first time it is opened here, from the document its till sent to the server, checked
// against the SHA-256 of the entry that seals it, and kept (insert-only) so that it opens
// again offline, as issued, and its receipt copy prints from it.
import type { InvoiceDocumentHeld } from '../../shared/api/document-schemas.ts';
import { assert } from '../../shared/assert.ts';
import { InvoiceDocument } from '../../shared/domain/invoice-document.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { sha256Hex, type TillContext } from '../kernel/context.ts';
import { transact } from '../kernel/tx.ts';
import { defaultSyncOptions, SyncClient } from './client.ts';
import { isEnrolled } from './configuration.ts';


/** The document of an invoice of another series as fetched here before; null: never fetched. */
export function keptInvoiceDocument(db: Db, invoiceId: string): InvoiceDocument | null {
  const row = stmt(db, 'SELECT document, sha256 FROM known_invoice_documents WHERE invoice_id = ?').get(invoiceId) as { document: string; sha256: string } | undefined;
  if (!row) return null;
  assert(sha256Hex(row.document) === row.sha256, `invoice ${invoiceId}: its kept document matches its SHA-256`);
  return InvoiceDocument.parse(JSON.parse(row.document));
}

/** The server's answer as the document asked for, parsed; invoice_document_invalid saying why it is not. */
function checkHeld(held: InvoiceDocumentHeld, invoiceId: string, knownNumber: string | null): Result<InvoiceDocument> {
  const invalid = (reason: string) => refuse('invoice_document_invalid', { invoice: knownNumber ?? held.number, invoiceId, reason });
  if (held.invoiceId !== invoiceId) return invalid('the server answered for another invoice');
  if (sha256Hex(held.document) !== held.documentSha256) return invalid('the document differs from the SHA-256 its entry seals');
  let parsed: ReturnType<typeof InvoiceDocument.safeParse>;
  try {
    parsed = InvoiceDocument.safeParse(JSON.parse(held.document));
  } catch {
    return invalid('the document is not JSON');
  }
  if (!parsed.success) return invalid('the document is not an invoice document');
  if (parsed.data.invoiceId !== invoiceId || parsed.data.number !== held.number) return invalid('the document is not the invoice asked for');
  // the number the pull gave this till for it, when it knows the invoice
  if (knownNumber !== null && held.number !== knownNumber) return invalid(`the document is numbered ${held.number}, the pull says ${knownNumber}`);
  return ok(parsed.data);
}

/**
 * The document of an invoice this till did not issue, by its id and the number the pull
 * gave it (null: the till does not know it; the server says what it is). Kept here: read at
 * once, online or not. Otherwise asked of the server with no transaction open, checked, and
 * kept. Refusals: invoice_document_offline (the server out of reach, or this till not
 * enrolled), the server's own (invoice_not_found, invoice_document_not_sent naming the
 * issuing till), invoice_document_invalid (an answer that is not the sealed document).
 */
export async function fetchInvoiceDocument(till: TillContext, invoiceId: string, knownNumber: string | null): Promise<Result<InvoiceDocument>> {
  const kept = keptInvoiceDocument(till.db, invoiceId);
  if (kept) return ok(kept);
  const offline = refuse('invoice_document_offline', { invoice: knownNumber ?? invoiceId, invoiceId });
  if (!isEnrolled(till.db)) return offline;
  const client = till.sync instanceof SyncClient ? till.sync : new SyncClient(till, defaultSyncOptions);
  const fetched = await client.invoiceDocument(invoiceId);
  if (!fetched.ok) return fetched;
  if (fetched.value === null) return offline;
  const held = fetched.value;
  const checked = checkHeld(held, invoiceId, knownNumber);
  if (!checked.ok) return checked;
  transact(till.db, () => {
    // two windows opening it at once: the second finds the same text kept
    stmt(till.db, 'INSERT OR IGNORE INTO known_invoice_documents (invoice_id, number, till_id, entry_id, document, sha256, fetched_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      invoiceId, held.number, held.tillId, held.entryId, held.document, held.documentSha256, till.clock.nowMs(),
    );
    return ok(null);
  });
  return checked;
}
