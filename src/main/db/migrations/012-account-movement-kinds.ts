// 012: placeholder reserved for the account-movement-kinds migration (being written in this wave).
import type { Migration } from './index.ts';

export const migration012: Migration = {
  version: 12,
  name: 'account-movement-kinds',
  sql: `SELECT 1;`,
};
