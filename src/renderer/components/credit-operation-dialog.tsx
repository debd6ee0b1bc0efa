// Funding a contact's credit balance by a direct deposit, or paying it out, in a window:
// method, amount, optional reference. A pay-out asks once more before it is made.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { useFormat } from '../format.ts';
import type { Contact, PaymentMethod } from '../types.ts';
import type { OutputOf } from '../../shared/api/contract.ts';
import { AmountField, MethodField, OperationConfirm, parseOperationAmount, ReferenceField } from './account-operation-fields.tsx';
import { contactName } from './contact-list.tsx';
import { DialogFooter } from './dialog-footer.tsx';
import { Modal } from './modal.tsx';

export type CreditOperation = 'fund' | 'payOut';
export type CreditOperationResult = OutputOf<'credit.fund'>;

/**
 * The method types that bring money in or take it out of the till: a balance is funded or
 * paid out by these only (a voucher, a deferred account or the balance itself would move
 * one customer account into another). The services check the same rule.
 */
const accountMethodTypes: ReadonlySet<PaymentMethod['type']> = new Set(['cash', 'card', 'cheque', 'transfer', 'mandate']);

/** The methods of this point of sale that may fund (paying ones) or pay out (refunding ones) a balance. */
export function operationMethods(methods: readonly PaymentMethod[], operation: CreditOperation): PaymentMethod[] {
  return methods.filter((m) => accountMethodTypes.has(m.type) && (operation === 'fund' ? m.mayPay : m.mayRefund));
}

interface Draft {
  methodId: string;
  amountMinor: number;
  reference: string;
}

export function CreditOperationDialog(props: {
  operation: CreditOperation;
  contact: Contact;
  methods: readonly PaymentMethod[];
  onDone: (result: CreditOperationResult) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { operation, contact, methods } = props;
  const isFund = operation === 'fund';
  const [methodId, setMethodId] = useState(methods[0]?.id ?? '');
  // a pay-out offers the whole balance the services gave, or nothing when the contact has none
  const [amountText, setAmountText] = useState(isFund ? '' : format.amount(contact.creditBalanceMinor > 0 ? contact.creditBalanceMinor : 0));
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState<Draft | null>(null);
  const [isBusy, setBusy] = useState(false);
  // one request per content: a double click or a retry after a lost answer moves the balance once
  const [requestId, setRequestId] = useState(() => ulid());
  const name = contactName(contact);
  const methodName = (id: string) => methods.find((m) => m.id === id)?.name ?? id;

  /** A field's setter that also makes the request a new one. */
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setRequestId(ulid());
    setProblem(null);
    setError(null);
  };

  const draft = (): Draft | null => {
    const amountMinor = parseOperationAmount(amountText, format.currency, t);
    if (typeof amountMinor === 'string') {
      setProblem(amountMinor);
      return null;
    }
    return { methodId, amountMinor, reference: reference.trim() };
  };

  const send = async (d: Draft) => {
    setBusy(true);
    const input = { requestId, contactId: contact.id, methodId: d.methodId, amountMinor: d.amountMinor, ...(d.reference ? { reference: d.reference } : {}) };
    const result = await call(isFund ? 'credit.fund' : 'credit.payOut', input);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setConfirming(null);
      return;
    }
    props.onDone(result.value);
  };

  const submit = () => {
    const d = draft();
    if (!d) return;
    if (isFund) void send(d);
    else setConfirming(d);
  };

  if (confirming) {
    return (
      <OperationConfirm
        title={t('credit.payOutConfirmTitle')}
        testId="credit-confirm"
        isBusy={isBusy}
        confirmLabel={t('credit.payOutConfirm')}
        isDanger
        onBack={() => setConfirming(null)}
        onConfirm={() => void send(confirming)}
      >
        <p className="confirm-text">
          {t('credit.payOutConfirmText', { amount: format.money(confirming.amountMinor), name, method: methodName(confirming.methodId) })}
        </p>
      </OperationConfirm>
    );
  }

  return (
    <Modal title={t(isFund ? 'credit.fundTitle' : 'credit.payOutTitle', { name })} onClose={props.onClose} isBusy={isBusy} testId={`credit-${operation}`}>
      <form
        className="credit-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <MethodField label={t('credit.paymentMethod')} methods={methods} value={methodId} onChange={edit(setMethodId)} />
        <AmountField
          label={t('credit.amountLabel')}
          value={amountText}
          onChange={edit(setAmountText)}
          hint={isFund ? undefined : t('credit.payOutHint', { amount: format.money(contact.creditBalanceMinor) })}
        />
        <ReferenceField label={t('credit.referenceLabel')} placeholder={t('credit.referencePlaceholder')} value={reference} onChange={edit(setReference)} />
        <DialogFooter
          problem={problem}
          error={error}
          errorTestId="credit-error"
          isBusy={isBusy}
          onCancel={props.onClose}
          submitLabel={t(isFund ? 'credit.fundSubmit' : 'credit.payOutSubmit')}
          isDanger={!isFund}
          isSubmitDisabled={methodId === ''}
        />
      </form>
    </Modal>
  );
}
