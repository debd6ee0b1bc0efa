// The audit log's chain (migration 008): every audit row is sealed in the order it was
// written, with a gapless sequence and an HMAC-SHA256 over the row and the previous
// seal's hash, under the journal's key. An audit row edited, deleted, reordered or slipped
// in afterwards breaks the chain; the journal verifier names the first such row.
import { createHmac, type KeyObject } from 'node:crypto';
import { stmt, type Db } from './db/connection.ts';
import { genesisHash } from './ledger/journal.ts';

export const auditFormat = 'audit1';

export interface AuditRow {
  id: string;
  at_ms: number;
  user_id: string;
  till_id: string;
  action: string;
  details: string;
}

/** The seal of an audit row: the row's fields, its place in the chain and the previous hash. */
export function auditHash(key: Buffer | KeyObject, row: AuditRow, seq: number, prevHash: string): string {
  const head = `${auditFormat}\n${seq}\n${row.id}\n${row.at_ms}\n${row.user_id}\n${row.till_id}\n${row.action}\n${prevHash}\n`;
  return createHmac('sha256', key).update(head).update(row.details).digest('hex');
}

function auditHead(db: Db): { seq: number; hash: string } {
  return (stmt(db, 'SELECT seq, hash FROM audit_seals ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: genesisHash };
}

/** Seals one audit row just written, inside the caller's transaction. */
export function sealAudit(db: Db, key: Buffer, row: AuditRow): void {
  const head = auditHead(db);
  const seq = head.seq + 1;
  stmt(db, 'INSERT INTO audit_seals (seq, audit_id, prev_hash, hash) VALUES (?, ?, ?, ?)').run(seq, row.id, head.hash, auditHash(key, row, seq, head.hash));
}

const backlogSetting = 'audit_backlog_sealed_at_ms';

/**
 * Once, at the first start after migration 008: seals the audit rows written before it,
 * oldest first, in one transaction, and notes that it did. Never again: a row found
 * without a seal later was written outside the chain, and the verifier says so.
 */
export function sealAuditBacklog(db: Db, key: Buffer, nowMs: number): number {
  if (stmt(db, 'SELECT 1 FROM settings WHERE key = ?').get(backlogSetting)) return 0;
  return db.transaction(() => {
    const pending = stmt(
      db,
      `SELECT a.id, a.at_ms, a.user_id, a.till_id, a.action, a.details FROM audit_log a
       WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id) ORDER BY a.at_ms, a.id`,
    ).all() as AuditRow[];
    for (const row of pending) sealAudit(db, key, row);
    stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?)').run(backlogSetting, String(nowMs));
    return pending.length;
  }).immediate();
}

export interface AuditProblem {
  seq: number | null;
  auditId: string | null;
  detail: string;
}

/**
 * The first break in the audit chain: a seal out of sequence, a prev_hash that does not
 * name the previous seal, a row whose content no longer matches its seal, a seal whose row
 * is gone, or a row without a seal.
 */
export function auditChainProblem(db: Db, keyFor: (tillId: string) => Buffer): AuditProblem | null {
  let expected = { seq: 1, hash: genesisHash };
  const scan = db.prepare(
    `SELECT s.seq, s.audit_id, s.prev_hash, s.hash AS seal, a.id, a.at_ms, a.user_id, a.till_id, a.action, a.details
     FROM audit_seals s LEFT JOIN audit_log a ON a.id = s.audit_id ORDER BY s.seq`,
  );
  for (const r of scan.iterate() as IterableIterator<AuditRow & { seq: number; audit_id: string; prev_hash: string; seal: string; id: string | null }>) {
    if (r.seq !== expected.seq) return { seq: r.seq, auditId: r.audit_id, detail: `audit seal ${r.seq} follows ${expected.seq - 1}: a seal is missing or was renumbered` };
    if (r.prev_hash !== expected.hash) return { seq: r.seq, auditId: r.audit_id, detail: `audit seal ${r.seq} does not chain to the previous one` };
    if (r.id === null) return { seq: r.seq, auditId: r.audit_id, detail: `audit row ${r.audit_id} (seal ${r.seq}) is gone` };
    if (auditHash(keyFor(r.till_id), r, r.seq, r.prev_hash) !== r.seal) return { seq: r.seq, auditId: r.id, detail: `audit row ${r.id} (seal ${r.seq}) was edited after it was sealed` };
    expected = { seq: r.seq + 1, hash: r.seal };
  }
  const unsealed = db.prepare('SELECT a.id FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id) ORDER BY a.at_ms, a.id LIMIT 1').get() as { id: string } | undefined;
  return unsealed ? { seq: null, auditId: unsealed.id, detail: `audit row ${unsealed.id} has no seal: written outside the chain` } : null;
}

/**
 * Whether the key fits the audit chain at all: one of its first four seals verifies. An
 * edited first row leaves the next seals verifying; a wrong key verifies none.
 */
export function auditKeyFits(db: Db, keyFor: (tillId: string) => Buffer): boolean {
  const rows = db
    .prepare(
      `SELECT s.seq, s.prev_hash, s.hash AS seal, a.id, a.at_ms, a.user_id, a.till_id, a.action, a.details
       FROM audit_seals s JOIN audit_log a ON a.id = s.audit_id WHERE s.seq <= 4 ORDER BY s.seq`,
    )
    .all() as (AuditRow & { seq: number; prev_hash: string; seal: string })[];
  return rows.some((r) => auditHash(keyFor(r.till_id), r, r.seq, r.prev_hash) === r.seal);
}
