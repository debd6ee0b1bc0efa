// The refund being prepared: its total, where it goes (an amount per destination the
// services offered, all to the buyer's credit balance or back to the proposal), a reason,
// what is wrong with it, and the button that asks for a confirmation. Shows; decides nothing.
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { useFormat } from '../format.ts';
import { isCreditDestination, type RefundDestination } from '../refund-view.ts';
import { ErrorAlert } from './error-alert.tsx';
import { Money } from './money.tsx';

function DestinationField(props: { destination: RefundDestination; buyerName: string | null; text: string; onText: (text: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const d = props.destination;
  const isCredit = isCreditDestination(d);
  return (
    <label className={`field${isCredit ? ' refund-to-credit' : ''}`}>
      <span className="field-label">
        {isCredit && props.buyerName !== null ? t('refund.toCredit', { name: props.buyerName }) : t('refund.toMethod', { method: d.methodName })}
      </span>
      <input className="input input-amount" inputMode="decimal" value={props.text} onChange={(event) => props.onText(event.target.value)} />
      <span className="field-hint">
        {isCredit ? t('refund.toCreditHint') : t(d.methodType === 'deferred' ? 'refund.refundableOpen' : 'refund.refundable', { amount: format.money(d.refundableMinor) })}
      </span>
    </label>
  );
}

function CreditChoice(props: { onChoose: (isAllToCredit: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <div className="refund-destination">
      <button type="button" className="button button-small" onClick={() => props.onChoose(true)}>
        {t('refund.allToCredit')}
      </button>
      <button type="button" className="button button-small button-ghost" onClick={() => props.onChoose(false)}>
        {t('refund.allToOriginal')}
      </button>
    </div>
  );
}

export function RefundBox(props: {
  totalMinor: number;
  destinations: readonly RefundDestination[];
  buyerName: string | null;
  /** The buyer's credit balance is a destination: offer "all to credit". */
  hasCreditChoice: boolean;
  textOf: (methodId: string) => string;
  onText: (methodId: string, text: string) => void;
  onChooseCredit: (isAllToCredit: boolean) => void;
  reason: string;
  onReason: (reason: string) => void;
  problem: string | null;
  error: ApiError | null;
  onSubmit: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="refund-box" aria-labelledby="refund-title">
      <h3 id="refund-title" className="section-title">{t('refund.title')}</h3>
      <p className="refund-total">
        {t('refund.total')} <Money minor={props.totalMinor} testId="refund-total" />
      </p>
      {props.hasCreditChoice && <CreditChoice onChoose={props.onChooseCredit} />}
      <div className="refund-methods">
        {props.destinations.map((d) => (
          <DestinationField key={d.methodId} destination={d} buyerName={props.buyerName} text={props.textOf(d.methodId)} onText={(text) => props.onText(d.methodId, text)} />
        ))}
      </div>
      <label className="field">
        <span className="field-label">{t('refund.reason')}</span>
        <input className="input" value={props.reason} placeholder={t('refund.reasonPlaceholder')} onChange={(event) => props.onReason(event.target.value)} />
      </label>
      {props.problem !== null && (
        <p className="alert alert-error" role="alert">
          {props.problem}
        </p>
      )}
      <ErrorAlert error={props.error} />
      <div className="actions">
        <button type="button" className="button button-danger" onClick={props.onSubmit}>
          {t('refund.submit')}
        </button>
      </div>
    </section>
  );
}
