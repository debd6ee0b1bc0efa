// The server's schema as an ordered list of migrations, applied at start in one
// transaction under an advisory lock (several instances may start at once), recorded in
// server_migrations. A shipped migration is never edited; a database from a newer server
// is refused. The SQL runs on PostgreSQL 15 and on PGlite (PostgreSQL 18): no uuidv7(), no
// virtual generated columns.
import { sql } from 'kysely';
import { genesisHash, webTillId } from '../ledger/journal.ts';
import { recordVersionLockKey } from '../records.ts';
import type { Db } from './store.ts';

/** Held while migrating, so that two instances starting together migrate once. */
const migrationLockKey = 0x67_75_69_01;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
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
  {
    version: 6,
    name: 'account-movements',
    // Box-office-wide accounts and reports (issue 15 point 4; sync/src/movements.ts). One
    // row per posting on a customer account (credit:…, deferred:…), with the channel, the
    // event's type and time, and what it links to; versioned from the record version
    // sequence (drawn under its lock) so that the pull sends them to the other tills as
    // movement records in one cursor with the records. Its running totals (balance, debits,
    // credits after it, in (time, event id) order per account) are the only columns that
    // change: an earlier-dated movement arriving later re-bases the ones after it. Day
    // totals per channel and type add a long period up from a few hundred rows; per
    // account, the totals and the first and last movement's time spare most seeks. The
    // postings already held are brought in, in time order (event ids in byte order, as the
    // tills compare them), their methods read from the payloads (a payment is a tuple in a
    // version 1 payload, an object from version 2: shared/domain/events.ts).
    sql: `
CREATE TABLE account_movements (
  version bigint PRIMARY KEY,
  event_id text COLLATE "C" NOT NULL REFERENCES events (id),
  account_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('credit', 'deferred')),
  contact_id text NOT NULL,
  till_id text NOT NULL,
  at_ms bigint NOT NULL,
  user_id text NOT NULL,
  entry_type text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  order_id text,
  order_number text,
  refund_id text,
  method_id text,
  reference text NOT NULL DEFAULT '',
  balance_after_minor bigint NOT NULL,
  debits_after_minor bigint NOT NULL,
  credits_after_minor bigint NOT NULL,
  UNIQUE (event_id, account_id)
);
CREATE INDEX account_movements_account ON account_movements (account_id, at_ms, event_id);
CREATE INDEX account_movements_period ON account_movements (kind, at_ms, event_id);
CREATE INDEX account_movements_till ON account_movements (kind, till_id, at_ms, event_id);
CREATE INDEX account_movements_order ON account_movements (order_id) WHERE order_id IS NOT NULL;
CREATE TABLE account_day_totals (
  kind text NOT NULL,
  day integer NOT NULL,
  till_id text NOT NULL,
  entry_type text NOT NULL,
  is_debit boolean NOT NULL,
  movements bigint NOT NULL CHECK (movements >= 0),
  amount_minor bigint NOT NULL,
  PRIMARY KEY (kind, day, till_id, entry_type, is_debit)
);
-- per account, its first and last movement's time and its totals: a report whose period
-- starts before an account's first movement or ends after its last reads them, no seek
CREATE TABLE account_totals (
  account_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('credit', 'deferred')),
  contact_id text NOT NULL,
  first_at_ms bigint NOT NULL,
  last_at_ms bigint NOT NULL,
  balance_minor bigint NOT NULL,
  debits_minor bigint NOT NULL CHECK (debits_minor >= 0),
  credits_minor bigint NOT NULL CHECK (credits_minor >= 0),
  movements bigint NOT NULL CHECK (movements >= 0)
);
CREATE INDEX account_totals_kind ON account_totals (kind, first_at_ms);

SELECT pg_advisory_xact_lock(${recordVersionLockKey});
INSERT INTO account_movements (version, event_id, account_id, kind, contact_id, till_id, at_ms, user_id, entry_type, amount_minor,
  order_id, order_number, refund_id, method_id, reference, balance_after_minor, debits_after_minor, credits_after_minor)
SELECT nextval('record_version'), x.* FROM (
  SELECT p.event_id, p.account_id, split_part(p.account_id, ':', 1), substr(p.account_id, strpos(p.account_id, ':') + 1), e.till_id, e.created_at_ms, e.user_id, e.type, p.amount_minor,
    CASE WHEN e.type IN ('sale', 'refund', 'payer_changed') THEN e.payload::json->>'orderId' END,
    CASE WHEN e.type = 'sale' THEN e.payload::json->>'number' END,
    CASE WHEN e.type = 'refund' THEN e.payload::json->>'refundId' END,
    CASE
      WHEN e.type IN ('credit_fund', 'credit_payout', 'deferred_settle') THEN e.payload::json->>'methodId'
      WHEN e.type IN ('sale', 'refund') THEN (
        SELECT r.id FROM json_array_elements(e.payload::json->'payments') WITH ORDINALITY AS a(pay, n)
        JOIN records r ON r.kind = 'method' AND r.id = COALESCE(pay->>'methodId', CASE WHEN e.type = 'sale' THEN pay->>1 ELSE pay->>0 END)
        WHERE r.body::json->>'type' = split_part(p.account_id, ':', 1) ORDER BY n LIMIT 1)
    END,
    CASE WHEN e.type IN ('credit_fund', 'credit_payout', 'deferred_settle') THEN COALESCE(e.payload::json->>'reference', '') ELSE '' END,
    SUM(p.amount_minor) OVER w, SUM(GREATEST(p.amount_minor, 0)) OVER w, SUM(GREATEST(-p.amount_minor, 0)) OVER w
  FROM postings p JOIN events e ON e.id = p.event_id
  WHERE (p.account_id LIKE 'credit:%' OR p.account_id LIKE 'deferred:%') AND p.amount_minor <> 0
  WINDOW w AS (PARTITION BY p.account_id ORDER BY e.created_at_ms, p.event_id COLLATE "C")
  ORDER BY e.created_at_ms, p.event_id COLLATE "C"
) x;
-- a sale's voucher overflow on the buyer's credit balance: the voucher's payment
UPDATE account_movements m SET method_id = (
  SELECT COALESCE(pay->>'methodId', pay->>1) FROM events e, json_array_elements(e.payload::json->'payments') WITH ORDINALITY AS a(pay, n)
  WHERE e.id = m.event_id AND COALESCE(pay->>'toCreditMinor', pay->>6)::bigint > 0 ORDER BY n LIMIT 1)
WHERE m.entry_type = 'sale' AND m.kind = 'credit' AND m.method_id IS NULL;
UPDATE account_movements m SET order_number = s.order_number
FROM account_movements s WHERE m.order_number IS NULL AND m.order_id IS NOT NULL AND s.order_id = m.order_id AND s.order_number IS NOT NULL;
INSERT INTO account_day_totals (kind, day, till_id, entry_type, is_debit, movements, amount_minor)
  SELECT kind, (at_ms / 86400000)::int4, till_id, entry_type, amount_minor > 0, COUNT(*), SUM(amount_minor) FROM account_movements GROUP BY 1, 2, 3, 4, 5;
INSERT INTO account_totals (account_id, kind, contact_id, first_at_ms, last_at_ms, balance_minor, debits_minor, credits_minor, movements)
  SELECT account_id, kind, contact_id, MIN(at_ms), MAX(at_ms), SUM(amount_minor), SUM(GREATEST(amount_minor, 0)), SUM(GREATEST(-amount_minor, 0)), COUNT(*) FROM account_movements GROUP BY 1, 2, 3;

-- the movement itself never changes; only its running totals are counted again
CREATE FUNCTION refuse_movement_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR (NEW.version, NEW.event_id, NEW.account_id, NEW.kind, NEW.contact_id, NEW.till_id, NEW.at_ms, NEW.user_id, NEW.entry_type, NEW.amount_minor,
      NEW.order_id, NEW.order_number, NEW.refund_id, NEW.method_id, NEW.reference)
    IS DISTINCT FROM (OLD.version, OLD.event_id, OLD.account_id, OLD.kind, OLD.contact_id, OLD.till_id, OLD.at_ms, OLD.user_id, OLD.entry_type, OLD.amount_minor,
      OLD.order_id, OLD.order_number, OLD.refund_id, OLD.method_id, OLD.reference) THEN
    RAISE EXCEPTION 'account_movements: a movement never changes (only its running totals are counted again)';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER account_movements_fixed BEFORE UPDATE OR DELETE ON account_movements FOR EACH ROW EXECUTE FUNCTION refuse_movement_change();
`,
  },
  {
    version: 7,
    name: 'holds-and-shared-vouchers',
    // Shared vouchers and installments (issue 15 point 2, sync/src/holds.ts). A hold is what
    // an online till reserves of a shared account (a voucher's remaining value, an
    // installment's open amount) before it commits the sale or settlement that spends it:
    // granted while the account has it, holds of others deducted; consumed by the first
    // event of that till pushed after it that spends the account; lapsed after its expiry.
    // Voucher codes: a till mints its codes among its own, so two channels may mint the
    // same one; the projection dropped the second voucher silently (ON CONFLICT on the
    // code). Every voucher is now kept under its id; a code two vouchers share is flagged
    // (both published with it, and neither accepted by its code at a till or online).
    sql: `
CREATE TABLE holds (
  id text PRIMARY KEY,
  till_id text NOT NULL REFERENCES tills (id),
  request_id text NOT NULL,
  account_id text NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  created_at_ms bigint NOT NULL,
  expires_at_ms bigint NOT NULL,
  consumed_by_event text REFERENCES events (id),
  UNIQUE (till_id, request_id)
);
CREATE INDEX holds_open ON holds (account_id, expires_at_ms) WHERE consumed_by_event IS NULL;
ALTER TABLE vouchers DROP CONSTRAINT vouchers_code_key;
CREATE INDEX vouchers_code ON vouchers (code);
`,
  },
  {
    version: 8,
    name: 'configuration-changes',
    // Configuration changed at an enrolled till (issue 16, D5, sync/src/configuration.ts):
    // the records are versioned as every record; this is the audit of each change — who,
    // at which till, the record's version, its body before and after (a user's PIN hashes
    // left out). Append-only, as the journal.
    sql: `
CREATE TABLE config_changes (
  seq bigserial PRIMARY KEY,
  at_ms bigint NOT NULL,
  till_id text NOT NULL REFERENCES tills (id),
  user_id text NOT NULL,
  kind text NOT NULL,
  record_id text NOT NULL,
  version bigint NOT NULL,
  before text,
  after text NOT NULL,
  pin_changed boolean
);
CREATE INDEX config_changes_record ON config_changes (kind, record_id, version);
CREATE FUNCTION refuse_config_change_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'config_changes is append-only';
END;
$$;
CREATE TRIGGER config_changes_fixed BEFORE UPDATE OR DELETE ON config_changes FOR EACH ROW EXECUTE FUNCTION refuse_config_change_edit();
`,
  },
  {
    version: 9,
    name: 'installments-credited',
    // An installment collected twice (two channels settling it, one offline: ADR 0013): the
    // server moves the excess to the payer's credit balance with its own journal entry
    // (installment_overpaid, sync/src/ledger/overpaid.ts). credited_minor is what its entries
    // moved so far (the projection adds each one's excess), so an excess is moved once, and
    // credited_at_ms when the last one was written (the supervisor's flag says when); the
    // partial index holds only the installments with an excess not moved yet (none, nearly
    // always), which the sweep after a push and at the server's start reads.
    sql: `
ALTER TABLE installments ADD COLUMN credited_minor bigint NOT NULL DEFAULT 0 CHECK (credited_minor >= 0);
ALTER TABLE installments ADD COLUMN credited_at_ms bigint;
CREATE INDEX installments_uncredited ON installments (id) WHERE paid_minor + cancelled_minor > amount_minor + credited_minor;
`,
  },
  {
    version: 10,
    name: 'vouchers-published',
    // The gift vouchers sold before migration 7 (ADR 0013): the server published a voucher
    // record only with the batch that moved it, so a voucher sold before and not spent since
    // was known at the till that sold it only. The server holds every till's journal, and
    // a sale's payload carries what the record needs (id, code, value; the entry its time,
    // order and till): first the vouchers the projection dropped before migration 7 (a code
    // another voucher had: ON CONFLICT on the code) are projected again from the sale
    // events, both payload versions (version 1 a tuple [id, lineId, code, valueMinor]);
    // then every voucher with no record gets one, as voucherStates writes it (remaining
    // and overspent from the balance of voucher:<id>), under the record version lock, for
    // every till's next pull. A store without the institution setting has no currency to
    // publish: it could not have published any voucher either (voucherStates needs it).
    sql: `
INSERT INTO vouchers (id, code, value_minor, till_id, event_id)
  SELECT DISTINCT ON (sold.id) sold.id, upper(sold.code), sold.value_minor, e.till_id, e.id
  FROM events e, LATERAL (
    SELECT CASE WHEN json_typeof(v) = 'array' THEN v->>0 ELSE v->>'id' END AS id,
      CASE WHEN json_typeof(v) = 'array' THEN v->>2 ELSE v->>'code' END AS code,
      (CASE WHEN json_typeof(v) = 'array' THEN v->>3 ELSE v->>'valueMinor' END)::bigint AS value_minor
    FROM json_array_elements(e.payload::json->'vouchers') AS v
  ) sold
  WHERE e.type = 'sale'
  ORDER BY sold.id, e.received_at_ms, e.till_id, e.seq
ON CONFLICT (id) DO NOTHING;
SELECT pg_advisory_xact_lock(${recordVersionLockKey});
INSERT INTO records (kind, id, body, version, updated_at_ms)
  SELECT 'voucher', v.id,
    json_build_object(
      'id', v.id, 'code', v.code, 'currency', (s.body::json->>'value')::json->>'currency', 'valueMinor', v.value_minor,
      'remainingMinor', GREATEST(-COALESCE(b.balance_minor, -v.value_minor), 0), 'overspentMinor', GREATEST(COALESCE(b.balance_minor, -v.value_minor), 0),
      'channel', v.till_id, 'orderId', e.payload::json->>'orderId', 'soldAtMs', e.created_at_ms, 'expiresAtMs', NULL
    )::text,
    nextval('record_version'), (extract(epoch FROM clock_timestamp()) * 1000)::bigint
  FROM vouchers v JOIN events e ON e.id = v.event_id LEFT JOIN balances b ON b.account_id = 'voucher:' || v.id
    JOIN records s ON s.kind = 'setting' AND s.id = 'institution'
  WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.kind = 'voucher' AND r.id = v.id)
  ORDER BY v.id;
`,
  },
  {
    version: 11,
    name: 'account-movements-running-covered',
    // The accounts report over a period (sync/src/reports.ts creditAccounts) reads each
    // account's opening and closing as the running totals of its last movement before and in
    // the period: two seeks per account, 24 000 for 12 000 accounts. Carrying the running
    // totals in the account index makes each seek read the index alone (an index-only scan,
    // no visit to the wide row: a third less of the report's PostgreSQL time over 10⁶
    // movements) and serves publishMovements' own seek for a new movement's base the same
    // way. The key is unchanged (same name, same order): every query that used the index
    // still does; the index count is the same, so a push writes no more index entries than
    // before (a re-based running total, rare, now rewrites its index entry too).
    sql: `
DROP INDEX account_movements_account;
CREATE INDEX account_movements_account ON account_movements (account_id, at_ms, event_id) INCLUDE (balance_after_minor, debits_after_minor, credits_after_minor);
`,
  },
];

export async function migrate(db: Db, nowMs: number, list: readonly Migration[] = migrations): Promise<{ applied: number[] }> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${migrationLockKey}::int8)`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS server_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at_ms bigint NOT NULL)`.execute(trx);
    const rows = await trx.selectFrom('server_migrations').select('version').execute();
    const done = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = list.at(-1)?.version ?? 0;
    if (newest > known) throw new Error(`the database was migrated by a newer server (schema ${newest}, this server knows ${known}): refusing to run`);
    const applied: number[] = [];
    for (const migration of list) {
      if (done.has(migration.version)) continue;
      await sql.raw(migration.sql).execute(trx);
      await trx.insertInto('server_migrations').values({ version: migration.version, name: migration.name, applied_at_ms: nowMs }).execute();
      applied.push(migration.version);
    }
    return { applied };
  });
}
