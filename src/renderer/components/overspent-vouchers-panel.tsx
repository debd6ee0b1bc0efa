// The overspent gift vouchers among the account reports, beside the overdrafts (issue 15
// point 2, ADR 0013): vouchers that channels selling offline — several tills, or a till and
// the web shop — spent past their value, as the ledger server flagged them and this till
// pulled them. Each with where and when it was sold, its value, what was spent of it and by
// whom (this till's share, the other channels' the rest: the server gives no breakdown),
// and the excess the bearer took twice; as of this till's last sync, as the other
// box-office-wide screens say it. Sortable and filterable like the other reports.
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

type OverspentVoucher = OutputOf<'reports.overspentVouchers'>[number];

/** The web shop's channel id (sync/src/ledger/journal.ts webTillId). */
const webChannel = 'WEB';

function columns(t: TFunction, format: Formatters, channelName: (id: string) => string, tillId: string): Column<OverspentVoucher>[] {
  const sold = (r: OverspentVoucher) => t('sync.overspentVouchers.soldAt', { channel: channelName(r.channel), at: format.dateTime(r.soldAtMs) });
  const spentBy = (r: OverspentVoucher) =>
    [
      r.spentHereMinor !== 0 ? t('sync.overspentVouchers.spentHere', { till: channelName(tillId), amount: format.money(r.spentHereMinor) }) : null,
      r.spentElsewhereMinor !== 0 ? t('sync.overspentVouchers.spentElsewhere', { amount: format.money(r.spentElsewhereMinor) }) : null,
    ].filter((line): line is string => line !== null);
  const money = (id: string, label: string, minor: (r: OverspentVoucher) => number, className?: string): Column<OverspentVoucher> => ({
    id,
    label,
    isNumeric: true,
    sortValue: minor,
    text: () => '',
    render: (r) => <Money minor={minor(r)} plain className={className} testId={`overspent-${id}`} />,
  });
  return [
    { id: 'code', label: t('sync.overspentVouchers.code'), sortValue: (r) => r.code, text: (r) => r.code, render: (r) => <code className="nowrap">{r.code}</code> },
    { id: 'sold', label: t('sync.overspentVouchers.sold'), sortValue: (r) => r.soldAtMs, text: sold, render: (r) => <span className="nowrap">{sold(r)}</span> },
    money('value', t('sync.overspentVouchers.value'), (r) => r.valueMinor),
    money('spent', t('sync.overspentVouchers.spent'), (r) => r.spentMinor),
    money('excess', t('sync.overspentVouchers.excess'), (r) => r.overspentMinor, 'overdraft-excess'),
    {
      id: 'spentBy',
      label: t('sync.overspentVouchers.spentBy'),
      sortValue: (r) => r.spentHereMinor,
      text: (r) => spentBy(r).join(' '),
      render: (r) => (
        <ul className="plain-list small" data-testid="overspent-spent-by">
          {spentBy(r).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ),
    },
  ];
}

/** As of when this till's flags count: its last sync with the server (offline: its own use since). */
function useAsOf(): AsOf | null {
  const status = useSync((s) => s.status);
  if (!status) return null;
  return status.enrolled ? { scope: 'box_office', syncedAtMs: status.lastSuccessMs, isOffline: !status.online } : { scope: 'till', syncedAtMs: null, isOffline: false };
}

export function OverspentVouchersPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const tillName = useTillNames();
  const tillId = useSync((s) => s.status?.tillId ?? '');
  const refreshSync = useSync((s) => s.refresh);
  const asOf = useAsOf();
  const [rows, setRows] = useState<readonly OverspentVoucher[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isRunning, setRunning] = useState(false);
  const [filter, setFilter] = useState('');

  const show = useCallback(async () => {
    setRunning(true);
    const answer = await call('reports.overspentVouchers', {});
    setRunning(false);
    setError(answer.ok ? null : answer.error);
    setRows(answer.ok ? answer.value : null);
    void refreshSync();
  }, [refreshSync]);
  useEffect(() => {
    void show();
  }, [show]);

  const channelName = useMemo(() => (id: string) => (id === webChannel ? t('sync.overspentVouchers.web') : tillName(id)), [t, tillName]);
  const table = useMemo(() => columns(t, format, channelName, tillId), [t, format, channelName, tillId]);
  const shown = rows ? filterRows(rows, filter, (r) => rowText(table, r)) : [];
  return (
    <section className="report-panel" aria-labelledby="overspentVouchers-title" data-testid="report-overspentVouchers">
      <h2 id="overspentVouchers-title" className="report-panel-title">
        {t('sync.overspentVouchers.title')}
      </h2>
      <p className="muted">{t('sync.overspentVouchers.intro')}</p>
      <div className="report-toolbar">
        <label className="field field-inline report-filter">
          <span className="field-label">{t('accountReports.filter')}</span>
          <input className="input" type="search" value={filter} placeholder={t('accountReports.filterPlaceholder')} onChange={(event) => setFilter(event.target.value)} />
        </label>
        <div className="report-exports">
          <button type="button" className="button button-small" disabled={isRunning} onClick={() => void show()}>
            {t('sync.overspentVouchers.refresh')}
          </button>
        </div>
      </div>
      <ErrorAlert error={error} testId="overspentVouchers-error" />
      {rows && (
        <>
          <AsOfLine asOf={asOf} />
          <p className="muted small report-count" data-testid="overspent-count">
            {t('accountReports.rows', { count: shown.length, total: rows.length })}
          </p>
          {rows.length === 0 ? (
            <p className="empty">{t('sync.overspentVouchers.empty')}</p>
          ) : (
            <DataTable columns={table} rows={shown} rowKey={(r) => r.voucherId} caption={t('sync.overspentVouchers.title')} testId="overspent-table" initialSort={{ columnId: 'excess', direction: 'desc' }} />
          )}
        </>
      )}
    </section>
  );
}
