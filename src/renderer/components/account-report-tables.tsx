// What the credit and deferred account reports show alike under their criteria: the row
// count, the table or the sentence that says why there is none, the totals, and the note
// that the totals ignore the text filter. Each report gives its columns and its totals.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { filterRows } from '../table-rows.ts';
import { DataTable, rowText, type Column } from './data-table.tsx';
import { Money } from './money.tsx';

/** A column of amounts, summed by the services, never here. */
export function moneyColumn<Row>(id: string, label: string, pick: (row: Row) => number): Column<Row> {
  return {
    id,
    label,
    isNumeric: true,
    sortValue: pick,
    text: () => '',
    render: (row) => <Money minor={pick(row)} plain />,
  };
}

function TotalsNote(props: { filter: string }) {
  const { t } = useTranslation();
  return props.filter.trim() !== '' ? <p className="muted small">{t('accountReports.totalsNote')}</p> : null;
}

/** A movements report: one row per movement of a contact's account, oldest first, the totals below. */
export function MovementRowsTable<Row extends { entryId: string; contactId: string }>(props: {
  id: string;
  caption: string;
  report: { rows: readonly Row[]; rowCount: number; isTruncated: boolean };
  filter: string;
  columns: readonly Column<Row>[];
  /** The totals as terms of a description list (`<div><dt/><dd/></div>`). */
  totals: ReactNode;
}) {
  const { t } = useTranslation();
  const { report, columns } = props;
  const rows = filterRows(report.rows, props.filter, (m) => rowText(columns, m));
  return (
    <>
      <p className="muted small report-count" data-testid={`${props.id}-count`}>
        {t('accountReports.rows', { shown: rows.length, count: report.rows.length })}
        {report.isTruncated && <> · {t('accountReports.truncated', { listed: report.rows.length, count: report.rowCount })}</>}
      </p>
      {report.rows.length === 0 ? (
        <p className="empty">{t('accountReports.empty')}</p>
      ) : rows.length === 0 ? (
        <p className="empty">{t('accountReports.noMatch')}</p>
      ) : (
        <DataTable columns={columns} rows={rows} rowKey={(m) => `${m.entryId}-${m.contactId}`} caption={props.caption} testId={`${props.id}-table`} initialSort={{ columnId: 'date', direction: 'asc' }} />
      )}
      <section className="report-totals" aria-label={t('accountReports.totals')}>
        <h3 className="section-title">{t('accountReports.totals')}</h3>
        <dl className="totals-grid">{props.totals}</dl>
        <TotalsNote filter={props.filter} />
      </section>
    </>
  );
}

/** An accounts report: one row per contact's account, the totals in the table's footer. */
export function AccountRowsTable<Row extends { contactId: string }>(props: {
  id: string;
  caption: string;
  rows: readonly Row[];
  filter: string;
  columns: readonly Column<Row>[];
  footer: ReactNode;
}) {
  const { t } = useTranslation();
  const { columns } = props;
  const rows = filterRows(props.rows, props.filter, (r) => rowText(columns, r));
  return (
    <>
      <p className="muted small report-count" data-testid={`${props.id}-count`}>
        {t('accountReports.rows', { shown: rows.length, count: props.rows.length })}
      </p>
      {props.rows.length === 0 ? (
        <p className="empty">{t('accountReports.empty')}</p>
      ) : (
        <DataTable columns={columns} rows={rows} rowKey={(r) => r.contactId} caption={props.caption} testId={`${props.id}-table`} footer={props.footer} />
      )}
      <TotalsNote filter={props.filter} />
    </>
  );
}
