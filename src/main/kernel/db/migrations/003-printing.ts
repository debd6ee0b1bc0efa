// 003: printers and the durable print queue (issue 6). A printer's configuration and a
// job's status are mutable state; every job event (queued, attempt, printed, retried,
// rerouted, cancelled...) is an append-only row, and every print, reprint and drawer pulse
// is also a journal entry without postings.
import type { Migration } from './migration.ts';

const bool = (column: string) => `${column} INTEGER NOT NULL CHECK (${column} IN (0, 1))`;

export const migration003: Migration = {
  version: 3,
  name: 'printing',
  sql: `
CREATE TABLE printers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  transport TEXT NOT NULL CHECK (transport IN ('network', 'serial', 'usb', 'file', 'virtual')),
  -- the transport's parameters (host and port, path and baud rate, USB ids), as JSON
  connection TEXT NOT NULL,
  width_mm INTEGER NOT NULL CHECK (width_mm IN (58, 80)),
  columns INTEGER NOT NULL CHECK (columns BETWEEN 24 AND 64),
  code_page TEXT NOT NULL,
  code_page_number INTEGER NOT NULL CHECK (code_page_number BETWEEN 0 AND 255),
  status_mode TEXT NOT NULL CHECK (status_mode IN ('dle_eot', 'asb', 'none')),
  ${bool('prints_receipts')},
  ${bool('prints_tickets')},
  ${bool('prints_reports')},
  ticket_code TEXT NOT NULL CHECK (ticket_code IN ('qr', 'code128')),
  drawer_pin INTEGER CHECK (drawer_pin IN (2, 5)),
  drawer_sensor TEXT NOT NULL CHECK (drawer_sensor IN ('none', 'open_high', 'open_low')),
  ${bool('active')},
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) STRICT;

-- one row per document to print (or drawer pulse); the bytes are rendered when sent, from
-- immutable rows (orders, refunds, Z reports, journal entries) or the snapshot in payload
CREATE TABLE print_jobs (
  id TEXT PRIMARY KEY,
  till_id TEXT NOT NULL REFERENCES tills(id),
  request_id TEXT UNIQUE,
  request_hash TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'refund_receipt', 'tickets', 'x_report', 'z_report', 'cash_slip', 'drawer', 'test_print')),
  order_id TEXT REFERENCES orders(id),
  refund_id TEXT REFERENCES refunds(id),
  z_number INTEGER,
  entry_id TEXT REFERENCES journal(id),
  ticket_id TEXT REFERENCES tickets(id),
  -- what cannot be read back later: an X report's snapshot, a drawer pulse's reason
  payload TEXT,
  copy_number INTEGER NOT NULL CHECK (copy_number >= 0),
  printer_id TEXT NOT NULL REFERENCES printers(id),
  status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'waiting', 'in_doubt', 'printed', 'cancelled', 'expired')),
  -- while sending: 'checking' (nothing written yet) or 'writing' (bytes may have left)
  phase TEXT CHECK (phase IN ('checking', 'writing')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  reason TEXT,
  next_attempt_at_ms INTEGER,
  -- a drawer pulse not sent by then is dropped: a drawer opening minutes late is a risk
  expires_at_ms INTEGER,
  session_id TEXT REFERENCES till_sessions(id),
  created_at_ms INTEGER NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  updated_at_ms INTEGER NOT NULL,
  printed_at_ms INTEGER,
  cancel_reason TEXT,
  CHECK ((status = 'sending') = (phase IS NOT NULL))
) STRICT;
CREATE INDEX print_jobs_open ON print_jobs(status, next_attempt_at_ms) WHERE status IN ('queued', 'sending', 'waiting');
CREATE INDEX print_jobs_created ON print_jobs(created_at_ms);
CREATE INDEX print_jobs_order ON print_jobs(order_id) WHERE order_id IS NOT NULL;
CREATE INDEX print_jobs_document ON print_jobs(kind, order_id, refund_id, z_number, entry_id);

-- the trace of every job: append-only
CREATE TABLE print_job_events (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES print_jobs(id),
  at_ms INTEGER NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('queued', 'attempt', 'printed', 'waiting', 'in_doubt', 'interrupted', 'retried', 'rerouted', 'cancelled', 'confirmed', 'expired')),
  printer_id TEXT NOT NULL,
  -- who asked, for the events a person causes; NULL for the queue's own
  user_id TEXT,
  details TEXT NOT NULL
) STRICT;
CREATE INDEX print_job_events_job ON print_job_events(job_id, at_ms);

CREATE TRIGGER print_job_events_no_update BEFORE UPDATE ON print_job_events
BEGIN SELECT RAISE(ABORT, 'print_job_events rows are immutable'); END;
CREATE TRIGGER print_job_events_no_delete BEFORE DELETE ON print_job_events
BEGIN SELECT RAISE(ABORT, 'print_job_events rows are immutable'); END;
-- a job is kept for its trace: never deleted, and what it prints never changes
CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs
BEGIN SELECT RAISE(ABORT, 'print_jobs rows are kept'); END;
CREATE TRIGGER print_jobs_document_fixed BEFORE UPDATE OF kind, order_id, refund_id, z_number, entry_id, ticket_id, payload, copy_number, created_at_ms, created_by ON print_jobs
BEGIN SELECT RAISE(ABORT, 'a print job prints what it was created for'); END;
`,
};
