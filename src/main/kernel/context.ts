// What every service method receives: the database, the till it runs on, an injected
// clock and id source (tests replace both), the configuration cache, the print hooks, and
// the logged-in actor.
import { hash, randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { Permission, Role } from '../../shared/permissions.ts';
import { roleCan } from '../../shared/permissions.ts';
import type { Db } from './db/connection.ts';
import { configCacheOf, type ConfigCache } from './config.ts';
import { noPrintHooks, type PrintHooks } from './print-hooks.ts';

export interface Clock {
  nowMs(): number;
}

export interface Ids {
  ulid(): string;
  /** A ticket's access-control value: 16 digits, first digit non-zero. */
  barcode(): string;
  /** A gift voucher's code, easy to read out and type: GV-XXXX-XXXX. */
  voucherCode(): string;
  /** A login session's bearer token. */
  token(): string;
}

export interface TillContext {
  db: Db;
  journalKey: Buffer;
  tillId: string;
  clock: Clock;
  ids: Ids;
  /** The institution, tills, methods and catalogue, read once per change (config.ts). */
  config: ConfigCache;
  /**
   * Where financial events hand their documents to the print queue: registered by the
   * printing runtime when it starts (printing/runtime.ts), queueing nothing before.
   */
  print: PrintHooks;
  /**
   * The sync loop of this till: registered by the sync client when it starts
   * (sync-client/runtime.ts), a loop that does nothing before (tests, tools).
   */
  sync: SyncLoop;
}

/** What a method may ask of the till's sync loop: a cycle as soon as the current one ends. */
export interface SyncLoop {
  poke(): void;
}

/** No sync loop runs: a poke is dropped. */
export const noSyncLoop: SyncLoop = Object.freeze({ poke: () => {} });

/** A till's context on an open database: its configuration cache made, no printing until registered. */
export function createTillContext(fields: { db: Db; journalKey: Buffer; tillId: string; clock: Clock; ids: Ids; print?: PrintHooks }): TillContext {
  return { db: fields.db, journalKey: fields.journalKey, tillId: fields.tillId, clock: fields.clock, ids: fields.ids, config: configCacheOf(fields.db), print: fields.print ?? noPrintHooks, sync: noSyncLoop };
}

export interface Actor {
  userId: string;
  name: string;
  role: Role;
  tokenHash: string;
}

export interface Ctx extends TillContext {
  actor: Actor;
}

export function can(actor: Actor, permission: Permission): boolean {
  return roleCan(actor.role, permission);
}

export const systemClock: Clock = { nowMs: () => Date.now() };

const voucherAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no I, O, 0, 1

/**
 * A cryptographic PRNG in [0, 1) drawn from a pool of random bytes: `ulid`'s default calls
 * crypto.getRandomValues once per character (16 calls, ~85 µs per fresh millisecond).
 */
export function pooledRandom(poolBytes = 4096): () => number {
  let pool = randomBytes(poolBytes);
  let offset = 0;
  return () => {
    if (offset + 4 > pool.length) {
      pool = randomBytes(poolBytes);
      offset = 0;
    }
    const value = pool.readUInt32LE(offset) / 2 ** 32;
    offset += 4;
    return value;
  };
}

/**
 * Uniform integers below `bound` (at most 256) from a pool of cryptographic random bytes,
 * by rejection (a byte past the last whole multiple of `bound` is drawn again: no bias).
 * crypto.randomInt costs ~0.6 µs a call, sixteen per barcode.
 */
export function pooledBelow(poolBytes = 4096): (bound: number) => number {
  let pool = randomBytes(poolBytes);
  let offset = 0;
  return (bound) => {
    const limit = 256 - (256 % bound);
    for (;;) {
      if (offset === pool.length) {
        pool = randomBytes(poolBytes);
        offset = 0;
      }
      const byte = pool[offset++]!;
      if (byte < limit) return byte % bound;
    }
  };
}

export function randomIds(): Ids {
  const ulid = monotonicFactory(pooledRandom());
  const below = pooledBelow();
  const pick = (alphabet: string, length: number): string => {
    let text = '';
    for (let i = 0; i < length; i += 1) text += alphabet[below(alphabet.length)];
    return text;
  };
  return {
    ulid: () => ulid(),
    barcode: () => String(1 + below(9)) + pick('0123456789', 15),
    voucherCode: () => {
      const chars = pick(voucherAlphabet, 8);
      return `GV-${chars.slice(0, 4)}-${chars.slice(4)}`;
    },
    token: () => randomBytes(32).toString('base64url'),
  };
}

/**
 * SHA-256 in hex, by Node's one-shot `crypto.hash` (Node ≥ 20.12; engines asks ≥ 20.19):
 * unlike createHash it leaves no Hash object, each of which is a weak handle that every
 * minor GC must visit (two per sale).
 */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
