// 005: sync with the central ledger server (DESIGN C13). The journal itself is the outbox
// of events (everything past the acknowledged seq waits); contacts changed here wait in
// their own outbox. What the till last learned from the server is kept beside its own
// ledger, never mixed into it: a contact's balance as the server knew it, and at which seq
// of this till's journal, so that what it may spend is that balance plus its own movements
// since. A credit balance funded at another till may therefore be spent here: the local
// balance alone may go past zero, and the rule moves from a CHECK into the services.
import type { Migration } from './migration.ts';

export const migration005: Migration = {
  version: 5,
  name: 'sync',
  sql: `
CREATE TABLE account_balances_005 (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  kind TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  debits_minor INTEGER NOT NULL DEFAULT 0 CHECK (debits_minor >= 0),
  credits_minor INTEGER NOT NULL DEFAULT 0 CHECK (credits_minor >= 0),
  CHECK (kind <> 'voucher' OR balance_minor <= 0)
) STRICT;
INSERT INTO account_balances_005 (account_id, kind, balance_minor, debits_minor, credits_minor)
  SELECT account_id, kind, balance_minor, debits_minor, credits_minor FROM account_balances;
DROP TABLE account_balances;
ALTER TABLE account_balances_005 RENAME TO account_balances;

-- one row: the server, this till's token, and how far both directions have gone
CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  server_url TEXT,
  token TEXT,
  -- an enrolment asked for and not yet answered (the code is single use)
  pending_code TEXT,
  enrolled_at_ms INTEGER,
  acked_seq INTEGER NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
  acked_hash TEXT NOT NULL DEFAULT '${'0'.repeat(64)}',
  records_acked INTEGER NOT NULL DEFAULT 0,
  pull_cursor TEXT NOT NULL DEFAULT '0',
  online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
  last_success_ms INTEGER,
  last_attempt_ms INTEGER,
  last_error_code TEXT,
  last_error_message TEXT,
  offline_cap_minor INTEGER NOT NULL DEFAULT 20000 CHECK (offline_cap_minor >= 0)
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- contacts created or changed at this till, to push (last writer wins on the server)
CREATE TABLE record_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('contact')),
  record_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
) STRICT;

-- a customer account's balance as the server last told it, and the seq of this till's
-- journal it included; local_at_snapshot is this till's own balance of the account at that seq
CREATE TABLE remote_balances (
  account_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('credit', 'deferred')),
  contact_id TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  till_seq INTEGER NOT NULL CHECK (till_seq >= 0),
  local_at_snapshot INTEGER NOT NULL,
  pulled_at_ms INTEGER NOT NULL
) STRICT;

-- accounts overdrawn by several tills' offline sales, as the server flagged them
CREATE TABLE overdrafts (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('credit', 'deferred')),
  contact_id TEXT NOT NULL,
  excess_minor INTEGER NOT NULL CHECK (excess_minor > 0),
  event_id TEXT NOT NULL,
  till_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX overdrafts_contact ON overdrafts(contact_id, at_ms);
CREATE TRIGGER overdrafts_no_update BEFORE UPDATE ON overdrafts
BEGIN SELECT RAISE(ABORT, 'overdrafts are append-only'); END;
`,
};
