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
import type { DeferredAccount, PaymentMethod, SettleResult } from '../types.ts';
import { AmountField, MethodField, OperationConfirm, parseOperationAmount, ReferenceField } from './account-operation-fields.tsx';
import { contactName } from './contact-list.tsx';
import { DialogFooter } from './dialog-footer.tsx';
import { Modal } from './modal.tsx';

type Priority = 'oldest' | 'invoice' | 'items';

interface Draft {
  methodId: string;
  amountMinor: number;
  reference: string;
  invoiceId: string | null;
  itemIds: string[];
  excessToCredit: boolean;
}

function PriorityFields(props: {
  account: DeferredAccount;
  priority: Priority;
  invoiceId: string;
  itemIds: ReadonlySet<string>;
  onPriority: (p: Priority) => void;
  onInvoice: (id: string) => void;
  onItems: (ids: Set<string>) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const openInvoices = props.account.invoices.filter((i) => i.kind === 'invoice' && i.openMinor > 0);
  const openItems = props.account.items.filter((i) => i.openMinor > 0);
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
        <input type="radio" name="settle-priority" checked={props.priority === 'items'} disabled={openItems.length === 0} onChange={() => props.onPriority('items')} />
        {t('deferred.settle.itemsFirst')}
      </label>
      {props.priority === 'items' && (
        <ul className="settle-items">
          {openItems.map((item) => (
            <li key={item.id}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={props.itemIds.has(item.id)}
                  onChange={(event) => {
                    const next = new Set(props.itemIds);
                    if (event.target.checked) next.add(item.id);
                    else next.delete(item.id);
                    props.onItems(next);
                  }}
                />
                {t('deferred.settle.itemOption', { order: item.orderNumber, seq: item.seq, count: item.count, due: format.day(item.dueDate), open: format.money(item.openMinor) })}
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
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
  const name = contactName(account.contact);
  const openInvoices = account.invoices.filter((i) => i.kind === 'invoice' && i.openMinor > 0);
  const preferred = openInvoices.find((i) => i.id === props.preferredInvoiceId);
  const [methodId, setMethodId] = useState(methods[0]?.id ?? '');
  const [reference, setReference] = useState('');
  // what the invoice found still asks, else what the account owes (nothing when it owes nothing), as the services gave them
  const [amountText, setAmountText] = useState(() => format.amount(preferred ? preferred.openMinor : account.outstandingMinor > 0 ? account.outstandingMinor : 0));
  const [priority, setPriority] = useState<Priority>(preferred ? 'invoice' : 'oldest');
  const [invoiceId, setInvoiceId] = useState(preferred?.id ?? openInvoices[0]?.id ?? '');
  const [itemIds, setItemIds] = useState<Set<string>>(new Set());
  const [excessToCredit, setExcessToCredit] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [referenceProblem, setReferenceProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState<Draft | null>(null);
  const [isBusy, setBusy] = useState(false);
  // one request per content: a double click or a retry after a lost answer settles once
  const [requestId, setRequestId] = useState(() => ulid());
  const methodName = (id: string) => methods.find((m) => m.id === id)?.name ?? id;
  const method = methods.find((m) => m.id === methodId);
  // a cheque, transfer or mandate is recorded with its number (the services refuse it without)
  const needsReference = method !== undefined && settlementNeedsReference(method.type);

  const edited = () => {
    setRequestId(ulid());
    setProblem(null);
    setReferenceProblem(null);
    setError(null);
  };
  /** A field's setter that also makes the request a new one. */
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      edited();
    };

  const draft = (): Draft | null => {
    const amountMinor = parseOperationAmount(amountText, format.currency, t);
    if (typeof amountMinor === 'string') {
      setProblem(amountMinor);
      return null;
    }
    if (needsReference && reference.trim() === '') {
      setReferenceProblem(t('deferred.settle.referenceRequired', { method: method.name }));
      return null;
    }
    if (priority === 'items' && itemIds.size === 0) {
      setProblem(t('deferred.settle.noItemsPicked'));
      return null;
    }
    const pickedItems = account.items.filter((i) => itemIds.has(i.id)).map((i) => i.id);
    return {
      methodId,
      amountMinor,
      reference: reference.trim(),
      invoiceId: priority === 'invoice' && invoiceId ? invoiceId : null,
      itemIds: priority === 'items' ? pickedItems : [],
      excessToCredit,
    };
  };

  const send = async (d: Draft) => {
    setBusy(true);
    const result = await call('deferred.settle', {
      requestId,
      contactId: account.contact.id,
      methodId: d.methodId,
      amountMinor: d.amountMinor,
      reference: d.reference,
      excessToCredit: d.excessToCredit,
      ...(d.invoiceId ? { invoiceId: d.invoiceId } : {}),
      ...(d.itemIds.length > 0 ? { itemIds: d.itemIds } : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setConfirming(null);
      return;
    }
    props.onDone(result.value);
  };

  if (confirming) {
    const invoiceNumber = account.invoices.find((i) => i.id === confirming.invoiceId)?.number;
    return (
      <OperationConfirm
        title={t('deferred.settle.confirmTitle')}
        testId="settle-confirm"
        isBusy={isBusy}
        confirmLabel={t('deferred.settle.confirm')}
        isDanger={false}
        onBack={() => setConfirming(null)}
        onConfirm={() => void send(confirming)}
      >
        <p className="confirm-text">
          {t('deferred.settle.confirmText', {
            amount: format.money(confirming.amountMinor),
            method: methodName(confirming.methodId),
            reference: confirming.reference || t('deferred.settle.noReference'),
            name,
          })}
        </p>
        {invoiceNumber && <p>{t('deferred.settle.confirmInvoice', { number: invoiceNumber })}</p>}
        {confirming.itemIds.length > 0 && <p>{t('deferred.settle.confirmItems', { count: confirming.itemIds.length })}</p>}
        {confirming.excessToCredit && <p>{t('deferred.settle.confirmExcess')}</p>}
      </OperationConfirm>
    );
  }

  return (
    <Modal title={t('deferred.settle.title', { name })} onClose={props.onClose} isBusy={isBusy} wide testId="settle-dialog">
      <form
        className="settle-form"
        onSubmit={(event) => {
          event.preventDefault();
          const d = draft();
          if (d) setConfirming(d);
        }}
      >
        <p className="muted">{t('deferred.settle.intro', { outstanding: format.money(account.outstandingMinor) })}</p>
        <div className="form-grid">
          <MethodField label={t('deferred.settle.method')} methods={methods} value={methodId} onChange={edit(setMethodId)} />
          <ReferenceField
            label={t('deferred.settle.reference')}
            placeholder={t('deferred.settle.referencePlaceholder')}
            value={reference}
            onChange={edit(setReference)}
            isRequired={needsReference}
            problem={referenceProblem}
          />
          <AmountField
            label={t('deferred.settle.amount')}
            value={amountText}
            onChange={edit(setAmountText)}
            hint={t('deferred.settle.amountHint', { outstanding: format.money(account.outstandingMinor) })}
          />
        </div>
        <PriorityFields
          account={account}
          priority={priority}
          invoiceId={invoiceId}
          itemIds={itemIds}
          onPriority={edit(setPriority)}
          onInvoice={edit(setInvoiceId)}
          onItems={edit(setItemIds)}
        />
        <label className="check settle-excess">
          <input type="checkbox" checked={excessToCredit} onChange={(event) => edit(setExcessToCredit)(event.target.checked)} />
          {t('deferred.settle.excessToCredit')}
        </label>
        <DialogFooter
          problem={problem}
          error={error}
          errorTestId="settle-error"
          isBusy={isBusy}
          onCancel={props.onClose}
          submitLabel={t('deferred.settle.submit')}
          isSubmitDisabled={methodId === ''}
        />
      </form>
    </Modal>
  );
}
