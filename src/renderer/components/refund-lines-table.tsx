// An order's lines as sold, what was refunded of each, and (for who may refund) the
// quantity to refund now: on a ticket line, how many of its tickets are ticked (typing a
// quantity ticks that many, refund-view.ts tickForQuantity).
import { useTranslation } from 'react-i18next';
import { lineDetailShown } from '../../shared/domain/line-detail.ts';
import { useFormat } from '../format.ts';
import { quantityFrom, tickedOfLine, type RefundQuantities } from '../refund-view.ts';
import type { OrderView } from '../types.ts';
import { Money } from './money.tsx';

type OrderLine = OrderView['lines'][number];

function RefundQuantityInput(props: { line: OrderLine; quantity: number; onQuantity: (quantity: number) => void }) {
  const { t } = useTranslation();
  const { line } = props;
  const refundable = line.quantity - line.refundedQuantity;
  return (
    <input
      className="input input-quantity"
      type="number"
      min={0}
      max={refundable}
      disabled={refundable === 0}
      aria-label={t('orders.toRefundOf', { label: line.label })}
      value={props.quantity}
      onChange={(event) => props.onQuantity(quantityFrom(event.target.value, refundable))}
    />
  );
}

export function RefundLinesTable(props: { order: OrderView; mayRefund: boolean; quantities: RefundQuantities; ticked: ReadonlySet<string>; onQuantity: (lineId: string, quantity: number) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <table className="table">
      <caption>{t('orders.lines')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('basket.article')}</th>
          <th scope="col" className="num">{t('orders.quantity')}</th>
          <th scope="col" className="num">{t('basket.unitPrice')}</th>
          <th scope="col" className="num">{t('basket.total')}</th>
          <th scope="col" className="num">{t('orders.refundedQuantity')}</th>
          {props.mayRefund && <th scope="col" className="num">{t('orders.toRefund')}</th>}
        </tr>
      </thead>
      <tbody>
        {props.order.lines.map((line) => (
          <tr key={line.id} data-testid="order-line">
            <td>
              {line.label}
              {line.detail && <div className="muted small">{lineDetailShown(line.detail, format.performance)}</div>}
            </td>
            <td className="num">{line.quantity}</td>
            <td className="num"><Money minor={line.unitPriceMinor} plain /></td>
            <td className="num"><Money minor={line.totalMinor} plain /></td>
            <td className="num">{line.refundedQuantity > 0 ? line.refundedQuantity : ''}</td>
            {props.mayRefund && (
              <td className="num">
                <RefundQuantityInput line={line} quantity={line.kind === 'ticket' ? tickedOfLine(props.order, line.id, props.ticked) : (props.quantities[line.id] ?? 0)} onQuantity={(quantity) => props.onQuantity(line.id, quantity)} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
