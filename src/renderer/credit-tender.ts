// What the buyer's credit balance can still pay in the basket being sold: the proposal
// for a "pay with the balance" click. The services check the balance again, inside the
// transaction that spends it; this only chooses the default amount.

export interface CreditTender {
  methodId: string;
  amountMinor: number;
}

/** The balance less the credit payments already entered (never below zero). */
export function creditLeftMinor(balanceMinor: number, tenders: readonly CreditTender[], creditMethodIds: ReadonlySet<string>): number {
  let left = balanceMinor;
  for (const t of tenders) if (creditMethodIds.has(t.methodId)) left -= t.amountMinor;
  return Math.max(left, 0);
}

/** With no amount typed: what is left of the balance, at most what remains to pay. */
export function creditProposalMinor(leftMinor: number, remainingMinor: number): number {
  return Math.min(leftMinor, remainingMinor);
}
