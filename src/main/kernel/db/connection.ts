// Opens the till's SQLite database with its durability pragmas set and read back.
import Database from 'better-sqlite3';
import { migrate } from './migrations/index.ts';

export type Db = Database.Database;

export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError';
}

/**
 * WAL with synchronous=FULL: better-sqlite3 is built with WAL defaulting to NORMAL,
 * under which a committed sale can roll back after a power loss. Both pragmas are read
 * back; a till that cannot get them refuses to start.
 */
export function openDatabase(file: string, options: { migrate?: boolean } = {}): Db {
  const db = new Database(file);
  try {
    const isMemory = file === ':memory:' || file === '';
    const mode = String(db.pragma('journal_mode = WAL', { simple: true }));
    if (!isMemory && mode !== 'wal') throw new DatabaseSetupError(`journal_mode is ${mode}, expected wal`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const synchronous = Number(db.pragma('synchronous', { simple: true }));
    if (synchronous !== 2) throw new DatabaseSetupError(`synchronous is ${synchronous}, expected 2 (FULL)`);
    if (Number(db.pragma('foreign_keys', { simple: true })) !== 1) throw new DatabaseSetupError('foreign_keys is off');
    if (options.migrate ?? true) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Reads the durability pragmas, for the health check and the start-up log. */
export function durabilityOf(db: Db): { journalMode: string; synchronous: number } {
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
  };
}

const runners = new WeakMap<Db, Database.Transaction<(fn: () => unknown) => unknown>>();

/**
 * Runs `fn` in one BEGIN IMMEDIATE transaction (a savepoint when nested), committed when
 * it returns and rolled back when it throws. better-sqlite3 builds four wrapper functions
 * per `db.transaction(fn)` call; this builds them once per connection.
 */
export function immediate<T>(db: Db, fn: () => T): T {
  let run = runners.get(db);
  if (!run) {
    run = db.transaction((body: () => unknown) => body());
    runners.set(db, run);
  }
  return run.immediate(fn) as T;
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, cached per connection: parameters are always bound, never concatenated. */
export function stmt(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * An in-memory copy of a serialized database (tests: one seeded template, many fresh
 * copies). Not durable by nature; the till itself always opens a file.
 */
export function openDatabaseCopy(image: Buffer): Db {
  const db = new Database(image);
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}
