// 015: shared vouchers and installments, and holds (issue 15 points 2 and 3, D2 and D3).
// What the till last learned from the server of the box office's gift vouchers (every
// channel's, its own included once the server has them): each one's remaining value as the
// server held it, with this till's own postings on it up to the seq the server had then
// (the rule of remote_balances, ADR 0010), and the flag of a voucher spent past its value.
// A payment with a voucher sold elsewhere names it in known_voucher_id (voucher_id names a
// voucher sold here, as before). The other channels' installments (with their order, due
// date, invoice number and reference) and the orders sold on account elsewhere, as the
// server last published them. A voucher's balance here may go above 0 (spent here, sold
// elsewhere): the CHECK of migration 005 goes. The holds this till took on the server before it committed
// a sale that spends a shared account (the entry that used each one).
import type { Migration } from './migration.ts';

export const migration015: Migration = {
  version: 15,
  name: 'shared-accounts',
  sql: `
CREATE TABLE known_vouchers (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  currency TEXT NOT NULL,
  value_minor INTEGER NOT NULL CHECK (value_minor >= 0),
  remaining_minor INTEGER NOT NULL CHECK (remaining_minor >= 0),
  overspent_minor INTEGER NOT NULL CHECK (overspent_minor >= 0),
  channel TEXT NOT NULL,
  order_id TEXT,
  sold_at_ms INTEGER NOT NULL,
  till_seq INTEGER NOT NULL CHECK (till_seq >= 0),
  local_at_snapshot INTEGER NOT NULL,
  pulled_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX known_vouchers_code ON known_vouchers(code);
ALTER TABLE payments ADD COLUMN known_voucher_id TEXT REFERENCES known_vouchers(id);

CREATE TABLE known_orders (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL,
  channel TEXT NOT NULL,
  payer_contact_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  currency TEXT NOT NULL,
  total_minor INTEGER NOT NULL,
  on_account_minor INTEGER NOT NULL,
  body TEXT NOT NULL,
  pulled_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX known_orders_payer ON known_orders(payer_contact_id);

CREATE TABLE known_installments (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL,
  order_number TEXT NOT NULL,
  channel TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  count INTEGER NOT NULL,
  due_date TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  paid_minor INTEGER NOT NULL,
  cancelled_minor INTEGER NOT NULL,
  invoice_number TEXT,
  reference TEXT NOT NULL DEFAULT '',
  till_seq INTEGER NOT NULL CHECK (till_seq >= 0),
  local_paid_at_snapshot INTEGER NOT NULL,
  pulled_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX known_installments_contact ON known_installments(contact_id, due_date);

-- a voucher sold elsewhere is spent here first: this till's own postings on it go above 0
-- (what it owes is the server's balance, known_vouchers), as migration 005 let a credit
-- balance do; the checks of the methods that spend bound it (sync-client/known-vouchers.ts)
CREATE TABLE account_balances_015 (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  kind TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  debits_minor INTEGER NOT NULL DEFAULT 0 CHECK (debits_minor >= 0),
  credits_minor INTEGER NOT NULL DEFAULT 0 CHECK (credits_minor >= 0)
) STRICT;
INSERT INTO account_balances_015 (account_id, kind, balance_minor, debits_minor, credits_minor)
  SELECT account_id, kind, balance_minor, debits_minor, credits_minor FROM account_balances;
DROP TABLE account_balances;
ALTER TABLE account_balances_015 RENAME TO account_balances;

CREATE TABLE holds (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  expires_at_ms INTEGER NOT NULL,
  entry_id TEXT REFERENCES journal(id)
) STRICT;
CREATE INDEX holds_open ON holds(account_id) WHERE entry_id IS NULL;
`,
};
