// The seal invariant (ADR 0015), over any run of a till: sales in bursts, the event loop
// turning (the sealer's moment), kills between a sale and its seal, clean closes and
// restarts. After every step the journal verifies; every seal verifies under the till's
// key; the unsealed tail is exactly the entries written since the last time the sealer,
// a start or a close ran; and once the sealer has run every entry is covered by a seal at
// or after it. fast-check prints the seed of a failing run to replay it.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { login, openSession, seededRng, sellSplit } from '../../crash/demo-sales.ts';
import { databaseFile, openTill, type Till } from '../../till.ts';
import { loadJournalKey } from './keys.ts';
import { isValidSignature, publicKeyOf } from './signing.ts';
import { verifyJournal } from './verify.ts';

const root = mkdtempSync(join(tmpdir(), 'guichet-seals-property-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

type Step = { kind: 'sell'; sales: number } | { kind: 'idle' } | { kind: 'kill' } | { kind: 'restart' };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('sell' as const), sales: fc.integer({ min: 1, max: 3 }) }),
  fc.constant({ kind: 'idle' as const }),
  fc.constant({ kind: 'kill' as const }),
  fc.constant({ kind: 'restart' as const }),
);

/** What the verifier and the seals table say of the folder, read as a restart would. */
function inspect(dataDir: string) {
  const db = new Database(join(dataDir, databaseFile), { readonly: true });
  try {
    const report = verifyJournal(db, () => loadJournalKey(dataDir));
    const key = publicKeyOf((db.prepare('SELECT public_key FROM journal_signing_keys').pluck().get() as string))!;
    const seals = db.prepare('SELECT s.seq, s.signature, j.hash FROM journal_seals s JOIN journal j USING (till_id, seq) ORDER BY s.seq').all() as { seq: number; signature: string; hash: string }[];
    return { report, seals, allValid: seals.every((s) => isValidSignature(key, s.hash, s.signature)) };
  } finally {
    db.close();
  }
}

it('every entry is covered by a seal at or after it once the sealer, a start or a close has run', { timeout: 240_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
      const dataDir = join(root, `run-${(runs += 1)}`);
      let till: Till = openTill({ dataDir, sync: false, log: () => {} });
      const token = login(till.dispatch);
      openSession(till.dispatch, token);
      const rng = seededRng(runs);
      let head = 1;
      let sealedUpTo = 0; // the last entry the till has sealed for sure (sealer, start or close)
      try {
        for (const s of steps) {
          if (s.kind === 'sell') {
            for (let i = 0; i < s.sales; i += 1) sellSplit(till.dispatch, token, rng);
            head += s.sales;
          } else if (s.kind === 'idle') {
            await new Promise((resolve) => setImmediate(resolve));
            sealedUpTo = head;
          } else {
            if (s.kind === 'kill') {
              // killed before the sealer's turn: what a SIGKILL leaves (seal-crash.test.ts kills for real)
              till.context.sealer.stop();
              till.context.signer = null;
            } else sealedUpTo = head;
            till.close();
            const { report } = inspect(dataDir);
            const tail = head > sealedUpTo ? [{ tillId: 'G1', count: head - sealedUpTo, fromSeq: sealedUpTo + 1, toSeq: head }] : [];
            expect(report).toMatchObject({ ok: true, entries: head, unsealed: tail });
            till = openTill({ dataDir, sync: false, log: () => {} });
            sealedUpTo = head; // the start checked the tail and sealed it
          }
          const { report, seals, allValid } = inspect(dataDir);
          expect(report.ok).toBe(true);
          expect(allValid).toBe(true);
          const tail = report.unsealed[0];
          expect(tail ? tail.fromSeq : head + 1).toBeGreaterThan(sealedUpTo);
          if (sealedUpTo === head && head > 0) expect(seals.at(-1)!.seq).toBe(head);
        }
      } finally {
        till.close();
      }
    }),
    { numRuns: 12 },
  );
});
