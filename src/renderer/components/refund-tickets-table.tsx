// An order's tickets with their barcode and state; for who may refund, a box per valid
// ticket: the tickets ticked are exactly those the refund voids (issue 17). A ticket found
// by its scanned barcode comes ticked and marked.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import type { OrderView } from '../types.ts';

export function RefundTicketsTable(props: { order: OrderView; mayRefund: boolean; ticked: ReadonlySet<string>; scannedTicketId: string | null; onTick: (ticketId: string, isTicked: boolean) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { order } = props;
  if (order.tickets.length === 0) return null;
  return (
    <table className="table refund-tickets">
      <caption>{t('orders.tickets')}</caption>
      <thead>
        <tr>
          {props.mayRefund && <th scope="col">{t('orders.toRefund')}</th>}
          <th scope="col">{t('orders.barcode')}</th>
          <th scope="col">{t('basket.article')}</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {order.tickets.map((ticket) => (
          <tr key={ticket.id} data-testid="order-ticket" data-ticket={ticket.id} className={ticket.id === props.scannedTicketId ? 'is-selected' : undefined}>
            {props.mayRefund && (
              <td className="center">
                {!ticket.isRefunded && (
                  <input
                    type="checkbox"
                    className="ticket-tick"
                    checked={props.ticked.has(ticket.id)}
                    aria-label={t('orders.refundTicket', { barcode: ticket.barcode })}
                    onChange={(event) => props.onTick(ticket.id, event.target.checked)}
                  />
                )}
              </td>
            )}
            <td><code className="barcode">{ticket.barcode}</code></td>
            <td>
              {ticket.eventName} — {ticket.tariffName}
              <div className="muted small">{format.performance(ticket.startsAt)} · {ticket.hall}</div>
            </td>
            <td>
              <span className={`tag ${ticket.isRefunded ? 'tag-refunded' : 'tag-valid'}`}>
                {ticket.isRefunded ? t('orders.ticketRefunded') : t('orders.ticketValid')}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
