// The journal's head a document prints (ADR 0007): the seq and the first digits of the hash
// of the entry that recorded it — a sale's, a refund's, the Z's closing — so that an
// auditor can compare the journal's end with the paper (verify-journal --z-head SEQ:HASH).
import { stmt, type Db } from '../../kernel/db/connection.ts';
import type { DocumentWriter } from '../escpos/writer.ts';
import type { Words } from './render-context.ts';

/** How many hex digits of the hash are printed: 64 bits, short enough to type. */
export const printedHashDigits = 16;

export interface JournalHeadRef {
  seq: number;
  /** The first printedHashDigits digits of the entry's hash. */
  hash: string;
}

export function journalHeadOf(db: Db, entryId: string): JournalHeadRef | null {
  const row = stmt(db, 'SELECT seq, hash FROM journal WHERE id = ?').get(entryId) as { seq: number; hash: string } | undefined;
  return row ? { seq: row.seq, hash: row.hash.slice(0, printedHashDigits) } : null;
}

/** The head of the journal at a Z: its closing entry. */
export function zJournalHeadOf(db: Db, tillId: string, zNumber: number): JournalHeadRef | null {
  const row = stmt(db, 'SELECT entry_id FROM session_closings WHERE till_id = ? AND z_number = ?').get(tillId, zNumber) as { entry_id: string } | undefined;
  return row ? journalHeadOf(db, row.entry_id) : null;
}

/** One small centred line; none for a document without an entry (a sample, an X). */
export function writeJournalHead(w: DocumentWriter, words: Words, head: JournalHeadRef | null | undefined): void {
  if (!head) return;
  w.line(words.t('journalHead', { seq: head.seq, hash: head.hash }), { align: 'center' });
}
