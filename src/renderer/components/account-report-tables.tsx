// What the credit and deferred account reports show alike under their criteria: the row
// count (and that only the first rows are listed, when so), the table or the sentence that
// says why there is none, the totals, and the note that the totals ignore the text filter.
// Each report gives its columns and its totals.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Formatters } from '../format.ts';
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

/** What a movement of either account gives the columns both movements reports show. */
interface MovementFields {
  atMs: number;
  contactName: string;
  userName: string;
  orderNumber: string | null;
  reference: string;
  methodName: string | null;
  amountMinor: number;
}

/** The columns both movements reports show, by id; each report orders them among its own. */
export function sharedMovementColumns<Row extends MovementFields>(t: TFunction, format: Formatters, kindLabel: (row: Row) => string) {
  return {
    date: { id: 'date', label: t('accountReports.date'), sortValue: (m) => m.atMs, text: (m) => format.dateTime(m.atMs), render: (m) => <span className="nowrap">{format.dateTime(m.atMs)}</span> },
    contact: { id: 'contact', label: t('accountReports.contact'), sortValue: (m) => m.contactName, text: (m) => m.contactName, render: (m) => m.contactName },
    user: { id: 'user', label: t('accountReports.user'), sortValue: (m) => m.userName, text: (m) => m.userName, render: (m) => m.userName },
    order: { id: 'order', label: t('accountReports.order'), sortValue: (m) => m.orderNumber, text: (m) => m.orderNumber ?? '', render: (m) => <span className="nowrap">{m.orderNumber ?? ''}</span> },
    operation: {
      id: 'operation',
      label: t('accountReports.operation'),
      sortValue: kindLabel,
      text: (m) => `${kindLabel(m)} ${m.reference}`,
      render: (m) => (
        <>
          {kindLabel(m)}
          {m.reference && <div className="muted small">{m.reference}</div>}
        </>
      ),
    },
    method: { id: 'method', label: t('accountReports.method'), sortValue: (m) => m.methodName, text: (m) => m.methodName ?? '', render: (m) => m.methodName ?? '' },
    amount: { id: 'amount', label: t('accountReports.amount'), isNumeric: true, sortValue: (m) => m.amountMinor, text: (m) => format.amount(m.amountMinor), render: (m) => <Money minor={m.amountMinor} plain signed /> },
  } satisfies Record<string, Column<Row>>;
}

/**
 * A report's rows as the services list them: a report that lists only its first rows says
 * so and how many there are; one that lists them all (the deferred accounts) says nothing.
 */
interface ListedRows<Row> {
  rows: readonly Row[];
  rowCount?: number;
  isTruncated?: boolean;
}

/** How many rows the filter shows of those listed and, when the services listed only the first ones, how many there are. */
function RowCount(props: { id: string; shown: number; report: ListedRows<unknown>; truncatedKey: 'accountReports.truncated' | 'accountReports.truncatedAccounts' }) {
  const { t } = useTranslation();
  const { report } = props;
  return (
    <p className="muted small report-count" data-testid={`${props.id}-count`}>
      {t('accountReports.rows', { count: props.shown, total: report.rows.length })}
      {report.isTruncated && <> · {t(props.truncatedKey, { listed: report.rows.length, count: report.rowCount })}</>}
    </p>
  );
}

function TotalsNote(props: { filter: string }) {
  const { t } = useTranslation();
  return props.filter.trim() !== '' ? <p className="muted small">{t('accountReports.totalsNote')}</p> : null;
}

/** A movements report: one row per movement of a contact's account, oldest first, the totals below. */
export function MovementRowsTable<Row extends { entryId: string; contactId: string }>(props: {
  id: string;
  caption: string;
  report: ListedRows<Row>;
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
      <RowCount id={props.id} shown={rows.length} report={report} truncatedKey="accountReports.truncated" />
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
  report: ListedRows<Row>;
  filter: string;
  columns: readonly Column<Row>[];
  footer: ReactNode;
}) {
  const { t } = useTranslation();
  const { report, columns } = props;
  const rows = filterRows(report.rows, props.filter, (r) => rowText(columns, r));
  return (
    <>
      <RowCount id={props.id} shown={rows.length} report={report} truncatedKey="accountReports.truncatedAccounts" />
      {report.rows.length === 0 ? (
        <p className="empty">{t('accountReports.empty')}</p>
      ) : (
        <DataTable columns={columns} rows={rows} rowKey={(r) => r.contactId} caption={props.caption} testId={`${props.id}-table`} footer={props.footer} />
      )}
      <TotalsNote filter={props.filter} />
    </>
  );
}
