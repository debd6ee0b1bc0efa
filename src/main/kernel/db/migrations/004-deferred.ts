// 004: the deferred account (compte d'attente, seed 000): installments, payer changes,
// invoices and cancellation invoices, settlements and their allocation, installments
// cancelled by refunds. All append-only. The names shipped here say "item" for an
// installment (deferred_items, deferred_item_state, invoice_items, item_cancellations,
// item_id): kept, since renaming tables needs a migration and changes no behaviour; the
// code calls them installments (deferred/installments.ts).
import type { Migration } from './migration.ts';

const immutable = ['deferred_items', 'payer_changes', 'invoices', 'invoice_items', 'settlements', 'settlement_allocations', 'item_cancellations'];

export const migration004: Migration = {
  version: 4,
  name: 'deferred',
  sql: `
-- what a deferred payment asks to be paid and when: one item, or one per installment
CREATE TABLE deferred_items (
  id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments(id),
  order_id TEXT NOT NULL REFERENCES orders(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  count INTEGER NOT NULL CHECK (count >= seq),
  due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  UNIQUE (payment_id, seq)
) STRICT;
CREATE INDEX deferred_items_order ON deferred_items(order_id);
CREATE INDEX deferred_items_due ON deferred_items(due_date);

-- each item's payer and what is still open, kept in the same transactions as the charge,
-- the settlements, the refunds and the payer changes (a materialised state, like balances)
CREATE TABLE deferred_item_state (
  item_id TEXT PRIMARY KEY REFERENCES deferred_items(id),
  order_id TEXT NOT NULL REFERENCES orders(id),
  payer_contact_id TEXT NOT NULL REFERENCES contacts(id),
  due_date TEXT NOT NULL,
  open_minor INTEGER NOT NULL CHECK (open_minor >= 0),
  paid_minor INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
  cancelled_minor INTEGER NOT NULL DEFAULT 0 CHECK (cancelled_minor >= 0)
) STRICT;
CREATE INDEX deferred_item_state_payer ON deferred_item_state(payer_contact_id, due_date, open_minor);
CREATE INDEX deferred_item_state_open ON deferred_item_state(due_date, payer_contact_id, open_minor) WHERE open_minor > 0;
CREATE INDEX deferred_item_state_order ON deferred_item_state(order_id, open_minor, paid_minor);

-- the payer of a deferred payment changed: the receivable moved from one contact to another
CREATE TABLE payer_changes (
  id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments(id),
  from_contact_id TEXT NOT NULL REFERENCES contacts(id),
  to_contact_id TEXT NOT NULL REFERENCES contacts(id),
  entry_id TEXT NOT NULL REFERENCES journal(id),
  created_at_ms INTEGER NOT NULL,
  user_id TEXT NOT NULL
) STRICT;
CREATE INDEX payer_changes_payment ON payer_changes(payment_id);
CREATE INDEX payer_changes_entry ON payer_changes(entry_id);

-- invoices and cancellation invoices: numbered gaplessly in the series of the till that issues them
CREATE TABLE invoices (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  series TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('invoice', 'cancellation')),
  cancels_invoice_id TEXT REFERENCES invoices(id),
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  billing_snapshot TEXT NOT NULL,
  issued_at_ms INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  total_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  reference TEXT NOT NULL UNIQUE,
  entry_id TEXT NOT NULL UNIQUE REFERENCES journal(id),
  user_id TEXT NOT NULL,
  UNIQUE (series, seq),
  CHECK ((kind = 'invoice') = (cancels_invoice_id IS NULL)),
  CHECK ((kind = 'invoice') = (total_minor > 0))
) STRICT;
-- an invoice is cancelled at most once
CREATE UNIQUE INDEX invoices_cancelled ON invoices(cancels_invoice_id) WHERE cancels_invoice_id IS NOT NULL;
CREATE INDEX invoices_contact ON invoices(contact_id, issued_at_ms);

CREATE TABLE invoice_items (
  invoice_id TEXT NOT NULL REFERENCES invoices(id),
  item_id TEXT NOT NULL REFERENCES deferred_items(id),
  amount_minor INTEGER NOT NULL,
  PRIMARY KEY (invoice_id, item_id)
) STRICT;
CREATE INDEX invoice_items_item ON invoice_items(item_id);

-- a cheque, mandate or transfer received for a deferred account, and what it paid
CREATE TABLE settlements (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  request_hash TEXT NOT NULL,
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  method_id TEXT NOT NULL REFERENCES payment_methods(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  to_credit_minor INTEGER NOT NULL CHECK (to_credit_minor >= 0 AND to_credit_minor <= amount_minor),
  reference TEXT NOT NULL,
  till_id TEXT NOT NULL REFERENCES tills(id),
  entry_id TEXT NOT NULL UNIQUE REFERENCES journal(id),
  created_at_ms INTEGER NOT NULL,
  user_id TEXT NOT NULL
) STRICT;
CREATE INDEX settlements_contact ON settlements(contact_id, created_at_ms);

CREATE TABLE settlement_allocations (
  settlement_id TEXT NOT NULL REFERENCES settlements(id),
  item_id TEXT NOT NULL REFERENCES deferred_items(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  PRIMARY KEY (settlement_id, item_id)
) STRICT;
CREATE INDEX settlement_allocations_item ON settlement_allocations(item_id);

-- what a refund of a deferred payment cancelled of its open items
CREATE TABLE item_cancellations (
  item_id TEXT NOT NULL REFERENCES deferred_items(id),
  refund_id TEXT NOT NULL REFERENCES refunds(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  PRIMARY KEY (item_id, refund_id)
) STRICT;

${immutable
  .map(
    (table) => `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} rows are immutable: record a reversing entry instead'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} rows are immutable: record a reversing entry instead'); END;`,
  )
  .join('\n')}
`,
};
