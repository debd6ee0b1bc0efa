// Balances stay within balanceMinorMax (limits.ts): an operation whose postings would carry
// an account past it is refused (total_too_large) before it writes, so that every balance
// and every sum of balances stays exact and the verifier never reads rounding as tampering.
import { balanceMinorMax } from '../../../shared/limits.ts';
import type { Posting } from '../../../shared/domain/accounts.ts';
import { ok, refuse, type Refusal, type Result } from '../../../shared/result.ts';
import { stmt, type Db } from '../db/connection.ts';

/**
 * The check of a service's check section: ok when every account stays within the bound;
 * else the first posting, in their order, that would carry its account past it. One
 * indexed read per posting (faster than one statement over them all: ~1 µs each).
 */
export function checkPostingsFit(db: Db, postings: readonly Posting[]): Result<null> {
  const balanceOf = stmt(db, 'SELECT balance_minor FROM account_balances WHERE account_id = ?');
  for (const p of postings) {
    const row = balanceOf.get(p.account.id) as { balance_minor: number } | undefined;
    const refused = refusalPastBound(p.account.id, row?.balance_minor ?? 0, p.amountMinor);
    if (refused) return refused;
  }
  return ok(null);
}

/** total_too_large when `balanceMinor + amountMinor` passes balanceMinorMax; else null. */
export function refusalPastBound(accountId: string, balanceMinor: number, amountMinor: number): Refusal | null {
  // both are within the bound (a posting is one operation's, a balance was checked): the sum is exact
  return Math.abs(balanceMinor + amountMinor) > balanceMinorMax ? refuse('total_too_large', { account: accountId, balanceMinor, maxMinor: balanceMinorMax }) : null;
}

/**
 * The same refusal, thrown by the ledger when a path appended postings without checking
 * them first: the transaction rolls back and the door answers the refusal (dispatch.ts),
 * never internal_error. Each service's check section is the place for the check; this is
 * the net under it.
 */
export class PostingsRefused extends Error {
  override name = 'PostingsRefused';
  constructor(readonly refusal: Refusal) {
    super(refusal.error.code);
  }
}

/**
 * The net itself, as the ledger runs it after moving a balance (it reads the balance back
 * from that very UPDATE … RETURNING, at no extra statement): throws when the account went
 * past the bound; the transaction then rolls back.
 */
export function assertBalanceFits(accountId: string, balanceAfterMinor: number, amountMinor: number): void {
  const refused = refusalPastBound(accountId, balanceAfterMinor - amountMinor, amountMinor);
  if (refused) throw new PostingsRefused(refused);
}
