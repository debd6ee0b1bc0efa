// The overdraft report among the account reports (DESIGN C13): the accounts that several
// tills' offline sales took past a credit balance or a deferred limit, as the ledger server
// flagged them and this till pulled them. On screen, sortable and filterable like the
// other reports (no total: the renderer adds no money, and the method gives none).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import type { OutputOf } from '../../shared/api/contract.ts';
import { call } from '../api-client.ts';
import { useFormat, type Formatters } from '../format.ts';
import { filterRows } from '../table-rows.ts';
import { DataTable, rowText, type Column } from './data-table.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { Money } from './money.tsx';

type Overdraft = OutputOf<'reports.overdrafts'>[number];

function overdraftColumns(t: TFunction, format: Formatters): Column<Overdraft>[] {
  const kind = (r: Overdraft) => t(`sync.overdrafts.kinds.${r.kind}`);
  return [
    { id: 'date', label: t('sync.overdrafts.date'), sortValue: (r) => r.atMs, text: (r) => format.dateTime(r.atMs), render: (r) => <span className="nowrap">{format.dateTime(r.atMs)}</span> },
    { id: 'contact', label: t('accountReports.contact'), sortValue: (r) => r.contactName, text: (r) => r.contactName, render: (r) => r.contactName },
    { id: 'kind', label: t('sync.overdrafts.kind'), sortValue: kind, text: kind, render: kind },
    {
      id: 'excess',
      label: t('sync.overdrafts.excess'),
      isNumeric: true,
      sortValue: (r) => r.excessMinor,
      text: () => '',
      render: (r) => <Money minor={r.excessMinor} plain className="overdraft-excess" />,
    },
    { id: 'till', label: t('sync.overdrafts.till'), sortValue: (r) => r.tillId, text: (r) => r.tillId, render: (r) => <span className="nowrap">{r.tillId}</span> },
    { id: 'event', label: t('sync.overdrafts.event'), sortValue: (r) => r.eventId, text: (r) => r.eventId, render: (r) => <code className="small">{r.eventId}</code> },
  ];
}

export function OverdraftsPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const [rows, setRows] = useState<Overdraft[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isRunning, setRunning] = useState(false);
  const [filter, setFilter] = useState('');
  const columns = useMemo(() => overdraftColumns(t, format), [t, format]);

  const run = useCallback(async () => {
    setRunning(true);
    const result = await call('reports.overdrafts', {});
    setRunning(false);
    setError(result.ok ? null : result.error);
    setRows(result.ok ? result.value : null);
  }, []);

  useEffect(() => {
    void run();
  }, [run]);

  const shown = rows ? filterRows(rows, filter, (r) => rowText(columns, r)) : [];
  return (
    <section className="report-panel" aria-labelledby="overdrafts-title" data-testid="report-overdrafts">
      <h2 id="overdrafts-title" className="report-panel-title">
        {t('sync.overdrafts.title')}
      </h2>
      <p className="muted">{t('sync.overdrafts.intro')}</p>
      <ErrorAlert error={error} testId="overdrafts-error" />
      {rows && (
        <>
          <div className="report-toolbar">
            <label className="field field-inline report-filter">
              <span className="field-label">{t('accountReports.filter')}</span>
              <input className="input" type="search" value={filter} placeholder={t('sync.overdrafts.filterPlaceholder')} onChange={(event) => setFilter(event.target.value)} />
            </label>
            <div className="report-exports">
              <button type="button" className="button button-small" disabled={isRunning} onClick={() => void run()}>
                {t('sync.overdrafts.refresh')}
              </button>
            </div>
          </div>
          <p className="muted small report-count" data-testid="overdrafts-count">
            {t('accountReports.rows', { shown: shown.length, count: rows.length })}
          </p>
          {rows.length === 0 ? (
            <p className="empty">{t('sync.overdrafts.empty')}</p>
          ) : (
            <DataTable
              columns={columns}
              rows={shown}
              rowKey={(r) => r.id}
              caption={t('sync.overdrafts.title')}
              testId="overdrafts-table"
              initialSort={{ columnId: 'date', direction: 'desc' }}
            />
          )}
        </>
      )}
    </section>
  );
}
