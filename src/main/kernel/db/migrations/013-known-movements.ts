// 013: box-office-wide accounts (issue 15 point 4). What the till last learned from the
// server of the customer-account movements made at the other channels (the other tills,
// the web shop as WEB), written by a pull in the transaction that moves its cursor, beside
// the till's own account_movements and never mixed into them: the server never sends a till
// its own. The account screens and reports read both. Each row carries the running totals
// of its account over the known movements alone, in (time, event id) order; a movement dated
// before ones already known (a till that was offline) re-bases the totals of those after
// it — the only columns that ever change. Per account, the known totals; per UTC day,
// channel, type and direction, the day totals a long period is added up from.
import type { Migration } from './migration.ts';

export const migration013: Migration = {
  version: 13,
  name: 'known-movements',
  sql: `
CREATE TABLE known_movements (
  entry_id TEXT NOT NULL,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('credit', 'deferred')),
  contact_id TEXT NOT NULL,
  till_id TEXT NOT NULL,
  till_name TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  entry_type TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
  balance_after_minor INTEGER NOT NULL,
  debits_after_minor INTEGER NOT NULL,
  credits_after_minor INTEGER NOT NULL,
  order_id TEXT,
  order_number TEXT,
  refund_id TEXT,
  method_id TEXT,
  reference TEXT NOT NULL DEFAULT '',
  pulled_at_ms INTEGER NOT NULL,
  PRIMARY KEY (entry_id, account_id)
) STRICT;
CREATE INDEX known_movements_contact ON known_movements(contact_id, kind, at_ms, entry_id);
CREATE INDEX known_movements_period ON known_movements(kind, at_ms, entry_type, amount_minor, contact_id);
CREATE INDEX known_movements_till ON known_movements(kind, till_id, at_ms);

CREATE TRIGGER known_movements_fixed BEFORE UPDATE OF entry_id, account_id, kind, contact_id, till_id, till_name, at_ms, user_id, entry_type, amount_minor,
  order_id, order_number, refund_id, method_id, reference, pulled_at_ms ON known_movements
BEGIN SELECT RAISE(ABORT, 'known_movements: a movement never changes (only its running totals are counted again)'); END;
CREATE TRIGGER known_movements_no_delete BEFORE DELETE ON known_movements
BEGIN SELECT RAISE(ABORT, 'known_movements rows are kept: the server never takes a movement back'); END;

CREATE TABLE known_accounts (
  account_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('credit', 'deferred')),
  contact_id TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  debits_minor INTEGER NOT NULL CHECK (debits_minor >= 0),
  credits_minor INTEGER NOT NULL CHECK (credits_minor >= 0),
  movements INTEGER NOT NULL CHECK (movements >= 0)
) STRICT;
CREATE INDEX known_accounts_kind ON known_accounts(kind, contact_id);

CREATE TABLE known_day_totals (
  kind TEXT NOT NULL,
  day INTEGER NOT NULL,
  till_id TEXT NOT NULL,
  entry_type TEXT NOT NULL,
  is_debit INTEGER NOT NULL CHECK (is_debit IN (0, 1)),
  movements INTEGER NOT NULL CHECK (movements >= 0),
  amount_minor INTEGER NOT NULL,
  PRIMARY KEY (kind, day, till_id, entry_type, is_debit)
) STRICT, WITHOUT ROWID;
`,
};
