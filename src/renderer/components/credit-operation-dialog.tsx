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

/** The fields as typed; each edit is a new request (one request per content: a double click or a retry after a lost answer moves the balance once). */
function useCreditFields(methods: readonly PaymentMethod[], initialAmountText: string) {
  const [methodId, setMethodId] = useState(methods[0]?.id ?? '');
  const [amountText, setAmountText] = useState(initialAmountText);
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [requestId, setRequestId] = useState(() => ulid());
  /** A field's setter that also makes the request a new one. */
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setRequestId(ulid());
    setProblem(null);
    setError(null);
  };
  return { methodId, amountText, reference, problem, error, requestId, setProblem, setError, editMethod: edit(setMethodId), editAmount: edit(setAmountText), editReference: edit(setReference) };
}

type CreditFields = ReturnType<typeof useCreditFields>;

function PayOutConfirm(props: { draft: Draft; name: string; methodName: string; isBusy: boolean; onBack: () => void; onConfirm: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <OperationConfirm title={t('credit.payOutConfirmTitle')} testId="credit-confirm" isBusy={props.isBusy} confirmLabel={t('credit.payOutConfirm')} isDanger onBack={props.onBack} onConfirm={props.onConfirm}>
      <p className="confirm-text">
        {t('credit.payOutConfirmText', { amount: format.money(props.draft.amountMinor), name: props.name, method: props.methodName })}
      </p>
    </OperationConfirm>
  );
}

function CreditForm(props: { operation: CreditOperation; contact: Contact; methods: readonly PaymentMethod[]; fields: CreditFields; isBusy: boolean; onSubmit: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { fields, operation } = props;
  const isFund = operation === 'fund';
  return (
    <Modal title={t(isFund ? 'credit.fundTitle' : 'credit.payOutTitle', { name: contactName(props.contact) })} onClose={props.onClose} isBusy={props.isBusy} testId={`credit-${operation}`}>
      <form
        className="credit-form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit();
        }}
      >
        <MethodField label={t('credit.paymentMethod')} methods={props.methods} value={fields.methodId} onChange={fields.editMethod} />
        <AmountField
          label={t('credit.amountLabel')}
          value={fields.amountText}
          onChange={fields.editAmount}
          hint={isFund ? undefined : t('credit.payOutHint', { amount: format.money(props.contact.creditBalanceMinor) })}
        />
        <ReferenceField label={t('credit.referenceLabel')} placeholder={t('credit.referencePlaceholder')} value={fields.reference} onChange={fields.editReference} />
        <DialogFooter
          problem={fields.problem}
          error={fields.error}
          errorTestId="credit-error"
          isBusy={props.isBusy}
          onCancel={props.onClose}
          submitLabel={t(isFund ? 'credit.fundSubmit' : 'credit.payOutSubmit')}
          isDanger={!isFund}
          isSubmitDisabled={fields.methodId === ''}
        />
      </form>
    </Modal>
  );
}

export function CreditOperationDialog(props: {
  operation: CreditOperation;
  contact: Contact;
  methods: readonly PaymentMethod[];
  /** The services' answer, and the amount they moved (as typed). */
  onDone: (result: CreditOperationResult, amountMinor: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { operation, contact, methods } = props;
  const isFund = operation === 'fund';
  // a pay-out offers the whole balance the services gave, or nothing when the contact has none
  const fields = useCreditFields(methods, isFund ? '' : format.amount(contact.creditBalanceMinor > 0 ? contact.creditBalanceMinor : 0));
  const [confirming, setConfirming] = useState<Draft | null>(null);
  const [isBusy, setBusy] = useState(false);

  const send = async (d: Draft) => {
    setBusy(true);
    const input = { requestId: fields.requestId, contactId: contact.id, methodId: d.methodId, amountMinor: d.amountMinor, ...(d.reference ? { reference: d.reference } : {}) };
    const result = await call(isFund ? 'credit.fund' : 'credit.payOut', input);
    setBusy(false);
    if (result.ok) return props.onDone(result.value, d.amountMinor);
    fields.setError(result.error);
    setConfirming(null);
  };

  const submit = () => {
    const amountMinor = parseOperationAmount(fields.amountText, format.currency, t);
    if (typeof amountMinor === 'string') return fields.setProblem(amountMinor);
    const d = { methodId: fields.methodId, amountMinor, reference: fields.reference.trim() };
    if (isFund) void send(d);
    else setConfirming(d);
  };

  if (confirming) {
    const methodName = methods.find((m) => m.id === confirming.methodId)?.name ?? confirming.methodId;
    return <PayOutConfirm draft={confirming} name={contactName(contact)} methodName={methodName} isBusy={isBusy} onBack={() => setConfirming(null)} onConfirm={() => void send(confirming)} />;
  }
  return <CreditForm operation={operation} contact={contact} methods={methods} fields={fields} isBusy={isBusy} onSubmit={submit} onClose={props.onClose} />;
}
