// The journal format the tills write (src/main/ledger/journal.ts), for the
// server's own journal: the web shop's events are chained and hashed exactly like a till's,
// with the server's key. Canonical JSON is shared with the till (src/shared); the hashed
// text repeats the till's hashInput (the server imports only src/shared), and the history
// checks of sync/test verify a till's events with the till's own key through it.
import { createHmac } from 'node:crypto';

export const journalFormat = 1;
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
