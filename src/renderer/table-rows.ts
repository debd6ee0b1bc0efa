// Sorting and filtering the rows of a report on screen. Sorting compares the values the
// services gave (texts, instants, minor units); it adds up nothing.

export type SortDirection = 'asc' | 'desc';
export type SortValue = string | number | null;

export interface SortState {
  columnId: string;
  direction: SortDirection;
}

/** A click on a header: the same column turns the order around, another sorts by it ascending. */
export function nextSort(current: SortState | null, columnId: string): SortState {
  if (current?.columnId === columnId) return { columnId, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { columnId, direction: 'asc' };
}

/**
 * The rows ordered by one value: numbers as numbers, texts in the language's order
 * ("é" with "e", "10" after "9"), empty values last either way; equal rows keep their order.
 */
export function sortRows<T>(rows: readonly T[], valueOf: (row: T) => SortValue, direction: SortDirection, locale: string): T[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row, index) => ({ row, index, value: valueOf(row) }));
  keyed.sort((a, b) => {
    const isEmptyA = a.value === null || a.value === '';
    const isEmptyB = b.value === null || b.value === '';
    if (isEmptyA || isEmptyB) return isEmptyA === isEmptyB ? a.index - b.index : isEmptyA ? 1 : -1;
    let order: number;
    if (typeof a.value === 'number' && typeof b.value === 'number') order = a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
    else order = collator.compare(String(a.value), String(b.value));
    return order !== 0 ? order * sign : a.index - b.index;
  });
  return keyed.map((k) => k.row);
}

/** Lower case, without accents, with plain spaces: "Élodie " → "elodie ". */
export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[\u00A0\u202F]/g, ' ')
    .toLowerCase();
}

/** The rows whose text holds every word of the query, accents and case aside. */
export function filterRows<T>(rows: readonly T[], query: string, textOf: (row: T) => string): T[] {
  const words = normaliseText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const text = normaliseText(textOf(row));
    return words.every((w) => text.includes(w));
  });
}
