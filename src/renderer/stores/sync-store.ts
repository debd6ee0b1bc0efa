// The till's sync with the ledger server as the header and the Synchronisation screen show
// it: the last sync.status, polled; a sync on demand; enrolment (which runs in the
// background on the Node side: the status says how it goes).
import { create } from 'zustand';
import type { ApiError } from '../../shared/api/errors.ts';
import type { SyncStatus } from '../../shared/api/sync-contract.ts';
import { call } from '../api-client.ts';
import { useSystem } from './system-store.ts';

/** How often the indicator asks: the sync client's own cycle is 3 s when all goes well. */
export const syncPollMs = 3_000;

interface SyncStoreState {
  status: SyncStatus | null;
  /** The till's services did not answer sync.status (not the server: that is status.lastError). */
  error: ApiError | null;
  /** sync.now was asked and no attempt has been recorded since. */
  isRequested: boolean;
  refresh(): Promise<void>;
  syncNow(): Promise<ApiError | null>;
  enrol(serverUrl: string, code: string): Promise<ApiError | null>;
}

export const useSync = create<SyncStoreState>()((set, get) => {
  /** The attempt time when sync.now was asked: a later attempt ends the request. */
  let requestedAfterMs: number | null = null;
  const adopt = (status: SyncStatus) => {
    const isRequested = requestedAfterMs !== null && (status.lastAttemptMs ?? 0) <= requestedAfterMs && status.serverUrl !== null;
    if (!isRequested) requestedAfterMs = null;
    set({ status, error: null, isRequested });
    // an enrolment may rename a fresh till (ADR 0011): the header and the screens name it anew
    const system = useSystem.getState();
    if (system.info && system.info.till.id !== status.tillId) void system.load();
  };
  return {
    status: null,
    error: null,
    isRequested: false,
    async refresh() {
      const result = await call('sync.status', {});
      if (result.ok) adopt(result.value);
      else set({ error: result.error });
    },
    async syncNow() {
      requestedAfterMs = get().status?.lastAttemptMs ?? 0;
      set({ isRequested: true });
      const result = await call('sync.now', {});
      if (!result.ok) {
        requestedAfterMs = null;
        set({ isRequested: false });
        return result.error;
      }
      adopt(result.value);
      return null;
    },
    async enrol(serverUrl, code) {
      const result = await call('sync.enrol', { serverUrl, code });
      if (!result.ok) return result.error;
      requestedAfterMs = null;
      adopt(result.value);
      return null;
    },
  };
});
