// 012: account-movement kinds. No schema change was needed: a credit movement's kind
// (settlement_excess for a deferred settlement's excess put on the balance, issue 12) is
// read from the entry that made it (account_movements.entry_type), so the rows written
// before the kind existed read right without touching them. The number stays taken.
import type { Migration } from './migration.ts';

export const migration012: Migration = {
  version: 12,
  name: 'account-movement-kinds',
  sql: `SELECT 1;`,
};
