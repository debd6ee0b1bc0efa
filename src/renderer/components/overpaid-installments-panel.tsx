// The installments collected twice among the account reports, beside the overdrafts and the
// overspent vouchers (issue 15 point 2, ADR 0013): an installment that two channels settled
// — one of them offline — as the ledger server flagged it and this till pulled it. Each with
// its order and place, the payer who paid it twice, its amount, what was paid and the
// excess, and what the server moved of the excess to the payer's credit balance and when
// (the balance is the payer's: a supervisor pays it out or it is spent later). As of this
// till's last sync. Sortable and filterable like the other reports.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import type { OutputOf } from '../../shared/api/contract.ts';
import type { AsOf } from '../accounts-as-of.ts';
import { call } from '../api-client.ts';
import { useFormat, type Formatters } from '../format.ts';
import { useSync } from '../stores/sync-store.ts';
import { filterRows } from '../table-rows.ts';
import { AsOfLine } from './as-of-line.tsx';
import { DataTable, rowText, type Column } from './data-table.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { Money } from './money.tsx';
import { useTillNames } from './overdraft-report-panel.tsx';

type OverpaidInstallment = OutputOf<'reports.overpaidInstallments'>[number];

/** The web shop's channel id (sync/src/ledger/journal.ts webTillId). */
const webChannel = 'WEB';

function columns(t: TFunction, format: Formatters, channelName: (id: string) => string): Column<OverpaidInstallment>[] {
  const installment = (r: OverpaidInstallment) => t('sync.overpaidInstallments.installmentOf', { seq: r.seq, count: r.count, order: r.orderNumber, channel: channelName(r.channel) });
  const credited = (r: OverpaidInstallment) =>
    r.creditedAtMs === null || r.creditedMinor === 0
      ? t('sync.overpaidInstallments.notCredited')
      : t('sync.overpaidInstallments.creditedAt', { amount: format.money(r.creditedMinor), at: format.dateTime(r.creditedAtMs) });
  const money = (id: string, label: string, minor: (r: OverpaidInstallment) => number, className?: string): Column<OverpaidInstallment> => ({
    id,
    label,
    isNumeric: true,
    sortValue: minor,
    text: () => '',
    render: (r) => <Money minor={minor(r)} plain className={className} testId={`overpaid-${id}`} />,
  });
  return [
    { id: 'installment', label: t('sync.overpaidInstallments.installment'), sortValue: (r) => `${r.orderNumber} ${r.seq}`, text: installment, render: (r) => <span className="nowrap">{installment(r)}</span> },
    { id: 'payer', label: t('sync.overpaidInstallments.payer'), sortValue: (r) => r.contactName, text: (r) => r.contactName, render: (r) => r.contactName },
    money('amount', t('sync.overpaidInstallments.amount'), (r) => r.amountMinor),
    money('paid', t('sync.overpaidInstallments.paid'), (r) => r.paidMinor),
    money('excess', t('sync.overpaidInstallments.excess'), (r) => r.overpaidMinor, 'overdraft-excess'),
    { id: 'credited', label: t('sync.overpaidInstallments.credited'), sortValue: (r) => r.creditedAtMs ?? 0, text: credited, render: (r) => <span data-testid="overpaid-credited">{credited(r)}</span> },
  ];
}

/** As of when this till's flags count: its last sync with the server. */
function useAsOf(): AsOf | null {
  const status = useSync((s) => s.status);
  if (!status) return null;
  return status.enrolled ? { scope: 'box_office', syncedAtMs: status.lastSuccessMs, isOffline: !status.online } : { scope: 'till', syncedAtMs: null, isOffline: false };
}

export function OverpaidInstallmentsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const tillName = useTillNames();
  const refreshSync = useSync((s) => s.refresh);
  const asOf = useAsOf();
  const [rows, setRows] = useState<readonly OverpaidInstallment[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isRunning, setRunning] = useState(false);
  const [filter, setFilter] = useState('');

  const show = useCallback(async () => {
    setRunning(true);
    const answer = await call('reports.overpaidInstallments', {});
    setRunning(false);
    setError(answer.ok ? null : answer.error);
    setRows(answer.ok ? answer.value : null);
    void refreshSync();
  }, [refreshSync]);
  useEffect(() => {
    void show();
  }, [show]);

  const channelName = useMemo(() => (id: string) => (id === webChannel ? t('sync.overpaidInstallments.web') : tillName(id)), [t, tillName]);
  const table = useMemo(() => columns(t, format, channelName), [t, format, channelName]);
  const shown = rows ? filterRows(rows, filter, (r) => rowText(table, r)) : [];
  return (
    <section className="report-panel" aria-labelledby="overpaidInstallments-title" data-testid="report-overpaidInstallments">
      <h2 id="overpaidInstallments-title" className="report-panel-title">
        {t('sync.overpaidInstallments.title')}
      </h2>
      <p className="muted">{t('sync.overpaidInstallments.intro')}</p>
      <div className="report-toolbar">
        <label className="field field-inline report-filter">
          <span className="field-label">{t('accountReports.filter')}</span>
          <input className="input" type="search" value={filter} placeholder={t('accountReports.filterPlaceholder')} onChange={(event) => setFilter(event.target.value)} />
        </label>
        <div className="report-exports">
          <button type="button" className="button button-small" disabled={isRunning} onClick={() => void show()}>
            {t('sync.overpaidInstallments.refresh')}
          </button>
        </div>
      </div>
      <ErrorAlert error={error} testId="overpaidInstallments-error" />
      {rows && (
        <>
          <AsOfLine asOf={asOf} />
          <p className="muted small report-count" data-testid="overpaid-count">
            {t('accountReports.rows', { count: shown.length, total: rows.length })}
          </p>
          {rows.length === 0 ? (
            <p className="empty">{t('sync.overpaidInstallments.empty')}</p>
          ) : (
            <DataTable columns={table} rows={shown} rowKey={(r) => r.installmentId} caption={t('sync.overpaidInstallments.title')} testId="overpaid-table" initialSort={{ columnId: 'credited', direction: 'desc' }} />
          )}
        </>
      )}
    </section>
  );
}
