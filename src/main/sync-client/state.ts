// The till's side of sync as stored: the server, the token, how far push and pull have
// gone, and whether the last exchange succeeded (one row of sync_state).
import { stmt, type Db } from '../kernel/db/connection.ts';
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

/** Enrolled and the last exchange failed: spending on customer accounts is capped. */
export function isOffline(db: Db): boolean {
  const state = syncState(db);
  return state.token !== null && state.online === 0;
}

export function syncStatus(db: Db, tillId: string): SyncStatus {
  const state = syncState(db);
  const head = stmt(db, 'SELECT COALESCE(MAX(seq), 0) AS seq FROM journal WHERE till_id = ?').get(tillId) as { seq: number };
  const records = stmt(db, 'SELECT COUNT(*) AS n FROM record_outbox WHERE seq > ?').get(state.records_acked) as { n: number };
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
    lastError: state.last_error_code ? { code: state.last_error_code, message: state.last_error_message ?? '' } : null,
    offlineCapMinor: state.offline_cap_minor,
  };
}
