// The Z reports of this till, newest first, and any one of them in full.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Money } from '../components/money.tsx';
import { DocumentPreviewButton } from '../components/receipt-preview.tsx';
import { TillReportView } from '../components/till-report-view.tsx';
import { useFormat } from '../format.ts';
import type { TillReport, ZSummary } from '../types.ts';

function ZList(props: { list: readonly ZSummary[]; onShow: (number: number) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (props.list.length === 0) return <p className="muted">{t('zReports.empty')}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t('zReports.number')}</th>
          <th scope="col">{t('zReports.session')}</th>
          <th scope="col">{t('zReports.closedAt')}</th>
          <th scope="col">{t('zReports.closedBy')}</th>
          <th scope="col" className="num">{t('zReports.netSales')}</th>
          <th scope="col" className="num">{t('zReports.variance')}</th>
        </tr>
      </thead>
      <tbody>
        {props.list.map((z) => (
          <tr key={z.number}>
            <td>
              <button type="button" className="link" aria-label={t('zReports.show', { number: z.number })} onClick={() => props.onShow(z.number)}>
                {t('zReports.link', { number: z.number })}
              </button>
            </td>
            <td>{z.sessionNumber}</td>
            <td>{format.dateTime(z.closedAtMs)}</td>
            <td>{z.closedBy}</td>
            <td className="num"><Money minor={z.netSalesMinor} plain /></td>
            <td className="num"><Money minor={z.totalVarianceMinor} plain /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One Z report in full, with the way back to the list and its print. */
function ZReportShown(props: { report: TillReport; onBack: () => void }) {
  const { t } = useTranslation();
  const { report } = props;
  return (
    <main className="screen">
      <div className="screen-head">
        <button type="button" className="button" onClick={props.onBack} autoFocus>
          {t('zReports.back')}
        </button>
        <DocumentPreviewButton document={{ kind: 'z_report', zNumber: report.number }} documentKey={String(report.number)} title={t('receipt.zTitle', { number: report.number })} testId="z-report-print" />
      </div>
      <TillReportView report={report} />
    </main>
  );
}

export function ZReportsScreen() {
  const { t } = useTranslation();
  const [list, setList] = useState<ZSummary[] | null>(null);
  const [report, setReport] = useState<TillReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('reports.zList', {}).then((result) => {
      if (result.ok) setList(result.value);
      else setError(result.error);
    });
  }, []);

  const show = async (number: number) => {
    const result = await call('reports.zGet', { number });
    if (result.ok) setReport(result.value);
    else setError(result.error);
  };

  if (report) return <ZReportShown report={report} onBack={() => setReport(null)} />;
  return (
    <main className="screen" aria-labelledby="z-title">
      <h1 id="z-title">{t('zReports.title')}</h1>
      <ErrorAlert error={error} />
      {list && <ZList list={list} onShow={(number) => void show(number)} />}
    </main>
  );
}
