// Balances stay within balanceMinorMax (limits.ts): an operation whose postings would carry
// an account past it is refused (total_too_large) before it writes, so that every balance
// and every sum of balances stays exact and the verifier never reads rounding as tampering.
import { balanceMinorMax } from '../../../shared/limits.ts';
import type { Posting } from '../../../shared/domain/accounts.ts';
import { ok, refuse, type Refusal, type Result } from '../../../shared/result.ts';
import { stmt, type Db } from '../db/connection.ts';

/** The check of a service's check section: null when every account stays within the bound. */
export function checkPostingsFit(db: Db, postings: readonly Posting[]): Result<null> {
  for (const p of postings) {
    const row = stmt(db, 'SELECT balance_minor FROM account_balances WHERE account_id = ?').get(p.account.id) as { balance_minor: number } | undefined;
    const balanceMinor = row?.balance_minor ?? 0;
    // both are within the bound (a posting is one operation's, a balance was checked): the sum is exact
    if (Math.abs(balanceMinor + p.amountMinor) > balanceMinorMax) {
      return refuse('total_too_large', { account: p.account.id, balanceMinor, maxMinor: balanceMinorMax });
    }
  }
  return ok(null);
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

export function assertPostingsFit(db: Db, postings: readonly Posting[]): void {
  const fits = checkPostingsFit(db, postings);
  if (!fits.ok) throw new PostingsRefused(fits);
}
