// 001: the till's whole first schema — configuration, catalogue, contacts, the
// double-entry ledger with its hash-chained journal, orders, refunds, till sessions, audit.
import type { Migration } from './migration.ts';

/** Financial and audit rows: written once, never updated or deleted (NF525 inalterability). */
const immutableTables = [
  'journal',
  'postings',
  'orders',
  'order_lines',
  'tickets',
  'vouchers',
  'payments',
  'refunds',
  'refund_lines',
  'refund_payments',
  'refund_tickets',
  'refund_vouchers',
  'till_sessions',
  'session_closings',
  'cash_movements',
  'audit_log',
];

const immutabilityTriggers = immutableTables
  .map(
    (table) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} rows are immutable: record a reversing entry instead'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} rows are immutable: record a reversing entry instead'); END;`,
  )
  .join('\n');

const methodTypes = `'cash','card','cheque','transfer','mandate','voucher','deferred','credit'`;
const bool = (column: string) => `${column} INTEGER NOT NULL CHECK (${column} IN (0, 1))`;

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  sql: `
-- configuration -------------------------------------------------------------------
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE points_of_sale (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE tills (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  point_of_sale_id TEXT NOT NULL REFERENCES points_of_sale(id),
  order_prefix TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE payment_methods (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN (${methodTypes})),
  ${bool('may_pay')},
  ${bool('may_refund')},
  ${bool('gives_change')},
  tracking TEXT,
  ${bool('active')},
  sort INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE pos_payment_methods (
  point_of_sale_id TEXT NOT NULL REFERENCES points_of_sale(id),
  method_id TEXT NOT NULL REFERENCES payment_methods(id),
  PRIMARY KEY (point_of_sale_id, method_id)
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'technician', 'administrator')),
  pin_salt BLOB NOT NULL,
  pin_hash BLOB NOT NULL,
  ${bool('active')},
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until_ms INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE auth_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  till_id TEXT NOT NULL REFERENCES tills(id),
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  ended_at_ms INTEGER
) STRICT;

-- catalogue -----------------------------------------------------------------------
CREATE TABLE venues (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  city TEXT NOT NULL
) STRICT;

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  venue_id TEXT NOT NULL REFERENCES venues(id),
  vat_rate_bp INTEGER NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000),
  sort INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE tariffs (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  sort INTEGER NOT NULL DEFAULT 0,
  UNIQUE (event_id, code)
) STRICT;

CREATE TABLE performances (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id),
  starts_at TEXT NOT NULL,
  hall TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 0)
) STRICT;
CREATE INDEX performances_event ON performances(event_id, starts_at);

-- materialised seat count, changed in the same transaction as the sale or refund
CREATE TABLE performance_stock (
  performance_id TEXT PRIMARY KEY REFERENCES performances(id),
  sold INTEGER NOT NULL CHECK (sold >= 0)
) STRICT;

CREATE TABLE items (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  vat_rate_bp INTEGER NOT NULL CHECK (vat_rate_bp BETWEEN 0 AND 10000),
  ${bool('active')},
  sort INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE voucher_products (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  value_minor INTEGER NOT NULL CHECK (value_minor > 0),
  ${bool('active')},
  sort INTEGER NOT NULL DEFAULT 0
) STRICT;

-- contacts ------------------------------------------------------------------------
CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('individual', 'organization')),
  name TEXT NOT NULL,
  first_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  street TEXT NOT NULL DEFAULT '',
  building_number TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT 'CH',
  ${bool('deferred_authorised')},
  deferred_limit_minor INTEGER NOT NULL DEFAULT 0 CHECK (deferred_limit_minor >= 0),
  created_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX contacts_name ON contacts(name COLLATE NOCASE, first_name COLLATE NOCASE);

-- ledger --------------------------------------------------------------------------
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('till', 'safe', 'revenue', 'vat', 'voucher', 'credit', 'deferred', 'rounding', 'variance')),
  till_id TEXT,
  method_id TEXT,
  contact_id TEXT,
  voucher_id TEXT,
  rate_bp INTEGER,
  currency TEXT NOT NULL
) STRICT;
CREATE INDEX accounts_contact ON accounts(contact_id) WHERE contact_id IS NOT NULL;

-- materialised balances, changed in the same transaction as the entry that moves them;
-- the CHECK is the last line of defence for "a credit balance never goes below zero"
CREATE TABLE account_balances (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  kind TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  CHECK (kind <> 'credit' OR balance_minor <= 0),
  CHECK (kind <> 'voucher' OR balance_minor <= 0)
) STRICT;

-- one row per financial event; gapless seq per till; hash = HMAC(prev_hash, canonical row)
CREATE TABLE journal (
  till_id TEXT NOT NULL REFERENCES tills(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  session_id TEXT,
  payload TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  format INTEGER NOT NULL,
  PRIMARY KEY (till_id, seq)
) STRICT;
CREATE INDEX journal_session ON journal(session_id, type);

CREATE TABLE postings (
  entry_id TEXT NOT NULL REFERENCES journal(id),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
  currency TEXT NOT NULL,
  PRIMARY KEY (entry_id, account_id)
) STRICT;
CREATE INDEX postings_account ON postings(account_id, entry_id, amount_minor);

-- till sessions -------------------------------------------------------------------
CREATE TABLE till_sessions (
  id TEXT PRIMARY KEY,
  till_id TEXT NOT NULL REFERENCES tills(id),
  number INTEGER NOT NULL CHECK (number >= 1),
  opened_at_ms INTEGER NOT NULL,
  opened_by TEXT NOT NULL REFERENCES users(id),
  float_minor INTEGER NOT NULL CHECK (float_minor >= 0),
  float_detail TEXT NOT NULL,
  entry_id TEXT NOT NULL UNIQUE REFERENCES journal(id),
  UNIQUE (till_id, number)
) STRICT;

CREATE TABLE session_closings (
  session_id TEXT PRIMARY KEY REFERENCES till_sessions(id),
  till_id TEXT NOT NULL REFERENCES tills(id),
  z_number INTEGER NOT NULL CHECK (z_number >= 1),
  closed_at_ms INTEGER NOT NULL,
  closed_by TEXT NOT NULL REFERENCES users(id),
  counts TEXT NOT NULL,
  report TEXT NOT NULL,
  entry_id TEXT NOT NULL UNIQUE REFERENCES journal(id),
  UNIQUE (till_id, z_number)
) STRICT;

CREATE TABLE cash_movements (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  request_hash TEXT NOT NULL,
  till_id TEXT NOT NULL REFERENCES tills(id),
  session_id TEXT NOT NULL REFERENCES till_sessions(id),
  entry_id TEXT NOT NULL UNIQUE REFERENCES journal(id),
  kind TEXT NOT NULL CHECK (kind IN ('pay_in', 'pay_out')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  reason TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at_ms INTEGER NOT NULL
) STRICT;

-- orders ----------------------------------------------------------------------------
CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  request_hash TEXT NOT NULL,
  number TEXT NOT NULL UNIQUE,
  number_seq INTEGER NOT NULL CHECK (number_seq >= 1),
  till_id TEXT NOT NULL REFERENCES tills(id),
  session_id TEXT NOT NULL REFERENCES till_sessions(id),
  entry_id TEXT NOT NULL REFERENCES journal(id),
  created_at_ms INTEGER NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  buyer_contact_id TEXT REFERENCES contacts(id),
  total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
  change_minor INTEGER NOT NULL CHECK (change_minor >= 0),
  currency TEXT NOT NULL,
  UNIQUE (till_id, number_seq)
) STRICT;
CREATE INDEX orders_created ON orders(till_id, created_at_ms);
CREATE UNIQUE INDEX orders_entry ON orders(entry_id);
CREATE INDEX orders_buyer ON orders(buyer_contact_id) WHERE buyer_contact_id IS NOT NULL;

CREATE TABLE order_lines (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(id),
  line_no INTEGER NOT NULL CHECK (line_no >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('ticket', 'item', 'voucher')),
  performance_id TEXT REFERENCES performances(id),
  tariff_id TEXT REFERENCES tariffs(id),
  item_id TEXT REFERENCES items(id),
  voucher_product_id TEXT REFERENCES voucher_products(id),
  label TEXT NOT NULL,
  detail TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity >= 1),
  unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
  total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
  vat_rate_bp INTEGER NOT NULL,
  vat_minor INTEGER NOT NULL CHECK (vat_minor >= 0),
  UNIQUE (order_id, line_no)
) STRICT;

CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  order_line_id TEXT NOT NULL REFERENCES order_lines(id),
  performance_id TEXT NOT NULL REFERENCES performances(id),
  barcode TEXT NOT NULL UNIQUE,
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0)
) STRICT;
CREATE INDEX tickets_line ON tickets(order_line_id);

CREATE TABLE vouchers (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  order_line_id TEXT NOT NULL REFERENCES order_lines(id),
  value_minor INTEGER NOT NULL CHECK (value_minor > 0),
  currency TEXT NOT NULL
) STRICT;
CREATE INDEX vouchers_line ON vouchers(order_line_id);

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders(id),
  seq INTEGER NOT NULL,
  method_id TEXT NOT NULL REFERENCES payment_methods(id),
  method_type TEXT NOT NULL CHECK (method_type IN (${methodTypes})),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  tendered_minor INTEGER NOT NULL CHECK (tendered_minor >= 0),
  change_minor INTEGER NOT NULL CHECK (change_minor >= 0),
  rounding_minor INTEGER NOT NULL,
  reference TEXT NOT NULL,
  payer_contact_id TEXT REFERENCES contacts(id),
  voucher_id TEXT REFERENCES vouchers(id),
  UNIQUE (order_id, seq)
) STRICT;
CREATE INDEX payments_order ON payments(order_id);

CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  request_hash TEXT NOT NULL,
  order_id TEXT NOT NULL REFERENCES orders(id),
  till_id TEXT NOT NULL REFERENCES tills(id),
  session_id TEXT NOT NULL REFERENCES till_sessions(id),
  entry_id TEXT NOT NULL REFERENCES journal(id),
  created_at_ms INTEGER NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  total_minor INTEGER NOT NULL CHECK (total_minor > 0),
  reason TEXT NOT NULL
) STRICT;
CREATE INDEX refunds_order ON refunds(order_id);
CREATE UNIQUE INDEX refunds_entry ON refunds(entry_id);

CREATE TABLE refund_lines (
  refund_id TEXT NOT NULL REFERENCES refunds(id),
  order_line_id TEXT NOT NULL REFERENCES order_lines(id),
  quantity INTEGER NOT NULL CHECK (quantity >= 1),
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  vat_minor INTEGER NOT NULL CHECK (vat_minor >= 0),
  PRIMARY KEY (refund_id, order_line_id)
) STRICT;
CREATE INDEX refund_lines_line ON refund_lines(order_line_id);

CREATE TABLE refund_payments (
  refund_id TEXT NOT NULL REFERENCES refunds(id),
  method_id TEXT NOT NULL REFERENCES payment_methods(id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  rounding_minor INTEGER NOT NULL,
  PRIMARY KEY (refund_id, method_id)
) STRICT;

-- a ticket is refunded at most once
CREATE TABLE refund_tickets (
  ticket_id TEXT PRIMARY KEY REFERENCES tickets(id),
  refund_id TEXT NOT NULL REFERENCES refunds(id)
) STRICT;

-- a gift voucher is refunded at most once, and only unspent
CREATE TABLE refund_vouchers (
  voucher_id TEXT PRIMARY KEY REFERENCES vouchers(id),
  refund_id TEXT NOT NULL REFERENCES refunds(id)
) STRICT;

-- audit -----------------------------------------------------------------------------
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  till_id TEXT NOT NULL,
  action TEXT NOT NULL,
  details TEXT NOT NULL
) STRICT;
CREATE INDEX audit_action ON audit_log(action, at_ms);

${immutabilityTriggers}
`,
};
