// 006: an invoice's receipt copy is a print job like the others (issue 6): print_jobs is
// rebuilt (SQLite cannot change a CHECK in place) with 'invoice_copy' among its kinds and
// the invoice it prints. print_job_events is rebuilt beside it, pointing at the new table,
// so that no row ever refers to a dropped one (foreign keys stay on: the migration runs in
// one transaction, where they cannot be turned off); indexes and triggers as 003 made them.
import type { Migration } from './migration.ts';

export const migration006: Migration = {
  version: 6,
  name: 'invoice-copy',
  sql: `
CREATE TABLE print_jobs_006 (
  id TEXT PRIMARY KEY,
  till_id TEXT NOT NULL REFERENCES tills(id),
  request_id TEXT UNIQUE,
  request_hash TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'refund_receipt', 'tickets', 'x_report', 'z_report', 'cash_slip', 'invoice_copy', 'drawer', 'test_print')),
  order_id TEXT REFERENCES orders(id),
  refund_id TEXT REFERENCES refunds(id),
  z_number INTEGER,
  entry_id TEXT REFERENCES journal(id),
  ticket_id TEXT REFERENCES tickets(id),
  payload TEXT,
  copy_number INTEGER NOT NULL CHECK (copy_number >= 0),
  printer_id TEXT NOT NULL REFERENCES printers(id),
  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'waiting', 'in_doubt', 'printed', 'cancelled', 'expired')),
  phase TEXT CHECK (phase IN ('checking', 'writing')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  reason TEXT,
  next_attempt_at_ms INTEGER,
  expires_at_ms INTEGER,
  session_id TEXT REFERENCES till_sessions(id),
  created_at_ms INTEGER NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  updated_at_ms INTEGER NOT NULL,
  printed_at_ms INTEGER,
  cancel_reason TEXT,
  invoice_id TEXT REFERENCES invoices(id),
  CHECK ((status = 'sending') = (phase IS NOT NULL)),
  CHECK ((kind = 'invoice_copy') = (invoice_id IS NOT NULL))
) STRICT;
INSERT INTO print_jobs_006 (id, till_id, request_id, request_hash, kind, order_id, refund_id, z_number, entry_id, ticket_id, payload, copy_number, printer_id,
    status, phase, attempts, reason, next_attempt_at_ms, expires_at_ms, session_id, created_at_ms, created_by, updated_at_ms, printed_at_ms, cancel_reason)
  SELECT id, till_id, request_id, request_hash, kind, order_id, refund_id, z_number, entry_id, ticket_id, payload, copy_number, printer_id,
    status, phase, attempts, reason, next_attempt_at_ms, expires_at_ms, session_id, created_at_ms, created_by, updated_at_ms, printed_at_ms, cancel_reason
  FROM print_jobs;
CREATE TABLE print_job_events_006 (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES print_jobs_006(id),
  at_ms INTEGER NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('queued', 'attempt', 'printed', 'waiting', 'in_doubt', 'interrupted', 'retried', 'rerouted', 'cancelled', 'confirmed', 'expired')),
  printer_id TEXT NOT NULL,
  user_id TEXT,
  details TEXT NOT NULL
) STRICT;
INSERT INTO print_job_events_006 (id, job_id, at_ms, event, printer_id, user_id, details)
  SELECT id, job_id, at_ms, event, printer_id, user_id, details FROM print_job_events;
DROP TABLE print_job_events;
DROP TABLE print_jobs;
-- renaming rewrites print_job_events_006's reference to the new name
ALTER TABLE print_jobs_006 RENAME TO print_jobs;
ALTER TABLE print_job_events_006 RENAME TO print_job_events;
CREATE INDEX print_job_events_job ON print_job_events(job_id, at_ms);
CREATE TRIGGER print_job_events_no_update BEFORE UPDATE ON print_job_events
BEGIN SELECT RAISE(ABORT, 'print_job_events rows are immutable'); END;
CREATE TRIGGER print_job_events_no_delete BEFORE DELETE ON print_job_events
BEGIN SELECT RAISE(ABORT, 'print_job_events rows are immutable'); END;
CREATE INDEX print_jobs_open ON print_jobs(status, next_attempt_at_ms) WHERE status IN ('queued', 'sending', 'waiting');
CREATE INDEX print_jobs_created ON print_jobs(created_at_ms);
CREATE INDEX print_jobs_order ON print_jobs(order_id) WHERE order_id IS NOT NULL;
CREATE INDEX print_jobs_document ON print_jobs(kind, order_id, refund_id, z_number, entry_id);
CREATE INDEX print_jobs_invoice ON print_jobs(invoice_id) WHERE invoice_id IS NOT NULL;
CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs
BEGIN SELECT RAISE(ABORT, 'print_jobs rows are kept'); END;
CREATE TRIGGER print_jobs_document_fixed BEFORE UPDATE OF kind, order_id, refund_id, z_number, entry_id, ticket_id, invoice_id, payload, copy_number, created_at_ms, created_by ON print_jobs
BEGIN SELECT RAISE(ABORT, 'a print job prints what it was created for'); END;
`,
};
