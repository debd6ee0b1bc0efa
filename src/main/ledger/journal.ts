// The journal's hash chain: each entry's HMAC-SHA256 covers the previous entry's hash
// and the entry's canonical fields, per till (NF525 inalterability, DESIGN C12).
import { createHmac, type KeyObject } from 'node:crypto';

export const journalFormat = 1;
export const genesisHash = '0'.repeat(64);

export const entryTypes = ['session_open', 'pay_in', 'pay_out', 'sale', 'refund', 'session_close', 'credit_fund', 'credit_payout', 'print', 'reprint', 'drawer_open', 'invoice_issued', 'payer_changed', 'deferred_settle'] as const;
export type EntryType = (typeof entryTypes)[number];

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
}

/** The hashed text of an entry: every column but the hash, in a fixed order. */
export function hashInput(row: Omit<JournalRow, 'hash'>): string {
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

export function entryHash(key: Buffer | KeyObject, row: Omit<JournalRow, 'hash'>): string {
  // the same bytes as hashInput(row), fed in two parts so the payload is not copied again
  const head = `${row.format}\n${row.till_id}\n${row.seq}\n${row.id}\n${row.type}\n${row.created_at_ms}\n${row.user_id}\n${row.session_id ?? ''}\n${row.prev_hash}\n`;
  return createHmac('sha256', key).update(head).update(row.payload).digest('hex');
}
