// 014: a box office configured from nothing (issue 16). A user whose PIN an administrator
// reset must choose a new one at the next login; a contact has a phone; a performance may
// be closed for sale (one that sold is never deleted) and a tariff retired; and every
// configuration record carries its version — one more per change made here, or the ledger
// server's version of the record on an enrolled till (ADR 0012) — with who changed it last.
// What each change was (before, after) is in the audit log.
import type { Migration } from './migration.ts';

export const migration014: Migration = {
  version: 14,
  name: 'configuration',
  sql: `
ALTER TABLE users ADD COLUMN pin_change_required INTEGER NOT NULL DEFAULT 0 CHECK (pin_change_required IN (0, 1));
ALTER TABLE contacts ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE performances ADD COLUMN is_on_sale INTEGER NOT NULL DEFAULT 1 CHECK (is_on_sale IN (0, 1));
ALTER TABLE tariffs ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

CREATE TABLE config_versions (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  changed_at_ms INTEGER NOT NULL,
  changed_by TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) STRICT;
`,
};
