// Sorting and filtering report rows on screen.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterRows, nextSort, normaliseText, sortRows } from './table-rows.ts';

interface Row {
  name: string;
  amountMinor: number;
  order: string | null;
}

const rows: Row[] = [
  { name: 'Favre', amountMinor: 1000, order: 'G1-000010' },
  { name: 'élodie', amountMinor: -250, order: null },
  { name: 'Dupont', amountMinor: 10000, order: 'G1-000002' },
  { name: 'Müller', amountMinor: 1000, order: 'G1-000009' },
];

describe('report rows', () => {
  it('sort numbers as numbers, either way, equal rows in their first order', () => {
    expect(sortRows(rows, (r) => r.amountMinor, 'asc', 'fr').map((r) => r.name)).toEqual(['élodie', 'Favre', 'Müller', 'Dupont']);
    expect(sortRows(rows, (r) => r.amountMinor, 'desc', 'fr').map((r) => r.name)).toEqual(['Dupont', 'Favre', 'Müller', 'élodie']);
  });

  it('sort texts in the language order, accents with their letter, digits by value, empty values last', () => {
    expect(sortRows(rows, (r) => r.name, 'asc', 'fr').map((r) => r.name)).toEqual(['Dupont', 'élodie', 'Favre', 'Müller']);
    expect(sortRows(rows, (r) => r.order, 'asc', 'fr').map((r) => r.order)).toEqual(['G1-000002', 'G1-000009', 'G1-000010', null]);
    expect(sortRows(rows, (r) => r.order, 'desc', 'fr').map((r) => r.order)).toEqual(['G1-000010', 'G1-000009', 'G1-000002', null]);
    expect(sortRows([{ n: 'a10' }, { n: 'a9' }], (r) => r.n, 'asc', 'fr').map((r) => r.n)).toEqual(['a9', 'a10']);
  });

  it('never lose nor invent a row when sorting', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null))), fc.boolean(), (values, isAsc) => {
        const sorted = sortRows(values, (v) => v, isAsc ? 'asc' : 'desc', 'fr');
        expect([...sorted].sort()).toEqual([...values].sort());
      }),
    );
  });

  it('turn the order around on the same header, start ascending on another', () => {
    expect(nextSort(null, 'amount')).toEqual({ columnId: 'amount', direction: 'asc' });
    expect(nextSort({ columnId: 'amount', direction: 'asc' }, 'amount')).toEqual({ columnId: 'amount', direction: 'desc' });
    expect(nextSort({ columnId: 'amount', direction: 'desc' }, 'amount')).toEqual({ columnId: 'amount', direction: 'asc' });
    expect(nextSort({ columnId: 'amount', direction: 'desc' }, 'name')).toEqual({ columnId: 'name', direction: 'asc' });
  });

  it('filter on every word, without accents or case', () => {
    const text = (r: Row) => `${r.name} ${r.order ?? ''}`;
    expect(filterRows(rows, 'ELODIE', text).map((r) => r.name)).toEqual(['élodie']);
    expect(filterRows(rows, 'muller 0009', text).map((r) => r.name)).toEqual(['Müller']);
    expect(filterRows(rows, 'muller 0010', text)).toEqual([]);
    expect(filterRows(rows, '  ', text)).toHaveLength(4);
    expect(normaliseText('Élodie\u202FCHF')).toBe('elodie chf');
  });
});
