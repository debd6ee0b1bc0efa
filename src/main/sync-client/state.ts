// The till's side of sync as stored: the server, the token, how far push and pull have
// gone, and whether the last exchange succeeded (one row of sync_state).
import { stmt, type Db } from '../kernel/db/connection.ts';
import { getSetting, setSetting } from '../kernel/config.ts';
import { restoreSetting } from '../kernel/till-identity.ts';
import type { SyncStatus } from '../../shared/api/sync-contract.ts';

export interface SyncStateRow {
  server_url: string | null;
  token: string | null;
  pending_code: string | null;
  enrolled_at_ms: number | null;
  acked_seq: number;
  acked_hash: string;
  records_acked: number;
  pull_cursor: string;
  online: number;
  last_success_ms: number | null;
  last_attempt_ms: number | null;
  last_error_code: string | null;
  last_error_message: string | null;
  offline_cap_minor: number;
}

export function syncState(db: Db): SyncStateRow {
  return stmt(db, 'SELECT * FROM sync_state WHERE id = 1').get() as SyncStateRow;
}

export function updateSyncState(db: Db, change: Partial<SyncStateRow>): void {
  const keys = Object.keys(change);
  if (keys.length === 0) return;
  stmt(db, `UPDATE sync_state SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = 1`).run(change);
}

/** The setting that holds the last refusal's details (sync_state has no column for them). */
const lastErrorDetailsSetting = 'sync_last_error_details';

/** Keeps the last refusal's details beside its code and message: the screens word it again in their language. */
export function keepLastErrorDetails(db: Db, details: Record<string, unknown> | null): void {
  const text = details === null ? null : JSON.stringify(details);
  if (getSetting(db, lastErrorDetailsSetting) === text) return;
  if (text === null) stmt(db, 'DELETE FROM settings WHERE key = ?').run(lastErrorDetailsSetting);
  else setSetting(db, lastErrorDetailsSetting, text);
}

function lastErrorDetails(db: Db): Record<string, unknown> | undefined {
  const text = getSetting(db, lastErrorDetailsSetting);
  return text === null ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

/** Enrolled and the last exchange failed: spending on customer accounts is capped. */
export function isOffline(db: Db): boolean {
  const state = syncState(db);
  return state.token !== null && state.online === 0;
}

/** A replaced till's journal being restored (restore.ts): how far it has come. */
function restoringOf(db: Db, restoredSeq: number): SyncStatus['restoring'] {
  const text = getSetting(db, restoreSetting);
  if (text === null) return undefined;
  const { tillId, target } = JSON.parse(text) as { tillId: string; target: { seq: number } };
  return { tillId, restoredSeq, targetSeq: target.seq };
}

const detailsOf = (db: Db) => {
  const details = lastErrorDetails(db);
  return details ? { details } : {};
};

export function syncStatus(db: Db, tillId: string): SyncStatus {
  const state = syncState(db);
  const head = stmt(db, 'SELECT COALESCE(MAX(seq), 0) AS seq FROM journal WHERE till_id = ?').get(tillId) as { seq: number };
  const records = stmt(db, 'SELECT COUNT(*) AS n FROM record_outbox WHERE seq > ?').get(state.records_acked) as { n: number };
  const restoring = restoringOf(db, head.seq);
  return {
    tillId,
    enrolled: state.token !== null,
    serverUrl: state.server_url,
    enrolling: state.pending_code !== null,
    online: state.online === 1,
    waitingEvents: Math.max(head.seq - state.acked_seq, 0),
    waitingRecords: records.n,
    ackedSeq: state.acked_seq,
    lastSuccessMs: state.last_success_ms,
    lastAttemptMs: state.last_attempt_ms,
    lastError: state.last_error_code ? { code: state.last_error_code, message: state.last_error_message ?? '', ...detailsOf(db) } : null,
    ...(restoring ? { restoring } : {}),
    offlineCapMinor: state.offline_cap_minor,
  };
}
