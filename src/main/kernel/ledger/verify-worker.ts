// A worker thread of the parallel verifier: scans its ranges of the chain on its own
// read-only connection and posts back what it found.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { scanChain, type ChainRange, type ChainScan } from './verify.ts';

export interface WorkerJob {
  file: string;
  ranges: (ChainRange & { keyHex: string })[];
}

const job = workerData as WorkerJob;
const db = new Database(job.file, { readonly: true, fileMustExist: true });
const scans: ChainScan[] = job.ranges.map((range) => scanChain(db, () => Buffer.from(range.keyHex, 'hex'), range));
db.close();
parentPort!.postMessage(scans);
