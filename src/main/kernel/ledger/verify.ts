// Verifies the journal: gapless sequence and hash chain per till, every row's hash (HMAC
// before the signing mark, SHA-256 from it on) and the signatures that seal them,
// postings that match what each entry hashed, nothing pointing at a missing entry, and
// balances that equal the sum of their postings. Names the first bad entry; says "wrong
// key" when the first entry does not verify under the key at all. Reports each till's
// unsealed tail (entries after its last seal, ADR 0015): not an error.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { stmt, type Db } from '../db/connection.ts';
import { entryHash, expectedHash, genesisHash, journalFormat, signedFormat, type JournalRow } from './journal.ts';
import { auditChainProblem, auditKeyFits } from '../audit-chain.ts';
import { signatureProblem, signingMarkOf, unsealedTails } from './verify-signatures.ts';
import type { UnsealedTail } from './seals.ts';
import { alteredRow, missingOrDanglingRow } from './verify-rows.ts';
import { restoredRangesOf } from '../till-identity.ts';

export type VerifyProblemReason =
  | 'sequence_gap' // a row is missing (deleted) or rows were renumbered
  | 'chain_broken' // prev_hash does not name the previous row's hash (reordered or replaced)
  | 'hash_mismatch' // the row's content was edited after it was written
  | 'postings_mismatch' // the postings table disagrees with what the entry hashed
  | 'dangling_reference' // a posting, order or refund points at a journal row that is gone
  | 'row_missing' // the order, refund, session or cash movement an entry wrote is gone
  | 'row_altered' // such a row differs from what its entry sealed (deep check; Z reports always)
  | 'balance_mismatch' // a materialised balance differs from the sum of its postings
  | 'audit_chain_broken' // an audit row edited, deleted, reordered or written outside its chain
  | 'wrong_key' // the first entry (or audit seal) does not verify under the key given at all: not an alteration
  | 'format_mismatch' // an entry in the HMAC format past the signing mark, or signed before it
  | 'signature_invalid' // a signed entry whose signature does not verify under the till's public key
  | 'behind_anchor' // the journal ends before a head printed on a Z report or held by the server: its end was cut
  | 'anchor_mismatch' // the entry at such a head differs from it: the history was rewritten and signed again
  | 'key_mismatch'; // the journal's signing keys are not those the server registered for the till

export interface VerifyProblem {
  reason: VerifyProblemReason;
  tillId: string | null;
  seq: number | null;
  entryId: string | null;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  tills: { tillId: string; entries: number; headSeq: number; headHash: string }[];
  problem: VerifyProblem | null;
  /**
   * The ranges restored from the ledger server on a replacement machine (ADR 0011): their
   * entries verify as any other; the rows beside them were rebuilt from the entries, so a
   * Z report's text and an invoice's document, which only the dead machine held, are not
   * there to check.
   */
  restored: { tillId: string; fromSeq: number; toSeq: number; restoredAtMs: number }[];
  /**
   * Per till, the entries after its last seal (ADR 0015): their hashes verified, but no
   * signature vouches for them yet — a kill -9 between a write and its seal leaves one, and
   * the next start seals it. Not an error; a long one deserves a look (seals removed).
   */
  unsealed: UnsealedTail[];
}

/**
 * One scan in chain order; each row brings its postings as the JSON array the ledger
 * hashed ([[account, amount], …] sorted by account), aggregated in the order of the
 * postings primary key (entry, account), so comparing them is a substring test, not a
 * query per entry. Should SQLite ever aggregate in another order, a mismatch is read
 * again with an explicit ORDER BY before it is reported.
 */
const scanSql = `
  SELECT j.till_id, j.seq, j.id, j.type, j.created_at_ms, j.user_id, j.session_id, j.payload, j.prev_hash, j.hash, j.format, j.signature,
         (SELECT json_group_array(json_array(account_id, amount_minor)) FROM postings WHERE entry_id = j.id) AS postings
  FROM journal j ORDER BY j.till_id, j.seq`;

const orderedPostingsSql = `
  SELECT json_group_array(json_array(account_id, amount_minor))
  FROM (SELECT account_id, amount_minor FROM postings WHERE entry_id = ? ORDER BY account_id)`;

const rangeSql = scanSql.replace('FROM journal j ORDER BY', 'FROM journal j WHERE j.till_id = @tillId AND j.seq BETWEEN @fromSeq AND @toSeq ORDER BY');

type ScannedRow = JournalRow & { postings: string };

/** "[]" → 0, "[[…]]" → 1, "[[…],[…]]" → 2: account ids hold no brackets. */
function countPostings(json: string): number {
  if (json === '[]') return 0;
  let count = 1;
  for (let i = json.indexOf('],['); i !== -1; i = json.indexOf('],[', i + 3)) count += 1;
  return count;
}

/** Postings on customer accounts (credit, deferred): each has its account_movements row. */
function countCustomerPostings(json: string): number {
  let count = 0;
  for (const prefix of ['["credit:', '["deferred:']) {
    for (let i = json.indexOf(prefix); i !== -1; i = json.indexOf(prefix, i + prefix.length)) count += 1;
  }
  return count;
}

function payloadHasPostings(payload: string, postings: string): boolean {
  const hashed = `"postings":${postings}`;
  return payload.includes(`${hashed},`) || payload.endsWith(`${hashed}}`);
}

/** A stretch of one till's chain: seq from..to inclusive. */
export interface ChainRange {
  tillId: string;
  fromSeq: number;
  toSeq: number;
}

/** What a scan of entries in chain order found; a range scan leaves its first link to the caller. */
export interface ChainScan {
  problem: VerifyProblem | null;
  entries: number;
  postingsSeen: number;
  customerPostingsSeen: number;
  entriesByType: Record<string, number>;
  tills: VerifyReport['tills'];
  /** seq and prev_hash of the first row scanned (a range's link to the range before it). */
  firstSeq: number | null;
  firstPrevHash: string | null;
}

function problemAt(reason: VerifyProblemReason, row: JournalRow, detail: string): VerifyProblem {
  return { reason, tillId: row.till_id, seq: row.seq, entryId: row.id, detail };
}

/**
 * Scans the whole journal, or one range of it, in chain order: sequence, chain, HMAC and
 * postings of every entry, stopping at the first bad one. A range that does not start at
 * seq 1 takes its first prev_hash on trust and reports it, for the caller to link.
 */
export function scanChain(db: Db, keyFor: (tillId: string) => Buffer, range?: ChainRange): ChainScan {
  const scan: ChainScan = { problem: null, entries: 0, postingsSeen: 0, customerPostingsSeen: 0, entriesByType: {}, tills: [], firstSeq: null, firstPrevHash: null };
  let current: { tillId: string; seq: number; hash: string | null; entries: number } | null = null;
  const closeTill = () => {
    if (current) scan.tills.push({ tillId: current.tillId, entries: current.entries, headSeq: current.seq, headHash: current.hash ?? genesisHash });
  };
  const keys = new Map<string, KeyObject>();
  const marks = new Map<string, number>();
  const orderedPostings = db.prepare(orderedPostingsSql).pluck();
  const rows = range ? db.prepare(rangeSql).iterate(range) : db.prepare(scanSql).iterate();
  for (const row of rows as IterableIterator<ScannedRow>) {
    if (!current || current.tillId !== row.till_id) {
      closeTill();
      const from = range ? range.fromSeq : 1;
      current = { tillId: row.till_id, seq: from - 1, hash: from === 1 ? genesisHash : null, entries: 0 };
      if (scan.firstSeq === null) {
        scan.firstSeq = row.seq;
        scan.firstPrevHash = row.prev_hash;
      }
    }
    if (row.seq !== current.seq + 1) {
      scan.problem = problemAt('sequence_gap', row, `expected seq ${current.seq + 1}, found ${row.seq}: entries are missing or renumbered`);
      return scan;
    }
    if (current.hash !== null && row.prev_hash !== current.hash) {
      scan.problem = problemAt('chain_broken', row, 'prev_hash does not match the previous entry: entries were reordered or replaced');
      return scan;
    }
    let key = keys.get(row.till_id);
    if (!key) keys.set(row.till_id, (key = createSecretKey(keyFor(row.till_id))));
    let mark = marks.get(row.till_id);
    if (mark === undefined) marks.set(row.till_id, (mark = signingMarkOf(db, row.till_id)));
    const format = row.seq >= mark ? signedFormat : journalFormat;
    if (row.format !== format) {
      scan.problem = problemAt('format_mismatch', row, `format ${row.format} where the signing mark (entry ${mark}) requires format ${format}: entries were rewritten outside the till`);
      return scan;
    }
    if (expectedHash(key, row) !== row.hash) {
      scan.problem = row.format === journalFormat && row.seq === 1 && !hmacKeyFits(db, row.till_id, key)
        ? problemAt('wrong_key', row, 'the first entries do not verify under this journal key at all: it is the key of another till or installation, not an alteration')
        : problemAt('hash_mismatch', row, 'the entry was altered after it was written');
      return scan;
    }
    if (!payloadHasPostings(row.payload, row.postings) && !payloadHasPostings(row.payload, orderedPostings.get(row.id) as string)) {
      scan.problem = problemAt('postings_mismatch', row, 'the postings table differs from the hashed entry');
      return scan;
    }
    scan.postingsSeen += countPostings(row.postings);
    scan.customerPostingsSeen += countCustomerPostings(row.postings);
    scan.entriesByType[row.type] = (scan.entriesByType[row.type] ?? 0) + 1;
    current.seq = row.seq;
    current.hash = row.hash;
    current.entries += 1;
    scan.entries += 1;
  }
  const lastSeq = current?.seq ?? (range ? range.fromSeq - 1 : 0);
  if (range && lastSeq !== range.toSeq) {
    // the range's last rows are gone: report the gap where a full scan would, at the next row
    const next = db.prepare('SELECT * FROM journal WHERE till_id = ? AND seq > ? ORDER BY seq LIMIT 1').get(range.tillId, lastSeq) as JournalRow | undefined;
    scan.problem = next
      ? problemAt('sequence_gap', next, `expected seq ${lastSeq + 1}, found ${next.seq}: entries are missing or renumbered`)
      : { reason: 'sequence_gap', tillId: range.tillId, seq: lastSeq + 1, entryId: null, detail: `expected seq ${lastSeq + 1}, found none: entries are missing` };
  }
  closeTill();
  return scan;
}

/**
 * A wrong key, not an altered first entry: none of the first few HMAC entries after it
 * verifies either (a single altered entry leaves the next ones verifying).
 */
function hmacKeyFits(db: Db, tillId: string, key: KeyObject): boolean {
  const next = db.prepare('SELECT * FROM journal WHERE till_id = ? AND seq BETWEEN 2 AND 4 AND format = ? ORDER BY seq').all(tillId, journalFormat) as JournalRow[];
  return next.some((row) => entryHash(key, row) === row.hash);
}

export interface VerifyOptions {
  /** Compare every order, refund, session and cash movement with its entry (default true). */
  deep?: boolean;
}

/** The checks that need the whole database: the rows beside the entries, balance drift. */
export function checkProjections(
  db: Db,
  scan: Pick<ChainScan, 'postingsSeen' | 'customerPostingsSeen' | 'entriesByType'>,
  keyFor: (tillId: string) => Buffer,
  options: VerifyOptions = {},
): VerifyProblem | null {
  const rows = missingOrDanglingRow(db, scan) ?? alteredRow(db, { deep: options.deep ?? true, restored: restoredRangesOf(db) });
  if (rows) return rows;
  const drift = balanceDrift(db);
  if (drift) {
    return { reason: 'balance_mismatch', tillId: null, seq: null, entryId: null, detail: `account ${drift.account}: balance ${drift.stored}, postings sum to ${drift.computed}` };
  }
  const audit = hasAuditSeals(db) ? auditChainProblem(db, keyFor) : null;
  if (audit && audit.seq === 1 && !auditKeyFits(db, keyFor)) {
    return { reason: 'wrong_key', tillId: null, seq: null, entryId: null, detail: 'the audit seals do not verify under this journal key at all: it is the key of another till or installation, not an alteration' };
  }
  // seq and entryId name journal entries: an audit row is named in the detail (with its seal's number)
  return audit ? { reason: 'audit_chain_broken', tillId: null, seq: null, entryId: null, detail: audit.detail } : null;
}

/** A database from before migration 008 has no audit chain to check. */
function hasAuditSeals(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_seals'").get() !== undefined;
}

/** The ranges restored from the server, as the report names them. */
export function restoredOf(db: Db): VerifyReport['restored'] {
  return restoredRangesOf(db).map((r) => ({ tillId: r.tillId, fromSeq: r.fromSeq, toSeq: r.toSeq, restoredAtMs: r.restoredAtMs }));
}

/** Verifies the whole journal on one connection, in this thread. */
export function verifyJournal(db: Db, keyFor: (tillId: string) => Buffer, options: VerifyOptions = {}): VerifyReport {
  const scan = scanChain(db, keyFor);
  const problem = scan.problem ?? signatureProblem(db, scan.tills) ?? checkProjections(db, scan, keyFor, options);
  return { ok: problem === null, entries: scan.entries, tills: scan.tills, problem, restored: restoredOf(db), unsealed: unsealedTails(db, scan.tills) };
}

/** Balances against the sum of postings, read from the covering index on postings. */
function balanceDrift(db: Db): { account: string; stored: number; computed: number } | null {
  const stored = new Map<string, number>();
  for (const row of stmt(db, 'SELECT account_id, balance_minor FROM account_balances').raw().iterate() as IterableIterator<[string, number]>) {
    stored.set(row[0], row[1]);
  }
  for (const [account, computed] of db.prepare('SELECT account_id, SUM(amount_minor) FROM postings GROUP BY account_id').raw().iterate() as IterableIterator<[string, number]>) {
    const balance = stored.get(account) ?? 0;
    if (balance !== computed) return { account, stored: balance, computed };
    stored.delete(account);
  }
  for (const [account, balance] of stored) if (balance !== 0) return { account, stored: balance, computed: 0 };
  return null;
}
