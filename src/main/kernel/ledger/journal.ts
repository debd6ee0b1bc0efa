// The journal's chain, per till (NF525 inalterability, DESIGN C12; ADR 0007). Each entry's
// hash covers the previous entry's hash and the entry's canonical fields. Format 1 (the
// entries written before a till's signing mark): the hash is an HMAC-SHA256 under the
// journal key. Format 2 (from the mark on): the hash is a plain SHA-256 anyone can recompute,
// and the entry carries an Ed25519 signature of it by the till's signing key.
import { createHmac, hash as oneShotHash, type KeyObject } from 'node:crypto';

/** The HMAC format, of entries before the signing mark. */
export const journalFormat = 1;
/** The signed format: SHA-256 chain, each hash signed with the till's Ed25519 key. */
export const signedFormat = 2;
export const genesisHash = '0'.repeat(64);

/** The entry types and their payloads' schemas are shared with the server: src/shared/domain/events.ts. */
export { entryTypes, type EntryType } from '../../../shared/domain/events.ts';

export interface JournalRow {
  till_id: string;
  seq: number;
  id: string;
  type: string;
  created_at_ms: number;
  user_id: string;
  session_id: string | null;
  payload: string;
  prev_hash: string;
  hash: string;
  format: number;
  /** Ed25519 signature of the hash (base64url), on format 2 entries; null before the mark. */
  signature: string | null;
}

type HashedFields = Omit<JournalRow, 'hash' | 'signature'>;

/** The hashed text of an entry: every column but the hash and signature, in a fixed order. */
export function hashInput(row: HashedFields): string {
  return [
    row.format,
    row.till_id,
    row.seq,
    row.id,
    row.type,
    row.created_at_ms,
    row.user_id,
    row.session_id ?? '',
    row.prev_hash,
    row.payload,
  ].join('\n');
}

function hashHead(row: HashedFields): string {
  return `${row.format}\n${row.till_id}\n${row.seq}\n${row.id}\n${row.type}\n${row.created_at_ms}\n${row.user_id}\n${row.session_id ?? ''}\n${row.prev_hash}\n`;
}

/** A format 1 entry's hash: HMAC-SHA256 under the journal key. */
export function entryHash(key: Buffer | KeyObject, row: HashedFields): string {
  // the same bytes as hashInput(row), fed in two parts so the payload is not copied again
  return createHmac('sha256', key).update(hashHead(row)).update(row.payload).digest('hex');
}

/** A format 2 entry's hash: SHA-256 of the same text, recomputable without any secret. */
export function signedEntryHash(row: HashedFields): string {
  return oneShotHash('sha256', hashHead(row) + row.payload, 'hex');
}

/** The hash an entry must carry in its own format. */
export function expectedHash(key: Buffer | KeyObject, row: HashedFields): string {
  return row.format === signedFormat ? signedEntryHash(row) : entryHash(key, row);
}
