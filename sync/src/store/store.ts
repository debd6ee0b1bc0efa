// Opens the server's store: PostgreSQL through a pg.Pool when DATABASE_URL is set, else
// PGlite (PostgreSQL in wasm) in a data folder or in memory, plugged into the same pg.Pool
// through its node-postgres shim, so that Kysely's PostgresDialect and every query run
// unchanged on both. PGlite is one connection, no fsync, one process per folder: the
// embedded default and the tests, never the production ledger (DESIGN Dependencies).
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type Engine = 'postgresql' | 'pglite';
export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  engine: Engine;
  /** Where the data lives, for the start-up line (a URL without its password, or a folder). */
  location: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A PostgreSQL URL; without it the store is PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite's folder, or 'memory://' for a throwaway store. */
  dataDir?: string | undefined;
  /** Connections per instance on PostgreSQL. */
  poolMax?: number | undefined;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolMax ?? 10);
  return openPglite(options.dataDir ?? './.guichet-server');
}

export function openPostgres(url: string, poolMax = 10): Store {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  // an idle connection dropped by the server must not crash the process: the pool replaces it
  pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgresql', location: redactUrl(url), close: () => db.destroy() };
}

export async function openPglite(dataDir: string): Promise<Store> {
  const inMemory = dataDir === 'memory://';
  const folder = inMemory ? null : resolve(dataDir);
  const unlock = folder ? takeLock(folder) : () => {};
  try {
    const lite = await PGlite.create(folder ? join(folder, 'pgdata') : 'memory://');
    // the shim's pool has one connection; it must never be closed for idleness, the
    // connection object cannot reopen once ended
    const pool = new pg.Pool({ ...(createPgConfig(lite) as unknown as pg.PoolConfig), idleTimeoutMillis: 0 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      engine: 'pglite',
      location: folder ?? 'memory://',
      close: async () => {
        if (lite.closed) return;
        await db.destroy();
        await lite.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * PGlite has no lock of its own: two processes on one folder corrupt it (pglite#1106).
 * A pid file next to the data: refused while its process lives, taken over when it died.
 */
export function takeLock(folder: string): () => void {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'server.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isSafeInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new Error(`the data folder ${folder} is in use by process ${pid} (PGlite allows one process per folder; use PostgreSQL to run several instances)`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the data folder ${folder}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'PostgreSQL';
  }
}
