// One transaction per write. A refusal returned by the work rolls everything back (nothing
// is stored on a refusal); a deadlock or a serialization failure, which PostgreSQL resolves
// by aborting one of the transactions, runs the work again from the start.
import type { IsolationLevel, Transaction } from 'kysely';
import type { Refusal, Result } from '../../../src/shared/result.ts';
import type { Database } from './schema.ts';
import type { Db } from './store.ts';

export type Trx = Transaction<Database>;

/** Attempts of one transaction before its failure is reported (each retry is a fresh start). */
export const transactionAttemptsMax = 5;

/** serialization_failure, deadlock_detected */
const retryableCodes = new Set(['40001', '40P01']);

class RolledBack extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.error.code);
  }
}

export function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && retryableCodes.has(String((error as { code?: unknown }).code));
}

export interface TransactionOptions {
  isolation?: IsolationLevel;
  readOnly?: boolean;
}

/**
 * Runs `work` in a transaction: committed when it answers ok, rolled back when it answers
 * a refusal. Every query inside must go through `trx` (on PGlite's single connection a
 * query on the outer `db` would wait for ever).
 */
export async function transaction<T>(db: Db, work: (trx: Trx) => Promise<Result<T>>, options: TransactionOptions = {}): Promise<Result<T>> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      let builder = db.transaction().setIsolationLevel(options.isolation ?? 'read committed');
      if (options.readOnly) builder = builder.setAccessMode('read only');
      return await builder.execute(async (trx) => {
        const result = await work(trx);
        if (!result.ok) throw new RolledBack(result);
        return result;
      });
    } catch (error) {
      if (error instanceof RolledBack) return error.refusal;
      if (isRetryable(error) && attempt < transactionAttemptsMax) continue;
      throw error;
    }
  }
}
