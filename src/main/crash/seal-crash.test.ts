// kill -9 between a sale and its seal (ADR 0015), with a real SIGKILL: the sale is there,
// the journal verifies with one unsealed entry (reported, not an error, by the verifier and
// verify-journal), and the next start checks that tail and seals it.
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runVerifyJournal } from '../cli/verify-journal.ts';
import { loadJournalKey } from '../kernel/ledger/keys.ts';
import { isValidSignature, publicKeyOf } from '../kernel/ledger/signing.ts';
import { verifyJournal, type VerifyReport } from '../kernel/ledger/verify.ts';
import { databaseFile, openTill } from '../till.ts';
import { login, openSession } from './demo-sales.ts';

const repo = resolve(import.meta.dirname, '../../..');
let root: string;
let dataDir: string;
let childScript: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'guichet-seal-crash-'));
  dataDir = join(root, 'till');
  childScript = join(root, 'seal-child.mjs');
  await build({ entryPoints: [join(repo, 'src/main/crash/seal-child.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: childScript, logLevel: 'warning' });
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function verify(): VerifyReport {
  const db = new Database(join(dataDir, databaseFile), { readonly: true, fileMustExist: true });
  try {
    return verifyJournal(db, () => loadJournalKey(dataDir));
  } finally {
    db.close();
  }
}

function sealOf(seq: number): { signature: string; hash: string; publicKey: string } | undefined {
  const db = new Database(join(dataDir, databaseFile), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT s.signature, j.hash, k.public_key AS publicKey FROM journal_seals s JOIN journal j USING (till_id, seq) JOIN journal_signing_keys k USING (till_id) WHERE s.seq = ?').get(seq) as
      | { signature: string; hash: string; publicKey: string }
      | undefined;
  } finally {
    db.close();
  }
}

it('a sale killed before its seal: verifies with 1 unsealed, and the next start seals it', { timeout: 60_000 }, async () => {
  const till = openTill({ dataDir, sync: false, log: () => {} });
  const token = login(till.dispatch);
  openSession(till.dispatch, token);
  till.close(); // a clean close seals the session's opening
  expect(verify()).toMatchObject({ ok: true, unsealed: [] });
  const headBefore = verify().tills[0]!.headSeq;

  const child = spawnSync(process.execPath, [childScript, dataDir, token], { encoding: 'utf8', timeout: 30_000 });
  expect(child.signal, child.stderr).toBe('SIGKILL');
  const orderId = /^ACK sale (\S+)$/m.exec(child.stdout)?.[1];
  expect(orderId).toBeDefined();

  const sale = headBefore + 1;
  const killed = verify();
  expect(killed).toMatchObject({ ok: true, problem: null, unsealed: [{ tillId: 'G1', count: 1, fromSeq: sale, toSeq: sale }] });
  expect(sealOf(sale)).toBeUndefined();
  const cli = await runVerifyJournal(['--data-dir', dataDir]);
  expect(cli.exitCode).toBe(0);
  expect(cli.stdout).toContain(`1 écriture non scellée (n° ${sale})`);
  expect(cli.stdout).toContain(`1 unsealed: ${sale}–${sale}`);

  openTill({ dataDir, sync: false, log: () => {} }).close();
  const seal = sealOf(sale)!;
  expect(isValidSignature(publicKeyOf(seal.publicKey)!, seal.hash, seal.signature)).toBe(true);
  expect(verify()).toMatchObject({ ok: true, unsealed: [] });
});
