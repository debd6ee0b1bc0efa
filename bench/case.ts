// What a benchmark case is: a name, and a run that measures figures against a baseline
// taken in the same run. bench/run.ts holds the list; add a case there to add figures.

export interface Figure {
  /** Stable, dotted: results are merged by name across runs. */
  name: string;
  unit: string;
  value: number;
  baseline: number | null;
  /** value / baseline (for a throughput, below 1 means slower than the baseline). */
  ratio: number | null;
  /** The quality bar this figure answers to, in words, and whether this run met it. */
  bar?: { text: string; isMet: boolean };
  /** What the baseline is, or anything a reader needs to trust the figure. */
  note?: string;
}

export interface BenchOptions {
  /** Timed sales per side in the sale case. */
  sales: number;
  /** Entries in the generated journal of the verify case. */
  journalEntries: number;
  log: (message: string) => void;
}

export interface BenchCase {
  name: string;
  description: string;
  run(options: BenchOptions): Figure[] | Promise<Figure[]>;
}

export function figure(name: string, unit: string, value: number, baseline: number | null, extra: Pick<Figure, 'bar' | 'note'> = {}): Figure {
  return { name, unit, value, baseline, ratio: baseline ? value / baseline : null, ...extra };
}
