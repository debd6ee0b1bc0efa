// 010: the till signs its journal (ADR 0007). Each entry from the till's signing mark on
// carries an Ed25519 signature of its hash; journal_signing_keys lists the till's public
// keys and the seq each signs from (the first row is the mark: entries before it keep their
// HMAC only). The rows are written once, at the first start with a key (openTill), and a
// new one only when the private key is lost; none is updated or deleted.
import type { Migration } from './migration.ts';

export const migration010: Migration = {
  version: 10,
  name: 'till-signatures',
  sql: `
ALTER TABLE journal ADD COLUMN signature TEXT CHECK (signature IS NULL OR length(signature) = 86);

CREATE TABLE journal_signing_keys (
  till_id TEXT NOT NULL REFERENCES tills(id),
  public_key TEXT NOT NULL CHECK (length(public_key) = 43),
  from_seq INTEGER NOT NULL CHECK (from_seq >= 1),
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (till_id, public_key)
) STRICT;
CREATE INDEX journal_signing_keys_from ON journal_signing_keys(till_id, from_seq);

CREATE TRIGGER journal_signing_keys_no_update BEFORE UPDATE ON journal_signing_keys
BEGIN SELECT RAISE(ABORT, 'journal_signing_keys rows are immutable'); END;
CREATE TRIGGER journal_signing_keys_no_delete BEFORE DELETE ON journal_signing_keys
BEGIN SELECT RAISE(ABORT, 'journal_signing_keys rows are immutable'); END;
`,
};
