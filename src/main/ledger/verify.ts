// Verifies the journal: gapless sequence and hash chain per till, every row's HMAC,
// postings that match what each entry hashed, and balances that match the postings.
import { stmt, type Db } from '../db/connection.ts';
import { entryHash, genesisHash, type JournalRow } from './journal.ts';
import { canonicalJson } from './canonical.ts';

export type VerifyProblemReason =
  | 'sequence_gap' // a row is missing (deleted) or rows were renumbered
  | 'chain_broken' // prev_hash does not name the previous row's hash (reordered or replaced)
  | 'hash_mismatch' // the row's content was edited after it was written
  | 'postings_mismatch' // the postings table disagrees with what the entry hashed
  | 'postings_unbalanced' // an entry's postings do not sum to zero
  | 'dangling_reference' // a posting or order points at a journal row that is gone
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

export function verifyJournal(db: Db, keyFor: (tillId: string) => Buffer): VerifyReport {
  const tills: VerifyReport['tills'] = [];
  let entries = 0;
  let current: { tillId: string; seq: number; hash: string; entries: number } | null = null;
  const postingsOf = stmt(db, 'SELECT account_id, amount_minor FROM postings WHERE entry_id = ? ORDER BY account_id').raw();
  const fail = (reason: VerifyProblemReason, row: JournalRow | null, detail: string): VerifyReport => ({
    ok: false,
    entries,
    tills,
    problem: { reason, tillId: row?.till_id ?? null, seq: row?.seq ?? null, entryId: row?.id ?? null, detail },
  });

  for (const row of db.prepare('SELECT * FROM journal ORDER BY till_id, seq').iterate() as IterableIterator<JournalRow>) {
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
    const { hash, ...unhashed } = row;
    if (entryHash(keyFor(row.till_id), unhashed) !== hash) {
      return fail('hash_mismatch', row, 'the entry was altered after it was written');
    }
    const postings = postingsOf.all(row.id) as [string, number][];
    let sum = 0;
    for (const p of postings) sum += p[1];
    if (sum !== 0) return fail('postings_unbalanced', row, `postings sum to ${sum}`);
    if (!row.payload.endsWith(`"postings":${canonicalJson(postings)}}`) && !row.payload.includes(`"postings":${canonicalJson(postings)},`)) {
      return fail('postings_mismatch', row, 'the postings table differs from the hashed entry');
    }
    current.seq = row.seq;
    current.hash = row.hash;
    current.entries += 1;
    entries += 1;
  }
  if (current) tills.push({ tillId: current.tillId, entries: current.entries, headSeq: current.seq, headHash: current.hash });

  const dangling = db
    .prepare(
      `SELECT entry_id FROM postings WHERE entry_id NOT IN (SELECT id FROM journal)
       UNION ALL SELECT entry_id FROM orders WHERE entry_id NOT IN (SELECT id FROM journal)
       UNION ALL SELECT entry_id FROM refunds WHERE entry_id NOT IN (SELECT id FROM journal)
       LIMIT 1`,
    )
    .get() as { entry_id: string } | undefined;
  if (dangling) {
    return { ok: false, entries, tills, problem: { reason: 'dangling_reference', tillId: null, seq: null, entryId: dangling.entry_id, detail: 'rows refer to a journal entry that no longer exists: entries were deleted' } };
  }

  const drift = db
    .prepare(
      `SELECT a.id AS account_id, COALESCE(b.balance_minor, 0) AS stored, COALESCE(SUM(p.amount_minor), 0) AS computed
       FROM accounts a
       LEFT JOIN account_balances b ON b.account_id = a.id
       LEFT JOIN postings p ON p.account_id = a.id
       GROUP BY a.id HAVING stored <> computed LIMIT 1`,
    )
    .get() as { account_id: string; stored: number; computed: number } | undefined;
  if (drift) {
    return { ok: false, entries, tills, problem: { reason: 'balance_mismatch', tillId: null, seq: null, entryId: null, detail: `account ${drift.account_id}: balance ${drift.stored}, postings sum to ${drift.computed}` } };
  }
  return { ok: true, entries, tills, problem: null };
}
