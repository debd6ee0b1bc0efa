import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTender } from './tender.ts';

const cash = (amountMinor: number) => ({ amountMinor, givesChange: true });
const card = (amountMinor: number) => ({ amountMinor, givesChange: false });

describe('computeTender', () => {
  it('card then a 50.– note: change rounded to 0.05, the till absorbs 0.02', () => {
    const t = computeTender(12500, [card(7753), cash(5000)], 5);
    expect(t).toMatchObject({ ok: true, isSettled: true, changeMinor: 255, roundingMinor: 2, paidMinor: 12500, remainingMinor: 0 });
    if (t.ok) expect(t.applied).toEqual([
      { appliedMinor: 7753, changeMinor: 0, roundingMinor: 0, toCreditMinor: 0 },
      { appliedMinor: 4747, changeMinor: 255, roundingMinor: 2, toCreditMinor: 0 },
    ]);
  });

  it('rounds a remainder of x.x8 up: the customer pays 0.02 more', () => {
    const t = computeTender(1238, [cash(2000)], 5);
    expect(t).toMatchObject({ ok: true, changeMinor: 760, roundingMinor: -2 });
  });

  it('shows the cash still due, rounded, while unsettled', () => {
    const t = computeTender(12500, [card(7753)], 5);
    expect(t).toMatchObject({ ok: true, isSettled: false, remainingMinor: 4747, cashDueMinor: 4745, changeMinor: 0 });
  });

  it('refuses a method without change that pays more than is due', () => {
    expect(computeTender(1000, [card(1200)], 5)).toEqual({ ok: false, code: 'payment_exceeds_due', excessMinor: 200 });
  });

  it('refuses cash when nothing is left to pay', () => {
    expect(computeTender(1000, [card(1000), cash(500)], 5)).toEqual({ ok: false, code: 'payment_not_needed' });
    expect(computeTender(1000, [card(1000), cash(0)], 5)).toEqual({ ok: false, code: 'payment_not_needed' });
  });

  it('settles a remainder below half a cash step with a cash payment of 0', () => {
    expect(computeTender(500, [card(498)], 5)).toMatchObject({ ok: true, isSettled: false, remainingMinor: 2, cashDueMinor: 0 });
    const t = computeTender(500, [card(498), cash(0)], 5);
    expect(t).toMatchObject({ ok: true, isSettled: true, changeMinor: 0, roundingMinor: 2 });
    if (t.ok) expect(t.applied[1]).toEqual({ appliedMinor: 2, changeMinor: 0, roundingMinor: 2, toCreditMinor: 0 });
    // a coin handed over anyway comes back whole
    expect(computeTender(500, [card(498), cash(500)], 5)).toMatchObject({ ok: true, isSettled: true, changeMinor: 500, roundingMinor: 2 });
  });

  it('a voucher worth more than the due sends the difference to the credit balance', () => {
    const voucher = (amountMinor: number) => ({ amountMinor, givesChange: false, overflowsToCredit: true });
    const t = computeTender(3000, [voucher(5000)], 5);
    expect(t).toMatchObject({ ok: true, isSettled: true, toCreditMinor: 2000, changeMinor: 0 });
    if (t.ok) expect(t.applied).toEqual([{ appliedMinor: 3000, changeMinor: 0, roundingMinor: 0, toCreditMinor: 2000 }]);
    // with a card first, the voucher covers the rest and the rest of the voucher goes to credit
    const split = computeTender(3000, [card(1000), voucher(5000)], 5);
    expect(split).toMatchObject({ ok: true, toCreditMinor: 3000 });
    // a card never overflows: only the voucher part may
    expect(computeTender(3000, [card(4000), voucher(500)], 5)).toEqual({ ok: false, code: 'payment_exceeds_due', excessMinor: 1500 });
    // nothing left for cash
    expect(computeTender(3000, [voucher(5000), cash(100)], 5)).toEqual({ ok: false, code: 'payment_not_needed' });
    // without the credit balance authorised, a voucher is like any method without change
    expect(computeTender(3000, [{ amountMinor: 5000, givesChange: false }], 5)).toMatchObject({ ok: false, code: 'payment_exceeds_due' });
  });

  it('a zero total needs no payment', () => {
    expect(computeTender(0, [], 5)).toMatchObject({ ok: true, isSettled: true, paidMinor: 0 });
  });

  it('settles a remainder with cash beyond it but short of its rounded amount: the surplus is rounding', () => {
    // found by the property below (seed -1433363924): 0.14 handed for 0.13 was applied whole, 0.01 more than due
    const t = computeTender(13, [{ amountMinor: 14, givesChange: true }], 5);
    expect(t).toMatchObject({ ok: true, isSettled: true, paidMinor: 13, remainingMinor: 0, changeMinor: 0, roundingMinor: -1, applied: [{ appliedMinor: 13, changeMinor: 0, roundingMinor: -1, toCreditMinor: 0 }] });
    // with a card first, the cash carries it the same way
    expect(computeTender(1013, [{ amountMinor: 1000, givesChange: false }, { amountMinor: 14, givesChange: true }], 5)).toMatchObject({ ok: true, isSettled: true, roundingMinor: -1, applied: [{ appliedMinor: 1000 }, { appliedMinor: 13, roundingMinor: -1 }] });
  });

  it('spreads a rounding the customer pays over the kept cash when the last payment kept less (0.14 then 0.01 for 0.13)', () => {
    const t = computeTender(13, [{ amountMinor: 14, givesChange: true }, { amountMinor: 1, givesChange: true }], 5);
    expect(t).toMatchObject({ ok: true, isSettled: true, changeMinor: 0, roundingMinor: -2 });
    if (t.ok) expect(t.applied).toEqual([
      { appliedMinor: 13, changeMinor: 0, roundingMinor: -1, toCreditMinor: 0 },
      { appliedMinor: 0, changeMinor: 0, roundingMinor: -1, toCreditMinor: 0 },
    ]);
  });

  it('keeps every invariant for any split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(
          fc.boolean().chain((givesChange) =>
            fc.record({ amountMinor: fc.integer({ min: givesChange ? 0 : 1, max: 500_000 }), givesChange: fc.constant(givesChange), overflowsToCredit: givesChange ? fc.constant(false) : fc.boolean() }),
          ),
          { maxLength: 6 },
        ),
        fc.constantFrom(1, 5),
        (due, payments, step) => {
          const t = computeTender(due, payments, step);
          const nonCash = payments.filter((p) => !p.givesChange).reduce((a, p) => a + p.amountMinor, 0);
          const overflowable = payments.filter((p) => p.overflowsToCredit).reduce((a, p) => a + p.amountMinor, 0);
          if (!t.ok) {
            expect(nonCash - overflowable > due || (nonCash > due && nonCash - due > overflowable) || (payments.some((p) => p.givesChange) && nonCash >= due)).toBe(true);
            return;
          }
          expect(nonCash - t.toCreditMinor).toBeLessThanOrEqual(due);
          expect(t.toCreditMinor).toBe(Math.max(0, nonCash - due));
          expect(t.applied.reduce((a, x) => a + x.toCreditMinor, 0)).toBe(t.toCreditMinor);
          payments.forEach((p, i) => !p.overflowsToCredit && expect(t.applied[i]!.toCreditMinor).toBe(0));
          expect(t.changeMinor).toBeGreaterThanOrEqual(0);
          expect(Math.abs(t.roundingMinor) * 2).toBeLessThanOrEqual(step);
          if (t.isSettled) {
            // the order is settled exactly by what was applied
            expect(t.applied.reduce((a, x) => a + x.appliedMinor, 0)).toBe(due);
            // every payment: tendered − change − to credit = applied − rounding (money kept)
            payments.forEach((p, i) => {
              const a = t.applied[i]!;
              expect(p.amountMinor - a.changeMinor - a.toCreditMinor).toBe(a.appliedMinor - a.roundingMinor);
              expect(a.appliedMinor).toBeGreaterThanOrEqual(0);
            });
            // change only from methods that give it
            payments.forEach((p, i) => !p.givesChange && expect(t.applied[i]!.changeMinor).toBe(0));
          } else {
            expect(t.remainingMinor).toBeGreaterThan(0);
            expect(t.paidMinor + t.remainingMinor).toBe(due);
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
