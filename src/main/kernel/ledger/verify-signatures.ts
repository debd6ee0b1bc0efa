// The signatures of a till's signed entries (format 2, ADR 0007), checked where they seal
// the chain: each entry's SHA-256 covers the one before, so the signature of a key's last
// entry vouches for every entry up to it. The first entry of each key is checked too, to
// tell a wrong key (none verifies) from an altered entry; only when a check fails are the
// signatures read one by one to name the first bad entry.
import { type KeyObject } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import type { JournalRow } from './journal.ts';
import { signingKeysOf, type SigningKeyRow } from './keys.ts';
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

/** The first problem with the signatures of the tills scanned (their chains verified). */
export function signatureProblem(db: Db, tills: readonly { tillId: string; headSeq: number }[]): SignatureProblem | null {
  const rowAt = db.prepare('SELECT * FROM journal WHERE till_id = ? AND seq = ?');
  for (const till of tills) {
    for (const range of keyRanges(signingKeysIn(db, till.tillId), till.headSeq)) {
      const key = publicKeyOf(range.publicKey);
      const fingerprint = keyFingerprint(range.publicKey);
      const valid = (seq: number) => {
        const row = rowAt.get(till.tillId, seq) as JournalRow;
        return key !== null && isValidSignature(key, row.hash, row.signature);
      };
      if (!valid(range.fromSeq) && !validAfter(range, valid)) {
        const row = rowAt.get(till.tillId, range.fromSeq) as JournalRow;
        return { reason: 'wrong_key', tillId: till.tillId, seq: range.fromSeq, entryId: row.id, detail: `the signed entries do not verify under the public key ${fingerprint} at all: they were signed with another key` };
      }
      if (valid(range.fromSeq) && valid(range.toSeq)) continue;
      const bad = firstBadSignature(db, till.tillId, range, key);
      if (bad) return { reason: 'signature_invalid', tillId: till.tillId, seq: bad.seq, entryId: bad.id, detail: `the signature does not verify under the till's key ${fingerprint}: the entry was altered or signed by someone else` };
    }
  }
  return null;
}

/** One of the next three signed entries verifies: the first one was altered, the key is right. */
function validAfter(range: { fromSeq: number; toSeq: number }, valid: (seq: number) => boolean): boolean {
  for (let seq = range.fromSeq + 1; seq <= Math.min(range.toSeq, range.fromSeq + 3); seq += 1) if (valid(seq)) return true;
  return false;
}

function firstBadSignature(db: Db, tillId: string, range: { fromSeq: number; toSeq: number }, key: KeyObject | null): JournalRow | null {
  const rows = db.prepare('SELECT * FROM journal WHERE till_id = ? AND seq BETWEEN ? AND ? ORDER BY seq').iterate(tillId, range.fromSeq, range.toSeq) as IterableIterator<JournalRow>;
  for (const row of rows) if (key === null || !isValidSignature(key, row.hash, row.signature)) return row;
  return null;
}
