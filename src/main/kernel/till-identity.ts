// This till's identity (ADR 0011): its id, which names its journal and prefixes its order
// and invoice numbers, and its name. The demo till is G1 (GUICHET_TILL_ID another demo
// till); a bare install starts with a provisional id of its own, never a shared default.
// The id may change only while the journal is empty: at the first-start set-up, or when a
// fresh till enrols with a code made for another id (it takes the code's id). While a
// replaced till's journal is being restored, nothing else may write to the journal.
import { ok, refuse, type Result } from '../../shared/result.ts';
import { TillId } from '../../shared/api/sync-schemas.ts';
import { stmt, type Db } from './db/connection.ts';
import { configCacheOf, getSetting, setSetting } from './config.ts';
import type { TillContext } from './context.ts';
import { pooledBelow } from './context.ts';
import { transact } from './tx.ts';
import { recordAudit } from './audit.ts';
import { signingKeysOf } from './ledger/keys.ts';
import { PostingsRefused } from './ledger/bounds.ts';

/** The demo's till. A bare install never takes it by default. */
export const demoTillId = 'G1';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A bare install's id until the administrator names it: T and four Crockford characters (T7Q2M). */
export function provisionalTillId(below: (bound: number) => number = pooledBelow()): string {
  let id = 'T';
  for (let i = 0; i < 4; i += 1) id += crockford[below(crockford.length)];
  return id;
}

/** The id GUICHET_TILL_ID gives a demo till, or null (refused when it is not a till id). */
export function tillIdFromEnv(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (!TillId.safeParse(value).success) throw new Error(`GUICHET_TILL_ID=${value}: a till id is 1 to 8 capital letters or digits`);
  return value;
}

/** Entries in this database's journal (the till's own; a fresh till has none). */
export function journalEntries(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM journal').get() as { n: number }).n;
}

export interface TillIdentity {
  tillId: string;
  tillName: string;
}

/** The id may take another value only while the journal is empty; the name any time. */
export function checkTillIdChange(db: Db, currentId: string, next: TillIdentity): Result<null> {
  if (!TillId.safeParse(next.tillId).success) return refuse('till_id_invalid', { tillId: next.tillId.slice(0, 40) });
  if (next.tillId === currentId) return ok(null);
  const entries = journalEntries(db);
  if (entries > 0) return refuse('till_id_locked', { tillId: currentId, entries });
  return ok(null);
}

/**
 * Writes the new identity inside the caller's transaction: the till's row under its new id
 * (its order prefix the id), the login sessions and print jobs moved to it, its signing
 * key registered for it from entry 1 (the same key: the key file is found by its
 * fingerprint), and the setting. The provisional row stays: its signing key's row refers to
 * it and is never deleted. The audit rows keep the id they were written under.
 */
export function applyTillIdChange(db: Db, currentId: string, next: TillIdentity, nowMs: number): void {
  if (next.tillId === currentId) {
    stmt(db, 'UPDATE tills SET name = ? WHERE id = ?').run(next.tillName, currentId);
    return;
  }
  stmt(
    db,
    `INSERT INTO tills (id, name, point_of_sale_id, order_prefix) SELECT @next, @name, point_of_sale_id, @next FROM tills WHERE id = @current
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, point_of_sale_id = excluded.point_of_sale_id, order_prefix = excluded.order_prefix`,
  ).run({ next: next.tillId, name: next.tillName, current: currentId });
  stmt(db, 'UPDATE auth_sessions SET till_id = ? WHERE till_id = ?').run(next.tillId, currentId);
  stmt(db, 'UPDATE print_jobs SET till_id = ? WHERE till_id = ?').run(next.tillId, currentId);
  const addKey = stmt(db, 'INSERT OR IGNORE INTO journal_signing_keys (till_id, public_key, from_seq, created_at_ms) VALUES (?, ?, ?, ?)');
  for (const key of signingKeysOf(db, currentId)) addKey.run(next.tillId, key.public_key, key.from_seq, nowMs);
  setSetting(db, 'this_till_id', next.tillId);
  const former = formerTillIds(db).filter((id) => id !== next.tillId);
  setSetting(db, formerTillsSetting, JSON.stringify([...former, currentId]));
}

/** The setting that lists the ids this till gave up (its provisional id): their rows stay, unlisted. */
const formerTillsSetting = 'former_till_ids';

/**
 * The ids this till held before its set-up or enrolment named it. Their rows stay (signing
 * keys refer to them) but they are no till of the box office: lists leave them out.
 */
export function formerTillIds(db: Db): string[] {
  const text = getSetting(db, formerTillsSetting);
  return text === null ? [] : (JSON.parse(text) as string[]);
}

/** After the commit: the running till writes as its new id, signing with the same key from entry 1. */
export function adoptTillId(till: TillContext, tillId: string): void {
  if (till.tillId === tillId) return;
  till.tillId = tillId;
  if (till.signer) till.signer = { ...till.signer, tillId };
}

/**
 * The first-start set-up's (and a fresh till's enrolment's) one entrance: this till takes
 * `tillId` and `tillName`, refused once its journal holds an entry (till_id_locked).
 */
export function setTillId(till: TillContext, next: TillIdentity): Result<TillIdentity> {
  const done = transact(till.db, () => {
    const checked = checkTillIdChange(till.db, till.tillId, next);
    if (!checked.ok) return checked;
    applyTillIdChange(till.db, till.tillId, next, till.clock.nowMs());
    recordAudit(till, { userId: 'system', action: 'till.renamed', details: { fromTillId: till.tillId, tillId: next.tillId, tillName: next.tillName } });
    return ok(next);
  });
  if (done.ok) adoptTillId(till, next.tillId);
  return done;
}

// ---- a replaced till's journal being restored ---------------------------------------------

/** The setting that holds a restore under way (sync-client/restore.ts writes it). */
export const restoreSetting = 'journal_restore';

/** The till being restored, or null: read once per configuration change. */
export function restoringTill(db: Db): string | null {
  return configCacheOf(db).memo(restoreSetting, () => {
    const text = getSetting(db, restoreSetting);
    return text === null ? null : (JSON.parse(text) as { tillId: string }).tillId;
  });
}

/**
 * The ledger's net while a restore is under way: an entry written now would take a seq the
 * server already holds. Thrown inside the transaction, answered as till_restoring.
 */
export function assertNotRestoring(db: Db): void {
  const tillId = restoringTill(db);
  if (tillId !== null) throw new PostingsRefused(refuse('till_restoring', { tillId }));
}

// ---- ranges restored from the server ------------------------------------------------------

/** The setting that lists the ranges this journal holds as restored from the server. */
export const restoredSetting = 'journal_restored';

/** A range of the journal written back from the server: the verifier accepts its rows as rebuilt. */
export interface RestoredRange {
  tillId: string;
  fromSeq: number;
  toSeq: number;
  toHash: string;
  serverUrl: string;
  restoredAtMs: number;
  /** The new key's first entry: head + 1. */
  signsFromSeq: number;
}

/** The ranges this journal holds as restored from the server, oldest first (none for a database without settings). */
export function restoredRangesOf(db: Db): RestoredRange[] {
  const hasSettings = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'").get() !== undefined;
  const text = hasSettings ? getSetting(db, restoredSetting) : null;
  return text === null ? [] : (JSON.parse(text) as RestoredRange[]);
}

/** Whether entry `seq` of `tillId` was restored from the server. */
export function isRestored(ranges: readonly RestoredRange[], tillId: string, seq: number): boolean {
  return ranges.some((r) => r.tillId === tillId && seq >= r.fromSeq && seq <= r.toSeq);
}
