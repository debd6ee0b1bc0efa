// A deferred payment's schedule (échéancier, seed 000): each installment with its due
// date, amount, what is paid, cancelled and still open, its invoice and its state.
// Shown on the sale's confirmation, the order detail and the account screen.
import { useTranslation } from 'react-i18next';
import { itemState } from '../deferred-view.ts';
import { useFormat } from '../format.ts';
import type { DeferredItem } from '../types.ts';
import { Money } from './money.tsx';

export function ItemStateTag({ item }: { item: DeferredItem }) {
  const { t } = useTranslation();
  const state = itemState(item);
  return (
    <span className={`tag tag-item-${state}`} data-testid="item-state" data-state={state}>
      {t(`deferred.itemStates.${state}`)}
    </span>
  );
}

export function DeferredSchedule(props: {
  items: readonly DeferredItem[];
  caption: string;
  /** The account screen lists several orders: name each item's order. */
  withOrder?: boolean;
  /** Without paid / cancelled columns (the sale's confirmation: nothing is paid yet). */
  isCompact?: boolean;
  testId?: string;
  onOpenOrder?: (orderId: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { items, isCompact } = props;
  if (items.length === 0) return null;
  return (
    <table className="table deferred-schedule" data-testid={props.testId ?? 'deferred-schedule'}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.withOrder && <th scope="col">{t('deferred.order')}</th>}
          <th scope="col">{t('deferred.installment')}</th>
          <th scope="col">{t('deferred.dueDate')}</th>
          <th scope="col" className="num">{t('deferred.amount')}</th>
          {!isCompact && <th scope="col" className="num">{t('deferred.paid')}</th>}
          {!isCompact && <th scope="col" className="num">{t('deferred.cancelled')}</th>}
          {!isCompact && <th scope="col" className="num">{t('deferred.open')}</th>}
          <th scope="col">{t('deferred.invoice')}</th>
          {!isCompact && <th scope="col">{t('deferred.state')}</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id} data-testid="deferred-item" data-item={item.id} data-state={itemState(item)} className={item.isOverdue ? 'is-overdue' : undefined}>
            {props.withOrder && (
              <td className="nowrap">
                {props.onOpenOrder ? (
                  <button type="button" className="link" onClick={() => props.onOpenOrder?.(item.orderId)}>
                    {item.orderNumber}
                  </button>
                ) : (
                  item.orderNumber
                )}
              </td>
            )}
            <td className="nowrap">{t('deferred.seqOf', { seq: item.seq, count: item.count })}</td>
            <td className="nowrap" data-testid="item-due">
              {format.day(item.dueDate)}
            </td>
            <td className="num"><Money minor={item.amountMinor} plain testId="item-amount" /></td>
            {!isCompact && <td className="num">{item.paidMinor > 0 ? <Money minor={item.paidMinor} plain testId="item-paid" /> : ''}</td>}
            {!isCompact && <td className="num">{item.cancelledMinor > 0 ? <Money minor={item.cancelledMinor} plain testId="item-cancelled" /> : ''}</td>}
            {!isCompact && <td className="num strong"><Money minor={item.openMinor} plain testId="item-open" /></td>}
            <td className="nowrap" data-testid="item-invoice">{item.invoiceNumber ?? <span className="muted">{t('deferred.notInvoiced')}</span>}</td>
            {!isCompact && (
              <td>
                <ItemStateTag item={item} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
