// 016: the journal's signature leaves the sale's transaction (ADR 0015). Entries are still
// hash-chained as they are written; a seal is the till's Ed25519 signature of one entry's
// hash, written just after the write commits (or at start, or before a push), and since
// each hash covers the one before it vouches for every entry up to it. Entries written from
// here on carry no signature of their own (journal.signature NULL); older rows keep theirs.
// Seals are insert-only, like the journal.
import type { Migration } from './migration.ts';

export const migration016: Migration = {
  version: 16,
  name: 'journal-seals',
  sql: `
CREATE TABLE journal_seals (
  till_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  signature TEXT NOT NULL CHECK (length(signature) = 86),
  sealed_at_ms INTEGER NOT NULL,
  PRIMARY KEY (till_id, seq),
  FOREIGN KEY (till_id, seq) REFERENCES journal(till_id, seq)
) STRICT;

CREATE TRIGGER journal_seals_no_update BEFORE UPDATE ON journal_seals
BEGIN SELECT RAISE(ABORT, 'journal_seals rows are immutable'); END;
CREATE TRIGGER journal_seals_no_delete BEFORE DELETE ON journal_seals
BEGIN SELECT RAISE(ABORT, 'journal_seals rows are immutable'); END;
`,
};
