// A cash count by denomination: how many of each note and coin, and what that makes.
// The total is Σ value × count (shared/money's denominationTotalMinor), integer minor units.
import { useTranslation } from 'react-i18next';
import { denominationTotalMinor } from '../../shared/money/cash.ts';
import { useFormat } from '../format.ts';
import type { Denomination } from '../types.ts';
import { Money } from './money.tsx';

export type Counts = Readonly<Record<number, number>>;

export function countsToDenominations(denominationsMinor: readonly number[], counts: Counts): Denomination[] {
  return denominationsMinor.map((valueMinor) => ({ valueMinor, count: counts[valueMinor] ?? 0 }));
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
  onChange: (counts: Counts) => void;
  totalTestId: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = countsToDenominations(props.denominationsMinor, props.counts);
  const totalMinor = denominationTotalMinor(rows);
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
              <td className="num">{row.count > 0 ? <Money minor={denominationTotalMinor([row])} plain /> : ''}</td>
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
            <Money minor={totalMinor} testId={props.totalTestId} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
