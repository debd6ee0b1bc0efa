// The journal formats the tills write (src/main/ledger/journal.ts, signing.ts; ADR 0007):
// format 1, HMAC-chained under a key only the till has (the server's own journal, the web
// shop's, is written so, with the server's key); format 2, from a till's signing mark on,
// SHA-256-chained and each hash signed with the till's Ed25519 key, which the server
// checks with the public key registered at enrolment. Canonical JSON is shared with the
// till (src/shared); the hashed text and the signed message repeat the till's (the server
// imports only src/shared), and the history checks of sync/test cross-check them.
import { createHmac, createPublicKey, hash as oneShotHash, verify, type KeyObject } from 'node:crypto';

export const journalFormat = 1;
export const signedFormat = 2;
export const genesisHash = '0'.repeat(64);
/** The till id of the server's own journal: the web shop's sales and settlements. */
export const webTillId = 'WEB';

export interface JournalFields {
  format: number;
  tillId: string;
  seq: number;
  id: string;
  type: string;
  createdAtMs: number;
  userId: string;
  sessionId: string | null;
  prevHash: string;
  payload: string;
}

/** The hashed text of an entry: every column but the hash, in a fixed order. */
export function hashInput(row: JournalFields): string {
  return [row.format, row.tillId, row.seq, row.id, row.type, row.createdAtMs, row.userId, row.sessionId ?? '', row.prevHash, row.payload].join('\n');
}

export function entryHash(key: Buffer, row: JournalFields): string {
  return createHmac('sha256', key).update(hashInput(row)).digest('hex');
}

export { canonicalJson, type Json } from '../../../src/shared/canonical-json.ts';

/** A format 2 event's hash: SHA-256 of the same text, recomputable by anyone. */
export function signedEntryHash(row: JournalFields): string {
  return oneShotHash('sha256', hashInput(row), 'hex');
}

/** What a till signs for an entry: its hash under a fixed label. */
export function signatureMessage(hash: string): Buffer {
  return Buffer.from(`guichet/journal/2\n${hash}`);
}

/** A registered public key (base64url of 32 bytes), or null when the text is not one. */
export function publicKeyOf(text: string): KeyObject | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
  } catch {
    return null;
  }
}

export function isValidSignature(publicKey: KeyObject, hash: string, signature: string | null): boolean {
  if (signature === null || !/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
  return verify(null, signatureMessage(hash), publicKey, Buffer.from(signature, 'base64url'));
}
