// Verifies the journal: gapless sequence and hash chain per till, every row's HMAC,
// postings that match what each entry hashed, nothing pointing at a missing entry, and
// balances that equal the sum of their postings. Names the first bad entry.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { stmt, type Db } from '../db/connection.ts';
import { entryHash, genesisHash, type JournalRow } from './journal.ts';

export type VerifyProblemReason =
  | 'sequence_gap' // a row is missing (deleted) or rows were renumbered
  | 'chain_broken' // prev_hash does not name the previous row's hash (reordered or replaced)
  | 'hash_mismatch' // the row's content was edited after it was written
  | 'postings_mismatch' // the postings table disagrees with what the entry hashed
  | 'dangling_reference' // a posting, order or refund points at a journal row that is gone
  | 'balance_mismatch'; // a materialised balance differs from the sum of its postings

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
}

/**
 * One scan in chain order; each row brings its postings as the JSON array the ledger
 * hashed ([[account, amount], …] sorted by account), aggregated in the order of the
 * postings primary key (entry, account), so comparing them is a substring test, not a
 * query per entry. Should SQLite ever aggregate in another order, a mismatch is read
 * again with an explicit ORDER BY before it is reported.
 */
const scanSql = `
  SELECT j.till_id, j.seq, j.id, j.type, j.created_at_ms, j.user_id, j.session_id, j.payload, j.prev_hash, j.hash, j.format,
         (SELECT json_group_array(json_array(account_id, amount_minor)) FROM postings WHERE entry_id = j.id) AS postings
  FROM journal j ORDER BY j.till_id, j.seq`;

const orderedPostingsSql = `
  SELECT json_group_array(json_array(account_id, amount_minor))
  FROM (SELECT account_id, amount_minor FROM postings WHERE entry_id = ? ORDER BY account_id)`;

type ScannedRow = JournalRow & { postings: string };

/** "[]" → 0, "[[…]]" → 1, "[[…],[…]]" → 2: account ids hold no brackets. */
function countPostings(json: string): number {
  if (json === '[]') return 0;
  let count = 1;
  for (let i = json.indexOf('],['); i !== -1; i = json.indexOf('],[', i + 3)) count += 1;
  return count;
}

function payloadHasPostings(payload: string, postings: string): boolean {
  const hashed = `"postings":${postings}`;
  return payload.includes(`${hashed},`) || payload.endsWith(`${hashed}}`);
}

export function verifyJournal(db: Db, keyFor: (tillId: string) => Buffer): VerifyReport {
  const tills: VerifyReport['tills'] = [];
  let entries = 0;
  let postingsSeen = 0;
  const entriesByType = new Map<string, number>();
  let current: { tillId: string; seq: number; hash: string; entries: number } | null = null;
  const fail = (reason: VerifyProblemReason, row: JournalRow | null, detail: string): VerifyReport => ({
    ok: false,
    entries,
    tills,
    problem: { reason, tillId: row?.till_id ?? null, seq: row?.seq ?? null, entryId: row?.id ?? null, detail },
  });

  const keys = new Map<string, KeyObject>();
  const orderedPostings = db.prepare(orderedPostingsSql).pluck();
  for (const row of db.prepare(scanSql).iterate() as IterableIterator<ScannedRow>) {
    if (!current || current.tillId !== row.till_id) {
      if (current) tills.push({ tillId: current.tillId, entries: current.entries, headSeq: current.seq, headHash: current.hash });
      current = { tillId: row.till_id, seq: 0, hash: genesisHash, entries: 0 };
    }
    if (row.seq !== current.seq + 1) {
      return fail('sequence_gap', row, `expected seq ${current.seq + 1}, found ${row.seq}: entries are missing or renumbered`);
    }
    if (row.prev_hash !== current.hash) {
      return fail('chain_broken', row, 'prev_hash does not match the previous entry: entries were reordered or replaced');
    }
    let key = keys.get(row.till_id);
    if (!key) keys.set(row.till_id, (key = createSecretKey(keyFor(row.till_id))));
    if (entryHash(key, row) !== row.hash) {
      return fail('hash_mismatch', row, 'the entry was altered after it was written');
    }
    if (!payloadHasPostings(row.payload, row.postings) && !payloadHasPostings(row.payload, orderedPostings.get(row.id) as string)) {
      return fail('postings_mismatch', row, 'the postings table differs from the hashed entry');
    }
    postingsSeen += countPostings(row.postings);
    entriesByType.set(row.type, (entriesByType.get(row.type) ?? 0) + 1);
    current.seq = row.seq;
    current.hash = row.hash;
    current.entries += 1;
    entries += 1;
  }
  if (current) tills.push({ tillId: current.tillId, entries: current.entries, headSeq: current.seq, headHash: current.hash });

  const dangling = danglingReference(db, postingsSeen, entriesByType);
  if (dangling) {
    return { ok: false, entries, tills, problem: { reason: 'dangling_reference', tillId: null, seq: null, entryId: dangling, detail: 'rows refer to a journal entry that no longer exists: entries were deleted' } };
  }
  const drift = balanceDrift(db);
  if (drift) {
    return { ok: false, entries, tills, problem: { reason: 'balance_mismatch', tillId: null, seq: null, entryId: null, detail: `account ${drift.account}: balance ${drift.stored}, postings sum to ${drift.computed}` } };
  }
  return { ok: true, entries, tills, problem: null };
}

/**
 * A posting, order or refund whose entry is gone. Counting first: only when there are more
 * such rows than the scanned entries account for is the (slower) search for the culprit run.
 */
function danglingReference(db: Db, postingsSeen: number, entriesByType: ReadonlyMap<string, number>): string | null {
  const counts = db
    .prepare('SELECT (SELECT COUNT(*) FROM postings) AS postings, (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM refunds) AS refunds')
    .get() as { postings: number; orders: number; refunds: number };
  // more rows than scanned entries can account for: some point at an entry that is gone
  if (counts.postings <= postingsSeen && counts.orders <= (entriesByType.get('sale') ?? 0) && counts.refunds <= (entriesByType.get('refund') ?? 0)) {
    return null;
  }
  const row = db
    .prepare(
      `SELECT entry_id FROM postings WHERE entry_id NOT IN (SELECT id FROM journal)
       UNION ALL SELECT entry_id FROM orders WHERE entry_id NOT IN (SELECT id FROM journal)
       UNION ALL SELECT entry_id FROM refunds WHERE entry_id NOT IN (SELECT id FROM journal)
       LIMIT 1`,
    )
    .get() as { entry_id: string } | undefined;
  return row?.entry_id ?? null;
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
