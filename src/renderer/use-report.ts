// Running one of the account reports and exporting what is on screen as CSV or PDF.
import { useCallback, useState } from 'react';
import type { ApiError } from '../shared/api/errors.ts';
import type { Refusal } from '../shared/result.ts';
import { assertNever } from '../shared/assert.ts';
import { call } from './api-client.ts';
import { downloadFile } from './download.ts';
import { useLanguage } from './stores/language-store.ts';
import type { CreditAccountsReport, CreditMovementsReport, DeferredAccountsReport, DeferredMovementsReport, Overdraft, ReportRequest } from './types.ts';

export type ReportResult =
  | { report: 'creditSlip' | 'creditMovements'; value: CreditMovementsReport }
  | { report: 'creditAccounts'; value: CreditAccountsReport }
  | { report: 'deferredAccounts'; value: DeferredAccountsReport }
  | { report: 'deferredMovements'; value: DeferredMovementsReport }
  | { report: 'overdrafts'; value: Overdraft[] };

async function fetchReport(request: ReportRequest): Promise<{ ok: true; value: ReportResult } | Refusal> {
  switch (request.report) {
    case 'creditSlip': {
      const r = await call('reports.creditSlip', request.params);
      return r.ok ? { ok: true, value: { report: request.report, value: r.value } } : r;
    }
    case 'creditMovements': {
      const r = await call('reports.creditMovements', request.params);
      return r.ok ? { ok: true, value: { report: request.report, value: r.value } } : r;
    }
    case 'creditAccounts': {
      const r = await call('reports.creditAccounts', request.params);
      return r.ok ? { ok: true, value: { report: request.report, value: r.value } } : r;
    }
    case 'deferredAccounts': {
      const r = await call('reports.deferredAccounts', request.params);
      return r.ok ? { ok: true, value: { report: request.report, value: r.value } } : r;
    }
    case 'deferredMovements': {
      const r = await call('reports.deferredMovements', request.params);
      return r.ok ? { ok: true, value: { report: request.report, value: r.value } } : r;
    }
    case 'overdrafts': {
      const r = await call('reports.overdrafts', request.params);
      return r.ok ? { ok: true, value: { report: request.report, value: r.value } } : r;
    }
    default:
      return assertNever(request, 'report');
  }
}

export interface ReportRun {
  result: ReportResult | null;
  error: ApiError | null;
  isRunning: boolean;
  exporting: 'csv' | 'pdf' | null;
  /** The file just downloaded. */
  downloaded: string | null;
  run(request: ReportRequest): Promise<void>;
  /** The report on screen (same request), as a file. */
  download(format: 'csv' | 'pdf'): Promise<void>;
}

export function useReport(): ReportRun {
  const language = useLanguage((s) => s.language);
  const [shown, setShown] = useState<{ request: ReportRequest; result: ReportResult } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isRunning, setRunning] = useState(false);
  const [exporting, setExporting] = useState<'csv' | 'pdf' | null>(null);
  const [downloaded, setDownloaded] = useState<string | null>(null);

  const run = useCallback(async (request: ReportRequest) => {
    setRunning(true);
    setDownloaded(null);
    const answer = await fetchReport(request);
    setRunning(false);
    if (!answer.ok) {
      setError(answer.error);
      setShown(null);
      return;
    }
    setError(null);
    setShown({ request, result: answer.value });
  }, []);

  const download = useCallback(
    async (format: 'csv' | 'pdf') => {
      if (!shown) return;
      setExporting(format);
      setDownloaded(null);
      const answer = await call('reports.export', { format, language, request: shown.request });
      setExporting(null);
      if (!answer.ok) {
        setError(answer.error);
        return;
      }
      setError(null);
      downloadFile(answer.value);
      setDownloaded(answer.value.fileName);
    },
    [shown, language],
  );

  return { result: shown?.result ?? null, error, isRunning, exporting, downloaded, run, download };
}
