// The journal format the tills write (src/main/ledger/journal.ts and canonical.ts), for the
// server's own journal: the web shop's events are chained and hashed exactly like a till's,
// with the server's key. The server imports only src/shared, so the two small pure functions
// are repeated here; journal.test.ts pins them to the till's bytes.
import { createHmac } from 'node:crypto';
import { assert } from '../../../src/shared/assert.ts';

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

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Canonical JSON: sorted keys, no whitespace, integers only — the same bytes every time. */
export function canonicalJson(value: Json): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      assert(Number.isSafeInteger(value), `canonical JSON carries integers only, got ${value}`);
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const parts: string[] = [];
      for (const key of Object.keys(value).sort()) {
        const v = value[key];
        assert(v !== undefined, `canonical JSON has no undefined (key ${key})`);
        parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`not JSON: ${typeof value}`);
  }
}
