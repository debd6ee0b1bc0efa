// The parallel verifier must find exactly what the single-threaded one finds, including
// at the seams between the ranges its workers scan.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateJournal } from '../../../../bench/cases/journal-verify.ts';
import { verifyJournal } from './verify.ts';
import { verifyJournalFile } from './verify-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'guichet-verify-file-'));
const pristine = join(dir, 'pristine.sqlite');
const key = randomBytes(32);
const entries = 2000; // 4 workers: ranges 1–500, 501–1000, 1001–1500, 1501–2000
generateJournal(pristine, key, entries);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
function tampered(sql: string): string {
  const file = join(dir, `copy-${(copies += 1)}.sqlite`);
  copyFileSync(pristine, file);
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  db.exec('DROP TRIGGER IF EXISTS journal_no_update; DROP TRIGGER IF EXISTS journal_no_delete; DROP TRIGGER IF EXISTS postings_no_update; DROP TRIGGER IF EXISTS postings_no_delete;');
  db.exec(sql);
  db.close();
  return file;
}

async function both(file: string) {
  const parallel = await verifyJournalFile(file, () => key, { workers: 4, parallelEntriesMin: 0 });
  const single = verifyJournal(new Database(file, { readonly: true }), () => key);
  return { parallel, single };
}

describe('verifyJournalFile (worker threads)', () => {
  it('verifies an intact journal like the single-threaded verifier', async () => {
    const { parallel, single } = await both(pristine);
    expect(parallel).toEqual(single);
    expect(parallel).toMatchObject({ ok: true, entries, tills: [{ tillId: 'G1', entries, headSeq: entries }] });
  });

  it.each([
    ['an edited row inside a range', 'UPDATE journal SET payload = payload || \' \' WHERE seq = 1234', 'hash_mismatch', 1234],
    ['a row deleted at the start of a range', 'DELETE FROM journal WHERE seq = 501', 'sequence_gap', 502],
    ['a row deleted at the end of a range', 'DELETE FROM journal WHERE seq = 1000', 'sequence_gap', 1001],
    ['the last row deleted, its postings with it: the balances give it away', "DELETE FROM postings WHERE entry_id = (SELECT id FROM journal WHERE seq = 2000); DELETE FROM journal WHERE seq = 2000", 'balance_mismatch', null],
    ['a broken link at a seam', "UPDATE journal SET prev_hash = '" + '0'.repeat(64) + "' WHERE seq = 1001", 'chain_broken', 1001],
    ['two rows swapped across a seam', 'UPDATE journal SET seq = 999999 WHERE seq = 500; UPDATE journal SET seq = 500 WHERE seq = 501; UPDATE journal SET seq = 501 WHERE seq = 999999;', 'chain_broken', 500],
    ['a posting changed in the last range', 'UPDATE postings SET amount_minor = amount_minor + 1 WHERE rowid = (SELECT MAX(rowid) FROM postings)', 'postings_mismatch', 2000],
  ])('%s', async (_name, sql, reason, seq) => {
    const { parallel, single } = await both(tampered(sql));
    expect(parallel.problem).toEqual(single.problem);
    expect(parallel.problem).toMatchObject({ reason, seq });
  });
});
