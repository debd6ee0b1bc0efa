// The server's schema as an ordered list of migrations, applied at start in one
// transaction under an advisory lock (several instances may start at once), recorded in
// server_migrations. A shipped migration is never edited; a database from a newer server
// is refused. The SQL runs on PostgreSQL 15 and on PGlite (PostgreSQL 18): no uuidv7(), no
// virtual generated columns.
import { sql } from 'kysely';
import type { Migration } from './migration.ts';
import { ledgerMigrations } from './migrations-ledger.ts';
import { boxOfficeMigrations } from './migrations-box-office.ts';
import type { Db } from './store.ts';

/** Held while migrating, so that two instances starting together migrate once. */
const migrationLockKey = 0x67_75_69_01;

/** Every migration in order: the ledger's, then the box office's (add new ones at the end of the latter). */
export const migrations: readonly Migration[] = [...ledgerMigrations, ...boxOfficeMigrations];

export async function migrate(db: Db, nowMs: number, list: readonly Migration[] = migrations): Promise<{ applied: number[] }> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${migrationLockKey}::int8)`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS server_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at_ms bigint NOT NULL)`.execute(trx);
    const rows = await trx.selectFrom('server_migrations').select('version').execute();
    const done = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = list.at(-1)?.version ?? 0;
    if (newest > known) throw new Error(`the database was migrated by a newer server (schema ${newest}, this server knows ${known}): refusing to run`);
    const applied: number[] = [];
    for (const migration of list) {
      if (done.has(migration.version)) continue;
      await sql.raw(migration.sql).execute(trx);
      await trx.insertInto('server_migrations').values({ version: migration.version, name: migration.name, applied_at_ms: nowMs }).execute();
      applied.push(migration.version);
    }
    return { applied };
  });
}
