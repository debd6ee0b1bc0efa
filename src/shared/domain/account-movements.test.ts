// A movement's kind from the entry type that made it: every entry type has its case
// (a switch ending in assertNever), and a type this version does not know reads as a correction.
import { describe, expect, it } from 'vitest';
import { creditKind, deferredKind } from './account-movements.ts';
import { entryTypes } from './events.ts';

describe('movement kinds', () => {
  it('name each credit movement by its entry and direction', () => {
    expect([creditKind('credit_fund', 500), creditKind('credit_payout', -500), creditKind('sale', -100), creditKind('sale', 100), creditKind('refund', 100), creditKind('refund', -100), creditKind('deferred_settle', 100), creditKind('installment_overpaid', 100)])
      .toEqual(['funded', 'paid_out', 'spent', 'voucher_overflow', 'refunded_to_credit', 'reversed', 'settlement_excess', 'installment_overpaid']);
  });

  it('name each deferred movement by its entry and sign', () => {
    expect([deferredKind('sale', 100), deferredKind('sale', -100), deferredKind('refund', -100), deferredKind('deferred_settle', -100), deferredKind('payer_changed', 100), deferredKind('payer_changed', -100), deferredKind('installment_overpaid', 100)])
      .toEqual(['charged', 'reversed', 'refunded', 'settled', 'moved_in', 'moved_out', 'overpaid_to_credit']);
  });

  it('read a type without movements of that kind, or one this version does not know, as a correction', () => {
    for (const type of entryTypes.filter((t) => !['credit_fund', 'credit_payout', 'sale', 'refund', 'deferred_settle', 'installment_overpaid'].includes(t))) expect(creditKind(type, 100), type).toBe('reversed');
    for (const type of entryTypes.filter((t) => !['sale', 'refund', 'deferred_settle', 'payer_changed', 'installment_overpaid'].includes(t))) expect(deferredKind(type, 100), type).toBe('reversed');
    expect([creditKind('credit_deposit', 100), deferredKind('credit_deposit', 100)]).toEqual(['reversed', 'reversed']);
  });
});
