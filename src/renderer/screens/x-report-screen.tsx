// The X report: the running totals of the open session, at any time.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { DocumentPreviewButton } from '../components/receipt-preview.tsx';
import { TillReportView } from '../components/till-report-view.tsx';
import type { TillReport } from '../types.ts';

export function XReportScreen() {
  const { t } = useTranslation();
  const [report, setReport] = useState<TillReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    const result = await call('sessions.xReport', {});
    if (result.ok) {
      setReport(result.value);
      setError(null);
    } else {
      setReport(null);
      setError(result.error);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <main className="screen">
      <div className="screen-head">
        <p className="muted">{t('report.xIntro')}</p>
        <div className="head-actions">
          {report && <DocumentPreviewButton document={{ kind: 'x_report' }} documentKey={String(report.generatedAtMs)} title={t('receipt.xTitle')} testId="x-report-print" />}
          <button type="button" className="button" onClick={() => void load()}>
            {t('common.refresh')}
          </button>
        </div>
      </div>
      <ErrorAlert error={error} />
      {report && <TillReportView report={report} />}
    </main>
  );
}
