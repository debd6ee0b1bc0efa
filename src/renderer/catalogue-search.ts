// Everything sellable as one flat list for the keyboard search: "2*plein misanthrope".
import type { BasketEntry } from './stores/basket-store.ts';
import type { Catalogue } from './types.ts';

export interface Sellable {
  key: string;
  label: string;
  /** Tickets: the performance start; shown formatted. */
  startsAt: string | null;
  hall: string | null;
  remaining: number | null;
  capacity: number | null;
  priceMinor: number;
  words: string;
  toEntry(quantity: number): BasketEntry;
}

export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function sellablesOf(catalogue: Catalogue, formatDate: (startsAt: string) => string): Sellable[] {
  const list: Sellable[] = [];
  for (const event of catalogue.events) {
    for (const performance of event.performances) {
      for (const tariff of event.tariffs) {
        const label = `${event.name} — ${tariff.name}`;
        list.push({
          key: `t:${performance.id}:${tariff.id}`,
          label,
          startsAt: performance.startsAt,
          hall: performance.hall,
          remaining: performance.remaining,
          capacity: performance.capacity,
          priceMinor: tariff.priceMinor,
          words: normalise([label, tariff.code, performance.hall, performance.startsAt.slice(0, 10), formatDate(performance.startsAt)].join(' ')),
          toEntry: (quantity) => ({
            line: { kind: 'ticket', performanceId: performance.id, tariffId: tariff.id, quantity },
            label,
            startsAt: performance.startsAt,
            hall: performance.hall,
            unitPriceMinor: tariff.priceMinor,
          }),
        });
      }
    }
  }
  for (const item of catalogue.items) {
    list.push({
      key: `i:${item.id}`,
      label: item.name,
      startsAt: null,
      hall: null,
      remaining: null,
      capacity: null,
      priceMinor: item.priceMinor,
      words: normalise(item.name),
      toEntry: (quantity) => ({ line: { kind: 'item', itemId: item.id, quantity }, label: item.name, startsAt: null, hall: null, unitPriceMinor: item.priceMinor }),
    });
  }
  for (const voucher of catalogue.voucherProducts) {
    list.push({
      key: `v:${voucher.id}`,
      label: voucher.name,
      startsAt: null,
      hall: null,
      remaining: null,
      capacity: null,
      priceMinor: voucher.valueMinor,
      words: normalise(voucher.name),
      toEntry: (quantity) => ({
        line: { kind: 'voucher', voucherProductId: voucher.id, quantity },
        label: voucher.name,
        startsAt: null,
        hall: null,
        unitPriceMinor: voucher.valueMinor,
      }),
    });
  }
  return list;
}

export interface ParsedQuery {
  quantity: number;
  terms: string[];
}

/** "3*plein quatuor" → 3 of whatever matches every word. */
export function parseQuery(text: string): ParsedQuery {
  const match = /^\s*(\d{1,3})\s*[*x×]\s*(.*)$/i.exec(text);
  const quantity = match ? Number(match[1]) : 1;
  const rest = match ? match[2]! : text;
  return { quantity: quantity > 0 ? quantity : 1, terms: normalise(rest).split(/\s+/).filter(Boolean) };
}

export const searchResultsMax = 12;

export function searchSellables(list: readonly Sellable[], query: ParsedQuery): Sellable[] {
  if (query.terms.length === 0) return [];
  return list.filter((s) => query.terms.every((term) => s.words.includes(term))).slice(0, searchResultsMax);
}

/** The search result highlighted after an arrow key: down to the last result, up to the first; another key leaves it. */
export function movedIndex(key: string, index: number, resultCount: number): number {
  if (key === 'ArrowDown') return Math.min(index + 1, Math.max(resultCount - 1, 0));
  if (key === 'ArrowUp') return Math.max(index - 1, 0);
  return index;
}
