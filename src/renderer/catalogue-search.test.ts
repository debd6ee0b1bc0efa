// The keyboard search over the catalogue: quantity prefix, accent-blind words, ordering.
import { describe, expect, it } from 'vitest';
import { movedIndex, parseQuery, searchSellables, sellablesOf } from './catalogue-search.ts';
import type { Catalogue } from './types.ts';

const catalogue: Catalogue = {
  currency: 'CHF',
  events: [
    {
      id: 'e-m',
      name: 'Le Misanthrope — Molière',
      vatRateBp: 810,
      tariffs: [
        { id: 't-plein', code: 'plein', name: 'Plein tarif', priceMinor: 4500 },
        { id: 't-reduit', code: 'reduit', name: 'Tarif réduit', priceMinor: 3000 },
      ],
      performances: [
        { id: 'p1', startsAt: '2026-11-27T20:00:00+01:00', hall: 'Grande salle', capacity: 400, remaining: 400 },
        { id: 'p2', startsAt: '2026-11-28T20:00:00+01:00', hall: 'Grande salle', capacity: 400, remaining: 12 },
      ],
    },
  ],
  items: [{ id: 'i-programme', name: 'Programme de salle', priceMinor: 500, vatRateBp: 260 }],
  voucherProducts: [{ id: 'vp-50', name: 'Bon cadeau 50.–', valueMinor: 5000 }],
};

const list = sellablesOf(catalogue, (startsAt) => startsAt.slice(0, 10));

describe('catalogue search', () => {
  it('reads a leading quantity in any of the usual forms', () => {
    expect(parseQuery('3*plein')).toEqual({ quantity: 3, terms: ['plein'] });
    expect(parseQuery('2 x Réduit misanthrope')).toEqual({ quantity: 2, terms: ['reduit', 'misanthrope'] });
    expect(parseQuery('programme')).toEqual({ quantity: 1, terms: ['programme'] });
    expect(parseQuery('0*plein').quantity).toBe(1);
  });

  it('matches every word, ignoring accents and case, earliest performance first', () => {
    const found = searchSellables(list, parseQuery('MOLIERE reduit'));
    expect(found.map((s) => s.key)).toEqual(['t:p1:t-reduit', 't:p2:t-reduit']);
    expect(searchSellables(list, parseQuery('2026-11-28 plein')).map((s) => s.key)).toEqual(['t:p2:t-plein']);
    expect(searchSellables(list, parseQuery('   '))).toEqual([]);
  });

  it('turns a match into a basket line with its quantity', () => {
    const [programme] = searchSellables(list, parseQuery('4*programme'));
    expect(programme!.toEntry(4).line).toEqual({ kind: 'item', itemId: 'i-programme', quantity: 4 });
    const [voucher] = searchSellables(list, parseQuery('bon cadeau'));
    expect(voucher!.toEntry(1).line).toEqual({ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 });
  });
});

describe('the search highlight', () => {
  it('moves down to the last result and up to the first; other keys leave it', () => {
    expect(movedIndex('ArrowDown', 0, 3)).toBe(1);
    expect(movedIndex('ArrowDown', 2, 3)).toBe(2);
    expect(movedIndex('ArrowDown', 0, 0)).toBe(0);
    expect(movedIndex('ArrowUp', 1, 3)).toBe(0);
    expect(movedIndex('ArrowUp', 0, 3)).toBe(0);
    expect(movedIndex('Enter', 2, 3)).toBe(2);
  });
});
