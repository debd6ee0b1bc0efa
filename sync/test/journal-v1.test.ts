// A till's journal written before payloads were versioned (the committed fixture
// src/main/testing/fixtures/journal-v1: every entry type, signed from entry 1) is taken by
// today's server as it is: every event stored, its postings moved, its projections read from
// the version 1 payloads (a gift voucher known by its code, the installments of the sales on
// account, paid and cancelled as the settlement and the refund say).
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalRow } from '../../src/main/kernel/ledger/journal.ts';
import { toWire } from '../../src/main/sync-client/index.ts';
import type { RunningServer } from '../src/server.ts';
import { admin, call, startTestServer } from '../src/testing/harness.ts';

const fixture = join(import.meta.dirname, '../../src/main/testing/fixtures/journal-v1');

describe('a version 1 journal pushed to the server', () => {
  let server: RunningServer;
  let rows: JournalRow[];
  let keys: { public_key: string; from_seq: number }[];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-journal-v1-'));
    writeFileSync(join(dir, 'guichet.sqlite'), gunzipSync(readFileSync(join(fixture, 'guichet.sqlite.gz'))));
    const db = new Database(join(dir, 'guichet.sqlite'));
    try {
      rows = db.prepare('SELECT * FROM journal ORDER BY seq').all() as JournalRow[];
      keys = db.prepare("SELECT public_key, from_seq FROM journal_signing_keys WHERE till_id = 'G1' ORDER BY from_seq").all() as typeof keys;
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
    server = await startTestServer({ engine: 'pglite' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('stores every event and projects what its payloads say', async () => {
    const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId: 'G1' });
    const enrolled = await call(server.url, 'POST', '/v1/enrol', {
      body: { code: code.value.code, tillId: 'G1', tillName: '', head: { seq: 0, hash: '0'.repeat(64) }, signingKeys: keys.map((k) => ({ fromSeq: k.from_seq, publicKey: k.public_key })) },
    });
    expect(enrolled.ok, JSON.stringify(enrolled.error)).toBe(true);
    const answer = await call(server.url, 'POST', '/v1/push', { token: enrolled.value.token, body: { tillId: 'G1', events: rows.map(toWire) } });
    expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
    expect(answer.value.statuses.map((s: { status: string }) => s.status)).toEqual(rows.map(() => 'created'));

    const store = server.store.db;
    expect((await store.selectFrom('events').select('payload').where('till_id', '=', 'G1').orderBy('seq').execute()).map((e) => e.payload)).toEqual(rows.map((r) => r.payload));
    // the gift voucher the first sale sold (a version 1 `vouchers` tuple), known by its code
    const sold = JSON.parse(rows.find((r) => r.type === 'sale')!.payload).vouchers as [string, string, string, number][];
    expect(sold).toHaveLength(1);
    const voucher = await store.selectFrom('vouchers').selectAll().execute();
    expect(voucher.map((v) => [v.id, v.code, Number(v.value_minor)])).toEqual([[sold[0]![0], sold[0]![2], sold[0]![3]]]);
    // the installments of the two sales on account (version 1 `deferredItems`), as the till holds them
    const scheduled = rows.filter((r) => r.type === 'sale').flatMap((r) => (JSON.parse(r.payload).deferredItems ?? []) as [string, string, number, number, string, number][]);
    const installments = await store.selectFrom('installments').select(['id', 'amount_minor', 'paid_minor', 'cancelled_minor', 'contact_id']).orderBy('id').execute();
    expect(installments.map((i) => [i.id, Number(i.amount_minor)])).toEqual(scheduled.map((s) => [s[0], s[5]]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
    // the settlement paid 120.– of the school's installments, the refund cancelled 60.– of
    // them; the other sale's moved to another payer and back with its invoice's billing contact
    const payerChanges = rows.filter((r) => r.type === 'payer_changed').map((r) => JSON.parse(r.payload) as { fromContactId: string; toContactId: string });
    expect(payerChanges.map((c) => [c.fromContactId, c.toContactId])).toEqual([['c-amis', 'c-mairie'], ['c-mairie', 'c-amis']]);
    expect(installments.reduce((a, i) => a + Number(i.paid_minor), 0)).toBe(12_000);
    expect(installments.reduce((a, i) => a + Number(i.cancelled_minor), 0)).toBe(6_000);
    expect(new Set(installments.map((i) => i.contact_id))).toEqual(new Set(['c-ecole', 'c-amis']));
  });
});
