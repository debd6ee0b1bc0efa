// 007: seats across channels. What the till last learned from the server of the seats
// other channels (the other tills, the web shop as WEB) sold per performance, written by a
// pull in the transaction that moves its cursor. This till's own sales stay counted in
// performance_stock, never here: what is left to sell is the capacity minus both.
// Offline it is only what the last pull said (the other channels' later sales are unknown).
import type { Migration } from './migration.ts';

export const migration007: Migration = {
  version: 7,
  name: 'known-seats',
  sql: `
CREATE TABLE known_seats (
  performance_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  sold INTEGER NOT NULL CHECK (sold >= 0),
  pulled_at_ms INTEGER NOT NULL,
  PRIMARY KEY (performance_id, channel)
) STRICT, WITHOUT ROWID;
`,
};
