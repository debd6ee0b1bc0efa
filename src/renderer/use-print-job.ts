// Follows a print job a person just asked for (a test page, a drawer test, a reprint) until
// it settles or a few seconds pass, so the screen can say "printed" or why it waits.
import { useEffect, useRef, useState } from 'react';
import { call } from './api-client.ts';
import type { PrintJob } from './printing-view.ts';

const watchPollMs = 400;
const watchForMs = 8000;

function isSettled(job: PrintJob): boolean {
  return job.status !== 'queued' && job.status !== 'sending';
}

export function useWatchedJob(): { job: PrintJob | null; watch: (job: PrintJob) => void; clear: () => void } {
  const [job, setJob] = useState<PrintJob | null>(null);
  const generation = useRef(0);
  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );
  const watch = (first: PrintJob) => {
    const mine = ++generation.current;
    setJob(first);
    if (isSettled(first)) return;
    void (async () => {
      const deadline = Date.now() + watchForMs;
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, watchPollMs));
        if (generation.current !== mine) return;
        const result = await call('printJobs.list', { status: 'all', limit: 50 });
        if (generation.current !== mine || !result.ok) return;
        const now = result.value.find((j) => j.id === first.id);
        if (!now) return;
        setJob(now);
        if (isSettled(now)) return;
      }
    })();
  };
  return {
    job,
    watch,
    clear: () => {
      generation.current += 1;
      setJob(null);
    },
  };
}
