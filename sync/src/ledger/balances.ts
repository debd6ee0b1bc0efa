// The authoritative balances: one row per account, changed only by applying postings.
// A writer locks every account it will move, in one order (sorted ids), before it reads
// them: two tills' batches or a web-shop payment and a push then wait for each other
// instead of both spending one balance, and never lock in opposite orders. The insert and
// the lock are two statements on purpose: a row another transaction inserted and committed
// while our insert waited is visible only to a statement that starts after it. A batch of
// events moves its balances by one upsert in the same order (apply.ts writeBatch), which
// locks them as it moves them.
import { sql } from 'kysely';
import type { Db } from '../store/store.ts';
import type { Trx } from '../store/tx.ts';

/** Locks the accounts (creating the missing ones at 0) and answers their balances. */
export async function lockBalances(trx: Trx, accountIds: Iterable<string>): Promise<Map<string, bigint>> {
  const sorted = [...new Set(accountIds)].sort();
  const balances = new Map<string, bigint>();
  if (sorted.length === 0) return balances;
  await sql`INSERT INTO balances (account_id, balance_minor) SELECT a, 0 FROM unnest(${sorted}::text[]) AS a ON CONFLICT (account_id) DO NOTHING`.execute(trx);
  const rows = await sql<{ account_id: string; balance_minor: string }>`
    SELECT account_id, balance_minor::text AS balance_minor FROM balances
    WHERE account_id = ANY(${sorted}::text[]) ORDER BY account_id FOR UPDATE`.execute(trx);
  for (const row of rows.rows) balances.set(row.account_id, BigInt(row.balance_minor));
  return balances;
}

/** An account's balance as committed (0 if it never moved); no lock. */
export async function balanceOf(db: Db | Trx, accountId: string): Promise<bigint> {
  const row = await db.selectFrom('balances').select('balance_minor').where('account_id', '=', accountId).executeTakeFirst();
  return row ? BigInt(row.balance_minor) : 0n;
}
