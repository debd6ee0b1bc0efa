// An X or Z report laid out for the screen: headline figures, per method, VAT, account
// movements and, for a Z, the perpetual totals and who signed it off.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import type { TillReport } from '../types.ts';
import { Money } from './money.tsx';

function Figure(props: { label: string; children: ReactNode }) {
  return (
    <div className="figure">
      <span className="figure-label">{props.label}</span>
      <span className="figure-value">{props.children}</span>
    </div>
  );
}

function MethodsTable({ report }: { report: TillReport }) {
  const { t } = useTranslation();
  const isCounted = report.totalVarianceMinor !== null;
  return (
    <table className="table report-table">
      <caption>{t('report.methods')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('report.method')}</th>
          <th scope="col" className="num">{t('report.float')}</th>
          <th scope="col" className="num">{t('report.sales')}</th>
          <th scope="col" className="num">{t('report.refunds')}</th>
          <th scope="col" className="num">{t('report.paidIn')}</th>
          <th scope="col" className="num">{t('report.paidOut')}</th>
          <th scope="col" className="num">{t('report.accountsColumn')}</th>
          <th scope="col" className="num">{t('report.expected')}</th>
          {isCounted && <th scope="col" className="num">{t('report.counted')}</th>}
          {isCounted && <th scope="col" className="num">{t('report.variance')}</th>}
        </tr>
      </thead>
      <tbody>
        {report.methods.map((m) => (
          <tr key={m.methodId} data-testid={`report-method-${m.methodId}`}>
            <th scope="row">{m.name}</th>
            <td className="num"><Money minor={m.floatMinor} plain /></td>
            <td className="num"><Money minor={m.salesMinor} plain /></td>
            <td className="num"><Money minor={m.refundsMinor} plain /></td>
            <td className="num"><Money minor={m.paidInMinor} plain /></td>
            <td className="num"><Money minor={m.paidOutMinor} plain /></td>
            <td className="num"><Money minor={m.accountsMinor} plain testId={`accounts-${m.methodId}`} /></td>
            <td className="num strong"><Money minor={m.expectedMinor} plain testId={`expected-${m.methodId}`} /></td>
            {isCounted && <td className="num">{m.countedMinor === null ? '—' : <Money minor={m.countedMinor} plain testId={`counted-${m.methodId}`} />}</td>}
            {isCounted && (
              <td className="num strong">{m.varianceMinor === null ? '—' : <Money minor={m.varianceMinor} plain testId={`variance-${m.methodId}`} />}</td>
            )}
          </tr>
        ))}
      </tbody>
      {isCounted && report.totalVarianceMinor !== null && (
        <tfoot>
          <tr>
            <th scope="row" colSpan={9}>{t('report.totalVariance')}</th>
            <td className="num strong"><Money minor={report.totalVarianceMinor} testId="report-total-variance" /></td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

function VatTable({ report }: { report: TillReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (report.vat.length === 0) return <p className="muted">{t('report.noVat')}</p>;
  return (
    <table className="table report-table">
      <caption>{t('report.vat')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('report.vatRate')}</th>
          <th scope="col" className="num">{t('report.net')}</th>
          <th scope="col" className="num">{t('report.vatAmount')}</th>
          <th scope="col" className="num">{t('report.gross')}</th>
        </tr>
      </thead>
      <tbody>
        {report.vat.map((v) => (
          <tr key={v.rateBp}>
            <th scope="row">{format.vatRate(v.rateBp)}</th>
            <td className="num"><Money minor={v.netMinor} plain /></td>
            <td className="num"><Money minor={v.vatMinor} plain /></td>
            <td className="num"><Money minor={v.grossMinor} plain /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const accountRows = [
  ['creditFunded', 'creditFundedMinor'],
  ['creditSpent', 'creditSpentMinor'],
  ['creditRefunded', 'creditRefundedMinor'],
  ['creditPaidOut', 'creditPaidOutMinor'],
  ['creditFromVouchers', 'creditFromVouchersMinor'],
  ['deferredCharged', 'deferredChargedMinor'],
  ['deferredSettled', 'deferredSettledMinor'],
  ['deferredRefunded', 'deferredRefundedMinor'],
  ['vouchersSold', 'vouchersSoldMinor'],
  ['vouchersRedeemed', 'vouchersRedeemedMinor'],
] as const;

function AccountsTable({ report }: { report: TillReport }) {
  const { t } = useTranslation();
  return (
    <table className="table report-table">
      <caption>{t('report.accounts')}</caption>
      <tbody>
        {accountRows.map(([label, field]) => (
          <tr key={field}>
            <th scope="row">{t(`report.${label}`)}</th>
            <td className="num"><Money minor={report.accounts[field]} plain testId={`report-${field}`} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TillReportView({ report }: { report: TillReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const title = report.kind === 'Z' ? t('report.zTitle', { number: report.number }) : t('report.xTitle');
  return (
    <article className="report" aria-label={title} data-testid={report.kind === 'Z' ? 'z-report' : 'x-report'}>
      <header className="report-head">
        <div>
          <h2 className="report-title">{title}</h2>
          <p className="muted">
            {report.tillName} · {t('report.session', { number: report.sessionNumber })}
          </p>
        </div>
        <div className="report-meta">
          <p>{t('report.opened', { date: format.dateTime(report.openedAtMs), name: report.openedBy })}</p>
          {report.closedAtMs !== null && report.closedBy !== null && (
            <p>{t('report.closed', { date: format.dateTime(report.closedAtMs), name: report.closedBy })}</p>
          )}
          <p>{t('report.generated', { date: format.dateTime(report.generatedAtMs) })}</p>
        </div>
      </header>

      <section className="figures">
        <Figure label={t('report.netSales')}>
          <Money minor={report.netSalesMinor} testId="report-net-sales" />
        </Figure>
        <Figure label={t('report.salesGross')}>
          <Money minor={report.salesGrossMinor} />
        </Figure>
        <Figure label={t('report.refundsGross')}>
          <Money minor={report.refundsGrossMinor} />
        </Figure>
        <Figure label={t('report.salesCount')}>{report.salesCount}</Figure>
        <Figure label={t('report.refundsCount')}>{report.refundsCount}</Figure>
        <Figure label={t('report.ticketsSold')}>{report.ticketsSold}</Figure>
        <Figure label={t('report.ticketsRefunded')}>{report.ticketsRefunded}</Figure>
        <Figure label={t('report.rounding')}>
          <Money minor={report.roundingMinor} />
        </Figure>
      </section>

      <MethodsTable report={report} />
      <div className="report-columns">
        <VatTable report={report} />
        <AccountsTable report={report} />
      </div>

      {report.kind === 'Z' && (
        <section className="grand-totals" aria-label={t('report.grandTotals')}>
          <h3>{t('report.grandTotals')}</h3>
          <div className="figures">
            <Figure label={t('report.perpetual')}>
              <Money minor={report.grandTotals.perpetualMinor} testId="report-perpetual" />
            </Figure>
            <Figure label={t('report.perpetualAbsolute')}>
              <Money minor={report.grandTotals.perpetualAbsoluteMinor} testId="report-perpetual-absolute" />
            </Figure>
          </div>
          {report.closedBy !== null && <p className="signature">{t('report.signedBy', { name: report.closedBy })}</p>}
        </section>
      )}
    </article>
  );
}
