// What the box office's fault runs share (box-office-faults, box-office-replace-faults): a
// replayable generator for the faults, and the check that a till's balances are its postings.
import { expect } from 'vitest';
import type { Counter } from './box-office.ts';

/** A small deterministic generator, so that a failing sequence of faults can be replayed. */
export function seeded(seed: number): () => number {
  let n = seed >>> 0;
  return () => {
    n = (n * 1664525 + 1013904223) >>> 0;
    return n / 2 ** 32;
  };
}

/** Every balance this till keeps equals the sum of its postings for the account. */
export function checkTillBalances(t: Counter): void {
  const db = t.till.context.db;
  const sums = db.prepare('SELECT account_id, SUM(amount_minor) AS total FROM postings GROUP BY account_id ORDER BY account_id').all() as { account_id: string; total: number }[];
  const balances = db.prepare('SELECT account_id, balance_minor FROM account_balances WHERE account_id IN (SELECT account_id FROM postings) ORDER BY account_id').all() as { account_id: string; balance_minor: number }[];
  expect(balances.map((b) => [b.account_id, b.balance_minor])).toEqual(sums.map((s) => [s.account_id, s.total]));
  const orphans = db.prepare('SELECT account_id, balance_minor FROM account_balances WHERE balance_minor <> 0 AND account_id NOT IN (SELECT account_id FROM postings)').all();
  expect(orphans).toEqual([]);
}
