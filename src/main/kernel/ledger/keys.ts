// The till's two keys (ADR 0007).
// - journal.key: the HMAC key of the entries before the signing mark and of the audit
//   chain: 32 random bytes in a file beside the database (mode 0600). Losing it makes those
//   unverifiable, so backups take both files.
// - the signing key: an Ed25519 private key kept outside the data folder, in a key folder
//   (GUICHET_KEY_DIR, by default `<data folder>-keys` beside it), one file per key named by
//   the till and the key's fingerprint, mode 0600 — sealed by the OS (Electron safeStorage)
//   where a protection is given. Its public key is in the database and at the server, so
//   losing it loses no verification: the till makes a new key and is enrolled again.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { stmt, type Db } from '../db/connection.ts';
import { keyFingerprint, newSigningKey, privateKeyFromPem, privateKeyPem, publicKeyText, signerOf, type JournalSigner } from './signing.ts';

export const journalKeyFile = 'journal.key';

export function loadJournalKey(dataDir: string): Buffer {
  const text = readFileSync(join(dataDir, journalKeyFile), 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${journalKeyFile} is not a 32-byte hex key`);
  return Buffer.from(text, 'hex');
}

export function loadOrCreateJournalKey(dataDir: string): Buffer {
  const file = join(dataDir, journalKeyFile);
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return loadJournalKey(dataDir);
}

/** How a private key is sealed at rest: by the OS (Electron safeStorage), or not at all (a 0600 file). */
export interface KeyProtection {
  /** Written in the file's name, so that a key sealed one way is never read the other way. */
  name: 'safe-storage' | 'plain';
  seal(text: string): Buffer;
  open(sealed: Buffer): string;
}

export const plainKeyFile: KeyProtection = { name: 'plain', seal: (text) => Buffer.from(text), open: (sealed) => sealed.toString() };

/** The key folder beside the data folder: `<data folder>-keys`. */
export function defaultKeyDir(dataDir: string): string {
  return `${resolve(dataDir).replace(/[/\\]+$/, '')}-keys`;
}

function isInside(dir: string, parent: string): boolean {
  const rel = relative(resolve(parent), resolve(dir));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export function signingKeyFile(keyDir: string, tillId: string, publicKey: string, protection: KeyProtection): string {
  return join(keyDir, `${tillId}-${keyFingerprint(publicKey)}.ed25519${protection.name === 'plain' ? '.pem' : `.${protection.name}`}`);
}

/**
 * The file of a till's key: named by the till, or by another id the same install had
 * before it took this one (a fresh till renamed at enrolment keeps its key: ADR 0011).
 * The key's fingerprint names it either way; the caller checks the key it holds.
 */
function keyFileOf(keyDir: string, tillId: string, publicKey: string, protection: KeyProtection): string | null {
  const own = signingKeyFile(keyDir, tillId, publicKey, protection);
  if (existsSync(own)) return own;
  if (!existsSync(keyDir)) return null;
  const suffix = own.slice(join(keyDir, tillId).length);
  const other = readdirSync(keyDir).find((name) => name.endsWith(suffix));
  return other ? join(keyDir, other) : null;
}

export interface SigningKeyRow {
  public_key: string;
  from_seq: number;
}

/** The till's signing keys in the order they sign: a later key with the same mark replaces an unused one. */
export function signingKeysOf(db: Db, tillId: string): SigningKeyRow[] {
  const rows = stmt(db, 'SELECT public_key, from_seq FROM journal_signing_keys WHERE till_id = ? ORDER BY from_seq, rowid').all(tillId) as SigningKeyRow[];
  return rows.filter((row, i) => rows[i + 1]?.from_seq !== row.from_seq);
}

export interface SignerSetup {
  signer: JournalSigner;
  /** True when this start made the key (first start, the migration's mark, or a lost key). */
  isNew: boolean;
}

/**
 * The till's signer: its latest key, read from the key folder. Without one (the first
 * start after migration 010, or the key file lost) a new key is made, written (never over
 * another file) and registered in the database to sign from the next seq: the mark.
 */
export function loadOrCreateSigner(db: Db, options: { tillId: string; dataDir: string; keyDir: string; protection: KeyProtection; nowMs: number }): SignerSetup {
  const { tillId, keyDir, protection } = options;
  if (isInside(keyDir, options.dataDir)) throw new Error(`the key folder ${keyDir} is inside the data folder ${options.dataDir}: keep it beside, so that a copy of the data is not a copy of the key`);
  const latest = signingKeysOf(db, tillId).at(-1);
  if (latest) {
    const file = keyFileOf(keyDir, tillId, latest.public_key, protection);
    if (file) {
      const key = privateKeyFromPem(protection.open(readFileSync(file)));
      if (publicKeyText(key) !== latest.public_key) throw new Error(`${file} does not hold the key its name says`);
      return { signer: signerOf(tillId, latest.from_seq, key), isNew: false };
    }
  }
  const key = newSigningKey();
  const publicKey = publicKeyText(key);
  // a folder made here is the owner's alone (the umask may have widened it); one given is left as set
  if (!existsSync(keyDir)) {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    chmodSync(keyDir, 0o700);
  }
  writeFileSync(signingKeyFile(keyDir, tillId, publicKey, protection), protection.seal(privateKeyPem(key)), { mode: 0o600, flag: 'wx' });
  const fromSeq = db.transaction(() => {
    const head = stmt(db, 'SELECT COALESCE(MAX(seq), 0) AS seq FROM journal WHERE till_id = ?').get(tillId) as { seq: number };
    stmt(db, 'INSERT INTO journal_signing_keys (till_id, public_key, from_seq, created_at_ms) VALUES (?, ?, ?, ?)').run(tillId, publicKey, head.seq + 1, options.nowMs);
    return head.seq + 1;
  }).immediate();
  return { signer: signerOf(tillId, fromSeq, key), isNew: true };
}
