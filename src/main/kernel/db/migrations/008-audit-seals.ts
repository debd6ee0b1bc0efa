// 008: the audit log is chained (NF525 signs audit events like sales: reliability §1.2-1.3).
// Each audit row gets a seal in the order it was written: a gapless sequence and an
// HMAC-SHA256 over the row and the previous seal's hash, with the journal's key. Seals live
// beside audit_log (whose rows are immutable, so no column can be added to them later); the
// rows written before this migration are sealed at the next start, when the key is at hand.
import type { Migration } from './migration.ts';

export const migration008: Migration = {
  version: 8,
  name: 'audit-seals',
  sql: `
CREATE TABLE audit_seals (
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),
  audit_id TEXT NOT NULL UNIQUE REFERENCES audit_log(id),
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals
BEGIN SELECT RAISE(ABORT, 'audit_seals rows are immutable'); END;
CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals
BEGIN SELECT RAISE(ABORT, 'audit_seals rows are immutable'); END;
`,
};
