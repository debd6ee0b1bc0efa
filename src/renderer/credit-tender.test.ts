// The default amount of a payment by credit balance.
import { describe, expect, it } from 'vitest';
import { creditLeftMinor, creditProposalMinor } from './credit-tender.ts';

const credit = new Set(['pm-credit']);

describe('paying with the credit balance', () => {
  it('proposes the balance, at most what remains to pay', () => {
    expect(creditProposalMinor(10000, 4500)).toBe(4500);
    expect(creditProposalMinor(3000, 4500)).toBe(3000);
    expect(creditProposalMinor(0, 4500)).toBe(0);
  });

  it('counts the credit payments already entered, and only those', () => {
    const tenders = [
      { methodId: 'pm-credit', amountMinor: 2000 },
      { methodId: 'pm-cash', amountMinor: 5000 },
      { methodId: 'pm-credit', amountMinor: 500 },
    ];
    expect(creditLeftMinor(10000, tenders, credit)).toBe(7500);
    expect(creditLeftMinor(10000, [], credit)).toBe(10000);
  });

  it('never proposes below zero, even from a balance the tender already exceeds', () => {
    expect(creditLeftMinor(1000, [{ methodId: 'pm-credit', amountMinor: 1500 }], credit)).toBe(0);
    expect(creditLeftMinor(-500, [], credit)).toBe(0);
  });
});
