// A replaced till's journal written back from the server (ADR 0011): each page checked
// before it is written — the sequence from this journal's head without a gap, each previous
// hash, each hash the SHA-256 of its entry, and the signatures under the keys the server
// registered (the last signed entry of each key in the page vouches for the ones before it,
// every one read only to name a bad one) — then its entries up to its last signed one
// (ADR 0015: entries come unsigned, a batch's end signed; vouchedEvents) written byte for
// byte with their postings, balances and customer-account movements, as appendEntry would
// have, and each signature the server holds kept as the entry's seal.
import type { SigningKey, SyncEvent } from '../../../shared/api/sync-schemas.ts';
import { accountKinds, type AccountKind, type AccountRef } from '../../../shared/domain/accounts.ts';
import { refuse, type Refusal } from '../../../shared/result.ts';
import { stmt, type Db } from '../db/connection.ts';
import { signedEntryHash, signedFormat, type JournalRow } from './journal.ts';
import { journalHead, postEntry } from './ledger.ts';
import { isValidSignature, publicKeyOf } from './signing.ts';
import { sealedRowsSql } from './seals.ts';

/** The key that signs `seq`, or null before the first mark. */
function keyAt(keys: readonly SigningKey[], seq: number): SigningKey | null {
  let found: SigningKey | null = null;
  for (const k of keys) if (k.fromSeq <= seq) found = k;
  return found;
}

/** An entry as the wire carries it, in the journal's columns that its hash covers. */
function hashedFieldsOf(e: SyncEvent) {
  return {
    till_id: e.tillId, seq: e.seq, id: e.id, type: e.type, created_at_ms: e.createdAtMs, user_id: e.userId,
    session_id: e.sessionId, payload: e.payload, prev_hash: e.prevHash, format: e.format,
  };
}

/**
 * The first problem of a page of the till's journal after `head`, or null. Entries before
 * the till signed (format 1, HMAC under the dead machine's journal key) cannot be checked
 * here: a journal holding them is not restored.
 */
export function restoredPageProblem(tillId: string, head: { seq: number; hash: string }, keys: readonly SigningKey[], events: readonly SyncEvent[]): Refusal | null {
  const bad = (e: { seq: number }, reason: string) => refuse('journal_restore_invalid', { tillId, seq: e.seq, reason });
  const lastSignedOfKey = new Map<SigningKey, number>();
  let previous = head;
  for (const [i, e] of events.entries()) {
    if (e.tillId !== tillId) return bad(e, `an entry of till ${e.tillId.slice(0, 40)}`);
    if (e.seq !== previous.seq + 1) return bad(e, `entry ${previous.seq + 1} expected`);
    if (e.prevHash !== previous.hash) return bad(e, 'its previous hash does not name the entry before it');
    const key = keyAt(keys, e.seq);
    if (e.format !== signedFormat || !key) return bad(e, 'an entry written before the till signed its journal cannot be verified on another machine');
    if (signedEntryHash(hashedFieldsOf(e)) !== e.hash) return bad(e, 'its hash is not the SHA-256 of the entry');
    if (e.signature !== null) lastSignedOfKey.set(key, i);
    previous = { seq: e.seq, hash: e.hash };
  }
  for (const [key, last] of lastSignedOfKey) {
    const publicKey = publicKeyOf(key.publicKey);
    if (publicKey && isValidSignature(publicKey, events[last]!.hash, events[last]!.signature)) continue;
    const first = events.slice(0, last + 1).find((e) => e.signature !== null && keyAt(keys, e.seq) === key && !(publicKey && isValidSignature(publicKey, e.hash, e.signature)))!;
    return bad(first, "its signature does not verify under the till's registered key");
  }
  return null;
}

/**
 * The entries of a checked page that a signature in it vouches for: up to its last signed
 * one (the server's batches each end signed; the entries after it wait for the next page).
 */
export function vouchedEvents(events: readonly SyncEvent[]): readonly SyncEvent[] {
  return events.slice(0, events.findLastIndex((e) => e.signature !== null) + 1);
}

/** An account as its id names it (`kind:…`, the till's ids hold no colon). */
export function accountOfId(id: string): AccountRef {
  const [kind, ...rest] = id.split(':') as [AccountKind, ...string[]];
  if (!(accountKinds as readonly string[]).includes(kind)) throw new Error(`account ${id} of an unknown kind`);
  const [a, b] = rest;
  const ref: AccountRef = { id, kind };
  if (kind === 'till' || kind === 'safe') Object.assign(ref, { tillId: a, methodId: b });
  else if (kind === 'rounding' || kind === 'variance') ref.tillId = a;
  else if (kind === 'revenue' || kind === 'vat') ref.rateBp = Number(a);
  else if (kind === 'voucher') ref.voucherId = rest.join(':');
  else ref.contactId = rest.join(':');
  return ref;
}

/** What a restored entry's customer-account movement links to, read from its payload. */
export interface RestoredLinks {
  orderId: string | null;
  refundId: string | null;
  reference: string;
  /** Per customer account, the payment method that moved it, when the payload says. */
  methods: Readonly<Record<string, string>>;
}

/**
 * Writes a checked page (restoredPageProblem) inside the caller's transaction: each entry as
 * the server holds it, its postings from its payload, the balances and the movements.
 */
export function writeRestoredEntries(db: Db, events: readonly SyncEvent[], currency: string, linksOf: (e: SyncEvent, payload: Record<string, unknown>) => RestoredLinks, nowMs: number): void {
  const insertEntry = stmt(
    db,
    `INSERT INTO journal (till_id, seq, id, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format, signature)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
  // the server merges an entry's own signature and its seal's: kept here as a seal (the row is written as a new till writes it)
  const insertSeal = stmt(db, 'INSERT INTO journal_seals (till_id, seq, signature, sealed_at_ms) VALUES (?, ?, ?, ?)');
  for (const e of events) {
    const head = journalHead(db, e.tillId);
    if (e.seq !== head.seq + 1 || e.prevHash !== head.hash) throw new Error(`restored entry ${e.seq} does not follow this journal's head ${head.seq}`);
    insertEntry.run(e.tillId, e.seq, e.id, e.type, e.createdAtMs, e.userId, e.sessionId, e.payload, e.prevHash, e.hash, e.format);
    if (e.signature !== null) insertSeal.run(e.tillId, e.seq, e.signature, nowMs);
    const payload = JSON.parse(e.payload) as Record<string, unknown> & { postings: [string, number][] };
    const postings = payload.postings.map(([accountId, amountMinor]) => ({ account: accountOfId(accountId), amountMinor }));
    postEntry(db, { ...e, currency }, postings, linksOf(e, payload));
  }
}

/** The entries of `tillId` this database holds from `fromSeq` on, as the wire carries them (a restored range read back). */
export function journalRowsFrom(db: Db, tillId: string, fromSeq: number, limit: number): JournalRow[] {
  return stmt(db, `${sealedRowsSql} WHERE j.till_id = ? AND j.seq >= ? ORDER BY j.seq LIMIT ?`).all(tillId, fromSeq, limit) as JournalRow[];
}
