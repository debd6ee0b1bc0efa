// The payment panel's reading of the quote (payment-view.ts): what a method pays when no
// amount is typed, what may be entered, the notes offered.
import { describe, expect, it } from 'vitest';
import { changeDoubt, dueFor, isPayable, notesOf, voucherOverflowMinor } from './payment-view.ts';
import type { Quote } from './types.ts';

const quote = (tender: Partial<Quote['tender']>, credit: Quote['credit'] = null) =>
  ({ tender: { paidMinor: 0, remainingMinor: 4747, cashDueMinor: 4745, changeMinor: 0, roundingMinor: 0, toCreditMinor: 0, isSettled: false, ...tender }, credit }) as Quote;

const cash = { type: 'cash', givesChange: true } as const;
const card = { type: 'card', givesChange: false } as const;
const credit = { type: 'credit', givesChange: false } as const;

describe('the payment panel', () => {
  it('pays, with no amount typed, the cash due in cash, the rest by card, the offer by the credit balance', () => {
    const q = quote({}, { leftMinor: 3000, proposalMinor: 3000 });
    expect(dueFor(cash, q)).toBe(4745);
    expect(dueFor(card, q)).toBe(4747);
    expect(dueFor(credit, q)).toBe(3000);
    expect(dueFor(credit, quote({}))).toBe(0);
    expect(dueFor(card, null)).toBe(0);
  });

  it('takes a positive amount, or 0 in cash for a rest that rounds to nothing', () => {
    expect(isPayable(card, 1, null)).toBe(true);
    expect(isPayable(card, 0, quote({ remainingMinor: 2 }))).toBe(false);
    expect(isPayable(cash, 0, quote({ remainingMinor: 2, cashDueMinor: 0 }))).toBe(true);
    expect(isPayable(cash, 0, quote({ remainingMinor: 0 }))).toBe(false);
  });

  it('offers the notes between 10.– and 200.–, smallest first', () => {
    expect(notesOf([5, 100, 20000, 5000, 1000, 50000, 2000, 10000])).toEqual([1000, 2000, 5000, 10000, 20000]);
  });

  it('reads a voucher rest that needs a buyer from the refusal', () => {
    expect(voucherOverflowMinor({ code: 'buyer_required', message: '', details: { reason: 'voucher_overflow', toCreditMinor: 1500 } })).toBe(1500);
    expect(voucherOverflowMinor({ code: 'buyer_required', message: '', details: { methodId: 'pm-credit' } })).toBeNull();
    expect(voucherOverflowMinor(null)).toBeNull();
  });

  it('asks to confirm a change above 200.– or above the cash the drawer holds, and no other (issue 17)', () => {
    const withChange = (changeMinor: number, drawerCashMinor: number | null) => ({ ...quote({ changeMinor }), drawerCashMinor });
    expect(changeDoubt(withChange(4986500, 10_000_000))).toEqual({ isImplausible: true, drawerCashMinor: null });
    expect(changeDoubt(withChange(4986500, 1_000_000))).toEqual({ isImplausible: true, drawerCashMinor: 1_000_000 });
    expect(changeDoubt(withChange(20000, 1_000_000))).toBeNull();
    expect(changeDoubt(withChange(20001, 1_000_000))).toEqual({ isImplausible: true, drawerCashMinor: null });
    expect(changeDoubt(withChange(6500, 5000))).toEqual({ isImplausible: false, drawerCashMinor: 5000 });
    expect(changeDoubt(withChange(6500, null))).toBeNull();
    expect(changeDoubt(withChange(0, 0))).toBeNull();
    expect(changeDoubt(null)).toBeNull();
  });
});
