// The signature check of a push batch since tills seal after commit (ADR 0015): events may
// come unsigned, the batch's last one must be signed by the key registered for its seq, and
// that signature vouches for the unsigned ones before it through their hashes; an older
// key's unsigned tail is vouched for by the next key's signature. Pure: no database.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../../src/shared/api/sync-schemas.ts';
import { signedEntryHash } from './journal.ts';
import { signatureRefusal } from './till-keys.ts';
import { keyFromSeed, publicKeyText, signHash, TestJournal } from '../testing/journal.ts';

function journalOf(events: number): TestJournal {
  const journal = new TestJournal('S1');
  for (let i = 0; i < events; i += 1) journal.cashSale(100 + i);
  return journal;
}

/** The events as a sealing till sends them: signed only where `isSealed` says. */
const sealedAt = (events: readonly SyncEvent[], isSealed: (i: number) => boolean): SyncEvent[] => events.map((e, i) => (isSealed(i) ? e : { ...e, signature: null }));

describe('a batch of a till that seals after commit', () => {
  const journal = journalOf(12);
  const keys = journal.signingKeys;

  it('is taken when its last event is signed, whichever events before it are', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (length, seals) => {
        const batch = sealedAt(journal.events.slice(0, length), (i) => i === length - 1 || seals[i]!);
        expect(signatureRefusal(keys, batch)).toBeNull();
      }),
    );
  });

  it('is refused when its last event is unsigned, naming it: nothing vouches for the batch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (length, seals) => {
        const batch = sealedAt(journal.events.slice(0, length), (i) => i !== length - 1 && seals[i]!);
        const last = batch.at(-1)!;
        expect(signatureRefusal(keys, batch)?.error).toMatchObject({ code: 'sync_signature_invalid', details: { seq: last.seq, id: last.id } });
      }),
    );
  });

  it('refuses a forged unsealed tail entry appended without the key: the batch must end signed', () => {
    const forger = journalOf(4);
    forger.creditSale('c-dupont', -99_900_000); // a credit deposit written by someone with the chain but not the key
    const batch = sealedAt(forger.events, (i) => i === 3); // the genuine head sealed, the forged entry not
    expect(signatureRefusal(forger.signingKeys, batch)?.error).toMatchObject({ code: 'sync_signature_invalid', details: { seq: 5 } });
  });

  it('refuses an unsigned entry altered behind the signed end: its hash no longer chains, or is not its SHA-256', () => {
    const batch = sealedAt(journal.events.slice(0, 6), (i) => i === 5);
    const altered = { ...batch[2]!, createdAtMs: batch[2]!.createdAtMs - 86_400_000 };
    expect(signatureRefusal(keys, [...batch.slice(0, 2), altered, ...batch.slice(3)])?.error).toMatchObject({ details: { seq: 3, reason: 'the hash is not the SHA-256 of the event' } });
  });

  it('refuses a signed end signed by another key, naming the first bad signature of that key', () => {
    const thief = keyFromSeed('a thief');
    const batch = sealedAt(journal.events.slice(0, 6), (i) => i === 1 || i === 5).map((e, i) => (i === 5 ? { ...e, signature: signHash(thief, e.hash) } : e));
    expect(signatureRefusal(keys, batch)?.error).toMatchObject({ code: 'sync_signature_invalid', details: { seq: 6 } });
    const both = batch.map((e, i) => (i === 1 ? { ...e, signature: signHash(thief, e.hash) } : e));
    expect(signatureRefusal(keys, both)?.error).toMatchObject({ details: { seq: 2 } });
  });

  it("takes an older key's unsigned tail vouched for by the next key's signature", () => {
    // key A signs 1–6 (its tail 5–6 never sealed: the key was lost), key B from 7
    const b = keyFromSeed('S1 second key');
    const twoKeys = [keys[0]!, { fromSeq: 7, publicKey: publicKeyText(b) }];
    const batch = sealedAt(journal.events.slice(0, 8), (i) => i === 3 || i === 7).map((e) => (e.seq === 8 ? { ...e, signature: signHash(b, e.hash) } : e));
    expect(signedEntryHash(batch[7]!)).toBe(batch[7]!.hash);
    expect(signatureRefusal(twoKeys, batch)).toBeNull();
    // the same batch ending on the old key's unsigned tail is refused
    expect(signatureRefusal(twoKeys, batch.slice(0, 6))?.error).toMatchObject({ details: { seq: 6 } });
  });

  it('takes the batches of a till that signed every event (before ADR 0015) as before', () => {
    expect(signatureRefusal(keys, journal.events)).toBeNull();
  });
});
