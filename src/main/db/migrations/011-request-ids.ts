// 011: placeholder reserved for the request-ids migration (being written in this wave).
import type { Migration } from './index.ts';

export const migration011: Migration = {
  version: 11,
  name: 'request-ids',
  sql: `SELECT 1;`,
};
