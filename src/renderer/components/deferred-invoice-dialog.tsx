// Global invoicing (seed 000, "Facturation globale"): the contact's orders paid on account
// and not invoiced yet, all ticked, or those of a period (a quarter for a partner); one
// invoice for the orders ticked. The invoice's total comes from the services.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { ordersChargedIn, ordersToInvoice } from '../deferred-view.ts';
import { useFormat } from '../format.ts';
import { currentQuarter, periodMs, type DatePeriod } from '../period.ts';
import type { OrderToInvoice } from '../deferred-view.ts';
import type { DeferredAccount, Invoice } from '../types.ts';
import { contactName } from './contact-list.tsx';
import { DialogFooter } from './dialog-footer.tsx';
import { Modal } from './modal.tsx';
import { Money } from './money.tsx';
import { PeriodFields } from './report-filters.tsx';

/** One order still to invoice: ticked or not, when it was charged, its installments (what a refund cancelled of each). */
function OrderRow(props: { order: OrderToInvoice; isChecked: boolean; onToggle: (isOn: boolean) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { order } = props;
  return (
    <tr data-testid="invoice-order" data-order={order.orderNumber} className={props.isChecked ? 'is-selected' : undefined}>
      <td>
        <input
          type="checkbox"
          className="check-input"
          aria-label={t('deferred.invoicing.includeOrder', { number: order.orderNumber })}
          checked={props.isChecked}
          onChange={(event) => props.onToggle(event.target.checked)}
        />
      </td>
      <th scope="row" className="nowrap">{order.orderNumber}</th>
      <td className="nowrap">{order.chargedAtMs === null ? '' : format.dateTime(order.chargedAtMs)}</td>
      <td>
        <ul className="plain-list">
          {order.installments.map((installment) => (
            <li key={installment.id} className="invoice-order-item">
              <span>{t('deferred.seqOf', { seq: installment.seq, count: installment.count })}</span>
              <span className="muted">{format.day(installment.dueDate)}</span>
              <Money minor={installment.amountMinor} plain />
              {installment.cancelledMinor > 0 && (
                <span className="muted small">
                  {t('deferred.invoicing.cancelledPart')} <Money minor={installment.cancelledMinor} plain />
                </span>
              )}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

function OrdersTable(props: { orders: readonly OrderToInvoice[]; checked: ReadonlySet<string>; onToggle: (orderId: string, isOn: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <table className="table invoice-orders" data-testid="invoice-orders">
      <caption className="visually-hidden">{t('deferred.invoicing.orders')}</caption>
      <thead>
        <tr>
          <th scope="col"><span className="visually-hidden">{t('deferred.invoicing.include')}</span></th>
          <th scope="col">{t('deferred.order')}</th>
          <th scope="col">{t('deferred.chargedAt')}</th>
          <th scope="col">{t('deferred.installments')}</th>
        </tr>
      </thead>
      <tbody>
        {props.orders.map((order) => (
          <OrderRow key={order.orderId} order={order} isChecked={props.checked.has(order.orderId)} onToggle={(isOn) => props.onToggle(order.orderId, isOn)} />
        ))}
      </tbody>
    </table>
  );
}

/** Ticks the orders charged in a period, all, or none. */
function PeriodChoice(props: { period: DatePeriod; onPeriod: (p: DatePeriod) => void; onPickPeriod: () => void; onAll: () => void; onNone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="invoice-period">
      <PeriodFields period={props.period} onChange={props.onPeriod} />
      <button type="button" className="button button-small" onClick={props.onPickPeriod}>
        {t('deferred.invoicing.pickPeriod')}
      </button>
      <button type="button" className="button button-small button-ghost" onClick={props.onAll}>
        {t('deferred.invoicing.all')}
      </button>
      <button type="button" className="button button-small button-ghost" onClick={props.onNone}>
        {t('deferred.invoicing.none')}
      </button>
    </div>
  );
}

export function DeferredInvoiceDialog(props: { account: DeferredAccount; onDone: (invoice: Invoice) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { account } = props;
  const orders = useMemo(() => ordersToInvoice(account.installments, account.movements), [account]);
  const [checked, setChecked] = useState<Set<string>>(() => new Set(orders.map((o) => o.orderId)));
  const [period, setPeriod] = useState<DatePeriod>(() => currentQuarter(Date.now(), format.timeZone));
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const toggle = (orderId: string, isOn: boolean) => {
    const next = new Set(checked);
    if (isOn) next.add(orderId);
    else next.delete(orderId);
    setChecked(next);
    setProblem(null);
  };

  const pickPeriod = () => {
    const p = periodMs(period, format.timeZone);
    if (!p.ok) return setProblem(t(p.problem === 'date_missing' ? 'accountReports.dateMissing' : 'accountReports.periodInvalid'));
    const inPeriod = ordersChargedIn(orders, p.fromMs, p.toMs);
    setChecked(new Set(inPeriod));
    setProblem(inPeriod.length === 0 ? t('deferred.invoicing.noneInPeriod') : null);
  };

  const submit = async () => {
    const orderIds = orders.filter((o) => checked.has(o.orderId)).map((o) => o.orderId);
    if (orderIds.length === 0) return setProblem(t('deferred.invoicing.noneChecked'));
    setBusy(true);
    const result = await call('invoices.create', { contactId: account.contact.id, orderIds });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    props.onDone(result.value);
  };

  return (
    <Modal title={t('deferred.invoicing.title', { name: contactName(account.contact) })} onClose={props.onClose} isBusy={isBusy} wide testId="invoice-dialog">
      <p className="muted">{t('deferred.invoicing.intro')}</p>
      {orders.length === 0 ? (
        <p className="empty">{t('deferred.invoicing.nothing')}</p>
      ) : (
        <>
          <PeriodChoice period={period} onPeriod={setPeriod} onPickPeriod={pickPeriod} onAll={() => setChecked(new Set(orders.map((o) => o.orderId)))} onNone={() => setChecked(new Set())} />
          <OrdersTable orders={orders} checked={checked} onToggle={toggle} />
          <p className="muted small">{t('deferred.invoicing.checkedCount', { count: checked.size, total: orders.length })}</p>
        </>
      )}
      <DialogFooter
        problem={problem}
        error={error}
        errorTestId="invoice-error"
        isBusy={isBusy}
        onCancel={props.onClose}
        submitLabel={t('deferred.invoicing.submit')}
        isSubmitDisabled={orders.length === 0 || checked.size === 0}
        onSubmit={() => void submit()}
      />
    </Modal>
  );
}
