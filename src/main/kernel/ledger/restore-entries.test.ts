// A replaced till's restore since entries are sealed after commit (ADR 0015): the server's
// pages carry signatures only where the till had sealed (each push batch's end); a page is
// checked whole — chain, hashes, the last signature of each key — and written up to its last
// signed entry, the ones after it waiting for the next page. Pure: events from the server's
// test journal, no database.
import { describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../../shared/api/sync-schemas.ts';
import { keyFromSeed, signHash, TestJournal } from '../../../../sync/src/testing/journal.ts';
import { restoredPageProblem, vouchedEvents } from './restore-entries.ts';

const journal = new TestJournal('R7');
for (let i = 0; i < 8; i += 1) journal.cashSale(100 + i);
const genesis = { seq: 0, hash: '0'.repeat(64) };
/** The events as the server holds them from a sealing till: signed at 3 and 6 only. */
const served: SyncEvent[] = journal.events.map((e) => (e.seq === 3 || e.seq === 6 ? e : { ...e, signature: null }));

describe('a restored page of a till that seals after commit', () => {
  it('verifies with its unsigned entries and is written up to its last signed one', () => {
    expect(restoredPageProblem('R7', genesis, journal.signingKeys, served)).toBeNull();
    expect(vouchedEvents(served).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(vouchedEvents(served.slice(0, 5)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(vouchedEvents(served.slice(0, 2))).toEqual([]);
  });

  it('refuses a page whose vouching signature is not the till key’s, naming it', () => {
    const forged = served.map((e) => (e.seq === 6 ? { ...e, signature: signHash(keyFromSeed('a thief'), e.hash) } : e));
    expect(restoredPageProblem('R7', genesis, journal.signingKeys, forged)?.error).toMatchObject({ code: 'journal_restore_invalid', details: { seq: 6 } });
  });

  it('refuses an unsigned entry altered behind a signature: its hash is not its SHA-256', () => {
    const altered = served.map((e) => (e.seq === 2 ? { ...e, createdAtMs: e.createdAtMs + 1 } : e));
    expect(restoredPageProblem('R7', genesis, journal.signingKeys, altered)?.error).toMatchObject({ details: { seq: 2 } });
  });
});
