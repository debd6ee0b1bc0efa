// The signatures of a till's signed entries (format 2, ADR 0007), checked where they seal
// the chain: each entry's SHA-256 covers the one before, so a key's last signature (an
// entry's own, before ADR 0015, or its seal's) vouches for every entry up to it. The first
// signature of each key is checked too, to tell a wrong key (none verifies) from an altered
// entry; only when a check fails are the signatures read one by one to name the first bad
// entry. Entries after the till's last seal are its unsealed tail: no signature vouches for
// them yet (a kill -9 between a write and its seal leaves one), reported, not an error;
// their hashes are checked as every other.
import { type KeyObject } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import type { JournalRow } from './journal.ts';
import { signingKeysOf, type SigningKeyRow } from './keys.ts';
import { hasSealTable, sealedRowsSql, unsealedTailOf, type UnsealedTail } from './seals.ts';
import { isValidSignature, keyFingerprint, publicKeyOf } from './signing.ts';

interface SignatureProblem {
  reason: 'wrong_key' | 'signature_invalid';
  tillId: string;
  seq: number;
  entryId: string;
  detail: string;
}

function hasSigningKeys(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal_signing_keys'").get() !== undefined;
}

/** The till's signing keys as the database lists them (none before migration 010). */
export function signingKeysIn(db: Db, tillId: string): SigningKeyRow[] {
  return hasSigningKeys(db) ? signingKeysOf(db, tillId) : [];
}

/** The first seq that must be signed: the first key's mark (never, without a key). */
export function signingMarkOf(db: Db, tillId: string): number {
  return signingKeysIn(db, tillId)[0]?.from_seq ?? Number.POSITIVE_INFINITY;
}

/** Each key with the seqs it signs, up to the till's head. */
function keyRanges(keys: readonly SigningKeyRow[], headSeq: number): { fromSeq: number; toSeq: number; publicKey: string }[] {
  return keys
    .map((k, i) => ({ fromSeq: k.from_seq, toSeq: Math.min(headSeq, (keys[i + 1]?.from_seq ?? headSeq + 1) - 1), publicKey: k.public_key }))
    .filter((r) => r.fromSeq <= r.toSeq);
}

/** The signed rows of a till's range, with their signature (row's or seal's), in chain order or reversed. */
function signedRowsSql(db: Db, order: 'ASC' | 'DESC'): string {
  const rows = hasSealTable(db) ? sealedRowsSql : 'SELECT j.* FROM journal j';
  return `${rows} WHERE j.till_id = ? AND j.seq BETWEEN ? AND ? AND ${hasSealTable(db) ? 'COALESCE(j.signature, s.signature)' : 'j.signature'} IS NOT NULL ORDER BY j.seq ${order}`;
}

/** The first problem with the signatures of the tills scanned (their chains verified). */
export function signatureProblem(db: Db, tills: readonly { tillId: string; headSeq: number }[]): SignatureProblem | null {
  const firstSigned = db.prepare(`${signedRowsSql(db, 'ASC')} LIMIT 4`);
  const lastSigned = db.prepare(`${signedRowsSql(db, 'DESC')} LIMIT 1`);
  for (const till of tills) {
    for (const range of keyRanges(signingKeysIn(db, till.tillId), till.headSeq)) {
      const key = publicKeyOf(range.publicKey);
      const fingerprint = keyFingerprint(range.publicKey);
      const valid = (row: JournalRow) => key !== null && isValidSignature(key, row.hash, row.signature);
      // a range with no signature at all (its entries all unsealed) has nothing to check here
      const first = firstSigned.all(till.tillId, range.fromSeq, range.toSeq) as JournalRow[];
      if (first.length === 0) continue;
      if (!first.some(valid)) {
        return { reason: 'wrong_key', tillId: till.tillId, seq: first[0]!.seq, entryId: first[0]!.id, detail: `the signed entries do not verify under the public key ${fingerprint} at all: they were signed with another key` };
      }
      if (valid(first[0]!) && valid(lastSigned.get(till.tillId, range.fromSeq, range.toSeq) as JournalRow)) continue;
      const bad = firstBadSignature(db, till.tillId, range, key);
      if (bad) return { reason: 'signature_invalid', tillId: till.tillId, seq: bad.seq, entryId: bad.id, detail: `the signature does not verify under the till's key ${fingerprint}: the entry was altered or signed by someone else` };
    }
  }
  return null;
}

function firstBadSignature(db: Db, tillId: string, range: { fromSeq: number; toSeq: number }, key: KeyObject | null): JournalRow | null {
  const rows = db.prepare(signedRowsSql(db, 'ASC')).iterate(tillId, range.fromSeq, range.toSeq) as IterableIterator<JournalRow>;
  for (const row of rows) if (key === null || !isValidSignature(key, row.hash, row.signature)) return row;
  return null;
}

/** Each till's entries after its last seal, from its signing mark on (none before migration 016 or without a key). */
export function unsealedTails(db: Db, tills: readonly { tillId: string }[]): UnsealedTail[] {
  if (!hasSealTable(db)) return [];
  return tills.flatMap((t) => {
    const mark = signingMarkOf(db, t.tillId);
    const tail = Number.isFinite(mark) ? unsealedTailOf(db, t.tillId, mark) : null;
    return tail ? [tail] : [];
  });
}
