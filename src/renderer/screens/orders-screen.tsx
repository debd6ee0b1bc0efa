// Orders of this till: the list, one order in full (lines, tickets, payments, refunds, the
// schedule of a payment on account and its invoices), and refunds of chosen lines to the
// original methods, confirmed before they are made.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { CoinsBadge } from '../components/coins-badge.tsx';
import { OverdraftFlag } from '../components/overdraft-flag.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Money } from '../components/money.tsx';
import { OrderDeferred, OrderPayer } from '../components/order-deferred.tsx';
import { DocumentPreviewButton, ReceiptPreviewButton } from '../components/receipt-preview.tsx';
import { RefundForm } from '../components/refund-form.tsx';
import { useFormat } from '../format.ts';
import { useCan } from '../stores/auth-store.ts';
import { useUi } from '../stores/ui-store.ts';
import type { OrderSummary, OrderView } from '../types.ts';

function OrderList(props: { orders: OrderSummary[]; selectedId: string | null; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (props.orders.length === 0) return <p className="muted">{t('orders.empty')}</p>;
  return (
    <table className="table orders-table">
      <thead>
        <tr>
          <th scope="col">{t('orders.number')}</th>
          <th scope="col">{t('orders.date')}</th>
          <th scope="col">{t('orders.buyer')}</th>
          <th scope="col" className="num">{t('orders.total')}</th>
          <th scope="col" className="num">{t('orders.refunded')}</th>
        </tr>
      </thead>
      <tbody>
        {props.orders.map((o) => (
          <tr key={o.id} aria-selected={o.id === props.selectedId} className={o.id === props.selectedId ? 'is-selected' : undefined}>
            <td>
              <button type="button" className="link" onClick={() => props.onSelect(o.id)}>
                {o.number}
              </button>
            </td>
            <td>{format.dateTime(o.createdAtMs)}</td>
            <td>{o.buyerName || t('orders.anonymous')}</td>
            <td className="num"><Money minor={o.totalMinor} plain /></td>
            <td className="num">{o.refundedMinor > 0 ? <Money minor={o.refundedMinor} plain /> : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PaymentsTable({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  return (
    <table className="table">
      <caption>{t('orders.payments')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('orders.method')}</th>
          <th scope="col" className="num">{t('orders.amount')}</th>
          <th scope="col" className="num">{t('orders.tendered')}</th>
          <th scope="col" className="num">{t('orders.change')}</th>
          <th scope="col" className="num">{t('orders.refunded')}</th>
          <th scope="col">{t('orders.reference')}</th>
        </tr>
      </thead>
      <tbody>
        {order.payments.map((p) => (
          <tr key={p.id}>
            <th scope="row">
              {p.methodName}
              {p.toCreditMinor > 0 && (
                <div className="muted small">
                  {t('payment.toCredit')} <Money minor={p.toCreditMinor} plain testId="payment-to-credit" />
                </div>
              )}
            </th>
            <td className="num"><Money minor={p.amountMinor} plain /></td>
            <td className="num"><Money minor={p.tenderedMinor} plain /></td>
            <td className="num">{p.changeMinor > 0 ? <Money minor={p.changeMinor} plain /> : ''}</td>
            <td className="num">{p.refundedMinor > 0 ? <Money minor={p.refundedMinor} plain /> : ''}</td>
            <td>{p.reference}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RefundsList({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-label={t('orders.refunds')}>
      <h3 className="section-title">{t('orders.refunds')}</h3>
      {order.refunds.length === 0 ? (
        <p className="muted small">{t('orders.noRefunds')}</p>
      ) : (
        <ul className="refunds">
          {order.refunds.map((r) => (
            <li key={r.id} className="refund-entry" data-testid="order-refund">
              <div>
                <strong><Money minor={r.totalMinor} /></strong> — {r.payments.map((p) => p.methodName).join(', ')}
              </div>
              <div className="muted small">
                {t('orders.refundBy', { date: format.dateTime(r.createdAtMs), user: r.userName })} · {t('orders.reasonIs', { reason: r.reason })}
              </div>
              <DocumentPreviewButton
                document={{ kind: 'refund_receipt', refundId: r.id }}
                documentKey={r.id}
                title={t('receipt.refundTitle', { date: format.dateTime(r.createdAtMs) })}
                className="button button-small"
                testId="refund-receipt"
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The buyer's credit balance as it is now (a refund to credit changes it), and the
 * overdraft the ledger server flagged on it: read again with each version of the order.
 */
function useBuyerBalance(order: OrderView): { balanceMinor: number; overdraftMinor: number } {
  const [balance, setBalance] = useState({ balanceMinor: 0, overdraftMinor: 0 });
  const buyerId = order.buyer?.id ?? null;
  useEffect(() => {
    let isLatest = true;
    setBalance({ balanceMinor: 0, overdraftMinor: 0 });
    if (!buyerId) return;
    void call('contacts.get', { contactId: buyerId }).then((result) => {
      if (isLatest && result.ok) setBalance({ balanceMinor: result.value.creditBalanceMinor, overdraftMinor: result.value.overdraftMinor });
    });
    return () => {
      isLatest = false;
    };
  }, [buyerId, order]);
  return balance;
}

function ScannedNotice(props: { order: OrderView; ticketId: string | null }) {
  const { t } = useTranslation();
  const ticket = props.order.tickets.find((x) => x.id === props.ticketId);
  if (!ticket) return null;
  return (
    <p className={`alert ${ticket.isRefunded ? 'alert-error' : 'alert-success'}`} role="status" data-testid="scanned-ticket">
      {t(ticket.isRefunded ? 'orders.scannedRefunded' : 'orders.scanned', { barcode: ticket.barcode })}
    </p>
  );
}

function OrderDetail(props: { order: OrderView; scannedTicketId: string | null; onChanged: (order: OrderView) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const mayRefund = useCan('sale:refund');
  const { order } = props;
  const buyerBalance = useBuyerBalance(order);
  return (
    <article className="order-detail" aria-labelledby="order-title">
      <header className="order-head">
        <h2 id="order-title">{t('orders.detail', { number: order.number })}</h2>
        <p className="muted">{t('orders.soldBy', { date: format.dateTime(order.createdAtMs), user: order.userName })}</p>
        <p className="strong order-buyer">
          {t('orders.buyerIs', { name: order.buyer?.name ?? t('orders.anonymous') })}
          <CoinsBadge amountMinor={buyerBalance.balanceMinor} testId="order-buyer-coins" />
          <OverdraftFlag amountMinor={buyerBalance.overdraftMinor} testId="order-buyer-overdraft" />
        </p>
        <div className="order-totals">
          <span>
            {t('orders.total')} <Money minor={order.totalMinor} testId="order-total" />
          </span>
          {order.refundedMinor > 0 && (
            <span>
              {t('orders.refunded')} <Money minor={order.refundedMinor} testId="order-refunded" />
            </span>
          )}
        </div>
        <ReceiptPreviewButton orderId={order.id} number={order.number} hasTickets={order.tickets.length > 0} className="button button-small" />
      </header>
      <ScannedNotice order={order} ticketId={props.scannedTicketId} />
      <RefundForm key={order.id} order={order} mayRefund={mayRefund} onRefunded={props.onChanged} scannedTicketId={props.scannedTicketId} />
      <PaymentsTable order={order} />
      <OrderPayer order={order} onChanged={props.onChanged} />
      <OrderDeferred key={order.id} order={order} onChanged={props.onChanged} />
      <RefundsList order={order} />
    </article>
  );
}

export function OrdersScreen() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [orders, setOrders] = useState<OrderSummary[]>([]);
  const [selected, setSelected] = useState<OrderView | null>(null);
  const [scannedTicketId, setScannedTicketId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const open = useCallback(async (orderId: string, ticketId: string | null = null) => {
    const result = await call('orders.get', { orderId });
    if (result.ok) {
      setSelected(result.value);
      setScannedTicketId(ticketId);
      setError(null);
    } else setError(result.error);
  }, []);

  const loadList = useCallback(
    async (text: string, isTyped: boolean) => {
      const result = await call('orders.list', text.trim() === '' ? { limit: 100 } : { query: text, limit: 100 });
      if (!result.ok) return setError(result.error);
      setOrders(result.value);
      // a ticket's barcode scanned or typed: its order opens with that ticket ticked (issue 17)
      const scanned = isTyped ? result.value.find((o) => o.ticketId !== null) : undefined;
      if (scanned) void open(scanned.id, scanned.ticketId);
    },
    [open],
  );

  useEffect(() => {
    void loadList(query, true);
  }, [query, loadList]);

  // another screen (the compte d'attente) may send the user to one order
  useEffect(() => {
    const target = useUi.getState().takeTarget('orders');
    if (target) void open(target.orderId);
  }, [open]);

  return (
    <main className="orders">
      <section className="panel order-list" aria-labelledby="orders-title">
        <h1 id="orders-title" className="panel-title">{t('orders.title')}</h1>
        <input
          className="input input-search"
          type="search"
          aria-label={t('orders.search')}
          placeholder={t('orders.search')}
          value={query}
          autoFocus
          onChange={(event) => setQuery(event.target.value)}
          // a scanner ends with Enter: the text is selected, so the next scan replaces it
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.select();
          }}
        />
        <ErrorAlert error={error} />
        <OrderList orders={orders} selectedId={selected?.id ?? null} onSelect={(id) => void open(id)} />
      </section>
      <section className="panel">
        {selected ? (
          <OrderDetail
            order={selected}
            scannedTicketId={scannedTicketId}
            onChanged={(order) => {
              setSelected(order);
              setScannedTicketId(null);
              void loadList(query, false);
            }}
          />
        ) : (
          <p className="empty">{t('orders.choose')}</p>
        )}
      </section>
    </main>
  );
}
