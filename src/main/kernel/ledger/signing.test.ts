// The till signs its journal (ADR 0007), in seals written after each write commits (ADR
// 0015): a new till from its first entry, a till whose journal was written before migration
// 010 from a mark after it; its key in a 0600 file in a folder beside the data folder, never
// inside; a lost key replaced by a new one from the next entry. Every entry is covered by a
// seal at or after it once the sealer has run. The verifier checks the signatures, tells a
// wrong key from an alteration, names the first entry rewritten by someone holding the HMAC
// key but not the signing key, and reports an unsealed tail without calling it an error.
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, openSession, seededRng, sellSplit } from '../../crash/demo-sales.ts';
import { openDatabase } from '../db/connection.ts';
import { seedDemo } from '../../demo/seed.ts';
import { createTillContext, randomIds, systemClock } from '../context.ts';
import { createDispatch } from '../dispatch.ts';
import { registry } from '../../registry.ts';
import { openTill } from '../../till.ts';
import { entryHash, journalFormat, signedEntryHash, signedFormat, type JournalRow } from './journal.ts';
import { defaultKeyDir, loadJournalKey, loadOrCreateJournalKey, signingKeysOf } from './keys.ts';
import { isValidSignature, newSigningKey, publicKeyOf, signerOf } from './signing.ts';
import { verifyJournal } from './verify.ts';
import { verifyJournalFile } from './verify-file.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'guichet-signing-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
const newFolder = () => join(root, `till-${(folders += 1)}`);

/**
 * Opens the till, sells `sales` baskets (after opening the session if asked), closes it.
 * The loop does not yield: the sealer runs at close, unless `sealEach` runs it after each
 * sale as the event loop would between two customers; `crash` closes without it, as a kill
 * -9 right after the last sale would leave the journal.
 */
function sellAt(dataDir: string, sales: number, options: { open?: boolean; logs?: string[]; sealEach?: boolean; crash?: boolean } = {}): void {
  const till = openTill({ dataDir, log: (m) => options.logs?.push(m) });
  const token = login(till.dispatch);
  if (options.open) openSession(till.dispatch, token);
  const rng = seededRng(11);
  for (let i = 0; i < sales; i += 1) {
    sellSplit(till.dispatch, token, rng);
    if (options.sealEach) till.context.sealer.sealHead();
  }
  if (options.crash) {
    till.context.sealer.stop();
    till.context.signer = null; // close's last seal finds no key
  }
  till.close();
}

/** The journal's rows, each with its own signature and its seal's. */
function journalOf(dataDir: string): (JournalRow & { seal: string | null })[] {
  const db = new Database(join(dataDir, 'guichet.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT j.*, s.signature AS seal FROM journal j LEFT JOIN journal_seals s USING (till_id, seq) ORDER BY seq').all() as (JournalRow & { seal: string | null })[];
  } finally {
    db.close();
  }
}

function keysOf(dataDir: string) {
  const db = new Database(join(dataDir, 'guichet.sqlite'), { readonly: true });
  try {
    return signingKeysOf(db, 'G1');
  } finally {
    db.close();
  }
}

function verify(dataDir: string) {
  const db = new Database(join(dataDir, 'guichet.sqlite'), { readonly: true });
  const key = loadJournalKey(dataDir);
  try {
    return verifyJournal(db, () => key);
  } finally {
    db.close();
  }
}

/** A journal written the way a till wrote it before migration 010 gave it a key: HMAC only. */
function legacyTill(dataDir: string, sales: number): void {
  mkdirSync(dataDir);
  const db = openDatabase(join(dataDir, 'guichet.sqlite'));
  seedDemo(db, systemClock);
  const context = createTillContext({ db, journalKey: loadOrCreateJournalKey(dataDir), tillId: 'G1', clock: systemClock, ids: randomIds() });
  const dispatch = createDispatch(context, registry, { defaultLanguage: 'fr', checkOutputs: false, log: () => {} });
  const token = login(dispatch);
  openSession(dispatch, token);
  const rng = seededRng(3);
  for (let i = 0; i < sales; i += 1) sellSplit(dispatch, token, rng);
  db.close();
}

/** A raw connection with the immutability triggers dropped, as an attacker would have. */
function tamper(dataDir: string, change: (db: Database.Database) => void): void {
  const db = new Database(join(dataDir, 'guichet.sqlite'));
  for (const name of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) db.exec(`DROP TRIGGER ${name}`);
  change(db);
  db.close();
}

describe('a new till', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = newFolder();
    sellAt(dataDir, 3, { open: true });
  });

  it('seals the journal from its first entry, with the key it registered: every entry covered by a valid seal at or after it', () => {
    const rows = journalOf(dataDir);
    const keys = keysOf(dataDir);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.from_seq).toBe(1);
    const publicKey = publicKeyOf(keys[0]!.public_key)!;
    expect(rows.map((r) => r.format)).toEqual([signedFormat, signedFormat, signedFormat, signedFormat]);
    // no signature in the rows (ADR 0015): the one seal, on the head, vouches for the chain up to it
    expect(rows.map((r) => [r.seq, r.signature, r.seal !== null])).toEqual([[1, null, false], [2, null, false], [3, null, false], [4, null, true]]);
    for (const row of rows) expect(row.hash).toBe(signedEntryHash(row));
    expect(isValidSignature(publicKey, rows[3]!.hash, rows[3]!.seal)).toBe(true);
    expect(verify(dataDir)).toMatchObject({ ok: true, entries: 4, unsealed: [] });
  });

  it('writes the entry unsigned inside its transaction and seals it once the call has returned', async () => {
    const till = openTill({ dataDir, log: () => {} });
    try {
      const token = login(till.dispatch);
      const sealed = () => till.context.db.prepare('SELECT seq FROM journal_seals ORDER BY seq DESC LIMIT 1').pluck().get();
      const head = () => till.context.db.prepare('SELECT MAX(seq) FROM journal').pluck().get();
      sellSplit(till.dispatch, token, seededRng(5));
      sellSplit(till.dispatch, token, seededRng(6));
      expect(sealed()).toBe(4); // the sale has returned, its seal waits for the event loop
      await new Promise((resolve) => setImmediate(resolve));
      expect([sealed(), head()]).toEqual([6, 6]); // one seal for the burst of two
      expect(till.context.sealer.sealsWritten).toBe(1);
    } finally {
      till.close();
    }
  });

  it('keeps the private key in a 0600 file of a 0700 folder beside the data folder, not inside it', () => {
    const keyDir = defaultKeyDir(dataDir);
    expect(keyDir).toBe(`${dataDir}-keys`);
    const files = readdirSync(keyDir);
    expect(files).toEqual([expect.stringMatching(/^G1-[0-9a-f]{16}\.ed25519\.pem$/)]);
    expect(statSync(join(keyDir, files[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dataDir).some((f) => f.includes('ed25519'))).toBe(false);
  });

  it('signs with the same key after a restart', () => {
    sellAt(dataDir, 1);
    expect(keysOf(dataDir)).toHaveLength(1);
    expect(verify(dataDir)).toMatchObject({ ok: true, entries: 7, unsealed: [] });
  });

  it('refuses a key folder inside the data folder', () => {
    expect(() => openTill({ dataDir, keyDir: join(dataDir, 'keys'), log: () => {} })).toThrow(/inside the data folder/);
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);
  });

  it('never writes an unsigned entry past the mark, even opened without its key', () => {
    const db = openDatabase(join(dataDir, 'guichet.sqlite'));
    try {
      // a context without the signer is refused before anything is appended
      const open = () => createTillContext({ db, journalKey: Buffer.alloc(32), tillId: 'G1', clock: systemClock, ids: randomIds() });
      expect(open).toThrow(/signed from its mark on/);
      // and a context whose signer is another till's
      const other = signerOf('G2', 1, newSigningKey());
      expect(() => createTillContext({ db, journalKey: Buffer.alloc(32), tillId: 'G1', clock: systemClock, ids: randomIds(), signer: other })).toThrow(/not signed with the key of G2/);
    } finally {
      db.close();
    }
  });
});

describe('a journal written before the till had a key', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = newFolder();
    legacyTill(dataDir, 2); // entries 1–3: HMAC only
    const logs: string[] = [];
    sellAt(dataDir, 2, { logs }); // the first start with a key marks entry 4
    expect(logs.some((m) => /signing key [0-9a-f]{16} made in .* it signs from entry 4 on/.test(m))).toBe(true);
  });

  it('keeps the HMAC of the entries before the mark and signs from the mark on', () => {
    const rows = journalOf(dataDir);
    const key = loadJournalKey(dataDir);
    expect(keysOf(dataDir).map((k) => k.from_seq)).toEqual([4]);
    expect(rows.map((r) => [r.seq, r.format, r.signature ?? r.seal])).toEqual([
      [1, journalFormat, null],
      [2, journalFormat, null],
      [3, journalFormat, null],
      [4, signedFormat, null],
      [5, signedFormat, expect.stringMatching(/^[A-Za-z0-9_-]{86}$/)],
    ]);
    expect(rows.slice(0, 3).every((r) => entryHash(key, r) === r.hash)).toBe(true);
    expect(rows[3]!.prev_hash).toBe(rows[2]!.hash);
    expect(verify(dataDir)).toMatchObject({ ok: true, entries: 5 });
  });

  it('verifies the same across worker threads, whose ranges cut through the mark', async () => {
    const key = loadJournalKey(dataDir);
    const report = await verifyJournalFile(join(dataDir, 'guichet.sqlite'), () => key, { workers: 3, parallelEntriesMin: 0 });
    expect(report).toEqual(verify(dataDir));
  });

  it('makes a new key from the next entry when the key file is lost, and says so', () => {
    const keyDir = defaultKeyDir(dataDir);
    for (const file of readdirSync(keyDir)) unlinkSync(join(keyDir, file));
    const logs: string[] = [];
    sellAt(dataDir, 1, { logs });
    expect(keysOf(dataDir).map((k) => k.from_seq)).toEqual([4, 6]);
    expect(logs.some((m) => m.includes('it signs from entry 6 on'))).toBe(true);
    expect(verify(dataDir)).toMatchObject({ ok: true, entries: 6 });
  });
});

describe('the verifier and the signatures', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = newFolder();
    legacyTill(dataDir, 1); // 1–2 HMAC
    sellAt(dataDir, 4, { sealEach: true }); // 3–6 signed, each sealed
  });

  let copies = 0;
  function copy(change: (db: Database.Database) => void): string {
    const dir = join(root, `copy-${(copies += 1)}`);
    mkdirSync(dir);
    for (const f of ['guichet.sqlite', 'journal.key']) copyFileSync(join(dataDir, f), join(dir, f));
    tamper(dir, change);
    return dir;
  }

  /** Rewrites entries from `seq` on as someone holding the HMAC key but not the signing key: hashes recomputed, old signatures kept. */
  function rehashFrom(db: Database.Database, seq: number): void {
    const rows = db.prepare('SELECT * FROM journal WHERE seq >= ? ORDER BY seq').all(seq) as JournalRow[];
    let prev = (db.prepare('SELECT hash FROM journal WHERE seq = ?').get(seq - 1) as { hash: string }).hash;
    for (const row of rows) {
      const next = { ...row, prev_hash: prev, created_at_ms: row.seq === seq ? row.created_at_ms - 86_400_000 : row.created_at_ms };
      const hash = signedEntryHash(next);
      db.prepare('UPDATE journal SET prev_hash = ?, created_at_ms = ?, hash = ? WHERE seq = ?').run(next.prev_hash, next.created_at_ms, hash, row.seq);
      prev = hash;
    }
  }

  it('names the first signed entry rewritten by someone without the signing key: signature_invalid', () => {
    const dir = copy((db) => rehashFrom(db, 4));
    expect(verify(dir).problem).toMatchObject({ reason: 'signature_invalid', seq: 4 });
  });

  it('a signed entry turned back into an HMAC entry past the mark: format_mismatch', () => {
    const key = loadJournalKey(dataDir);
    const dir = copy((db) => {
      const row = db.prepare('SELECT * FROM journal WHERE seq = 6').get() as JournalRow;
      db.prepare('UPDATE journal SET format = 1, signature = NULL, hash = ? WHERE seq = 6').run(entryHash(key, { ...row, format: 1 }));
    });
    expect(verify(dir).problem).toMatchObject({ reason: 'format_mismatch', seq: 6 });
  });

  it('another till’s journal key: wrong_key, not an alteration', () => {
    const dir = copy(() => {});
    writeFileSync(join(dir, 'journal.key'), `${'ab'.repeat(32)}\n`);
    expect(verify(dir).problem).toMatchObject({ reason: 'wrong_key', seq: 1 });
  });

  it('an altered first entry with the right key: hash_mismatch, not a wrong key', () => {
    const dir = copy((db) => db.exec("UPDATE journal SET payload = payload || ' ' WHERE seq = 1"));
    expect(verify(dir).problem).toMatchObject({ reason: 'hash_mismatch', seq: 1 });
  });

  it('a public key that signed none of the entries: wrong_key', () => {
    const other = keysOf(newFolderWithTill())[0]!.public_key;
    const dir = copy((db) => db.prepare('UPDATE journal_signing_keys SET public_key = ?').run(other));
    expect(verify(dir).problem).toMatchObject({ reason: 'wrong_key', seq: 3 });
  });

  it('a signature that is not the entry’s (another entry’s): signature_invalid at it', () => {
    const dir = copy((db) => db.exec('UPDATE journal_seals SET signature = (SELECT signature FROM journal_seals WHERE seq = 4) WHERE seq = 6'));
    expect(verify(dir).problem).toMatchObject({ reason: 'signature_invalid', seq: 6 });
  });

  it('a seal removed from the middle: the next one vouches for the entry through the chain', () => {
    const dir = copy((db) => db.exec('DELETE FROM journal_seals WHERE seq = 4'));
    expect(verify(dir)).toMatchObject({ ok: true, unsealed: [] });
  });

  it('an HMAC the audit seals do not know: wrong_key on a journal whose entries are all signed', () => {
    const dir = newFolderWithTill();
    writeFileSync(join(dir, 'journal.key'), `${createHmac('sha256', 'x').update('y').digest('hex')}\n`);
    expect(verify(dir).problem).toMatchObject({ reason: 'wrong_key' });
  });
});

describe('a till killed between a sale and its seal', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = newFolder();
    sellAt(dataDir, 2, { open: true, sealEach: true }); // 1–3, each sealed
    sellAt(dataDir, 1, { crash: true }); // 4: written, never sealed
  });

  let copies = 0;
  function copy(change: (db: Database.Database) => void): string {
    const dir = join(root, `killed-${(copies += 1)}`);
    mkdirSync(dir);
    for (const f of ['guichet.sqlite', 'journal.key']) copyFileSync(join(dataDir, f), join(dir, f));
    tamper(dir, change);
    return dir;
  }

  it('leaves a journal that verifies with one unsealed entry, reported', () => {
    // 1, the session's opening, is vouched for by the seal of 2
    expect(journalOf(dataDir).map((r) => r.seal !== null)).toEqual([false, true, true, false]);
    expect(verify(dataDir)).toMatchObject({ ok: true, entries: 4, problem: null, unsealed: [{ tillId: 'G1', count: 1, fromSeq: 4, toSeq: 4 }] });
  });

  it('an unsealed entry altered after the kill is found by its hash', () => {
    const dir = copy((db) => db.exec("UPDATE journal SET payload = replace(payload, '\"v\":', '\"v\" :') WHERE seq = 4"));
    expect(verify(dir).problem).toMatchObject({ reason: 'hash_mismatch', seq: 4 });
    // and the next start does not seal it: the tail no longer chains to the last seal
    const logs: string[] = [];
    openTill({ dataDir: dir, keyDir: defaultKeyDir(dataDir), log: (m) => logs.push(m) }).close();
    expect(logs.some((m) => m.includes('journal entry 4 after the last seal does not verify'))).toBe(true);
    expect(journalOf(dir).at(-1)!.seal).toBeNull();
  });

  it('the next start checks the tail and seals it', () => {
    openTill({ dataDir, log: () => {} }).close();
    const rows = journalOf(dataDir);
    const publicKey = publicKeyOf(keysOf(dataDir)[0]!.public_key)!;
    expect(isValidSignature(publicKey, rows[3]!.hash, rows[3]!.seal)).toBe(true);
    expect(verify(dataDir)).toMatchObject({ ok: true, entries: 4, unsealed: [] });
  });
});

function newFolderWithTill(): string {
  const dir = newFolder();
  sellAt(dir, 1, { open: true });
  return dir;
}
