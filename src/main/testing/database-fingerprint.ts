// Every row of every table, as text: a refused call must leave it unchanged (the financial
// fingerprint of fixtures.ts counts the ledger's tables; this one also sees invoices,
// settlements, payer changes, contacts, requests, audit rows and print jobs).
import type { Db } from '../kernel/db/connection.ts';

const asText = (row: unknown) => JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value));

export function databaseFingerprint(db: Db): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  // some tables have no rowid: rows sorted as text, so that the order of storage does not count
  return JSON.stringify(Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all().map(asText).sort()])));
}
