// What the till's drawer holds of a method, and the one refusal for money that would leave
// it beyond that: a pay-out, a credit pay-out in cash, a cash refund.
import { account } from '../../shared/domain/accounts.ts';
import { refuse, type Refusal } from '../../shared/result.ts';
import type { Db } from '../kernel/db/connection.ts';
import { balanceOf } from '../kernel/ledger/ledger.ts';

/** The till account of the method: what its drawer holds now, this transaction's writes included. */
export function drawerHoldsMinor(db: Db, tillId: string, methodId: string): number {
  return balanceOf(db, account.till(tillId, methodId).id);
}

/** cash_insufficient, with what the drawer holds, when taking `outMinor` out would leave it below zero; else null. */
export function checkDrawerHolds(db: Db, tillId: string, methodId: string, outMinor: number): Refusal | null {
  const availableMinor = drawerHoldsMinor(db, tillId, methodId);
  return outMinor > availableMinor ? refuse('cash_insufficient', { availableMinor: Math.max(availableMinor, 0) }) : null;
}
