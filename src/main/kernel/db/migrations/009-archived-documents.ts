// 009: issued invoices and credit notes are archived documents (issue 12). Each one's
// document (shared/domain/invoice-document.ts) is frozen at issue as canonical JSON with
// its SHA-256, which its journal entry carries too; a reprint renders that, never the
// account's state of the day. A credit note may now credit part of an invoice (a refund):
// it names its refund, and only a whole cancellation stays unique per invoice. Each due
// date of an invoice has its own payment reference, so that a bank line finds invoice and
// installment (C17). All append-only.
import type { Migration } from './migration.ts';

const immutable = ['invoice_documents', 'invoice_installments'];

export const migration009: Migration = {
  version: 9,
  name: 'archived-documents',
  sql: `
CREATE TABLE invoice_documents (
  invoice_id TEXT PRIMARY KEY REFERENCES invoices(id),
  document TEXT NOT NULL CHECK (json_valid(document)),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64)
) STRICT;

-- the refund a credit note takes back part of an invoice for; NULL on an invoice and on a
-- whole cancellation (a billing contact changed)
ALTER TABLE invoices ADD COLUMN refund_id TEXT REFERENCES refunds(id);
DROP INDEX invoices_cancelled;
-- an invoice is cancelled as a whole at most once; refunds may credit it many times, once each
CREATE UNIQUE INDEX invoices_cancelled ON invoices(cancels_invoice_id) WHERE cancels_invoice_id IS NOT NULL AND refund_id IS NULL;
CREATE UNIQUE INDEX invoices_refund ON invoices(refund_id) WHERE refund_id IS NOT NULL;
CREATE INDEX invoices_credited ON invoices(cancels_invoice_id) WHERE refund_id IS NOT NULL;

-- what an invoice asks per due date, and the reference of that installment's payment slip
CREATE TABLE invoice_installments (
  invoice_id TEXT NOT NULL REFERENCES invoices(id),
  n INTEGER NOT NULL CHECK (n >= 1),
  due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  reference TEXT NOT NULL UNIQUE,
  PRIMARY KEY (invoice_id, n)
) STRICT;

${immutable
  .map(
    (table) => `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} rows are immutable: an issued document is never changed'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} rows are immutable: an issued document is never changed'); END;`,
  )
  .join('\n')}
`,
};
