// 018: invoice documents of another series, as this till fetched them (issue 15). An
// invoice, cancellation invoice or credit note another till (or the web shop) issued is
// opened here from the document its till sent to the server, checked against the SHA-256
// its journal entry seals; it is kept so that it opens again offline and the receipt copy
// prints from it. Insert-only, as every issued document: the entry's hash never changes.
import type { Migration } from './migration.ts';

export const migration018: Migration = {
  version: 18,
  name: 'known-invoice-documents',
  sql: `
CREATE TABLE known_invoice_documents (
  invoice_id TEXT PRIMARY KEY,
  number TEXT NOT NULL,
  till_id TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  document TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  fetched_at_ms INTEGER NOT NULL
) STRICT;
CREATE TRIGGER known_invoice_documents_no_update BEFORE UPDATE ON known_invoice_documents
BEGIN SELECT RAISE(ABORT, 'known_invoice_documents rows are immutable: an issued document never changes'); END;
CREATE TRIGGER known_invoice_documents_no_delete BEFORE DELETE ON known_invoice_documents
BEGIN SELECT RAISE(ABORT, 'known_invoice_documents rows are immutable: an issued document never changes'); END;
`,
};
