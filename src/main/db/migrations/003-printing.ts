// 003: printers and the durable print queue (issue 6). Reserved: the printing module fills
// in its tables here; an empty migration keeps the version sequence gapless meanwhile.
import type { Migration } from './index.ts';

export const migration003: Migration = {
  version: 3,
  name: 'printing',
  sql: '',
};
