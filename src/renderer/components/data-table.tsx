// A report's rows on screen: a click on a column header sorts by it (again: the other
// way), aria-sort says how. Filtering is the caller's (it also counts what is shown).
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import { nextSort, sortRows, type SortState, type SortValue } from '../table-rows.ts';

export interface Column<T> {
  id: string;
  label: string;
  isNumeric?: boolean;
  /** What the column sorts on: a text, an instant, minor units. */
  sortValue: (row: T) => SortValue;
  /** What the text filter reads in this column. */
  text: (row: T) => string;
  render: (row: T) => ReactNode;
}

/** Every column's text of a row, for the filter. */
export function rowText<T>(columns: readonly Column<T>[], row: T): string {
  return columns.map((c) => c.text(row)).join(' ');
}

export function DataTable<T>(props: {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  caption: string;
  testId: string;
  initialSort?: SortState;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [sort, setSort] = useState<SortState | null>(props.initialSort ?? null);
  const { columns, rows } = props;
  const sorted = useMemo(() => {
    const column = sort ? columns.find((c) => c.id === sort.columnId) : undefined;
    return column && sort ? sortRows(rows, column.sortValue, sort.direction, format.locale) : [...rows];
  }, [rows, columns, sort, format.locale]);

  return (
    <table className="table data-table" data-testid={props.testId}>
      <caption className="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => {
            const direction = sort?.columnId === c.id ? sort.direction : null;
            return (
              <th
                key={c.id}
                scope="col"
                className={c.isNumeric ? 'num' : undefined}
                aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
              >
                <button type="button" className="sort-button" data-column={c.id} onClick={() => setSort((s) => nextSort(s, c.id))}>
                  {c.label}
                  <span className="sort-mark" aria-hidden="true">
                    {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
                  </span>
                  {direction && <span className="visually-hidden">, {t(direction === 'asc' ? 'accountReports.sortAscending' : 'accountReports.sortDescending')}</span>}
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {sorted.map((row) => (
          <tr key={props.rowKey(row)} data-testid={`${props.testId}-row`}>
            {columns.map((c) => (
              <td key={c.id} className={c.isNumeric ? 'num' : undefined}>
                {c.render(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {props.footer}
    </table>
  );
}
