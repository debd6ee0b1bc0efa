// Latency statistics for the benchmark: nearest-rank percentiles over measured durations.

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  totalMs: number;
  /** Operations per second of busy time: count / Σ durations. */
  perSecond: number;
}

/** Nearest-rank percentile of an ascending list: the smallest value with p % of the list at or below it. */
export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) throw new RangeError('percentile of an empty list');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in (0, 100]`);
  const rank = Math.ceil((p / 100) * sortedMs.length);
  return sortedMs[rank - 1]!;
}

export function summarise(durationsMs: readonly number[]): LatencySummary {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const totalMs = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    meanMs: totalMs / sorted.length,
    totalMs,
    perSecond: sorted.length / (totalMs / 1000),
  };
}

/** Times one synchronous call in milliseconds with the monotonic high-resolution clock. */
export function timeMs(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Same, for a call that returns a promise. */
export async function timeMsAsync(run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
