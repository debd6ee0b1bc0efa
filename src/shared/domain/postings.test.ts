import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PaymentMethodType } from './types.ts';
import { drawerCashPostings, closingPostings, orderPostings, sumPostings } from './postings.ts';

const methodTypes: PaymentMethodType[] = ['cash', 'card', 'cheque', 'transfer', 'mandate', 'voucher', 'credit', 'deferred'];

describe('orderPostings', () => {
  it('books a sale: revenue and VAT per rate against the till accounts', () => {
    const postings = orderPostings('G1', 1, [{ kind: 'ticket', vatRateBp: 810, netMinor: 4163, vatMinor: 337 }], [
      { methodId: 'pm-card', methodType: 'card', appliedMinor: 2000, roundingMinor: 0 },
      { methodId: 'pm-cash', methodType: 'cash', appliedMinor: 2500, roundingMinor: 2 },
    ]);
    expect(postings.map((p) => [p.account.id, p.amountMinor])).toEqual([
      ['revenue:810', -4163],
      ['vat:810', -337],
      ['till:G1:pm-card', 2000],
      ['till:G1:pm-cash', 2498],
      ['rounding:G1', 2],
    ]);
  });

  it('a refund is the exact mirror of the sale', () => {
    const lines = [{ kind: 'item' as const, vatRateBp: 260, netMinor: 487, vatMinor: 13 }];
    const payments = [{ methodId: 'pm-cash', methodType: 'cash' as const, appliedMinor: 500, roundingMinor: 0 }];
    const sale = orderPostings('G1', 1, lines, payments);
    const refund = orderPostings('G1', -1, lines, payments);
    expect(refund.map((p) => p.amountMinor)).toEqual(sale.map((p) => -p.amountMinor));
  });

  it('always sums to zero when the payments settle the lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom('ticket' as const, 'item' as const), vatRateBp: fc.constantFrom(0, 260, 810), netMinor: fc.integer({ min: 0, max: 1e7 }), vatMinor: fc.integer({ min: 0, max: 1e6 }) }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.constantFrom(...methodTypes), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: -2, max: 2 })), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(1 as const, -1 as const),
        (lines, shape, direction) => {
          const total = lines.reduce((a, l) => a + l.netMinor + l.vatMinor, 0);
          const weights = shape.map(([, w]) => w);
          const weightSum = weights.reduce((a, b) => a + b, 0);
          let left = total;
          const payments = shape.map(([type, w, rounding], i) => {
            const applied = i === shape.length - 1 ? left : Math.floor((total * w) / weightSum);
            left -= applied;
            return { methodId: `m${i}`, methodType: type, appliedMinor: applied, roundingMinor: type === 'cash' ? rounding : 0, contactId: 'c1', voucherId: 'v1' };
          });
          const postings = orderPostings('G1', direction, lines, payments);
          expect(sumPostings(postings)).toBe(0);
          expect(postings.every((p) => p.amountMinor !== 0)).toBe(true);
          expect(new Set(postings.map((p) => p.account.id)).size).toBe(postings.length);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('till postings', () => {
  it('a float moves cash from the safe to the till', () => {
    expect(drawerCashPostings('G1', 'pm-cash', 7000, 1).map((p) => [p.account.id, p.amountMinor])).toEqual([
      ['till:G1:pm-cash', 7000],
      ['safe:G1:pm-cash', -7000],
    ]);
  });

  it('closing books the variance and leaves the till account at zero', () => {
    const postings = closingPostings('G1', [{ methodId: 'pm-cash', expectedMinor: 8745, countedMinor: 8740 }]);
    expect(sumPostings(postings)).toBe(0);
    const till = postings.filter((p) => p.account.id === 'till:G1:pm-cash').reduce((a, p) => a + p.amountMinor, 0);
    expect(8745 + till).toBe(0);
    expect(postings.find((p) => p.account.kind === 'variance')?.amountMinor).toBe(5);
  });
});
