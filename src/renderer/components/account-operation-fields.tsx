// The fields of an operation on a customer account that moves money (funding or paying
// out a credit balance, settling a deferred account): the method, the amount, the
// reference, reading the amount typed, and the question asked once more.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CurrencyCode } from '../../shared/money/currency.ts';
import { parseMoney } from '../../shared/money/parse.ts';
import type { PaymentMethod } from '../types.ts';
import { DialogFooter } from './dialog-footer.tsx';
import { Modal } from './modal.tsx';

/** The amount typed, more than zero: minor units, or the sentence that says what is wrong. */
export function parseOperationAmount(text: string, currency: CurrencyCode, t: TFunction): number | string {
  const parsed = parseMoney(text, currency);
  if (!parsed.ok || parsed.amountMinor === 0) return t('payment.invalidAmount', { reason: t(`moneyParse.${parsed.ok ? 'empty' : parsed.reason}`) });
  return parsed.amountMinor;
}

/** The method, among those the operation may use; the dialog's first field. */
export function MethodField(props: { label: string; methods: readonly PaymentMethod[]; value: string; onChange: (methodId: string) => void }) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <select className="input" value={props.value} data-autofocus onChange={(event) => props.onChange(event.target.value)}>
        {props.methods.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function AmountField(props: { label: string; value: string; onChange: (text: string) => void; hint?: string | undefined }) {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <input className="input input-amount" inputMode="decimal" autoComplete="off" value={props.value} onChange={(event) => props.onChange(event.target.value)} />
      {props.hint !== undefined && <span className="field-hint">{props.hint}</span>}
    </label>
  );
}

/** The cheque number, transfer reference… the operation is recorded with; under it, why it is needed when it is. */
export function ReferenceField(props: { label: string; placeholder: string; value: string; onChange: (text: string) => void; isRequired?: boolean; problem?: string | null }) {
  const problem = props.problem ?? null;
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <input
        className="input"
        autoComplete="off"
        placeholder={props.placeholder}
        value={props.value}
        aria-required={props.isRequired ? true : undefined}
        aria-invalid={problem !== null ? true : undefined}
        aria-describedby={problem !== null ? 'reference-problem' : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {problem !== null && (
        <span id="reference-problem" className="field-problem" role="alert" data-testid="reference-problem">
          {problem}
        </span>
      )}
    </label>
  );
}

/** The operation as it will be recorded, asked once more: back to the form, or confirm. */
export function OperationConfirm(props: {
  title: string;
  testId: string;
  isBusy: boolean;
  confirmLabel: string;
  isDanger: boolean;
  onBack: () => void;
  onConfirm: () => void;
  /** What will be recorded, in sentences. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal title={props.title} onClose={props.onBack} isBusy={props.isBusy} testId={props.testId}>
      {props.children}
      <DialogFooter
        isBusy={props.isBusy}
        cancelLabel={t('common.back')}
        onCancel={props.onBack}
        submitLabel={props.confirmLabel}
        isDanger={props.isDanger}
        onSubmit={props.onConfirm}
        isSubmitFocused
      />
    </Modal>
  );
}
