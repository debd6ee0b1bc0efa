// The server's migrations of one box office (issue 15 and after): account movements for the
// box-office-wide reports, shared vouchers and installments with holds, configuration
// owned by the server, installments paid twice, vouchers published, the reports' covered
// index. Shipped ones are never edited: add a new one at the end.
import { recordVersionLockKey } from '../records.ts';
import type { Migration } from './migration.ts';

export const boxOfficeMigrations: readonly Migration[] = [
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
  {
    version: 13,
    name: 'push-lock-then-read',
    // A push's lock on its till's row and the reads its checks need, in one statement whose
    // reads follow the lock (issue 15 point 6: a till keeps two batches in flight, so the
    // second one usually waits for the first's commit). A volatile SQL function takes a new
    // snapshot for each of its statements: the second reads what was committed while the
    // first waited for the lock. $1 till, $2 the caller's token hash (null: not checked),
    // $3 the batch's ids, $4 and $5 its first and last seq. No row: no such till.
    sql: `
CREATE FUNCTION push_lock_then_read(text, text, text[], bigint, bigint)
RETURNS TABLE (head_seq text, head_hash text, is_server boolean, token_live boolean, keys text, taken text[], stored text)
LANGUAGE sql VOLATILE AS $$
SELECT 1 FROM tills WHERE id = $1 FOR UPDATE;
SELECT t.head_seq::text, t.head_hash, t.is_server,
  $2 IS NULL OR EXISTS (SELECT 1 FROM till_tokens k WHERE k.token_hash = $2 AND k.till_id = $1 AND k.revoked_at_ms IS NULL),
  (SELECT COALESCE(json_agg(json_build_array(k.public_key, k.from_seq) ORDER BY k.from_seq, k.registered_at_ms), '[]') FROM till_keys k WHERE k.till_id = $1)::text,
  ARRAY(SELECT e.id FROM events e WHERE e.id = ANY($3)),
  (SELECT COALESCE(json_agg(json_build_array(e.id, e.till_id, e.seq, e.type, e.created_at_ms, e.user_id, e.session_id, e.payload, e.prev_hash, e.hash, e.format, e.signature) ORDER BY e.seq), '[]')
    FROM events e WHERE e.till_id = $1 AND e.seq BETWEEN $4 AND LEAST(t.head_seq, $5))::text
FROM tills t WHERE t.id = $1;
$$;
`,
  },
  // 12–14 (other work of session 7) go before 15: the runner applies the list in order and
  // takes its last entry for the newest version it knows (migrations-order.test.ts checks)
  {
    version: 15,
    name: 'issued-documents',
    // A till's issued documents (issue 15 point 1, ADR 0011 amended): each invoice's, credit
    // note's and cancellation invoice's frozen document (ADR 0008) and each Z report's text
    // and count, which only the till held — so a replaced till's new machine gets them back
    // with its journal. One row per sealing entry (the events row it names, its till and seq
    // copied for the restore's paged read); stored once, after the server checked it against
    // the SHA-256 its entry holds, and never changed (an issued document is not edited).
    sql: `
CREATE TABLE issued_documents (
  entry_id text PRIMARY KEY REFERENCES events (id),
  till_id text NOT NULL,
  seq bigint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('invoice', 'z_report')),
  document text NOT NULL,
  counts text,
  received_at_ms bigint NOT NULL,
  CHECK ((kind = 'z_report') = (counts IS NOT NULL)),
  UNIQUE (till_id, seq)
);
CREATE FUNCTION refuse_issued_document_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issued_documents is insert-only';
END;
$$;
CREATE TRIGGER issued_documents_fixed BEFORE UPDATE OR DELETE ON issued_documents FOR EACH ROW EXECUTE FUNCTION refuse_issued_document_edit();
`,
  },
  {
    version: 16,
    name: 'push-lock-no-key-update',
    // A push now inserts its batch's events before it asks for its till's lock (push.ts,
    // ledger/apply.ts storeEvents), so that PostgreSQL writes a till's next batch while the
    // one before it holds the lock (issue 15 point 6). Each inserted event's foreign key takes
    // a share lock on the till's row (FOR KEY SHARE), which FOR UPDATE would make wait for the
    // commit of the batch before: the lock becomes FOR NO KEY UPDATE, which two pushes of one
    // till still take one after the other, as do enrolment, replacement and restore (FOR
    // UPDATE), and which lets the foreign key's share lock through. Same signature, same
    // reads; $3 is now the ids the push did not insert (the others are stored nowhere else).
    sql: `
CREATE OR REPLACE FUNCTION push_lock_then_read(text, text, text[], bigint, bigint)
RETURNS TABLE (head_seq text, head_hash text, is_server boolean, token_live boolean, keys text, taken text[], stored text)
LANGUAGE sql VOLATILE AS $$
SELECT 1 FROM tills WHERE id = $1 FOR NO KEY UPDATE;
SELECT t.head_seq::text, t.head_hash, t.is_server,
  $2 IS NULL OR EXISTS (SELECT 1 FROM till_tokens k WHERE k.token_hash = $2 AND k.till_id = $1 AND k.revoked_at_ms IS NULL),
  (SELECT COALESCE(json_agg(json_build_array(k.public_key, k.from_seq) ORDER BY k.from_seq, k.registered_at_ms), '[]') FROM till_keys k WHERE k.till_id = $1)::text,
  ARRAY(SELECT e.id FROM events e WHERE e.id = ANY($3)),
  (SELECT COALESCE(json_agg(json_build_array(e.id, e.till_id, e.seq, e.type, e.created_at_ms, e.user_id, e.session_id, e.payload, e.prev_hash, e.hash, e.format, e.signature) ORDER BY e.seq), '[]')
    FROM events e WHERE e.till_id = $1 AND e.seq BETWEEN $4 AND LEAST(t.head_seq, $5))::text
FROM tills t WHERE t.id = $1;
$$;
`,
  },
];
