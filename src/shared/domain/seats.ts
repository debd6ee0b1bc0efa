// Seats per performance as a sale or refund entry carries them (`seats`): [{performanceId,
// count}, …] sorted by performance id, counts ≥ 1 (entries of version 1 wrote each as a
// [performanceId, count] pair: shared/domain/events.ts reads both). The ledger server adds them up per
// channel (a till, or the web shop) so that every channel can leave the others' seats out
// of what it sells. Entries written before this field existed carry none: unknown, counted
// as zero by the server.

/** One performance's seats in an entry. */
export interface SeatCount {
  performanceId: string;
  count: number;
}

/**
 * Counts the tickets per performance, sorted by performance id (as SQLite's ORDER BY sorts
 * ids of ASCII letters, digits, '_' and '-', which is how the verifier reads them back).
 */
export function seatsOf(tickets: readonly { performanceId: string }[]): SeatCount[] {
  const counts = new Map<string, number>();
  for (const t of tickets) counts.set(t.performanceId, (counts.get(t.performanceId) ?? 0) + 1);
  const seats: SeatCount[] = [];
  for (const [performanceId, count] of counts) seats.push({ performanceId, count });
  return seats.sort((a, b) => (a.performanceId < b.performanceId ? -1 : a.performanceId > b.performanceId ? 1 : 0));
}
