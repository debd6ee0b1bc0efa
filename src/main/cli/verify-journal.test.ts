// The journal verifier as an operator runs it: a child process on a real data folder,
// then on copies tampered with the way an attacker would (immutability triggers dropped).
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTill } from '../till.ts';
import { login, openSession, refundOneTicket, seededRng, sellSplit } from '../crash/demo-sales.ts';
import { generateJournal } from '../../../bench/cases/journal-verify.ts';
import { parallelEntriesMin } from '../kernel/ledger/verify-file.ts';
import { entryHash, genesisHash, signedEntryHash, type JournalRow } from '../kernel/ledger/journal.ts';
import { loadJournalKey } from '../kernel/ledger/keys.ts';
import { privateKeyFromPem, signHash } from '../kernel/ledger/signing.ts';
import { runVerifyJournal } from './verify-journal.ts';

const repo = resolve(import.meta.dirname, '../../..');
const cli = join(repo, 'src/main/cli/verify-journal.ts');
const tsx = join(repo, 'node_modules/.bin/tsx');

interface Row {
  seq: number;
  id: string;
  type: string;
  hash: string;
}

let root: string;
let original: string;
let rows: Row[];

function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.GUICHET_DATA_DIR;
  const run = spawnSync(tsx, [cli, ...args], { cwd: repo, encoding: 'utf8', env, timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

let copies = 0;
/** A copy of the good folder, changed through a raw connection with the triggers dropped. */
function tampered(sql: string): string {
  const dir = join(root, `copy-${++copies}`);
  mkdirSync(dir);
  copyFileSync(join(original, 'guichet.sqlite'), join(dir, 'guichet.sqlite'));
  copyFileSync(join(original, 'journal.key'), join(dir, 'journal.key'));
  const db = new Database(join(dir, 'guichet.sqlite'));
  db.pragma('foreign_keys = OFF');
  const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[];
  expect(triggers).toContain('journal_no_update');
  for (const name of triggers) db.exec(`DROP TRIGGER ${name}`);
  db.exec(sql);
  db.close();
  return dir;
}

const at = (seq: number): Row => rows.find((r) => r.seq === seq)!;

function expectBad(dir: string, reason: string, seq: number | null, entryId: string): void {
  const text = runCli('--data-dir', dir);
  expect(text.status, text.stdout + text.stderr).toBe(1);
  expect(text.stdout).toMatch(/^Journal ALTÉRÉ/);
  expect(text.stdout).toContain(`motif ${reason}`);
  expect(text.stdout).toContain(`écriture ${entryId}`);
  const json = runCli('--data-dir', dir, '--json');
  expect(json.status).toBe(1);
  const report = JSON.parse(json.stdout);
  expect(report.ok).toBe(false);
  expect(report.problem).toMatchObject({ reason, seq, entryId });
  if (seq !== null) {
    expect(report.problem.tillId).toBe('G1');
    expect(text.stdout).toContain(`caisse G1, n° ${seq},`);
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'guichet-verify-'));
  original = join(root, 'till');
  const till = openTill({ dataDir: original, checkOutputs: true, log: () => {} });
  const dispatch = till.dispatch;
  const token = login(dispatch);
  openSession(dispatch, token); // seq 1
  const rng = seededRng(7);
  const first = sellSplit(dispatch, token, rng); // 2
  sellSplit(dispatch, token, rng); // 3
  refundOneTicket(dispatch, token, first); // 4
  sellSplit(dispatch, token, rng); // 5
  sellSplit(dispatch, token, rng); // 6
  rows = till.context.db.prepare('SELECT seq, id, type, hash FROM journal ORDER BY seq').all() as Row[];
  till.close(); // checkpoints the WAL: the .sqlite file alone is the whole database
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('verify-journal on a good journal', () => {
  it('has the journal the tampering cases expect', () => {
    expect(rows.map((r) => r.type)).toEqual(['session_open', 'sale', 'sale', 'refund', 'sale', 'sale']);
  });

  it('exits 0 with a French verdict naming the head of each till', () => {
    const out = runCli('--data-dir', original);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toBe(`Journal intègre : 6 écritures vérifiées — caisse G1 : 6 écritures, tête n° 6, empreinte ${at(6).hash}\n`);
  });

  it('answers JSON with --json', () => {
    const out = runCli('--data-dir', original, '--json');
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: true, entries: 6, tills: [{ tillId: 'G1', entries: 6, headSeq: 6, headHash: at(6).hash }], problem: null });
  });

  it('verifies a copy whose triggers were dropped but whose rows are untouched', () => {
    expect(runCli('--data-dir', tampered('SELECT 1')).status).toBe(0);
  });
});

describe('verify-journal refuses what it cannot verify, with exit code 2', () => {
  it('a missing folder', () => {
    const out = runCli('--data-dir', join(root, 'nowhere'));
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('n’existe pas');
    expect(out.stdout).toBe('');
  });

  it('a folder without a database, and creates nothing in it', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const out = runCli('--data-dir', empty, '--json');
    expect(out.status).toBe(2);
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: false, error: { code: 'no_database' } });
    expect(spawnSync('ls', ['-A', empty], { encoding: 'utf8' }).stdout).toBe('');
  });

  it('a folder without its key', () => {
    const dir = join(root, 'keyless');
    mkdirSync(dir);
    copyFileSync(join(original, 'guichet.sqlite'), join(dir, 'guichet.sqlite'));
    const out = runCli('--data-dir', dir);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('journal.key');
  });

  it('no --data-dir, and an unknown option', () => {
    expect(runCli().status).toBe(2);
    const out = runCli('--data-dir', original, '--frobnicate');
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('usage');
  });
});

describe('verify-journal names the first bad entry', () => {
  it('(a) an edited amount in one entry: hash_mismatch at that entry', () => {
    const dir = tampered(`UPDATE journal SET payload = replace(payload, '"totalMinor":', '"totalMinor":1') WHERE seq = 3`);
    expectBad(dir, 'hash_mismatch', 3, at(3).id);
  });

  it('(a) an edited timestamp (a column outside the payload): hash_mismatch', () => {
    expectBad(tampered('UPDATE journal SET created_at_ms = created_at_ms - 86400000 WHERE seq = 5'), 'hash_mismatch', 5, at(5).id);
  });

  it('(b) a deleted entry in the middle: sequence_gap at the entry after the hole', () => {
    expectBad(tampered('DELETE FROM journal WHERE seq = 3'), 'sequence_gap', 4, at(4).id);
  });

  it('(b) a deleted entry with the later ones renumbered to hide the hole: chain_broken', () => {
    const dir = tampered('DELETE FROM journal WHERE seq = 3; UPDATE journal SET seq = seq - 1 WHERE seq > 3');
    expectBad(dir, 'chain_broken', 3, at(4).id);
  });

  it('(c) two entries renumbered into each other’s place: chain_broken at the first', () => {
    const dir = tampered('UPDATE journal SET seq = 1000 WHERE seq = 3; UPDATE journal SET seq = 3 WHERE seq = 4; UPDATE journal SET seq = 4 WHERE seq = 1000');
    expectBad(dir, 'chain_broken', 3, at(4).id);
  });

  it('(c) the content of two rows swapped, seq and id left in place: chain_broken', () => {
    const swap = (col: string) =>
      `UPDATE journal SET ${col} = CASE seq WHEN 2 THEN (SELECT ${col} FROM journal WHERE seq = 3) ELSE (SELECT ${col} FROM journal WHERE seq = 2) END WHERE seq IN (2, 3);`;
    const dir = tampered(['type', 'payload', 'prev_hash', 'hash', 'created_at_ms'].map(swap).join('\n'));
    expectBad(dir, 'chain_broken', 2, at(2).id);
  });

  it('a posting whose amount was raised (the entry no longer balances): postings_mismatch at its entry', () => {
    const dir = tampered(`UPDATE postings SET amount_minor = amount_minor + 100 WHERE rowid = (SELECT MIN(rowid) FROM postings WHERE entry_id = '${at(5).id}')`);
    expectBad(dir, 'postings_mismatch', 5, at(5).id);
  });

  it('postings moved between accounts, still balanced: postings_mismatch', () => {
    const entry = at(5).id;
    const dir = tampered(`
      UPDATE postings SET amount_minor = amount_minor + 100 WHERE entry_id = '${entry}' AND account_id = (SELECT MIN(account_id) FROM postings WHERE entry_id = '${entry}');
      UPDATE postings SET amount_minor = amount_minor - 100 WHERE entry_id = '${entry}' AND account_id = (SELECT MAX(account_id) FROM postings WHERE entry_id = '${entry}');`);
    expectBad(dir, 'postings_mismatch', 5, at(5).id);
  });

  it('the last entry deleted (its order and postings left behind): dangling_reference', () => {
    expectBad(tampered('DELETE FROM journal WHERE seq = 6'), 'dangling_reference', null, at(6).id);
  });

  it('the last sale deleted with all its rows: balance_mismatch', () => {
    const entry = at(6).id;
    const dir = tampered(`
      DELETE FROM tickets WHERE order_line_id IN (SELECT id FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}'));
      DELETE FROM payments WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}');
      DELETE FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}');
      DELETE FROM orders WHERE entry_id = '${entry}';
      DELETE FROM postings WHERE entry_id = '${entry}';
      DELETE FROM journal WHERE id = '${entry}';`);
    const out = runCli('--data-dir', dir, '--json');
    expect(out.status).toBe(1);
    expect(JSON.parse(out.stdout).problem.reason).toBe('balance_mismatch');
  });

  it('a clean truncation of the tail (balances fixed too) verifies: only the printed head betrays it', () => {
    // The chain cannot see its own missing end; an outside copy of the head (a Z
    // report, the ledger server) can. The verdict prints the head for that comparison.
    const entry = at(6).id;
    const dir = tampered(`
      UPDATE account_balances SET balance_minor = balance_minor - (SELECT amount_minor FROM postings p WHERE p.entry_id = '${entry}' AND p.account_id = account_balances.account_id)
        WHERE account_id IN (SELECT account_id FROM postings WHERE entry_id = '${entry}');
      UPDATE performance_stock SET sold = sold - (SELECT COUNT(*) FROM tickets t JOIN order_lines l ON l.id = t.order_line_id JOIN orders o ON o.id = l.order_id WHERE o.entry_id = '${entry}' AND t.performance_id = performance_stock.performance_id);
      DELETE FROM tickets WHERE order_line_id IN (SELECT id FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}'));
      DELETE FROM payments WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}');
      DELETE FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}');
      DELETE FROM orders WHERE entry_id = '${entry}';
      DELETE FROM postings WHERE entry_id = '${entry}';
      DELETE FROM journal WHERE id = '${entry}';`);
    const out = runCli('--data-dir', dir);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(`tête n° 5, empreinte ${at(5).hash}`);
    expect(out.stdout).not.toContain(at(6).hash);
  });
});

/** The last sale and every row it wrote deleted, the balances and stock put back: the chain alone cannot tell. */
function truncateTailSql(entry: string): string {
  return `
    UPDATE account_balances SET balance_minor = balance_minor - (SELECT amount_minor FROM postings p WHERE p.entry_id = '${entry}' AND p.account_id = account_balances.account_id)
      WHERE account_id IN (SELECT account_id FROM postings WHERE entry_id = '${entry}');
    UPDATE performance_stock SET sold = sold - (SELECT COUNT(*) FROM tickets t JOIN order_lines l ON l.id = t.order_line_id JOIN orders o ON o.id = l.order_id WHERE o.entry_id = '${entry}' AND t.performance_id = performance_stock.performance_id);
    DELETE FROM tickets WHERE order_line_id IN (SELECT id FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}'));
    DELETE FROM payments WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}');
    DELETE FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}');
    DELETE FROM orders WHERE entry_id = '${entry}';
    DELETE FROM postings WHERE entry_id = '${entry}';
    DELETE FROM journal WHERE id = '${entry}';`;
}

describe('verify-journal against the heads kept outside the till: a Z report’s and the server’s', () => {
  const printed = (seq: number) => `${seq}:${at(seq).hash.slice(0, 16)}`;
  let publicKey: string;
  let headFile: string;

  /** The rows of a copy, rewritten by `rewrite` (seq → new row), chained again from the first one changed. */
  function rewritten(dir: string, rewrite: (row: JournalRow) => JournalRow): void {
    const db = new Database(join(dir, 'guichet.sqlite'));
    const all = db.prepare('SELECT * FROM journal ORDER BY seq').all() as JournalRow[];
    let prev = genesisHash;
    for (const row of all) {
      const next = rewrite({ ...row, prev_hash: prev });
      db.prepare('UPDATE journal SET prev_hash = ?, created_at_ms = ?, format = ?, hash = ?, signature = ? WHERE seq = ?').run(next.prev_hash, next.created_at_ms, next.format, next.hash, next.signature, row.seq);
      prev = next.hash;
    }
    db.close();
  }

  beforeAll(() => {
    const db = new Database(join(original, 'guichet.sqlite'), { readonly: true });
    publicKey = (db.prepare('SELECT public_key FROM journal_signing_keys').pluck().get() as string);
    db.close();
    // what GET /v1/admin/tills/G1/head answers once the server holds the six entries
    headFile = join(root, 'head-g1.json');
    writeFileSync(headFile, JSON.stringify({ ok: true, value: { tillId: 'G1', head: { seq: 6, hash: at(6).hash }, signingKeys: [{ fromSeq: 1, publicKey }], lastPushAtMs: null, exportedAtMs: Date.now() } }));
  });

  const run = (...args: string[]) => runVerifyJournal(args, {});
  const problemOf = async (...args: string[]) => {
    const out = await run(...args, '--json');
    return { exitCode: out.exitCode, problem: JSON.parse(out.stdout).problem };
  };

  it('an intact journal matches its printed Z head and the server’s head', async () => {
    expect((await run('--data-dir', original, '--z-head', printed(6), '--z-head', printed(2))).exitCode).toBe(0);
    expect((await run('--data-dir', original, '--head-file', headFile)).exitCode).toBe(0);
  });

  it('the last sale cut from the end: shorter than the printed Z head (behind_anchor), said in French', () => {
    const dir = tampered(truncateTailSql(at(6).id));
    expect(runCli('--data-dir', dir).status).toBe(0); // the chain alone cannot tell
    const out = runCli('--data-dir', dir, '--z-head', printed(6));
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('motif behind_anchor, journal plus court que la tête imprimée');
    expect(out.stdout).toContain('the journal ends at entry 5, the printed report shows entry 6: 1 entries were cut from its end');
  });

  it('the last sale cut from the end: shorter than the server’s head', async () => {
    const dir = tampered(truncateTailSql(at(6).id));
    expect(await problemOf('--data-dir', dir, '--head-file', headFile)).toMatchObject({ exitCode: 1, problem: { reason: 'behind_anchor', tillId: 'G1', seq: 6 } });
  });

  it('a back-dated history signed again with the till’s own private key: the paper and the server tell', async () => {
    const dir = tampered('SELECT 1');
    const keyDir = `${original}-keys`;
    const privateKey = privateKeyFromPem(readFileSync(join(keyDir, readdirSync(keyDir)[0]!), 'utf8'));
    rewritten(dir, (row) => {
      const next = { ...row, created_at_ms: row.seq === 3 ? row.created_at_ms - 7 * 86_400_000 : row.created_at_ms };
      const hash = signedEntryHash(next);
      return { ...next, hash, signature: signHash(privateKey, hash) };
    });
    expect((await run('--data-dir', dir)).exitCode).toBe(0); // a perfect forgery, inside the till
    expect(await problemOf('--data-dir', dir, '--z-head', printed(6))).toMatchObject({ exitCode: 1, problem: { reason: 'anchor_mismatch', seq: 6 } });
    expect(await problemOf('--data-dir', dir, '--head-file', headFile)).toMatchObject({ exitCode: 1, problem: { reason: 'anchor_mismatch', seq: 6 } });
  });

  it('a back-dated history written again with the HMAC key beside the database, signatures dropped: the paper and the server tell', async () => {
    const dir = tampered('DELETE FROM journal_signing_keys');
    const key = loadJournalKey(dir);
    rewritten(dir, (row) => {
      const next = { ...row, format: 1, signature: null, created_at_ms: row.seq === 3 ? row.created_at_ms - 7 * 86_400_000 : row.created_at_ms };
      return { ...next, hash: entryHash(key, next) };
    });
    expect((await run('--data-dir', dir)).exitCode).toBe(0);
    expect(await problemOf('--data-dir', dir, '--z-head', printed(6))).toMatchObject({ exitCode: 1, problem: { reason: 'anchor_mismatch', seq: 6 } });
    expect(await problemOf('--data-dir', dir, '--head-file', headFile)).toMatchObject({ exitCode: 1, problem: { reason: 'key_mismatch', seq: 1 } });
  });

  it('another till’s journal key: "mauvaise clé", exit 2, not "altéré"', () => {
    const dir = tampered('SELECT 1');
    writeFileSync(join(dir, 'journal.key'), `${'cd'.repeat(32)}\n`);
    const out = runCli('--data-dir', dir);
    expect(out.status).toBe(2);
    expect(out.stdout).toMatch(/^Journal NON VÉRIFIÉ : mauvaise clé/);
    expect(out.stdout).not.toContain('ALTÉRÉ');
  });

  it('refuses a head it cannot read, with exit code 2', async () => {
    expect((await run('--data-dir', original, '--z-head', '6:12ab')).exitCode).toBe(2);
    expect((await run('--data-dir', original, '--z-head', 'six')).stderr).toContain('--z-head six');
    const bad = join(root, 'bad-head.json');
    writeFileSync(bad, '{"tillId":"G1"}');
    expect((await run('--data-dir', original, '--head-file', bad)).exitCode).toBe(2);
    expect((await run('--data-dir', original, '--server', 'http://127.0.0.1:9')).stderr).toContain('GUICHET_ADMIN_KEY');
  });
});

describe('verify-journal on a journal long enough for worker threads', () => {
  const entries = parallelEntriesMin + 10_000;
  let dir: string;
  let headHash: string;

  beforeAll(() => {
    dir = join(root, 'long');
    mkdirSync(dir);
    const key = Buffer.alloc(32, 9);
    writeFileSync(join(dir, 'journal.key'), `${key.toString('hex')}\n`);
    generateJournal(join(dir, 'guichet.sqlite'), key, entries);
    const db = new Database(join(dir, 'guichet.sqlite'), { readonly: true });
    headHash = db.prepare('SELECT hash FROM journal WHERE seq = ?').pluck().get(entries) as string;
    db.close();
  });

  it('exits 0 and names the head', () => {
    const out = runCli('--data-dir', dir);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain(`${entries} écritures vérifiées — caisse G1 : ${entries} écritures, tête n° ${entries}, empreinte ${headHash}`);
  });

  it('names an entry edited deep in the second half', () => {
    const copy = join(root, 'long-tampered');
    mkdirSync(copy);
    copyFileSync(join(dir, 'journal.key'), join(copy, 'journal.key'));
    copyFileSync(join(dir, 'guichet.sqlite'), join(copy, 'guichet.sqlite'));
    const db = new Database(join(copy, 'guichet.sqlite'));
    db.exec('DROP TRIGGER journal_no_update');
    const seq = entries - 1234;
    db.prepare("UPDATE journal SET payload = replace(payload, '\"changeMinor\":240', '\"changeMinor\":0') WHERE seq = ?").run(seq);
    const id = db.prepare('SELECT id FROM journal WHERE seq = ?').pluck().get(seq) as string;
    db.close();
    const out = runCli('--data-dir', copy, '--json');
    expect(out.status, out.stderr).toBe(1);
    expect(JSON.parse(out.stdout).problem).toMatchObject({ reason: 'hash_mismatch', tillId: 'G1', seq, entryId: id });
  });
});
