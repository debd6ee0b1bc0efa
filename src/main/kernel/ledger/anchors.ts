// The journal's end checked against heads kept outside the data folder (ADR 0007): the
// head printed on a Z report or a receipt (seq and the start of its hash, typed from the
// paper), and the head the ledger server acknowledged, with the signing keys it registered.
// A chain cannot see its own missing end, nor a history rewritten and signed again with the
// keys beside it; a head held elsewhere can.
import type { TillHead } from '../../../shared/api/sync-schemas.ts';
import type { Db } from '../db/connection.ts';
import type { VerifyProblem } from './verify.ts';
import { keyFingerprint } from './signing.ts';
import { signingKeysIn } from './verify-signatures.ts';

/** The fewest digits an auditor may type to compare a head. */
export const anchorHashDigitsMin = 8;

export interface JournalAnchor {
  source: 'z_report' | 'server';
  seq: number;
  /** The whole hash (server) or its first digits (paper). */
  hash: string;
}

const sourceText: Record<JournalAnchor['source'], string> = { z_report: 'the printed report', server: 'the ledger server' };

/** "57:3f9a1c0b7e2d4a61" (or the whole printed line, "Journal 57:3f9a…") as typed from a Z report, or null. */
export function parseAnchor(text: string): { seq: number; hash: string } | null {
  const match = /^\s*(?:journal\s+)?(?:n°\s*)?(\d{1,15})\s*[:·]\s*([0-9a-fA-F]+)\s*$/i.exec(text);
  if (!match || match[2]!.length < anchorHashDigitsMin || match[2]!.length > 64) return null;
  return { seq: Number(match[1]), hash: match[2]!.toLowerCase() };
}

/** The journal holds, at the anchor's seq, the entry the anchor names. */
export function anchorProblem(db: Db, tillId: string, anchor: JournalAnchor): VerifyProblem | null {
  const row = db.prepare('SELECT id, hash FROM journal WHERE till_id = ? AND seq = ?').get(tillId, anchor.seq) as { id: string; hash: string } | undefined;
  if (!row) {
    const head = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM journal WHERE till_id = ?').get(tillId) as { seq: number }).seq;
    if (head < anchor.seq) {
      return { reason: 'behind_anchor', tillId, seq: anchor.seq, entryId: null, detail: `the journal ends at entry ${head}, ${sourceText[anchor.source]} shows entry ${anchor.seq}: ${anchor.seq - head} entries were cut from its end` };
    }
    return { reason: 'anchor_mismatch', tillId, seq: anchor.seq, entryId: null, detail: `entry ${anchor.seq}, which ${sourceText[anchor.source]} shows, is not in the journal` };
  }
  if (row.hash.startsWith(anchor.hash)) return null;
  return {
    reason: 'anchor_mismatch',
    tillId,
    seq: anchor.seq,
    entryId: row.id,
    detail: `entry ${anchor.seq} has the hash ${row.hash.slice(0, anchor.hash.length)}, ${sourceText[anchor.source]} shows ${anchor.hash}: the history up to it was rewritten and signed again`,
  };
}

/**
 * The journal's signing keys against the server's: every key the server registered is in
 * the journal with the same first entry, and every key of the journal that signs entries
 * the server holds is registered there.
 */
export function serverKeysProblem(db: Db, server: TillHead): VerifyProblem | null {
  const local = signingKeysIn(db, server.tillId).map((k) => ({ fromSeq: k.from_seq, publicKey: k.public_key }));
  const same = (a: { fromSeq: number; publicKey: string }) => (b: { fromSeq: number; publicKey: string }) => a.fromSeq === b.fromSeq && a.publicKey === b.publicKey;
  const missing = server.signingKeys.find((k) => !local.some(same(k)));
  const unknown = local.find((k) => k.fromSeq <= server.head.seq && !server.signingKeys.some(same(k)));
  const culprit = missing ?? unknown;
  if (!culprit) return null;
  const detail = missing
    ? `the server registered the key ${keyFingerprint(missing.publicKey)} from entry ${missing.fromSeq}, the journal does not have it: its entries were signed again with another key or left unsigned`
    : `the journal's key ${keyFingerprint(unknown!.publicKey)} signs from entry ${unknown!.fromSeq}, which the server holds, but the server never registered it`;
  return { reason: 'key_mismatch', tillId: server.tillId, seq: culprit.fromSeq, entryId: null, detail };
}

/** The server's head and keys, in the order an auditor reads them: keys first, then the head. */
export function serverHeadProblem(db: Db, server: TillHead): VerifyProblem | null {
  return serverKeysProblem(db, server) ?? (server.head.seq === 0 ? null : anchorProblem(db, server.tillId, { source: 'server', seq: server.head.seq, hash: server.head.hash }));
}
