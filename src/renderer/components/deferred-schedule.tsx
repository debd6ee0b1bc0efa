// A deferred payment's schedule (échéancier, seed 000): each installment with its due
// date, amount, what is paid, cancelled and still open, its invoice and its state.
// Shown on the sale's confirmation, the order detail and the account screen.
import { useTranslation } from 'react-i18next';
import { installmentState } from '../deferred-view.ts';
import { useFormat } from '../format.ts';
import type { Installment } from '../types.ts';
import { Money } from './money.tsx';

export function InstallmentStateTag({ installment }: { installment: Installment }) {
  const { t } = useTranslation();
  const state = installmentState(installment);
  return (
    <span className={`tag tag-item-${state}`} data-testid="item-state" data-state={state}>
      {t(`deferred.itemStates.${state}`)}
    </span>
  );
}

export function DeferredSchedule(props: {
  installments: readonly Installment[];
  caption: string;
  /** The account screen lists several orders: name each installment's order. */
  withOrder?: boolean;
  /** Without paid / cancelled columns (the sale's confirmation: nothing is paid yet). */
  isCompact?: boolean;
  testId?: string;
  onOpenOrder?: (orderId: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { installments, isCompact } = props;
  if (installments.length === 0) return null;
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
        {installments.map((installment) => (
          <tr key={installment.id} data-testid="deferred-item" data-item={installment.id} data-state={installmentState(installment)} className={installment.isOverdue ? 'is-overdue' : undefined}>
            {props.withOrder && (
              <td className="nowrap">
                {props.onOpenOrder ? (
                  <button type="button" className="link" onClick={() => props.onOpenOrder?.(installment.orderId)}>
                    {installment.orderNumber}
                  </button>
                ) : (
                  installment.orderNumber
                )}
              </td>
            )}
            <td className="nowrap">{t('deferred.seqOf', { seq: installment.seq, count: installment.count })}</td>
            <td className="nowrap" data-testid="item-due">
              {format.day(installment.dueDate)}
            </td>
            <td className="num"><Money minor={installment.amountMinor} plain testId="item-amount" /></td>
            {!isCompact && <td className="num">{installment.paidMinor > 0 ? <Money minor={installment.paidMinor} plain testId="item-paid" /> : ''}</td>}
            {!isCompact && <td className="num">{installment.cancelledMinor > 0 ? <Money minor={installment.cancelledMinor} plain testId="item-cancelled" /> : ''}</td>}
            {!isCompact && <td className="num strong"><Money minor={installment.openMinor} plain testId="item-open" /></td>}
            <td className="nowrap" data-testid="item-invoice">{installment.invoiceNumber ?? <span className="muted">{t('deferred.notInvoiced')}</span>}</td>
            {!isCompact && (
              <td>
                <InstallmentStateTag installment={installment} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
