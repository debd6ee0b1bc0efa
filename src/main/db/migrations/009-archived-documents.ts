// 009: placeholder reserved for the archived-documents migration (being written in this wave).
import type { Migration } from './index.ts';

export const migration009: Migration = {
  version: 9,
  name: 'archived-documents',
  sql: `SELECT 1;`,
};
