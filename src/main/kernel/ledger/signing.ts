// Ed25519 signatures of journal entries (ADR 0007): the message signed, the key texts (a
// public key is the base64url of its 32 raw bytes, as the server registers it) and the
// signer a till's context holds (TillContext.signer), which appendEntry signs with.
import { createPrivateKey, createPublicKey, generateKeyPairSync, hash as oneShotHash, sign, verify, type KeyObject } from 'node:crypto';
import { assert } from '../../../shared/assert.ts';
import { stmt, type Db } from '../db/connection.ts';

/** What is signed for an entry: its hash, under a fixed label (the server signs nothing of this kind). */
export function signatureMessage(hash: string): Buffer {
  return Buffer.from(`guichet/journal/2\n${hash}`);
}

export function newSigningKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}

/** The public key of a private (or public) key as text: base64url of the 32 raw bytes. */
export function publicKeyText(key: KeyObject): string {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  assert(jwk.crv === 'Ed25519' && typeof jwk.x === 'string', 'an Ed25519 key');
  return jwk.x;
}

/** The key a public key text names, or null when the text is not an Ed25519 public key. */
export function publicKeyOf(text: string): KeyObject | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
  } catch {
    return null;
  }
}

/** The short name of a public key an administrator compares: the first 16 hex digits of its SHA-256. */
export function keyFingerprint(publicKey: string): string {
  return oneShotHash('sha256', publicKey, 'hex').slice(0, 16);
}

export function privateKeyPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  assert(key.asymmetricKeyType === 'ed25519', 'the signing key is an Ed25519 key');
  return key;
}

export function signHash(privateKey: KeyObject, hash: string): string {
  return sign(null, signatureMessage(hash), privateKey).toString('base64url');
}

export function isValidSignature(publicKey: KeyObject, hash: string, signature: string | null): boolean {
  if (signature === null || !/^[A-Za-z0-9_-]{86}$/.test(signature)) return false;
  return verify(null, signatureMessage(hash), publicKey, Buffer.from(signature, 'base64url'));
}

/** The key a till signs its entries with from `fromSeq` on. */
export interface JournalSigner {
  tillId: string;
  fromSeq: number;
  publicKey: string;
  sign(hash: string): string;
}

export function signerOf(tillId: string, fromSeq: number, privateKey: KeyObject): JournalSigner {
  return { tillId, fromSeq, publicKey: publicKeyText(privateKey), sign: (hash) => signHash(privateKey, hash) };
}

/**
 * A database opened without its signing key must have no signing mark: entries past it
 * would go unsigned. A bug of the caller (open the till with openTill), not a refusal.
 */
export function assertNoSigningMark(db: Db): void {
  const marked = stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal_signing_keys'").get() !== undefined
    && stmt(db, 'SELECT 1 FROM journal_signing_keys LIMIT 1').get() !== undefined;
  assert(!marked, 'this journal is signed from its mark on: open it with its signing key (openTill)');
}
