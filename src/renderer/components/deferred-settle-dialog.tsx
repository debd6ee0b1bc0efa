// Settling a deferred account (seed 000, steps 4–5): the cheque, administrative mandate
// or transfer that came in, its reference and amount; what it pays first (the oldest
// installments, an invoice, or installments picked); whether a surplus goes to the
// contact's credit balance. Asked once more before it is recorded.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ulid } from 'ulid';
import type { ApiError } from '../../shared/api/errors.ts';
import { settlementNeedsReference } from '../../shared/domain/deferred.ts';
import { call } from '../api-client.ts';
import { useFormat } from '../format.ts';
import { openInvoicesOf, settleDraft, settleStart, type SettleDraft, type SettleFields, type SettlePriority as Priority } from '../settle-draft.ts';
import type { DeferredAccount, PaymentMethod, SettleResult } from '../types.ts';
import { AmountField, MethodField, OperationConfirm, parseOperationAmount, ReferenceField } from './account-operation-fields.tsx';
import { contactName } from './contact-list.tsx';
import { DialogFooter } from './dialog-footer.tsx';
import { Modal } from './modal.tsx';

function PriorityFields(props: {
  account: DeferredAccount;
  priority: Priority;
  invoiceId: string;
  installmentIds: ReadonlySet<string>;
  onPriority: (p: Priority) => void;
  onInvoice: (id: string) => void;
  onInstallments: (ids: Set<string>) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const openInvoices = openInvoicesOf(props.account);
  const openInstallments = props.account.installments.filter((i) => i.openMinor > 0);
  return (
    <fieldset className="field settle-priority">
      <legend className="field-label">{t('deferred.settle.priority')}</legend>
      <label className="check">
        <input type="radio" name="settle-priority" checked={props.priority === 'oldest'} onChange={() => props.onPriority('oldest')} />
        {t('deferred.settle.oldestFirst')}
      </label>
      <label className="check">
        <input type="radio" name="settle-priority" checked={props.priority === 'invoice'} disabled={openInvoices.length === 0} onChange={() => props.onPriority('invoice')} />
        {t('deferred.settle.invoiceFirst')}
      </label>
      {props.priority === 'invoice' && (
        <select className="input settle-invoice" aria-label={t('deferred.settle.invoiceToPay')} value={props.invoiceId} onChange={(event) => props.onInvoice(event.target.value)}>
          {openInvoices.map((i) => (
            <option key={i.id} value={i.id}>
              {t('deferred.settle.invoiceOption', { number: i.number, open: format.money(i.openMinor), due: format.day(i.dueDate) })}
            </option>
          ))}
        </select>
      )}
      <label className="check">
        <input type="radio" name="settle-priority" checked={props.priority === 'installments'} disabled={openInstallments.length === 0} onChange={() => props.onPriority('installments')} />
        {t('deferred.settle.itemsFirst')}
      </label>
      {props.priority === 'installments' && (
        <ul className="settle-items">
          {openInstallments.map((installment) => (
            <li key={installment.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={props.installmentIds.has(installment.id)}
                  onChange={(event) => {
                    const next = new Set(props.installmentIds);
                    if (event.target.checked) next.add(installment.id);
                    else next.delete(installment.id);
                    props.onInstallments(next);
                  }}
                />
                {t('deferred.settle.itemOption', { order: installment.orderNumber, seq: installment.seq, count: installment.count, due: format.day(installment.dueDate), open: format.money(installment.openMinor) })}
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** The fields as typed, each edit a new request (one request per content: a double click or a retry after a lost answer settles once). */
function useSettleFields(account: DeferredAccount, methods: readonly PaymentMethod[], preferredInvoiceId: string | null, amount: (minor: number) => string) {
  const [start] = useState(() => settleStart(account, preferredInvoiceId));
  const [fields, setFields] = useState<SettleFields>(() => ({ methodId: methods[0]?.id ?? '', reference: '', priority: start.priority, invoiceId: start.invoiceId, installmentIds: new Set(), excessToCredit: false }));
  const [amountText, setAmountText] = useState(() => amount(start.amountMinor));
  const [problem, setProblem] = useState<string | null>(null);
  const [referenceProblem, setReferenceProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [requestId, setRequestId] = useState(() => ulid());
  const edited = () => {
    setRequestId(ulid());
    setProblem(null);
    setReferenceProblem(null);
    setError(null);
  };
  /** A field's setter that also makes the request a new one. */
  const edit =
    <K extends keyof SettleFields,>(key: K) =>
    (value: SettleFields[K]) => {
      setFields((f) => ({ ...f, [key]: value }));
      edited();
    };
  const editAmount = (text: string) => {
    setAmountText(text);
    edited();
  };
  return { fields, amountText, problem, referenceProblem, error, requestId, edit, editAmount, setProblem, setReferenceProblem, setError };
}

/** The settlement once more, in sentences, before it is recorded. */
function SettleConfirm(props: { draft: SettleDraft; account: DeferredAccount; methodName: string; isBusy: boolean; onBack: () => void; onConfirm: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { draft } = props;
  const invoiceNumber = props.account.invoices.find((i) => i.id === draft.invoiceId)?.number;
  return (
    <OperationConfirm
      title={t('deferred.settle.confirmTitle')}
      testId="settle-confirm"
      isBusy={props.isBusy}
      confirmLabel={t('deferred.settle.confirm')}
      isDanger={false}
      onBack={props.onBack}
      onConfirm={props.onConfirm}
    >
      <p className="confirm-text">
        {t('deferred.settle.confirmText', {
          amount: format.money(draft.amountMinor),
          method: props.methodName,
          reference: draft.reference || t('deferred.settle.noReference'),
          name: contactName(props.account.contact),
        })}
      </p>
      {invoiceNumber && <p>{t('deferred.settle.confirmInvoice', { number: invoiceNumber })}</p>}
      {draft.installmentIds.length > 0 && <p>{t('deferred.settle.confirmItems', { count: draft.installmentIds.length })}</p>}
      {draft.excessToCredit && <p>{t('deferred.settle.confirmExcess')}</p>}
    </OperationConfirm>
  );
}

type SettleForm = ReturnType<typeof useSettleFields>;

/** The dialog's fields: method, reference, amount, what it pays first, the surplus to credit. */
function SettleFormView(props: { account: DeferredAccount; methods: readonly PaymentMethod[]; form: SettleForm; needsReference: boolean; isBusy: boolean; onSubmit: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { account, form } = props;
  const { fields } = form;
  return (
    <Modal title={t('deferred.settle.title', { name: contactName(account.contact) })} onClose={props.onClose} isBusy={props.isBusy} wide testId="settle-dialog">
      <form
        className="settle-form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit();
        }}
      >
        <p className="muted">{t('deferred.settle.intro', { outstanding: format.money(account.outstandingMinor) })}</p>
        <div className="form-grid">
          <MethodField label={t('deferred.settle.method')} methods={props.methods} value={fields.methodId} onChange={form.edit('methodId')} />
          <ReferenceField
            label={t('deferred.settle.reference')}
            placeholder={t('deferred.settle.referencePlaceholder')}
            value={fields.reference}
            onChange={form.edit('reference')}
            isRequired={props.needsReference}
            problem={form.referenceProblem}
          />
          <AmountField label={t('deferred.settle.amount')} value={form.amountText} onChange={form.editAmount} hint={t('deferred.settle.amountHint', { outstanding: format.money(account.outstandingMinor) })} />
        </div>
        <PriorityFields
          account={account}
          priority={fields.priority}
          invoiceId={fields.invoiceId}
          installmentIds={fields.installmentIds}
          onPriority={form.edit('priority')}
          onInvoice={form.edit('invoiceId')}
          onInstallments={form.edit('installmentIds')}
        />
        <label className="check settle-excess">
          <input type="checkbox" checked={fields.excessToCredit} onChange={(event) => form.edit('excessToCredit')(event.target.checked)} />
          {t('deferred.settle.excessToCredit')}
        </label>
        <DialogFooter
          problem={form.problem}
          error={form.error}
          errorTestId="settle-error"
          isBusy={props.isBusy}
          onCancel={props.onClose}
          submitLabel={t('deferred.settle.submit')}
          isSubmitDisabled={fields.methodId === ''}
        />
      </form>
    </Modal>
  );
}

export function DeferredSettleDialog(props: {
  account: DeferredAccount;
  methods: readonly PaymentMethod[];
  /** The invoice the account was found by: paid first unless the operator says otherwise. */
  preferredInvoiceId: string | null;
  onDone: (result: SettleResult) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { account, methods } = props;
  const form = useSettleFields(account, methods, props.preferredInvoiceId, format.amount);
  const [confirming, setConfirming] = useState<SettleDraft | null>(null);
  const [isBusy, setBusy] = useState(false);
  const method = methods.find((m) => m.id === form.fields.methodId);
  // a cheque, transfer or mandate is recorded with its number (the services refuse it without)
  const needsReference = method !== undefined && settlementNeedsReference(method.type);

  const submit = () => {
    const amountMinor = parseOperationAmount(form.amountText, format.currency, t);
    if (typeof amountMinor === 'string') return form.setProblem(amountMinor);
    const checked = settleDraft(form.fields, amountMinor, account, needsReference);
    if (!('missing' in checked)) return setConfirming(checked.draft);
    if (checked.missing === 'reference') form.setReferenceProblem(t('deferred.settle.referenceRequired', { method: method?.name ?? '' }));
    else form.setProblem(t('deferred.settle.noItemsPicked'));
  };

  const send = async (d: SettleDraft) => {
    setBusy(true);
    const { invoiceId, installmentIds, ...rest } = d;
    const input = { requestId: form.requestId, contactId: account.contact.id, ...rest, ...(invoiceId ? { invoiceId } : {}), ...(installmentIds.length > 0 ? { installmentIds } : {}) };
    // online, the installments it pays that other channels know are held on the server first (issue 15)
    const held = await call('deferred.hold', input);
    const result = held.ok ? await call('deferred.settle', input) : held;
    setBusy(false);
    if (result.ok) return props.onDone(result.value);
    form.setError(result.error);
    setConfirming(null);
  };

  if (confirming) {
    const methodName = methods.find((m) => m.id === confirming.methodId)?.name ?? confirming.methodId;
    return <SettleConfirm draft={confirming} account={account} methodName={methodName} isBusy={isBusy} onBack={() => setConfirming(null)} onConfirm={() => void send(confirming)} />;
  }
  return <SettleFormView account={account} methods={methods} form={form} needsReference={needsReference} isBusy={isBusy} onSubmit={submit} onClose={props.onClose} />;
}
