// The server's first five migrations: the ledger (tills, events, postings, balances,
// records), the web shop's orders and stock, seats across channels, the shop's keys and
// request ids, and till identity with replacement (ADR 0011). Shipped: never edited.
import { genesisHash, webTillId } from '../ledger/journal.ts';
import { recordVersionLockKey } from '../records.ts';
import type { Migration } from './migration.ts';

export const ledgerMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'ledger',
    sql: `
CREATE TABLE tills (
  id text PRIMARY KEY,
  name text NOT NULL DEFAULT '',
  -- the server's own journal (the web shop, till ${webTillId}): never enrolled, never pushed to
  is_server boolean NOT NULL DEFAULT false,
  enrolled_at_ms bigint,
  revoked_at_ms bigint,
  offline_cap_minor bigint NOT NULL DEFAULT 20000 CHECK (offline_cap_minor >= 0),
  head_seq bigint NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
  head_hash text NOT NULL DEFAULT '${genesisHash}',
  last_push_at_ms bigint
);
CREATE TABLE till_tokens (
  token_hash text PRIMARY KEY,
  till_id text NOT NULL REFERENCES tills (id),
  created_at_ms bigint NOT NULL,
  revoked_at_ms bigint
);
CREATE INDEX till_tokens_till ON till_tokens (till_id);
CREATE TABLE enrolment_codes (
  code_hash text PRIMARY KEY,
  till_id text NOT NULL REFERENCES tills (id),
  till_name text NOT NULL,
  created_at_ms bigint NOT NULL,
  expires_at_ms bigint NOT NULL,
  used_at_ms bigint
);
CREATE TABLE events (
  id text PRIMARY KEY,
  till_id text NOT NULL REFERENCES tills (id),
  seq bigint NOT NULL CHECK (seq >= 1),
  type text NOT NULL,
  created_at_ms bigint NOT NULL,
  user_id text NOT NULL,
  session_id text,
  payload text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  format integer NOT NULL,
  received_at_ms bigint NOT NULL,
  UNIQUE (till_id, seq)
);
CREATE TABLE postings (
  event_id text NOT NULL REFERENCES events (id),
  account_id text NOT NULL,
  amount_minor bigint NOT NULL,
  PRIMARY KEY (event_id, account_id)
);
CREATE TABLE balances (
  account_id text PRIMARY KEY,
  balance_minor bigint NOT NULL DEFAULT 0
);
CREATE SEQUENCE record_version;
CREATE TABLE records (
  kind text NOT NULL,
  id text NOT NULL,
  body text NOT NULL,
  version bigint NOT NULL UNIQUE,
  updated_at_ms bigint NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE TABLE overdrafts (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('credit', 'deferred')),
  contact_id text NOT NULL,
  excess_minor bigint NOT NULL CHECK (excess_minor > 0),
  event_id text NOT NULL REFERENCES events (id),
  till_id text NOT NULL,
  at_ms bigint NOT NULL,
  detected_at_ms bigint NOT NULL
);
CREATE INDEX overdrafts_contact ON overdrafts (contact_id);
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at_ms bigint NOT NULL
);
CREATE TABLE shop_keys (
  key_hash text PRIMARY KEY,
  point_of_sale_id text NOT NULL,
  created_at_ms bigint NOT NULL,
  revoked_at_ms bigint
);
CREATE TABLE shop_requests (
  request_id text PRIMARY KEY,
  request_hash text NOT NULL,
  kind text NOT NULL,
  event_id text NOT NULL REFERENCES events (id),
  result text NOT NULL,
  created_at_ms bigint NOT NULL
);
CREATE TABLE vouchers (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  value_minor bigint NOT NULL,
  till_id text NOT NULL,
  event_id text NOT NULL
);
CREATE TABLE installments (
  id text PRIMARY KEY,
  order_id text NOT NULL,
  payment_id text NOT NULL,
  till_id text NOT NULL,
  event_id text NOT NULL,
  contact_id text NOT NULL,
  seq integer NOT NULL,
  count integer NOT NULL,
  due_date text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  paid_minor bigint NOT NULL DEFAULT 0,
  cancelled_minor bigint NOT NULL DEFAULT 0
);
CREATE INDEX installments_contact ON installments (contact_id);
CREATE INDEX installments_payment ON installments (payment_id);
CREATE INDEX installments_order ON installments (order_id);
CREATE TABLE shop_stock (
  performance_id text PRIMARY KEY,
  sold integer NOT NULL CHECK (sold >= 0)
);

-- the journal is append-only (DESIGN C12): a correction is a new event, never an edit
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings FOR EACH ROW EXECUTE FUNCTION refuse_change();

INSERT INTO tills (id, name, is_server) VALUES ('${webTillId}', 'Billetterie en ligne', true);
`,
  },
  {
    version: 2,
    name: 'seats-across-channels',
    // The seats of every channel (each till, the web shop as WEB) counted from the sale and
    // refund entries' seats, so that no channel sells what another sold. The web shop's own
    // count (shop_stock) becomes its channel's row, and is published as a seats record
    // (under the record version lock, as records.ts requires) for the tills' next pull.
    sql: `
CREATE TABLE seats_sold (
  performance_id text NOT NULL,
  channel text NOT NULL REFERENCES tills (id),
  sold integer NOT NULL CHECK (sold >= 0),
  PRIMARY KEY (performance_id, channel)
);
INSERT INTO seats_sold (performance_id, channel, sold) SELECT performance_id, '${webTillId}', sold FROM shop_stock WHERE sold > 0;
DROP TABLE shop_stock;
SELECT pg_advisory_xact_lock(${recordVersionLockKey});
INSERT INTO records (kind, id, body, version, updated_at_ms)
  SELECT 'seats', performance_id,
    json_build_object('performanceId', performance_id, 'channels', json_build_array(json_build_object('channel', channel, 'sold', sold)))::text,
    nextval('record_version'), 0
  FROM seats_sold ORDER BY performance_id;
`,
  },
  {
    version: 3,
    name: 'till-signatures',
    // A till signs its events from its signing mark on (ADR 0007): the public keys it
    // registers at enrolment, each from the first seq it signs, and each event's signature.
    // Tills enrolled before have no key: their pushes are refused until they are enrolled
    // again (sync_key_missing); events stored before keep a null signature.
    sql: `
ALTER TABLE events ADD COLUMN signature text CHECK (signature IS NULL OR length(signature) = 86);
CREATE TABLE till_keys (
  till_id text NOT NULL REFERENCES tills (id),
  public_key text NOT NULL CHECK (length(public_key) = 43),
  from_seq bigint NOT NULL CHECK (from_seq >= 1),
  registered_at_ms bigint NOT NULL,
  PRIMARY KEY (till_id, public_key)
);
`,
  },
  {
    version: 4,
    name: 'shop-api',
    // The web shop's API (issue 15 point 5). Its requests are scoped by the point of sale
    // that wrote them and the kind of write (they were keyed by the request id alone,
    // shared by every shop); the point of sale of a stored request is its event's user,
    // and what it wrote (order, settlement) is kept to read it back. A contact's creation
    // writes no event. Indexes for the shop's reads: contacts by email, a contact's
    // credit and deferred postings (partial: a push maintains it for customer accounts
    // only), and the tills' invoices by contact and by id (invoice_issued events only).
    sql: `
ALTER TABLE shop_requests ADD COLUMN point_of_sale_id text;
ALTER TABLE shop_requests ADD COLUMN object_id text;
UPDATE shop_requests r SET point_of_sale_id = e.user_id FROM events e WHERE e.id = r.event_id;
UPDATE shop_requests SET object_id = CASE kind WHEN 'order' THEN result::json->>'orderId' WHEN 'installment_payment' THEN result::json->>'settlementId' END;
ALTER TABLE shop_requests ALTER COLUMN point_of_sale_id SET NOT NULL;
ALTER TABLE shop_requests ALTER COLUMN object_id SET NOT NULL;
ALTER TABLE shop_requests ALTER COLUMN event_id DROP NOT NULL;
ALTER TABLE shop_requests DROP CONSTRAINT shop_requests_pkey;
ALTER TABLE shop_requests ADD PRIMARY KEY (point_of_sale_id, kind, request_id);
CREATE INDEX shop_requests_object ON shop_requests (point_of_sale_id, kind, object_id);
CREATE INDEX records_contact_email ON records (lower(body::json->>'email')) WHERE kind = 'contact';
CREATE INDEX postings_customer ON postings (account_id, event_id) WHERE account_id LIKE 'credit:%' OR account_id LIKE 'deferred:%';
CREATE INDEX events_invoice_contact ON events ((payload::json->>'contactId')) WHERE type = 'invoice_issued';
CREATE INDEX events_invoice_id ON events ((payload::json->>'invoiceId')) WHERE type = 'invoice_issued';
`,
  },
  {
    version: 5,
    name: 'till-identity',
    // Till identity and replacement (issue 15 point 1, ADR 0011). A till marked replaced
    // (a dead machine) keeps its journal here for its new machine to restore; the keys of
    // the dead machine are retired: they still verify the events they signed, but no
    // longer identify a machine that may enrol. A replacement code lets a fresh machine
    // enrol and restore. A spent code remembers the machine that spent it (its current
    // public key) and the token it gave, so that the same machine may retry a lost answer
    // with the same code (the earlier token revoked).
    sql: `
ALTER TABLE tills ADD COLUMN replaced_at_ms bigint;
ALTER TABLE till_keys ADD COLUMN retired_at_ms bigint;
ALTER TABLE enrolment_codes ADD COLUMN is_replacement boolean NOT NULL DEFAULT false;
ALTER TABLE enrolment_codes ADD COLUMN machine_key text;
ALTER TABLE enrolment_codes ADD COLUMN token_hash text;
`,
  },
];
