// A cash count by denomination: how many of each note and coin, and what that makes —
// each subtotal and the total as the services counted them (sessions.countCash).
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import type { CashCount } from '../types.ts';
import { countsToDenominations, type Counts } from '../use-cash-count.ts';
import { Money } from './money.tsx';

/** What a row makes, as the services counted it; nothing while they have not counted this count of it. */
function subtotalOf(count: CashCount | null, row: { valueMinor: number; count: number }): number | null {
  const counted = count?.rows.find((r) => r.valueMinor === row.valueMinor);
  return counted !== undefined && counted.count === row.count ? counted.subtotalMinor : null;
}

/** A count typed by hand: digits only, empty is zero. */
function parseCount(text: string): number | null {
  const digits = text.trim();
  if (digits === '') return 0;
  if (!/^\d{1,6}$/.test(digits)) return null;
  return Number(digits);
}

export function DenominationCount(props: {
  denominationsMinor: readonly number[];
  counts: Counts;
  /** The services' value of the count (the last one they gave). */
  value: CashCount | null;
  onChange: (counts: Counts) => void;
  totalTestId: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = countsToDenominations(props.denominationsMinor, props.counts);
  return (
    <table className="count-table">
      <thead>
        <tr>
          <th scope="col">{t('count.denomination')}</th>
          <th scope="col">{t('count.quantity')}</th>
          <th scope="col" className="num">
            {t('count.subtotal')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          const label = format.denomination(row.valueMinor);
          const subtotalMinor = subtotalOf(props.value, row);
          return (
            <tr key={row.valueMinor}>
              <th scope="row" className="denomination">
                {label}
              </th>
              <td>
                <input
                  className="input input-count"
                  inputMode="numeric"
                  aria-label={t('count.quantityOf', { denomination: label })}
                  value={row.count === 0 ? '' : String(row.count)}
                  placeholder="0"
                  autoFocus={props.autoFocus === true && i === 0}
                  onChange={(event) => {
                    const count = parseCount(event.target.value);
                    if (count !== null) props.onChange({ ...props.counts, [row.valueMinor]: count });
                  }}
                  onFocus={(event) => event.target.select()}
                />
              </td>
              <td className="num">{row.count > 0 && subtotalMinor !== null ? <Money minor={subtotalMinor} plain /> : ''}</td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            {t('count.total')}
          </th>
          <td className="num total-cell">
            <Money minor={props.value?.totalMinor ?? 0} testId={props.totalTestId} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
