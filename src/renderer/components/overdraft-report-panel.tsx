// The overdraft report among the account reports (DESIGN C13): the accounts that several
// tills' offline sales took past a credit balance or a deferred limit, as the ledger server
// flagged them and this till pulled them. On screen, sortable and filterable like the
// other reports, and as CSV and PDF (no total: the method gives none and the renderer adds
// no money).
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call } from '../api-client.ts';
import { useFormat, type Formatters } from '../format.ts';
import { filterRows } from '../table-rows.ts';
import type { Contact, Overdraft } from '../types.ts';
import { useReport } from '../use-report.ts';
import { DataTable, rowText, type Column } from './data-table.tsx';
import { Money } from './money.tsx';
import { ContactChooser } from './report-filters.tsx';
import { ReportShell } from './report-shell.tsx';

function overdraftColumns(t: TFunction, format: Formatters, tillName: (id: string) => string): Column<Overdraft>[] {
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
    { id: 'till', label: t('sync.overdrafts.till'), sortValue: (r) => tillName(r.tillId), text: (r) => tillName(r.tillId), render: (r) => <span className="nowrap">{tillName(r.tillId)}</span> },
    { id: 'event', label: t('sync.overdrafts.event'), sortValue: (r) => r.eventId, text: (r) => r.eventId, render: (r) => <code className="small">{r.eventId}</code> },
  ];
}

/** The tills' names this till knows (its own and those pulled), else the id. */
export function useTillNames(): (id: string) => string {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    void call('reports.tills', {}).then((result) => {
      if (result.ok) setNames(new Map(result.value.map((till) => [till.id, till.name])));
    });
  }, []);
  return useMemo(() => (id: string) => names.get(id) ?? id, [names]);
}

function OverdraftsTable(props: { rows: readonly Overdraft[]; filter: string; tillName: (id: string) => string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns = useMemo(() => overdraftColumns(t, format, props.tillName), [t, format, props.tillName]);
  const shown = filterRows(props.rows, props.filter, (r) => rowText(columns, r));
  return (
    <>
      <p className="muted small report-count" data-testid="overdrafts-count">
        {t('accountReports.rows', { count: shown.length, total: props.rows.length })}
      </p>
      {props.rows.length === 0 ? (
        <p className="empty">{t('sync.overdrafts.empty')}</p>
      ) : (
        <DataTable columns={columns} rows={shown} rowKey={(r) => r.id} caption={t('sync.overdrafts.title')} testId="overdrafts-table" />
      )}
    </>
  );
}

export function OverdraftsPanel() {
  const { t } = useTranslation();
  const run = useReport();
  const tillName = useTillNames();
  const [contact, setContact] = useState<Contact | null>(null);

  const show = (chosen: Contact | null) => void run.run({ report: 'overdrafts', params: chosen ? { contactId: chosen.id } : {} });

  useEffect(() => {
    show(null);
    // once, when the screen opens: every overdraft
  }, []);

  return (
    <ReportShell
      id="overdrafts"
      title={t('sync.overdrafts.title')}
      intro={t('sync.overdrafts.intro')}
      criteria={
        <>
          {/* one contact or all: the method takes one */}
          <ContactChooser contacts={contact ? [contact] : []} onChange={(contacts) => setContact(contacts.at(-1) ?? null)} />
          {!contact && <p className="muted small overdraft-all">{t('sync.overdrafts.allContacts')}</p>}
        </>
      }
      problem={null}
      run={run}
      onRun={() => show(contact)}
    >
      {(filter) => run.result?.report === 'overdrafts' && <OverdraftsTable rows={run.result.value} filter={filter} tillName={tillName} />}
    </ReportShell>
  );
}
