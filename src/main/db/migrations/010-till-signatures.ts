// 010: placeholder reserved for the till-signatures migration (being written in this wave).
import type { Migration } from './index.ts';

export const migration010: Migration = {
  version: 10,
  name: 'till-signatures',
  sql: `SELECT 1;`,
};
