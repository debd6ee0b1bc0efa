// Replacing a dead till, at its new machine (ADR 0011). Enrolled with a replacement code,
// the till is told to restore: it keeps the server's head as its target and writes nothing
// else (the ledger refuses: till_restoring) until the journal is back — the replacement
// code is the administrator's go-ahead — downloaded page by page, each page checked (kernel/ledger/
// restore-entries.ts) and written with its postings, balances and the rows its events
// describe (restore-rows.ts) in one transaction, so that a restore cut off resumes from
// the journal's head. Then the till makes a new signing key from head + 1, registers it
// with the server beside the keys that signed the journal, and sells on the same sequence.
import { z } from 'zod';
import { JournalPage, pushEventsMax, RegisterKeysOutput, type Head, type SyncEvent } from '../../shared/api/sync-schemas.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { getSetting, setSetting } from '../kernel/config.ts';
import type { TillContext } from '../kernel/context.ts';
import { recordAudit } from '../kernel/audit.ts';
import { transact } from '../kernel/tx.ts';
import { journalHead } from '../kernel/ledger/ledger.ts';
import { loadOrCreateSigner, signingKeysOf, type KeyProtection } from '../kernel/ledger/keys.ts';
import { restoredPageProblem, vouchedEvents, writeRestoredEntries } from '../kernel/ledger/restore-entries.ts';
import { restoredRangesOf, restoredSetting, restoreSetting, type RestoredRange } from '../kernel/till-identity.ts';
import { linksOf, rebuildRows } from './restore-rows.ts';
import { restoredDocuments } from './documents.ts';
import { updateSyncState } from './state.ts';

/** A restore under way: the till, the server's head to reach, and when it began. */
export interface RestoreState {
  tillId: string;
  serverUrl: string;
  target: Head;
  askedAtMs: number;
}

export function restoreStateOf(db: Db): RestoreState | null {
  const text = getSetting(db, restoreSetting);
  return text === null ? null : (JSON.parse(text) as RestoreState);
}

/** Inside the enrolment's transaction: from here on the ledger refuses every entry until the restore is done. */
export function beginRestore(db: Db, state: RestoreState): void {
  setSetting(db, restoreSetting, JSON.stringify(state));
}

/** How the restore reaches the server and where the till's new key goes. */
export interface RestoreDeps {
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
  keys: { dataDir: string; keyDir: string; protection: KeyProtection } | null;
  pageSize: number;
  log(message: string): void;
}

/**
 * Downloads, checks and writes the journal from the till's head to the target, a page per
 * transaction; then finishes. A page that does not verify writes nothing: the refusal is
 * thrown (the loop shows it) and the restore waits, resumable, at the head it reached.
 */
export async function runRestore(till: TillContext, state: RestoreState, deps: RestoreDeps): Promise<void> {
  const db = till.db;
  const currency = till.config.institution().currency;
  for (;;) {
    const head = journalHead(db, state.tillId);
    if (head.seq >= state.target.seq) break;
    const page = await vouchedPage(state, head, deps);
    const problem = restoredPageProblem(state.tillId, head, page.signingKeys, page.events) ?? targetProblem(state, page.events);
    if (problem) throw restoreRefusal(problem);
    const events = vouchedEvents(page.events);
    if (events.length === 0) throw restoreRefusal(refuse('journal_restore_invalid', { tillId: state.tillId, seq: head.seq + 1, reason: page.events.length === 0 ? 'the server sent no entry' : 'no signature vouches for the entries the server sent' }));
    // the page's issued documents, checked against its entries, are written with them (documents.ts)
    const documents = await restoredDocuments(deps.request, state.tillId, events);
    if (!documents.ok) throw restoreRefusal(documents);
    transact(db, () => {
      writeRestoredEntries(db, events, currency, (e) => linksOf(db, e), till.clock.nowMs());
      for (const event of events) rebuildRows(db, event, documents.value);
      const last = events.at(-1)!;
      updateSyncState(db, { acked_seq: last.seq, acked_hash: last.hash });
      return ok(null);
    });
  }
  await finishRestore(till, state, deps);
}

/**
 * The next page up to the target. Its entries are written up to its last signed one (ADR
 * 0015); a page too short to hold one is asked again at the longest a page may be, which
 * holds a whole push batch and so its signed end.
 */
async function vouchedPage(state: RestoreState, head: Head, deps: RestoreDeps): Promise<{ events: SyncEvent[]; signingKeys: JournalPage['signingKeys'] }> {
  const ask = async (limit: number) => {
    const page = JournalPage.parse(await deps.request('GET', `/v1/journal?fromSeq=${head.seq + 1}&limit=${limit}`));
    return { events: page.events.filter((e) => e.seq <= state.target.seq), signingKeys: page.signingKeys };
  };
  const page = await ask(deps.pageSize);
  const isShort = page.events.length === deps.pageSize && deps.pageSize < pushEventsMax && !page.events.some((e) => e.signature !== null);
  return isShort ? ask(pushEventsMax) : page;
}

/** The last entry of the target must be the one the server said. */
function targetProblem(state: RestoreState, events: readonly SyncEvent[]) {
  const at = events.find((e) => e.seq === state.target.seq);
  return at && at.hash !== state.target.hash ? refuse('journal_restore_invalid', { tillId: state.tillId, seq: at.seq, reason: 'the entry differs from the head the server announced' }) : null;
}

/** Thrown by the restore to the loop, which shows it (SyncRefusal, made by the client). */
export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
  constructor(readonly refusal: ReturnType<typeof refuse>) {
    super(refusal.error.code);
  }
}

const restoreRefusal = (refusal: ReturnType<typeof refuse>) => new RestoreRefused(refusal);

/**
 * The journal is back: the keys that signed it are listed here, a new key signs from head +
 * 1 (made once: a restart finds it), the server registers it, and the range is recorded.
 */
async function finishRestore(till: TillContext, state: RestoreState, deps: RestoreDeps): Promise<void> {
  const db = till.db;
  if (!deps.keys) throw new Error('the restore needs the key folder to make the till its new key');
  const page = JournalPage.parse(await deps.request('GET', `/v1/journal?fromSeq=${state.target.seq + 1}&limit=1`));
  transact(db, () => {
    const add = stmt(db, 'INSERT OR IGNORE INTO journal_signing_keys (till_id, public_key, from_seq, created_at_ms) VALUES (?, ?, ?, ?)');
    for (const key of page.signingKeys) add.run(state.tillId, key.publicKey, key.fromSeq, till.clock.nowMs());
    return ok(null);
  });
  const signing = loadOrCreateSigner(db, { tillId: state.tillId, dataDir: deps.keys.dataDir, keyDir: deps.keys.keyDir, protection: deps.keys.protection, nowMs: till.clock.nowMs() });
  till.signer = signing.signer;
  const keys = signingKeysOf(db, state.tillId).map((k) => ({ fromSeq: k.from_seq, publicKey: k.public_key }));
  if (!page.signingKeys.some((k) => k.publicKey === signing.signer.publicKey)) {
    z.object({ signingKeys: RegisterKeysOutput.shape.signingKeys }).parse(await deps.request('POST', '/v1/signing-keys', { head: state.target, signingKeys: keys }));
  }
  const range: RestoredRange = { tillId: state.tillId, fromSeq: 1, toSeq: state.target.seq, toHash: state.target.hash, serverUrl: state.serverUrl, restoredAtMs: till.clock.nowMs(), signsFromSeq: signing.signer.fromSeq };
  transact(db, () => {
    setSetting(db, restoredSetting, JSON.stringify([...restoredRangesOf(db), range]));
    stmt(db, 'DELETE FROM settings WHERE key = ?').run(restoreSetting);
    // the records again from the start: the balances the server sends are read against the whole journal now
    updateSyncState(db, { acked_seq: state.target.seq, acked_hash: state.target.hash, pull_cursor: '0' });
    recordAudit(till, { userId: 'system', action: 'sync.restored', details: { tillId: state.tillId, toSeq: state.target.seq, signsFromSeq: signing.signer.fromSeq } });
    return ok(null);
  });
  deps.log(`journal of till ${state.tillId} restored from the server up to entry ${state.target.seq}; its new key signs from ${signing.signer.fromSeq}`);
}
