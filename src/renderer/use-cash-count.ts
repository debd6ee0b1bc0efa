// What a cash count is worth, asked of the services (sessions.countCash) whenever a count
// changes; an answer to an older count is dropped. The last answer stays shown until the
// next one comes; `isCurrent` says whether it is the value of the counts as they are now.
import { useEffect, useState } from 'react';
import type { ApiError } from '../shared/api/errors.ts';
import { call } from './api-client.ts';
import type { CashCount, Denomination } from './types.ts';

export interface CashCountState {
  count: CashCount | null;
  isCurrent: boolean;
  error: ApiError | null;
}

/** The counts of a drawer by denomination value: how many notes or coins of each. */
export type Counts = Readonly<Record<number, number>>;

/** Every denomination with its count (0 when not typed), in the till's order. */
export function countsToDenominations(denominationsMinor: readonly number[], counts: Counts): Denomination[] {
  return denominationsMinor.map((valueMinor) => ({ valueMinor, count: counts[valueMinor] ?? 0 }));
}

export function useCashCount(denominationsMinor: readonly number[], counts: Counts): CashCountState {
  const rows = countsToDenominations(denominationsMinor, counts).filter((d) => d.count > 0);
  const key = JSON.stringify(rows);
  const [answer, setAnswer] = useState<{ key: string; count: CashCount | null; error: ApiError | null }>({ key: '', count: null, error: null });

  useEffect(() => {
    let isCurrent = true;
    void call('sessions.countCash', { denominations: JSON.parse(key) as Denomination[] }).then((result) => {
      if (!isCurrent) return;
      // a count the services refuse (past the amount limit) keeps the last value shown, with why
      setAnswer((last) => (result.ok ? { key, count: result.value, error: null } : { key, count: last.count, error: result.error }));
    });
    return () => {
      isCurrent = false;
    };
  }, [key]);

  const isAnswered = answer.key === key;
  return { count: answer.count, isCurrent: isAnswered && answer.error === null, error: isAnswered ? answer.error : null };
}
