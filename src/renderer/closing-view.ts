// What the closing screen makes of its fields: the counts as the services take them, the
// methods still to count, whether the count may be closed. Every amount is the services'
// (the cash's value from sessions.countCash) or typed; none is added up here.
import { parseMoney } from '../shared/money/parse.ts';
import type { CurrencyCode } from '../shared/money/currency.ts';
import type { CashCount, MethodCount, TillReport } from './types.ts';

type MethodRow = Pick<TillReport['methods'][number], 'methodId' | 'type' | 'expectedMinor'>;

/**
 * The counts as the services take them: the cash as they counted it (its rows and total),
 * each other method as typed (nothing typed: 0); null while the cash is not counted yet or
 * a typed total is not an amount.
 */
export function buildCounts(methods: readonly MethodRow[], cash: CashCount | null, totals: Readonly<Record<string, string>>, currency: CurrencyCode): MethodCount[] | null {
  const counts: MethodCount[] = [];
  for (const m of methods) {
    if (m.type === 'cash') {
      if (!cash) return null;
      counts.push({ methodId: m.methodId, countedMinor: cash.totalMinor, denominations: cash.rows.map((r) => ({ valueMinor: r.valueMinor, count: r.count })) });
      continue;
    }
    const text = (totals[m.methodId] ?? '').trim();
    if (text === '') {
      counts.push({ methodId: m.methodId, countedMinor: 0 });
      continue;
    }
    const parsed = parseMoney(text, currency);
    if (!parsed.ok) return null;
    counts.push({ methodId: m.methodId, countedMinor: parsed.amountMinor });
  }
  return counts;
}

/** The methods other than cash with nothing typed yet. */
export function untypedMethods(methods: readonly MethodRow[], totals: Readonly<Record<string, string>>): Set<string> {
  return new Set(methods.filter((m) => m.type !== 'cash' && (totals[m.methodId] ?? '').trim() === '').map((m) => m.methodId));
}

/** The count may be closed: every amount read, and every method expected to hold something counted. */
export function isCountComplete(methods: readonly MethodRow[], counts: readonly MethodCount[] | null, untyped: ReadonlySet<string>): boolean {
  return counts !== null && methods.every((m) => !untyped.has(m.methodId) || m.expectedMinor === 0);
}
