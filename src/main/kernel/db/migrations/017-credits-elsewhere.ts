// 017: credit notes and settlements across tills (issue 15 point 3). Each pulled installment
// says which invoice asks it — at any till or on the web — by id, number, issue time, due
// date and what that invoice asks of it, so a till settles "by invoice" an invoice of
// another series and lists it on the payer's account. A refund here of an order invoiced
// elsewhere gets a credit note in this till's series that names the invoice it credits:
// `credited_elsewhere` holds that invoice's id, number and issue time as the server
// published them. There is no local row for a foreign key to name, and 004's CHECK wants a
// cancels_invoice_id on every credit note, so such a credit note's cancels_invoice_id names
// the credit note itself; rebuilding `invoices` to relax the CHECK cannot be done in the
// migrations' transaction (foreign keys stay on: dropping a referenced table fails).
import type { Migration } from './migration.ts';

export const migration017: Migration = {
  version: 17,
  name: 'credits-elsewhere',
  sql: `
ALTER TABLE known_installments ADD COLUMN invoice_id TEXT;
ALTER TABLE known_installments ADD COLUMN invoice_issued_at_ms INTEGER;
ALTER TABLE known_installments ADD COLUMN invoice_due_date TEXT;
ALTER TABLE known_installments ADD COLUMN invoice_asked_minor INTEGER;
CREATE INDEX known_installments_invoice ON known_installments(invoice_id) WHERE invoice_id IS NOT NULL;

CREATE TABLE credited_elsewhere (
  credit_note_id TEXT PRIMARY KEY REFERENCES invoices(id),
  invoice_id TEXT NOT NULL,
  invoice_number TEXT NOT NULL,
  invoice_issued_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX credited_elsewhere_invoice ON credited_elsewhere(invoice_id);
CREATE TRIGGER credited_elsewhere_no_update BEFORE UPDATE ON credited_elsewhere
BEGIN SELECT RAISE(ABORT, 'credited_elsewhere rows are immutable: record a reversing entry instead'); END;
CREATE TRIGGER credited_elsewhere_no_delete BEFORE DELETE ON credited_elsewhere
BEGIN SELECT RAISE(ABORT, 'credited_elsewhere rows are immutable: record a reversing entry instead'); END;
`,
};
