// What every request handler of the ledger server works with: the store, the clock, the
// server's own journal key (the web shop's events are chained like a till's) and a log.
import type { Db } from './store/store.ts';

export interface Clock {
  nowMs(): number;
}

export interface ServerContext {
  db: Db;
  clock: Clock;
  /** HMAC key of the server's own journal (till WEB). */
  journalKey: Buffer;
  log: (message: string) => void;
}

export const systemClock: Clock = { nowMs: () => Date.now() };
