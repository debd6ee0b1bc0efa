// A real till, enrolled with its public key, and the ledger server (PGlite): a thief with
// the till's token pushes a well-chained credit deposit it cannot sign and is refused,
// nothing stored; then `verify-journal --server` checks the till's data folder against the
// head the server acknowledged — intact, it verifies; with its last sale cut from the end
// (balances put back), it fails with behind_anchor; asked with a wrong administrator's
// key, it cannot verify.
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerifyJournal } from '../../src/main/cli/verify-journal.ts';
import { toWire } from '../../src/main/sync-client/index.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { canonicalJson, signedEntryHash } from '../src/ledger/journal.ts';
import { admin, call, testAdminKey } from '../src/testing/harness.ts';
import { keyFromSeed, signHash } from '../src/testing/journal.ts';
import { journalOf, openTestTill, synced, type TestTill } from './tills.ts';

describe('a till’s journal anchored at the ledger server', () => {
  const folder = mkdtempSync(join(tmpdir(), 'guichet-anchors-'));
  let server: RunningServer;
  let till: TestTill;

  beforeAll(async () => {
    server = await startServer({ dataDir: join(folder, 'server'), port: 0, adminKey: testAdminKey, log: () => {} });
    till = openTestTill('A1');
    const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId: 'A1', tillName: 'Caisse A1' });
    till.must('sync.enrol', { serverUrl: server.url, code: code.value.code }, 'administrator');
    till.must('sessions.open', { float: [] }, 'supervisor');
    for (const amountMinor of [500, 1000]) {
      till.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: amountMinor / 500 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor }] });
    }
    await synced(till);
  }, 60_000);
  afterAll(async () => {
    till?.dispose();
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses a forged credit deposit pushed with the till’s own token: right chain, no key to sign it', async () => {
    const db = till.till.context.db;
    const token = (db.prepare('SELECT token FROM sync_state WHERE id = 1').get() as { token: string }).token;
    const head = journalOf(till).at(-1)!;
    const fields = {
      format: 2, tillId: 'A1', seq: head.seq + 1, id: ulid(), type: 'credit_fund', createdAtMs: Date.now(), userId: 'u-cashier', sessionId: head.session_id, prevHash: head.hash,
      payload: canonicalJson({ v: 2, amountMinor: 99_900_000, contactId: 'c-dupont', methodId: 'pm-cash', reference: '', postings: [['credit:c-dupont', -99_900_000], ['till:A1:pm-cash', 99_900_000]] }),
    };
    const hash = signedEntryHash(fields);
    const forged = { ...fields, hash, signature: signHash(keyFromSeed('a thief'), hash) };
    const answer = await call(server.url, 'POST', '/v1/push', { token, body: { tillId: 'A1', events: [forged] } });
    expect(answer).toMatchObject({ status: 422, error: { code: 'sync_signature_invalid', details: { seq: head.seq + 1 } } });
    const held = await admin(server.url, 'GET', '/tills/A1/head');
    expect(held.value.head).toEqual({ seq: head.seq, hash: head.hash });
    const balance = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', 'credit:c-dupont').executeTakeFirst();
    expect(balance?.balance_minor ?? '0').toBe('0');
    // the till's own events went through, the last one sealed (ADR 0015): the server's copy is the till's, byte for byte
    const stored = await server.store.db.selectFrom('events').select(['seq', 'signature']).where('till_id', '=', 'A1').orderBy('seq').execute();
    expect(stored.map((e) => e.signature)).toEqual(journalOf(till).map(toWire).map((e) => e.signature));
    expect(stored.at(-1)!.signature).not.toBeNull();
  });

  describe('verify-journal --server', () => {
    let copy: string;
    beforeAll(() => {
      till.close(); // checkpoints the WAL: the .sqlite file alone is the whole database
      copy = join(folder, 'cut');
      mkdirSync(copy);
      for (const f of ['guichet.sqlite', 'journal.key']) copyFileSync(join(till.dataDir, f), join(copy, f));
      const db = new Database(join(copy, 'guichet.sqlite'));
      for (const name of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[]) db.exec(`DROP TRIGGER ${name}`);
      db.pragma('foreign_keys = OFF');
      const entry = db.prepare('SELECT id FROM journal ORDER BY seq DESC LIMIT 1').pluck().get() as string;
      db.exec(`
        UPDATE account_balances SET balance_minor = balance_minor - (SELECT amount_minor FROM postings p WHERE p.entry_id = '${entry}' AND p.account_id = account_balances.account_id)
          WHERE account_id IN (SELECT account_id FROM postings WHERE entry_id = '${entry}');
        DELETE FROM payments WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}');
        DELETE FROM order_lines WHERE order_id = (SELECT id FROM orders WHERE entry_id = '${entry}');
        DELETE FROM orders WHERE entry_id = '${entry}';
        DELETE FROM postings WHERE entry_id = '${entry}';
        DELETE FROM journal WHERE id = '${entry}';`);
      db.close();
    });

    const verify = (dataDir: string, adminKey = testAdminKey) => runVerifyJournal(['--data-dir', dataDir, '--server', server.url, '--json'], { GUICHET_ADMIN_KEY: adminKey });

    it('verifies the intact folder against the head the server acknowledged', async () => {
      const out = await verify(till.dataDir);
      expect(out.exitCode, out.stderr).toBe(0);
      expect(JSON.parse(out.stdout)).toMatchObject({ ok: true, tills: [{ tillId: 'A1', headSeq: 3 }] });
    });

    it('fails the folder whose last sale was cut from the end, which alone verifies', async () => {
      expect((await runVerifyJournal(['--data-dir', copy], {})).exitCode).toBe(0);
      const out = await verify(copy);
      expect(out.exitCode).toBe(1);
      expect(JSON.parse(out.stdout).problem).toMatchObject({ reason: 'behind_anchor', tillId: 'A1', seq: 3 });
    });

    it('cannot verify with a wrong administrator’s key', async () => {
      const out = await verify(till.dataDir, 'not-the-admin-key-0000');
      expect(out.exitCode).toBe(2);
      expect(JSON.parse(out.stdout).error.code).toBe('server_refused');
    });
  });
});
