// What every service method receives: the database, the till it runs on, an injected
// clock and id source (tests replace both), the configuration cache, the journal's signing
// key, the print hooks and the sync loop registered by their runtimes, and the logged-in
// actor. Nothing a till holds lives in module state: it is all here, per till.
import { hash, randomBytes } from 'node:crypto';
import { assert } from '../../shared/assert.ts';
import type { Permission, Role } from '../../shared/permissions.ts';
import { roleCan } from '../../shared/permissions.ts';
import type { Db } from './db/connection.ts';
import { configCacheOf, type ConfigCache } from './config.ts';
import { noPrintHooks, type PrintHooks } from './print-hooks.ts';
import { assertNoSigningMark, type JournalSigner } from './ledger/signing.ts';
import { JournalSealer } from './ledger/seals.ts';

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
   * The key the journal is signed with from the till's signing mark on (ADR 0007), loaded
   * by openTill; null for a journal that has no mark (tests, tools), whose entries are
   * HMAC-chained under journalKey.
   */
  signer: JournalSigner | null;
  /**
   * Where financial events hand their documents to the print queue: registered by the
   * printing runtime when it starts (printing/runtime.ts), queueing nothing before.
   */
  print: PrintHooks;
  /**
   * The sync loop of this till: registered by the sync client when it starts
   * (sync-client/runtime.ts), a loop that does nothing before (tests, tools). The ledger
   * pokes it after each entry, so that a sale is pushed at once, not at the next tick.
   */
  sync: SyncLoop;
  /**
   * Seals the journal's head just after a write commits (ADR 0015): the ledger pokes it
   * after each entry, and it signs once the current call has returned.
   */
  sealer: JournalSealer;
}

/** What a method may ask of the till's sync loop: a cycle as soon as the current one ends. */
export interface SyncLoop {
  poke(): void;
}

/** No sync loop runs: a poke is dropped. */
export const noSyncLoop: SyncLoop = Object.freeze({ poke: () => {} });

/**
 * A till's context on an open database: its configuration cache made, no printing or sync
 * until registered. Without a signer the journal must have no signing mark: entries past it
 * would go unsigned (a bug of the caller, not a refusal).
 */
export function createTillContext(fields: { db: Db; journalKey: Buffer; tillId: string; clock: Clock; ids: Ids; print?: PrintHooks; signer?: JournalSigner | null; log?: (message: string, error?: unknown) => void }): TillContext {
  const signer = fields.signer ?? null;
  if (signer) assert(signer.tillId === fields.tillId, `the journal of ${fields.tillId} is not signed with the key of ${signer.tillId}`);
  else assertNoSigningMark(fields.db);
  const context: Omit<TillContext, 'sealer'> = {
    db: fields.db,
    journalKey: fields.journalKey,
    tillId: fields.tillId,
    clock: fields.clock,
    ids: fields.ids,
    config: configCacheOf(fields.db),
    signer,
    print: fields.print ?? noPrintHooks,
    sync: noSyncLoop,
  };
  // the sealer reads the signer from the context when it runs: a restore gives the till a new one
  return Object.assign(context, { sealer: new JournalSealer(context, fields.log) });
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

/** Cryptographic random bytes one at a time, from a pool refilled by one randomBytes call. */
export function pooledBytes(poolBytes = 4096): () => number {
  let pool = randomBytes(poolBytes);
  let offset = 0;
  return () => {
    if (offset === pool.length) {
      pool = randomBytes(poolBytes);
      offset = 0;
    }
    return pool[offset++]!;
  };
}

/**
 * Uniform integers below `bound` (at most 256) from a pool of cryptographic random bytes,
 * by rejection (a byte past the last whole multiple of `bound` is drawn again: no bias).
 * crypto.randomInt costs ~0.6 µs a call, sixteen per barcode.
 */
export function pooledBelow(nextByte: () => number = pooledBytes()): (bound: number) => number {
  return (bound) => {
    const limit = 256 - (256 % bound);
    for (;;) {
      const byte = nextByte();
      if (byte < limit) return byte % bound;
    }
  };
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Monotonic ULIDs as the ulid package's monotonicFactory makes them — 10 characters of
 * milliseconds, 16 of 80 random bits; within one millisecond (or if the clock goes back)
 * the time is kept and the random part is the previous one plus one — but from pooled
 * bytes, the time encoded once per millisecond and the bits cut without a float per
 * character: ~0.5 µs an id against ~3 µs, a dozen ids a sale.
 */
export function monotonicUlids(nextByte: () => number = pooledBytes(), now: () => number = Date.now): () => string {
  let lastMs = -1;
  let timeText = '';
  const random = new Uint8Array(10);
  return () => {
    const ms = now();
    if (ms > lastMs) {
      lastMs = ms;
      timeText = encodeUlidTime(ms);
      for (let i = 0; i < random.length; i += 1) random[i] = nextByte();
    } else {
      incrementBytes(random);
    }
    return timeText + encodeUlidRandom(random);
  };
}

function encodeUlidTime(ms: number): string {
  let text = '';
  for (let i = 0, rest = ms; i < 10; i += 1, rest = Math.floor(rest / 32)) text = crockford[rest % 32]! + text;
  return text;
}

/** 80 bits, most significant first, as 16 characters of 5 bits. */
function encodeUlidRandom(bytes: Uint8Array): string {
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += crockford[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return text;
}

function incrementBytes(bytes: Uint8Array): void {
  for (let i = bytes.length - 1; i >= 0; i -= 1) {
    if (bytes[i] === 255) {
      bytes[i] = 0;
    } else {
      bytes[i]! += 1;
      return;
    }
  }
  throw new Error('ULID random part overflow within one millisecond');
}

export function randomIds(): Ids {
  const nextByte = pooledBytes();
  const ulid = monotonicUlids(nextByte);
  const below = pooledBelow(nextByte);
  const pick = (alphabet: string, length: number): string => {
    let text = '';
    for (let i = 0; i < length; i += 1) text += alphabet[below(alphabet.length)];
    return text;
  };
  return {
    ulid,
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
