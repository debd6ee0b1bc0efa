// The audit log's chain: every audit row is sealed as it is written; the journal verifier
// names the first audit row edited, deleted, reordered or written outside the chain; a
// till upgraded from before migration 008 seals its earlier rows once, at its next start.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from './db/migrations/index.ts';
import { databaseFile, openTill } from '../till.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';
import { auditChainProblem, auditHash } from './audit-chain.ts';
import { verifyJournal } from './ledger/verify.ts';
import { genesisHash } from './ledger/journal.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A till with a few audited actions: an opening, an X report, a denied method, a closing. */
function auditedTill(): TestTill {
  const t = testTill();
  t.must('sessions.open', { float: [] });
  t.must('sessions.xReport', {});
  t.call('sessions.close', { counts: [] }, 'cashier'); // denied: audited
  t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 0 }] }, 'supervisor');
  return t;
}

const key = (t: TestTill) => () => t.context.journalKey;
const seals = (db: Database.Database) => db.prepare('SELECT s.seq, s.audit_id, s.prev_hash, s.hash, a.action FROM audit_seals s JOIN audit_log a ON a.id = s.audit_id ORDER BY s.seq').all() as { seq: number; audit_id: string; prev_hash: string; hash: string; action: string }[];
/** The immutability triggers and foreign keys stand in the way of a forger; one with the file drops them. */
const forge = (db: Database.Database, sql: string, ...params: unknown[]) => {
  db.pragma('foreign_keys = OFF');
  for (const table of ['audit_log', 'audit_seals']) {
    db.exec(`DROP TRIGGER IF EXISTS ${table}_no_update; DROP TRIGGER IF EXISTS ${table}_no_delete;`);
  }
  db.prepare(sql).run(...params);
};

describe('the audit chain', () => {
  it('seals every audit row in order, each chained to the previous, and the verifier passes', () => {
    const t = auditedTill();
    const chain = seals(t.db);
    const rows = (t.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(chain.length).toBe(rows);
    expect(chain.map((s) => s.action)).toEqual(['session.opened', 'session.x_report', 'auth.denied', 'session.closed']);
    expect(chain.map((s) => s.seq)).toEqual(chain.map((_, i) => i + 1));
    expect(chain[0]!.prev_hash).toBe(genesisHash);
    chain.slice(1).forEach((s, i) => expect(s.prev_hash).toBe(chain[i]!.hash));
    expect(verifyJournal(t.db, key(t)).ok).toBe(true);
  });

  it('names an audit row edited after it was sealed', () => {
    const t = auditedTill();
    const denied = seals(t.db).find((s) => s.action === 'auth.denied')!;
    forge(t.db, "UPDATE audit_log SET details = '{}' WHERE id = ?", denied.audit_id);
    const report = verifyJournal(t.db, key(t));
    expect(report.problem).toMatchObject({ reason: 'audit_chain_broken', detail: `audit row ${denied.audit_id} (seal ${denied.seq}) was edited after it was sealed` });
  });

  it('names a deleted audit row, and one deleted with its seal', () => {
    const t = auditedTill();
    const [, second, third] = seals(t.db);
    forge(t.db, 'DELETE FROM audit_log WHERE id = ?', second!.audit_id);
    expect(auditChainProblem(t.db, key(t))).toMatchObject({ detail: `audit row ${second!.audit_id} (seal ${second!.seq}) is gone` });
    forge(t.db, 'DELETE FROM audit_seals WHERE seq = ?', second!.seq);
    expect(auditChainProblem(t.db, key(t))).toMatchObject({ seq: third!.seq, detail: `audit seal ${third!.seq} follows ${second!.seq - 1}: a seal is missing or was renumbered` });
  });

  it('names audit rows reordered (their seals swapped) and a row slipped in without a seal', () => {
    const t = auditedTill();
    const [first, second] = seals(t.db);
    forge(t.db, 'UPDATE audit_seals SET audit_id = ? WHERE seq = ?', `${first!.audit_id}-x`, first!.seq);
    forge(t.db, 'UPDATE audit_seals SET audit_id = ? WHERE seq = ?', first!.audit_id, second!.seq);
    forge(t.db, 'UPDATE audit_seals SET audit_id = ? WHERE seq = ?', second!.audit_id, first!.seq);
    expect(auditChainProblem(t.db, key(t))).toMatchObject({ seq: first!.seq, detail: expect.stringContaining('was edited after it was sealed') });

    const u = auditedTill();
    forge(u.db, "INSERT INTO audit_log (id, at_ms, user_id, till_id, action, details) VALUES ('01FORGED', 1, 'u-admin', 'G1', 'auth.login', '{}')");
    expect(verifyJournal(u.db, key(u)).problem).toMatchObject({ reason: 'audit_chain_broken', detail: 'audit row 01FORGED has no seal: written outside the chain' });
  });

  it('seals the rows of a till upgraded from before the chain once, at its next start, and never a row slipped in later', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'guichet-audit-'));
    dirs.push(dataDir);
    const first = openTill({ dataDir, sync: false, log: () => {} });
    const login = first.dispatch('auth.login', { userId: 'u-cashier', pin: '123456' }, null);
    expect(login.ok).toBe(true);
    first.close();
    // migration 008 undone: the seals and the note of the backlog gone, as before the upgrade
    // (the later migrations' changes stay: rewinding user_version would run them again)
    const db = new Database(join(dataDir, databaseFile));
    db.exec("DROP TABLE audit_seals; DELETE FROM settings WHERE key = 'audit_backlog_sealed_at_ms'");
    const before = (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(before).toBeGreaterThan(0);
    const migration008 = migrations.find((m) => m.version === 8)!;
    db.exec(migration008.sql); // what the next start did first
    db.close();

    const again = openTill({ dataDir, sync: false, log: () => {} });
    const sealed = again.context.db.prepare('SELECT COUNT(*) AS n FROM audit_seals').get() as { n: number };
    expect(sealed.n).toBe(before);
    expect(auditChainProblem(again.context.db, () => again.context.journalKey)).toBeNull();
    // a row slipped into the file between two starts is not sealed by the next one
    again.close();
    const file = new Database(join(dataDir, databaseFile));
    forge(file, "INSERT INTO audit_log (id, at_ms, user_id, till_id, action, details) VALUES ('01SLIPPED', 2, 'u-admin', 'G1', 'auth.login', '{}')");
    file.close();
    const third = openTill({ dataDir, sync: false, log: () => {} });
    expect(auditChainProblem(third.context.db, () => third.context.journalKey)).toMatchObject({ auditId: '01SLIPPED' });
    third.close();
  });

  it('binds each seal to its key: the same rows under another key do not verify', () => {
    const t = auditedTill();
    const [first] = seals(t.db);
    const row = t.db.prepare('SELECT * FROM audit_log WHERE id = ?').get(first!.audit_id) as Parameters<typeof auditHash>[1];
    expect(auditHash(t.context.journalKey, row, 1, genesisHash)).toBe(first!.hash);
    expect(auditChainProblem(t.db, () => Buffer.alloc(32, 7))).toMatchObject({ seq: 1 });
  });
});
