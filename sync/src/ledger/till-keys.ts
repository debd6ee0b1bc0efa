// The tills' public signing keys (ADR 0007): registered at enrolment, each from the first
// seq it signs, and checked on every push: below a till's first mark an event may be
// unsigned (it was written before the till could sign); from the mark on it must be format
// 2, its SHA-256 must be the hash it carries, and the signatures that seal the batch must
// verify. Each hash covers the one before, so one signature vouches for every event of the
// batch before it (the server checks each hash). Since ADR 0015 a till signs its entries in
// seals written after they commit: an event may come unsigned, but the batch's last one
// must be signed (the till seals it before it sends), and so vouches for the whole batch.
import type { z } from 'zod';
import type { SigningKey, SyncEvent } from '../../../src/shared/api/sync-schemas.ts';
import { refuse, type Refusal } from '../../../src/shared/result.ts';
import { int } from '../store/schema.ts';
import type { Trx } from '../store/tx.ts';
import type { Db } from '../store/store.ts';
import { isValidSignature, journalFormat, publicKeyOf, signedEntryHash, signedFormat } from './journal.ts';

type Key = z.infer<typeof SigningKey>;

/** A till's keys in the order they sign; a key registered later with the same mark replaces one never used. */
export async function tillKeysOf(db: Db | Trx, tillId: string): Promise<Key[]> {
  const rows = await db.selectFrom('till_keys').select(['public_key', 'from_seq']).where('till_id', '=', tillId).orderBy('from_seq').orderBy('registered_at_ms').execute();
  return signingOrder(rows.map((r) => ({ fromSeq: int(r.from_seq), publicKey: r.public_key })));
}

/** A till's registered keys, read ordered by mark then registration, as they sign (tillKeysOf). */
export function signingOrder(keys: readonly Key[]): Key[] {
  return keys.filter((k, i) => keys[i + 1]?.fromSeq !== k.fromSeq);
}

/**
 * Registers the keys a till enrols with, against what the server holds of its journal
 * (`headSeq`): a key already registered keeps its mark; a new key may not claim events the
 * server holds, unless the till had none registered (a till enrolled before signing); a
 * registered key the till no longer lists is dropped only if it signed nothing held here.
 */
export async function registerKeys(trx: Trx, tillId: string, given: readonly Key[], headSeq: number, tillHeadSeq: number, nowMs: number): Promise<Refusal | null> {
  const problem = (reason: string) => refuse('enrolment_key_invalid', { reason });
  for (const [i, k] of given.entries()) {
    if (!publicKeyOf(k.publicKey)) return problem(`key ${i + 1} is not an Ed25519 public key`);
    if (i > 0 && k.fromSeq <= given[i - 1]!.fromSeq) return problem('the keys are not in the order they sign');
    if (k.fromSeq > tillHeadSeq + 1) return problem(`key ${i + 1} signs from entry ${k.fromSeq}, past the till's head ${tillHeadSeq}`);
  }
  const registered = await tillKeysOf(trx, tillId);
  for (const r of registered) {
    const same = given.find((k) => k.publicKey === r.publicKey);
    if (same && same.fromSeq !== r.fromSeq) return problem(`the key registered from entry ${r.fromSeq} is now said to sign from entry ${same.fromSeq}`);
    if (!same && r.fromSeq <= headSeq) return problem(`the till no longer lists the key that signed entries from ${r.fromSeq}, which the server holds`);
  }
  for (const k of given) {
    if (registered.some((r) => r.publicKey === k.publicKey)) continue;
    if (registered.length > 0 && k.fromSeq <= headSeq) return problem(`a new key may not sign entries the server already holds (from ${k.fromSeq}, held up to ${headSeq})`);
  }
  const dropped = registered.filter((r) => !given.some((k) => k.publicKey === r.publicKey)).map((r) => r.publicKey);
  if (dropped.length > 0) await trx.deleteFrom('till_keys').where('till_id', '=', tillId).where('public_key', 'in', dropped).execute();
  const fresh = given.filter((k) => !registered.some((r) => r.publicKey === k.publicKey));
  if (fresh.length > 0) {
    await trx.insertInto('till_keys').values(fresh.map((k) => ({ till_id: tillId, public_key: k.publicKey, from_seq: k.fromSeq, registered_at_ms: nowMs }))).onConflict((oc) => oc.columns(['till_id', 'public_key']).doNothing()).execute();
  }
  return null;
}

/** The key that signs `seq`, or null below the first mark. */
function keyAt(keys: readonly Key[], seq: number): Key | null {
  let found: Key | null = null;
  for (const k of keys) if (k.fromSeq <= seq) found = k;
  return found;
}

/**
 * The signature check of a batch's new events (already in sequence and chained): every
 * event's format and hash; the batch's last event, from the mark on, must carry a
 * signature; the last signature of each key in the batch must verify (the batch's last
 * among them), and on a failure every signature of that key up to it is read to name the
 * first bad event. Events without a signature are vouched for by the chain up to a signed
 * one (an older key's unsealed tail by the next key's signature). Reads nothing.
 */
export function signatureRefusal(keys: readonly Key[], events: readonly SyncEvent[]): Refusal | null {
  const bad = (e: SyncEvent, reason: string) => refuse('sync_signature_invalid', { id: e.id, seq: e.seq, reason });
  const lastSignedOfKey = new Map<Key, number>();
  for (let i = 0; i < events.length; i += 1) {
    const e = events[i]!;
    const key = keyAt(keys, e.seq);
    if (!key) {
      if (e.format !== journalFormat || e.signature !== null) return bad(e, `an event before the signing mark (${keys[0]!.fromSeq}) is written in format ${journalFormat}, unsigned`);
      continue;
    }
    if (e.format !== signedFormat) return bad(e, `from the signing mark (${keys[0]!.fromSeq}) on, events are signed (format ${signedFormat})`);
    if (signedEntryHash(e) !== e.hash) return bad(e, 'the hash is not the SHA-256 of the event');
    if (e.signature !== null) lastSignedOfKey.set(key, i);
  }
  const last = events.at(-1);
  if (last && keyAt(keys, last.seq) && last.signature === null) return bad(last, "the batch's last event is not signed: nothing vouches for the events before it");
  for (const [key, at] of lastSignedOfKey) {
    const publicKey = publicKeyOf(key.publicKey)!;
    if (isValidSignature(publicKey, events[at]!.hash, events[at]!.signature)) continue;
    const first = events.slice(0, at + 1).find((e) => e.signature !== null && keyAt(keys, e.seq) === key && !isValidSignature(publicKey, e.hash, e.signature))!;
    return bad(first, "the signature does not verify under the till's registered key");
  }
  return null;
}
