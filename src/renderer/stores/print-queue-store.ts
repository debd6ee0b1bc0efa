// The open print jobs, polled while someone who manages printing is logged in: the header's
// count of jobs waiting and the print queue screen read them from here.
import { create } from 'zustand';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import type { PrintJob } from '../printing-view.ts';

/** How often the open jobs are asked for: a printer back online clears the count within this. */
export const printQueuePollMs = 3000;

interface PrintQueueState {
  jobs: PrintJob[];
  error: ApiError | null;
  refresh(): Promise<void>;
  forget(): void;
}

export const usePrintQueue = create<PrintQueueState>()((set) => ({
  jobs: [],
  error: null,
  async refresh() {
    const result = await call('printJobs.list', { status: 'open', limit: 100 });
    if (result.ok) set({ jobs: result.value, error: null });
    else set({ error: result.error });
  },
  forget: () => set({ jobs: [], error: null }),
}));
