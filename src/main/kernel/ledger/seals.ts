// The journal's seals (ADR 0015): the till's Ed25519 signature of one entry's hash, written
// after the entry's transaction has committed rather than inside it. Each hash covers the
// one before, so a seal vouches for every entry up to it. An entry's signature, wherever it
// is read (sync, restore, verifier), is its row's own (entries written before 0015) or its
// seal's. The sealer seals the head just after a write, off the caller's path; openTill
// seals the tail a crash left unsealed once it has checked it; the sync client seals the
// last event of a batch before sending it.
import { stmt, type Db } from '../db/connection.ts';
import type { TillContext } from '../context.ts';
import { expectedHash, genesisHash, signedFormat, type JournalRow } from './journal.ts';
import type { JournalSigner } from './signing.ts';
import { createSecretKey } from 'node:crypto';

/** An entry's signature, its row's or its seal's: select it `AS signature` FROM journal j with sealJoin. */
export const signatureOf = 'COALESCE(j.signature, s.signature)';
export const sealJoin = 'LEFT JOIN journal_seals s ON s.till_id = j.till_id AND s.seq = j.seq';

/** Journal rows with their signature, row's or seal's, as the wire and the verifier read them. */
export const sealedRowsSql = `SELECT j.till_id, j.seq, j.id, j.type, j.created_at_ms, j.user_id, j.session_id, j.payload, j.prev_hash, j.hash, j.format, ${signatureOf} AS signature FROM journal j ${sealJoin}`;

/** A database written before migration 016 (a file given to the verifier) has no seals. */
export function hasSealTable(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal_seals'").get() !== undefined;
}

/**
 * Seals the entry at `seq` with the till's key, in the caller's transaction; idempotent
 * (an entry already signed or sealed is left as it is). False when this key cannot: the
 * entry is before its mark (another key's, or HMAC), or not there.
 */
export function sealEntry(db: Db, signer: JournalSigner, seq: number, nowMs: number): boolean {
  if (seq < signer.fromSeq) return false;
  const row = stmt(db, `SELECT j.hash, j.format, ${signatureOf} AS signature FROM journal j ${sealJoin} WHERE j.till_id = ? AND j.seq = ?`).get(signer.tillId, seq) as
    | { hash: string; format: number; signature: string | null }
    | undefined;
  // an entry in the HMAC format past the mark was rewritten outside the till: not sealed (the verifier names it)
  if (!row || row.format !== signedFormat) return false;
  if (row.signature !== null) return true;
  stmt(db, 'INSERT OR IGNORE INTO journal_seals (till_id, seq, signature, sealed_at_ms) VALUES (?, ?, ?, ?)').run(signer.tillId, seq, signer.sign(row.hash), nowMs);
  return true;
}

/** The last entry of the till that carries a signature (its own or a seal), or 0. */
export function lastSealedSeq(db: Db, tillId: string): number {
  const sealed = stmt(db, 'SELECT MAX(seq) AS seq FROM journal_seals WHERE till_id = ?').get(tillId) as { seq: number | null };
  // rows signed in the journal itself are all older than any seal written here: read them
  // (a short backwards scan of the unsealed tail) only when no seal is above them
  const signed = stmt(db, 'SELECT seq FROM journal WHERE till_id = ? AND seq > ? AND signature IS NOT NULL ORDER BY seq DESC LIMIT 1').get(tillId, sealed.seq ?? 0) as
    | { seq: number }
    | undefined;
  return signed?.seq ?? sealed.seq ?? 0;
}

/** The entries after the till's last seal, from its signing mark on: what no signature vouches for yet. */
export interface UnsealedTail {
  tillId: string;
  count: number;
  fromSeq: number;
  toSeq: number;
}

export function unsealedTailOf(db: Db, tillId: string, markSeq: number): UnsealedTail | null {
  const head = (stmt(db, 'SELECT COALESCE(MAX(seq), 0) AS seq FROM journal WHERE till_id = ?').get(tillId) as { seq: number }).seq;
  // nothing past the mark (a journal written before the till had a key): no backwards scan for a signature
  if (head < markSeq) return null;
  const fromSeq = Math.max(lastSealedSeq(db, tillId) + 1, markSeq);
  return fromSeq <= head ? { tillId, count: head - fromSeq + 1, fromSeq, toSeq: head } : null;
}

/**
 * The unsealed tail's first broken entry, or null: every hash recomputed and chained to
 * the last sealed entry (openTill seals a tail only once it has checked it this way).
 */
export function brokenTailEntry(db: Db, tillId: string, journalKey: Buffer): JournalRow | null {
  const from = lastSealedSeq(db, tillId);
  const before = stmt(db, 'SELECT hash FROM journal WHERE till_id = ? AND seq = ?').get(tillId, from) as { hash: string } | undefined;
  let previous = { seq: from, hash: before?.hash ?? genesisHash };
  const key = createSecretKey(journalKey);
  for (const row of stmt(db, 'SELECT * FROM journal WHERE till_id = ? AND seq > ? ORDER BY seq').iterate(tillId, from) as IterableIterator<JournalRow>) {
    if (row.seq !== previous.seq + 1 || row.prev_hash !== previous.hash || expectedHash(key, row) !== row.hash) return row;
    previous = { seq: row.seq, hash: row.hash };
  }
  return null;
}

/** What the sealer needs of the till; read when it runs (a restore gives the till a new signer). */
export type SealedTill = Pick<TillContext, 'db' | 'tillId' | 'signer' | 'clock'>;

/**
 * Seals the journal's head soon after a write, in its own small transaction: poked by
 * appendEntry inside the write's transaction, it runs once the current call has returned
 * (setImmediate), so that a burst of writes in one turn of the event loop gets one seal.
 */
export class JournalSealer {
  private pending: NodeJS.Immediate | null = null;
  /** Seals written since the till opened (the bench reports it). */
  sealsWritten = 0;
  /**
   * The first entry of a tail found broken at start: nothing from it on is sealed, so that
   * the till's key never vouches for a chain that does not verify (verify-journal names it).
   */
  brokenFromSeq: number | null = null;

  constructor(private readonly till: SealedTill, private readonly log: (message: string, error?: unknown) => void = () => {}) {}

  poke(): void {
    if (this.pending || !this.till.signer) return;
    this.pending = setImmediate(() => {
      this.pending = null;
      this.sealHead();
    });
  }

  /** Seals the head if it is unsealed; the seq sealed, or null. A closed database is left alone. */
  sealHead(): number | null {
    const { db } = this.till;
    if (!db.open || db.inTransaction) return null;
    const head = stmt(db, `SELECT j.seq, ${signatureOf} AS signature FROM journal j ${sealJoin} WHERE j.till_id = ? ORDER BY j.seq DESC LIMIT 1`).get(this.till.tillId) as
      | { seq: number; signature: string | null }
      | undefined;
    if (!head || head.signature !== null) return null;
    return this.seal(head.seq) ? head.seq : null;
  }

  /**
   * Seals the entry at `seq` in its own transaction (idempotent); false when the till's key
   * cannot (no key, an entry before its mark, a broken tail) or the write failed: the next
   * write, start or push seals again, so a failed seal loses nothing.
   */
  seal(seq: number): boolean {
    const { db, signer } = this.till;
    if (!signer || !db.open || db.inTransaction || (this.brokenFromSeq !== null && seq >= this.brokenFromSeq)) return false;
    // a seal need not wait for the disk as the entries do: one lost to a power cut is written
    // again at the next start, after its tail is checked (the next FULL commit syncs it anyway)
    const synchronous = db.pragma('synchronous', { simple: true }) as number;
    db.pragma('synchronous = NORMAL');
    try {
      const isNew = db.transaction(() => {
        const before = stmt(db, 'SELECT 1 FROM journal_seals WHERE till_id = ? AND seq = ?').get(signer.tillId, seq) !== undefined;
        return sealEntry(db, signer, seq, this.till.clock.nowMs()) ? !before : null;
      }).immediate();
      if (isNew) this.sealsWritten += 1;
      return isNew !== null;
    } catch (error) {
      this.log(`journal entry ${seq} could not be sealed now`, error);
      return false;
    } finally {
      db.pragma(`synchronous = ${synchronous}`);
    }
  }

  stop(): void {
    if (this.pending) clearImmediate(this.pending);
    this.pending = null;
  }
}

/**
 * At start (openTill): the tail a crash left unsealed is checked and its head sealed. A
 * tail that does not verify is not sealed (the verifier names its entry): logged, and the
 * seq returned so the caller may say so.
 */
export function sealTailAtStart(db: Db, till: { tillId: string; journalKey: Buffer; signer: JournalSigner; nowMs: number }): { sealedSeq: number | null; brokenSeq: number | null } {
  const tail = unsealedTailOf(db, till.tillId, till.signer.fromSeq);
  if (!tail) return { sealedSeq: null, brokenSeq: null };
  const broken = brokenTailEntry(db, till.tillId, till.journalKey);
  if (broken) return { sealedSeq: null, brokenSeq: broken.seq };
  const sealed = db.transaction(() => sealEntry(db, till.signer, tail.toSeq, till.nowMs)).immediate();
  return { sealedSeq: sealed ? tail.toSeq : null, brokenSeq: null };
}
