// Verifies a till's journal file using every core: the chain is cut into seq ranges,
// each scanned by a worker thread on its own read-only connection; the links between
// ranges (a range's first prev_hash against the hash before it) and the whole-database
// checks are done here. Same findings as verifyJournal, in the same order.
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { checkProjections, restoredOf, verifyJournal, type ChainRange, type ChainScan, type VerifyOptions, type VerifyReport } from './verify.ts';
import type { WorkerJob } from './verify-worker.ts';
import { signatureProblem, unsealedTails } from './verify-signatures.ts';

/** Below this many entries a single thread is faster than starting workers. */
export const parallelEntriesMin = 50_000;

function splitRanges(db: Database.Database, parts: number): ChainRange[] {
  const tills = db.prepare('SELECT till_id AS tillId, MIN(seq) AS lo, MAX(seq) AS hi FROM journal GROUP BY till_id ORDER BY till_id').all() as { tillId: string; lo: number; hi: number }[];
  const total = tills.reduce((a, t) => a + t.hi, 0);
  const size = Math.max(1, Math.ceil(total / parts));
  const ranges: ChainRange[] = [];
  for (const till of tills) {
    // from seq 1 even if the first rows are gone: the gap is then found where it is
    for (let from = 1; from <= till.hi; from += size) ranges.push({ tillId: till.tillId, fromSeq: from, toSeq: Math.min(till.hi, from + size - 1) });
  }
  return ranges;
}

function runWorker(job: WorkerJob): Promise<ChainScan[]> {
  return new Promise((resolve, reject) => {
    const url = new URL(`./verify-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
    // run from TypeScript sources (tsx), the worker registers the same loader first
    const worker = url.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`, { eval: true, workerData: job })
      : new Worker(url, { workerData: job });
    worker.once('message', (scans: ChainScan[]) => resolve(scans));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`verify worker exited with ${code}`)));
  });
}

/** Stitches the ranges' scans in chain order; the first problem in that order wins. */
function combine(db: Database.Database, ranges: readonly ChainRange[], scans: readonly ChainScan[], keyFor: (tillId: string) => Buffer, options: VerifyOptions): VerifyReport {
  const tills: VerifyReport['tills'] = [];
  let entries = 0;
  let postingsSeen = 0;
  let customerPostingsSeen = 0;
  const entriesByType: Record<string, number> = {};
  for (const [i, range] of ranges.entries()) {
    const scan = scans[i]!;
    const previous = tills.length > 0 && tills[tills.length - 1]!.tillId === range.tillId ? tills[tills.length - 1]! : null;
    if (range.fromSeq > 1 && previous && scan.firstSeq === range.fromSeq && scan.firstPrevHash !== previous.headHash) {
      const row = db.prepare('SELECT id FROM journal WHERE till_id = ? AND seq = ?').get(range.tillId, range.fromSeq) as { id: string } | undefined;
      return { ok: false, entries, tills, restored: restoredOf(db), unsealed: unsealedTails(db, tills), problem: { reason: 'chain_broken', tillId: range.tillId, seq: range.fromSeq, entryId: row?.id ?? null, detail: 'prev_hash does not match the previous entry: entries were reordered or replaced' } };
    }
    entries += scan.entries;
    postingsSeen += scan.postingsSeen;
    customerPostingsSeen += scan.customerPostingsSeen;
    for (const [type, n] of Object.entries(scan.entriesByType)) entriesByType[type] = (entriesByType[type] ?? 0) + n;
    for (const t of scan.tills) {
      if (previous && t.tillId === previous.tillId) {
        previous.entries += t.entries;
        previous.headSeq = t.headSeq;
        previous.headHash = t.headHash;
      } else tills.push({ ...t });
    }
    if (scan.problem) return { ok: false, entries, tills, problem: scan.problem, restored: restoredOf(db), unsealed: unsealedTails(db, tills) };
  }
  const problem = signatureProblem(db, tills) ?? checkProjections(db, { postingsSeen, customerPostingsSeen, entriesByType }, keyFor, options);
  return { ok: problem === null, entries, tills, problem, restored: restoredOf(db), unsealed: unsealedTails(db, tills) };
}

export async function verifyJournalFile(
  file: string,
  keyFor: (tillId: string) => Buffer,
  options: VerifyOptions & { workers?: number; parallelEntriesMin?: number } = {},
): Promise<VerifyReport> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const workers = options.workers ?? Math.min(availableParallelism(), 8);
    const count = (db.prepare('SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n;
    if (workers <= 1 || count < (options.parallelEntriesMin ?? parallelEntriesMin)) return verifyJournal(db, keyFor, options);
    const ranges = splitRanges(db, workers);
    const jobs: WorkerJob[] = Array.from({ length: workers }, () => ({ file, ranges: [] }));
    ranges.forEach((range, i) => jobs[i % workers]!.ranges.push({ ...range, keyHex: keyFor(range.tillId).toString('hex') }));
    const results = await Promise.all(jobs.filter((j) => j.ranges.length > 0).map(runWorker));
    const byRange = new Map<string, ChainScan>();
    jobs.filter((j) => j.ranges.length > 0).forEach((job, j) => job.ranges.forEach((r, k) => byRange.set(`${r.tillId}:${r.fromSeq}`, results[j]![k]!)));
    return combine(db, ranges, ranges.map((r) => byRange.get(`${r.tillId}:${r.fromSeq}`)!), keyFor, options);
  } finally {
    db.close();
  }
}
