// 002: customer-account movements (credit balance, deferred account) as their own
// indexed, append-only projection of the postings, for account screens and reports;
// running debit and credit totals per account; and the part of a voucher payment that
// went to the buyer's credit balance.
import type { Migration } from './migration.ts';

export const migration002: Migration = {
  version: 2,
  name: 'account-movements',
  sql: `
-- running totals of every account's debits (positive postings) and credits (negative,
-- stored as a positive magnitude): a report reads a period's movements as the difference
-- of two totals instead of adding up every row
ALTER TABLE account_balances ADD COLUMN debits_minor INTEGER NOT NULL DEFAULT 0 CHECK (debits_minor >= 0);
ALTER TABLE account_balances ADD COLUMN credits_minor INTEGER NOT NULL DEFAULT 0 CHECK (credits_minor >= 0);

-- one row per posting on a contact's credit or deferred account, written with the entry;
-- amount_minor and balance_after_minor carry the ledger's sign (credit: negative = owed to
-- the contact); debits_after_minor and credits_after_minor are the account's running totals
CREATE TABLE account_movements (
  entry_id TEXT NOT NULL REFERENCES journal(id),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL CHECK (kind IN ('credit', 'deferred')),
  contact_id TEXT NOT NULL,
  till_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  entry_type TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
  balance_after_minor INTEGER NOT NULL,
  debits_after_minor INTEGER NOT NULL,
  credits_after_minor INTEGER NOT NULL,
  order_id TEXT,
  refund_id TEXT,
  method_id TEXT,
  reference TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (entry_id, account_id)
) STRICT;
CREATE INDEX account_movements_contact ON account_movements(contact_id, kind, at_ms);
CREATE INDEX account_movements_period ON account_movements(kind, at_ms, entry_type, amount_minor, contact_id);
CREATE INDEX account_movements_till ON account_movements(kind, till_id, at_ms);

CREATE TRIGGER account_movements_no_update BEFORE UPDATE ON account_movements
BEGIN SELECT RAISE(ABORT, 'account_movements rows are immutable: record a reversing entry instead'); END;
CREATE TRIGGER account_movements_no_delete BEFORE DELETE ON account_movements
BEGIN SELECT RAISE(ABORT, 'account_movements rows are immutable: record a reversing entry instead'); END;

-- movements added up per UTC day, till, entry type and direction, kept in the same
-- transaction as the movements: a report over a long period adds up days, not rows
CREATE TABLE account_day_totals (
  kind TEXT NOT NULL,
  day INTEGER NOT NULL,
  till_id TEXT NOT NULL,
  entry_type TEXT NOT NULL,
  is_debit INTEGER NOT NULL CHECK (is_debit IN (0, 1)),
  movements INTEGER NOT NULL CHECK (movements >= 0),
  amount_minor INTEGER NOT NULL,
  PRIMARY KEY (kind, day, till_id, entry_type, is_debit)
) STRICT, WITHOUT ROWID;

-- credit-balance deposits and pay-outs, by the client's request id (a retry writes nothing)
CREATE TABLE account_operations (
  request_id TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  entry_id TEXT NOT NULL UNIQUE REFERENCES journal(id),
  kind TEXT NOT NULL CHECK (kind IN ('credit_fund', 'credit_payout'))
) STRICT;
CREATE TRIGGER account_operations_no_update BEFORE UPDATE ON account_operations
BEGIN SELECT RAISE(ABORT, 'account_operations rows are immutable'); END;
CREATE TRIGGER account_operations_no_delete BEFORE DELETE ON account_operations
BEGIN SELECT RAISE(ABORT, 'account_operations rows are immutable'); END;

-- a voucher worth more than what was due: the difference went to the buyer's credit balance
ALTER TABLE payments ADD COLUMN to_credit_minor INTEGER NOT NULL DEFAULT 0 CHECK (to_credit_minor >= 0);
`,
};
