// What every account report shares on screen: title and purpose, the criteria and the
// "show" button, then a text filter, the row count and the CSV and PDF downloads.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportRun } from '../use-report.ts';
import { ErrorAlert } from './error-alert.tsx';
import { AsOfLine } from './as-of-line.tsx';

/** The text filter over the rows shown, and the CSV and PDF downloads of the report. */
function ReportToolbar(props: { filter: string; onFilter: (text: string) => void; run: ReportRun }) {
  const { t } = useTranslation();
  const { run } = props;
  return (
    <div className="report-toolbar">
      <label className="field field-inline report-filter">
        <span className="field-label">{t('accountReports.filter')}</span>
        <input className="input" type="search" value={props.filter} placeholder={t('accountReports.filterPlaceholder')} onChange={(event) => props.onFilter(event.target.value)} />
      </label>
      <div className="report-exports">
        <button type="button" className="button button-small" aria-label={t('accountReports.downloadCsv')} disabled={run.exporting !== null} onClick={() => void run.download('csv')}>
          {t('accountReports.csv')}
        </button>
        <button type="button" className="button button-small" aria-label={t('accountReports.downloadPdf')} disabled={run.exporting !== null} onClick={() => void run.download('pdf')}>
          {t('accountReports.pdf')}
        </button>
      </div>
    </div>
  );
}

export function ReportShell(props: {
  id: string;
  title: string;
  intro: string;
  criteria: ReactNode;
  problem: string | null;
  run: ReportRun;
  onRun: () => void;
  /** The table and totals, for the filter typed. */
  children: (filter: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const { run } = props;
  return (
    <section className="report-panel" aria-labelledby={`${props.id}-title`} data-testid={`report-${props.id}`}>
      <h2 id={`${props.id}-title`} className="report-panel-title">
        {props.title}
      </h2>
      <p className="muted">{props.intro}</p>
      <form
        className="report-criteria"
        onSubmit={(event) => {
          event.preventDefault();
          props.onRun();
        }}
      >
        {props.criteria}
        <div className="report-run">
          <button type="submit" className="button button-primary" disabled={run.isRunning}>
            {t('accountReports.run')}
          </button>
        </div>
      </form>
      {props.problem && (
        <p className="alert alert-error" role="alert">
          {props.problem}
        </p>
      )}
      <ErrorAlert error={run.error} testId={`${props.id}-error`} />
      {run.result && (
        <>
          <ReportToolbar filter={filter} onFilter={setFilter} run={run} />
          {/* the overdrafts are the server's flags, not movements counted here: no line */}
          <AsOfLine asOf={'asOf' in run.result.value ? run.result.value.asOf : null} />
          {run.downloaded && (
            <p className="alert alert-success" role="status">
              {t('accountReports.downloaded', { fileName: run.downloaded })}
            </p>
          )}
          {props.children(filter)}
        </>
      )}
    </section>
  );
}
