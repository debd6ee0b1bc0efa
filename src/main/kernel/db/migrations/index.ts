// Versioned migrations: an ordered list, applied together in one transaction at start-up,
// recorded in PRAGMA user_version. A shipped migration is never edited: add a new one.
import type Database from 'better-sqlite3';
import { migration001 } from './001-initial.ts';
import { migration002 } from './002-account-movements.ts';
import { migration003 } from './003-printing.ts';
import { migration004 } from './004-deferred.ts';
import { migration005 } from './005-sync.ts';
import { migration006 } from './006-invoice-copy.ts';
import { migration007 } from './007-known-seats.ts';
import { migration008 } from './008-audit-seals.ts';
import { migration009 } from './009-archived-documents.ts';
import { migration010 } from './010-till-signatures.ts';
import { migration011 } from './011-request-ids.ts';
import { migration012 } from './012-account-movement-kinds.ts';
import { migration013 } from './013-known-movements.ts';
import { migration014 } from './014-configuration.ts';
import { migration015 } from './015-shared-accounts.ts';
import { migration016 } from './016-journal-seals.ts';
import { migration017 } from './017-credits-elsewhere.ts';
import { migration018 } from './018-known-invoice-documents.ts';
import type { Migration } from './migration.ts';

export type { Migration } from './migration.ts';

export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017, migration018];

export const latestVersion = migrations[migrations.length - 1]!.version;

export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError';
  constructor(readonly found: number, readonly supported: number) {
    super(`database schema version ${found} is newer than this till supports (${supported}): update Guichet`);
  }
}

export function schemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Applies every pending migration in one transaction; refuses a database from a newer version. */
export function migrate(db: Database.Database, list: readonly Migration[] = migrations): { from: number; to: number } {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}: versions are gapless`);
  });
  const latest = list[list.length - 1]!.version;
  const from = schemaVersion(db);
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  const pending = list.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from };
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return { from, to: latest };
}
