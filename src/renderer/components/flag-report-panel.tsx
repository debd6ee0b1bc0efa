// The frame the supervisor's flag reports share (issue 15 point 2, ADR 0013): the overspent
// gift vouchers and the installments paid twice, as this till pulled them from the ledger
// server. Loading the report (and the sync status it is as of), the title, the filter, the
// refresh button, the as-of line, the count and the sortable table; each panel gives its
// columns. The overdrafts keep their own panel (they export CSV and PDF).
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import type { OutputOf } from '../../shared/api/contract.ts';
import type { AsOf } from '../accounts-as-of.ts';
import { call } from '../api-client.ts';
import { useSync } from '../stores/sync-store.ts';
import { filterRows } from '../table-rows.ts';
import { AsOfLine } from './as-of-line.tsx';
import { DataTable, rowText, type Column } from './data-table.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { Money } from './money.tsx';
import { useTillNames } from './overdraft-report-panel.tsx';

/** The flag reports, each named as its strings are (`sync.<name>.…`). */
type FlagMethod = 'reports.overspentVouchers' | 'reports.overpaidInstallments';
type FlagName = 'overspentVouchers' | 'overpaidInstallments';
export type FlagRow<M extends FlagMethod> = OutputOf<M>[number];

/** The web shop's channel id (sync/src/ledger/journal.ts webTillId). */
const webChannel = 'WEB';

/** A channel's name on screen: a till's name, or the web shop's. */
export function useChannelName(name: FlagName): (id: string) => string {
  const { t } = useTranslation();
  const tillName = useTillNames();
  return useMemo(() => (id: string) => (id === webChannel ? t(`sync.${name}.web`) : tillName(id)), [t, tillName, name]);
}

/** As of when this till's flags count: its last sync with the server (offline: its own use since). */
function useAsOf(): AsOf | null {
  const status = useSync((s) => s.status);
  if (!status) return null;
  return status.enrolled ? { scope: 'box_office', syncedAtMs: status.lastSuccessMs, isOffline: !status.online } : { scope: 'till', syncedAtMs: null, isOffline: false };
}

/** An amount column, its cell marked `<prefix>-<id>` for the tests. */
export function moneyColumn<R>(prefix: string, id: string, label: string, minor: (r: R) => number, className?: string): Column<R> {
  return { id, label, isNumeric: true, sortValue: minor, text: () => '', render: (r) => <Money minor={minor(r)} plain className={className} testId={`${prefix}-${id}`} /> };
}

interface FlagReportPanelProps<M extends FlagMethod> {
  method: M;
  name: FlagName;
  /** The prefix of the count's and table's test ids (`overspent`, `overpaid`). */
  prefix: string;
  columns: Column<FlagRow<M>>[];
  rowKey: (row: FlagRow<M>) => string;
  initialSort: { columnId: string; direction: 'asc' | 'desc' };
}

export function FlagReportPanel<M extends FlagMethod>({ method, name, prefix, columns, rowKey, initialSort }: FlagReportPanelProps<M>): ReactNode {
  const { t } = useTranslation();
  const refreshSync = useSync((s) => s.refresh);
  const asOf = useAsOf();
  const [rows, setRows] = useState<readonly FlagRow<M>[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isRunning, setRunning] = useState(false);
  const [filter, setFilter] = useState('');

  const show = useCallback(async () => {
    setRunning(true);
    // both reports take no input; the generic method is narrowed for the call
    const answer = await call(method as FlagMethod, {});
    setRunning(false);
    setError(answer.ok ? null : answer.error);
    setRows(answer.ok ? (answer.value as readonly FlagRow<M>[]) : null);
    void refreshSync();
  }, [method, refreshSync]);
  useEffect(() => {
    void show();
  }, [show]);

  const shown = rows ? filterRows(rows, filter, (r) => rowText(columns, r)) : [];
  return (
    <section className="report-panel" aria-labelledby={`${name}-title`} data-testid={`report-${name}`}>
      <h2 id={`${name}-title`} className="report-panel-title">
        {t(`sync.${name}.title`)}
      </h2>
      <p className="muted">{t(`sync.${name}.intro`)}</p>
      <div className="report-toolbar">
        <label className="field field-inline report-filter">
          <span className="field-label">{t('accountReports.filter')}</span>
          <input className="input" type="search" value={filter} placeholder={t('accountReports.filterPlaceholder')} onChange={(event) => setFilter(event.target.value)} />
        </label>
        <div className="report-exports">
          <button type="button" className="button button-small" disabled={isRunning} onClick={() => void show()}>
            {t(`sync.${name}.refresh`)}
          </button>
        </div>
      </div>
      <ErrorAlert error={error} testId={`${name}-error`} />
      {rows && (
        <>
          <AsOfLine asOf={asOf} />
          <p className="muted small report-count" data-testid={`${prefix}-count`}>
            {t('accountReports.rows', { count: shown.length, total: rows.length })}
          </p>
          {rows.length === 0 ? (
            <p className="empty">{t(`sync.${name}.empty`)}</p>
          ) : (
            <DataTable columns={columns} rows={shown} rowKey={rowKey} caption={t(`sync.${name}.title`)} testId={`${prefix}-table`} initialSort={initialSort} />
          )}
        </>
      )}
    </section>
  );
}
