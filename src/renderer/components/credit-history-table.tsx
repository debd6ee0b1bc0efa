// A contact's credit-balance movements, newest first: when, where, who, which order and
// method, the signed amount and the balance after it (as the services computed it).
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import type { CreditMovement } from '../types.ts';
import { Money } from './money.tsx';

export function CreditHistoryTable({ movements }: { movements: readonly CreditMovement[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (movements.length === 0) return <p className="muted">{t('credit.noMovements')}</p>;
  return (
    <table className="table credit-history" data-testid="credit-history">
      <caption>
        {t('credit.history')} <span className="muted small">· {t('credit.newestFirst')}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('credit.date')}</th>
          <th scope="col">{t('credit.till')}</th>
          <th scope="col">{t('credit.user')}</th>
          <th scope="col">{t('credit.order')}</th>
          <th scope="col">{t('credit.operation')}</th>
          <th scope="col">{t('credit.method')}</th>
          <th scope="col" className="num">{t('credit.amount')}</th>
          <th scope="col" className="num">{t('credit.balanceAfter')}</th>
        </tr>
      </thead>
      <tbody>
        {movements.map((m) => (
          <tr key={`${m.entryId}-${m.contactId}`} data-testid="credit-movement" data-kind={m.kind} data-minor={m.amountMinor}>
            <td className="nowrap">{format.dateTime(m.atMs)}</td>
            <td className="nowrap">{m.tillName}</td>
            <td>{m.userName}</td>
            <td className="nowrap">{m.orderNumber ?? ''}</td>
            <td>
              {t(`credit.kinds.${m.kind}`)}
              {m.reference && <div className="muted small">{m.reference}</div>}
            </td>
            <td>{m.methodName ?? ''}</td>
            <td className="num strong">
              <Money minor={m.amountMinor} plain signed testId="movement-amount" />
            </td>
            <td className="num">
              <Money minor={m.balanceAfterMinor} plain testId="movement-balance" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
