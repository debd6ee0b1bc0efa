// After the sale: the order number, the change to give back, each ticket's barcode, for a
// payment on account its schedule (and the invoice, when the basket asked for one), and the
// buyer's credit balance left when the sale used or fed it (issue 17).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api-client.ts';
import { invoicesOfOrder } from '../deferred-view.ts';
import { useFormat } from '../format.ts';
import type { OrderView } from '../types.ts';
import { DeferredSchedule } from './deferred-schedule.tsx';
import { DrawerOpenButton } from './drawer-open-dialog.tsx';
import { InvoicePdfButton } from './invoice-pdf-button.tsx';
import { Modal } from './modal.tsx';
import { Money } from './money.tsx';
import { ReceiptPreviewButton } from './receipt-preview.tsx';

/** The buyer's credit balance after a sale paid by it or putting money on it: what is left to spend. */
function CreditLeft({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  const buyerId = order.buyer?.id ?? null;
  const isCreditMoved = order.payments.some((p) => p.methodType === 'credit' || p.toCreditMinor > 0);
  const [leftMinor, setLeftMinor] = useState<number | null>(null);
  useEffect(() => {
    if (!buyerId || !isCreditMoved) return;
    let isCurrent = true;
    void call('contacts.get', { contactId: buyerId }).then((result) => {
      if (isCurrent && result.ok) setLeftMinor(result.value.creditBalanceMinor);
    });
    return () => {
      isCurrent = false;
    };
  }, [buyerId, isCreditMoved]);
  if (leftMinor === null) return null;
  return (
    <p className="sale-credit-left">
      {t('saleDone.creditLeft', { name: order.buyer?.name ?? '' })} <Money minor={leftMinor} testId="sale-credit-left" />
    </p>
  );
}

function DeferredSummary({ order }: { order: OrderView }) {
  const { t } = useTranslation();
  if (order.installments.length === 0) return null;
  const invoices = invoicesOfOrder(order);
  return (
    <section className="sale-deferred" aria-label={t('deferred.scheduleTitle')}>
      <p className="sale-deferred-payer">{t('saleDone.onAccount', { name: order.buyer?.name ?? '' })}</p>
      <DeferredSchedule installments={order.installments} caption={t('deferred.scheduleTitle')} isCompact testId="sale-schedule" />
      {invoices.map((invoice) => (
        <p key={invoice.invoiceId} className="sale-invoice" data-testid="sale-invoice">
          <span>{t('saleDone.invoiced', { number: invoice.invoiceNumber })}</span>
          <InvoicePdfButton invoiceId={invoice.invoiceId} number={invoice.invoiceNumber} />
        </p>
      ))}
    </section>
  );
}

/** The tickets sold, each with its barcode. */
function SoldTickets({ tickets }: { tickets: OrderView['tickets'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (tickets.length === 0) return null;
  return (
    <table className="table">
      <caption>{t('saleDone.tickets')}</caption>
      <tbody>
        {tickets.map((ticket) => (
          <tr key={ticket.id}>
            <td>
              {ticket.eventName} — {ticket.tariffName}
              <div className="muted small">
                {format.performance(ticket.startsAt)} · {ticket.hall}
              </div>
            </td>
            <td className="num">
              <span className="visually-hidden">{t('saleDone.barcode')} </span>
              <code className="barcode" data-testid="ticket-barcode">
                {ticket.barcode}
              </code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The gift vouchers sold, each with its code and value. */
function SoldVouchers({ vouchers }: { vouchers: OrderView['vouchers'] }) {
  const { t } = useTranslation();
  if (vouchers.length === 0) return null;
  return (
    <table className="table">
      <caption>{t('saleDone.vouchers')}</caption>
      <tbody>
        {vouchers.map((voucher) => (
          <tr key={voucher.id}>
            <td>
              <code className="barcode" data-testid="voucher-code">{voucher.code}</code>
            </td>
            <td className="num">
              <Money minor={voucher.valueMinor} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SaleDone(props: { order: OrderView; onNext: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { order } = props;
  return (
    <Modal title={t('saleDone.title')} onClose={props.onNext} wide testId="sale-done">
      <p className="sale-number" data-testid="order-number">
        {t('saleDone.order', { number: order.number })}
      </p>
      <div className={`sale-change${order.changeMinor > 0 ? ' is-due' : ''}`}>
        <span>{t('saleDone.change')}</span>
        <Money minor={order.changeMinor} testId="sale-change" />
      </div>
      {order.changeMinor === 0 && <p className="muted">{t('saleDone.noChange')}</p>}
      {order.buyer &&
        order.payments
          .filter((p) => p.toCreditMinor > 0)
          .map((p) => (
            <p key={p.id} className="sale-to-credit">
              {t('saleDone.toCredit', { name: order.buyer?.name ?? '' })} <Money minor={p.toCreditMinor} testId="sale-to-credit" />
            </p>
          ))}
      <CreditLeft order={order} />
      <DeferredSummary order={order} />
      <SoldTickets tickets={order.tickets} />
      <SoldVouchers vouchers={order.vouchers} />
      <div className="modal-actions">
        <DrawerOpenButton />
        <ReceiptPreviewButton orderId={order.id} number={order.number} hasTickets={order.tickets.length > 0} />
        <button type="button" className="button button-primary button-large" data-autofocus onClick={props.onNext}>
          {t('saleDone.next')}
        </button>
      </div>
    </Modal>
  );
}
