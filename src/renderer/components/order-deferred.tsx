// An order paid on account, in its detail (seed 000): the schedule and who pays it;
// "Facturer ce dossier"; before invoicing, "Changer le payeur" (Détails > Règlements);
// after it, "Changer le contact de facturation", which issues a cancellation invoice and
// a new invoice (both shown with their numbers).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { hasUninvoiced, invoicesOfOrder, payersOfOrder } from '../deferred-view.ts';
import { useCan } from '../stores/auth-store.ts';
import { useUi } from '../stores/ui-store.ts';
import type { BillingChange, Contact, OrderView } from '../types.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { contactName } from './contact-list.tsx';
import { ContactPicker } from './contact-picker.tsx';
import { DeferredSchedule } from './deferred-schedule.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { InvoicePdfButton } from './invoice-pdf-button.tsx';

/** The contacts who pay the order's deferred payments, read again with each version of the order. */
function usePayers(order: OrderView): Contact[] {
  const [payers, setPayers] = useState<Contact[]>([]);
  useEffect(() => {
    let isLatest = true;
    const ids = payersOfOrder(order);
    void Promise.all(ids.map((contactId) => call('contacts.get', { contactId }))).then((results) => {
      if (isLatest) setPayers(results.flatMap((r) => (r.ok ? [r.value] : [])));
    });
    return () => {
      isLatest = false;
    };
  }, [order]);
  return payers;
}

/** Choose a contact, confirm, then do it: the two changes of who pays share this flow. */
function useContactChange<T>(perform: (contact: Contact) => Promise<{ ok: true; value: T } | { ok: false; error: ApiError }>, onDone: (value: T) => void) {
  const [step, setStep] = useState<'idle' | 'picking' | 'confirming'>('idle');
  const [contact, setContact] = useState<Contact | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  return {
    step,
    contact,
    error,
    isBusy,
    start: () => {
      setError(null);
      setStep('picking');
    },
    pick: (picked: Contact | null) => {
      setContact(picked);
      setStep(picked ? 'confirming' : 'idle');
    },
    cancel: () => setStep('idle'),
    confirm: async () => {
      if (!contact) return;
      setBusy(true);
      const result = await perform(contact);
      setBusy(false);
      if (!result.ok) return setError(result.error);
      setStep('idle');
      onDone(result.value);
    },
  };
}

/** Before invoicing: who pays the order's deferred payments, and the change of payer (Détails > Règlements). */
export function OrderPayer(props: { order: OrderView; onChanged: (order: OrderView) => void }) {
  const { t } = useTranslation();
  const { order } = props;
  const mayManage = useCan('deferred:manage');
  const payers = usePayers(order);
  const isInvoiced = invoicesOfOrder(order).length > 0;
  const change = useContactChange((contact) => call('orders.changePayer', { orderId: order.id, payerContactId: contact.id }), props.onChanged);
  if (order.installments.length === 0) return null;
  const payerNames = payers.map(contactName).join(', ');
  return (
    <div className="order-payer" data-testid="order-payer">
      <span>
        {t('orderDeferred.payer')} <strong data-testid="order-payer-name">{payerNames}</strong>
      </span>
      {payers.map((p) => (
        <button key={p.id} type="button" className="link small" onClick={() => useUi.getState().open({ screen: 'deferred', contactId: p.id })}>
          {t('orderDeferred.openAccount', { name: contactName(p) })}
        </button>
      ))}
      {mayManage && !isInvoiced && (
        <button type="button" className="button button-small" onClick={change.start}>
          {t('orderDeferred.changePayer')}
        </button>
      )}
      {mayManage && isInvoiced && <span className="muted small">{t('orderDeferred.payerInvoiced')}</span>}
      <ErrorAlert error={change.step === 'idle' ? change.error : null} />
      {change.step === 'picking' && (
        <ContactPicker title={t('orderDeferred.newPayer')} mayStayAnonymous={false} onPick={change.pick} onClose={change.cancel} />
      )}
      {change.step === 'confirming' && change.contact && (
        <ConfirmDialog
          title={t('orderDeferred.changePayerTitle')}
          text={t('orderDeferred.changePayerText', { number: order.number, name: contactName(change.contact), previous: payerNames })}
          confirmLabel={t('orderDeferred.changePayerConfirm')}
          isBusy={change.isBusy}
          error={change.error}
          onCancel={change.cancel}
          onConfirm={() => void change.confirm()}
        />
      )}
    </div>
  );
}

function BillingChangeDone({ change }: { change: BillingChange }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-success billing-done" role="status" data-testid="billing-done">
      <p>
        {t('orderDeferred.billingDone', { cancellation: change.cancellation.number, invoice: change.invoice.number, name: change.invoice.billingContactName })}
      </p>
      <div className="actions">
        <InvoicePdfButton invoiceId={change.cancellation.id} number={change.cancellation.number} />
        <InvoicePdfButton invoiceId={change.invoice.id} number={change.invoice.number} />
      </div>
    </div>
  );
}

function InvoiceLine(props: { invoiceId: string; number: string; mayManage: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  return (
    <li className="order-invoice" data-testid="order-invoice" data-number={props.number}>
      <span>{t('orderDeferred.invoicedAs', { number: props.number })}</span>
      <InvoicePdfButton invoiceId={props.invoiceId} number={props.number} />
      {props.mayManage && (
        <button type="button" className="button button-small" onClick={props.onChange}>
          {t('orderDeferred.changeBilling')}
        </button>
      )}
    </li>
  );
}

/** Changing who an invoice bills: the contact picked, then the question asked once more. */
function BillingChangeSteps(props: { change: ReturnType<typeof useContactChange<BillingChange>>; number: string }) {
  const { t } = useTranslation();
  const { change } = props;
  if (change.step === 'picking') return <ContactPicker title={t('orderDeferred.newBillingContact')} mayStayAnonymous={false} onPick={change.pick} onClose={change.cancel} />;
  if (change.step !== 'confirming' || !change.contact) return null;
  return (
    <ConfirmDialog
      title={t('orderDeferred.changeBillingTitle')}
      text={t('orderDeferred.changeBillingText', { number: props.number, name: contactName(change.contact) })}
      confirmLabel={t('orderDeferred.changeBillingConfirm')}
      isBusy={change.isBusy}
      error={change.error}
      onCancel={change.cancel}
      onConfirm={() => void change.confirm()}
    />
  );
}

/** The schedule, the order's invoices, and invoicing the order or changing who is billed. */
export function OrderDeferred(props: { order: OrderView; onChanged: (order: OrderView) => void }) {
  const { t } = useTranslation();
  const { order } = props;
  const mayManage = useCan('deferred:manage');
  // the right the sale's automatic invoicing takes too (issue 17)
  const mayInvoice = useCan('invoice:order');
  const [billing, setBilling] = useState<{ invoiceId: string; number: string } | null>(null);
  const [billingDone, setBillingDone] = useState<BillingChange | null>(null);
  const [invoiceError, setInvoiceError] = useState<ApiError | null>(null);
  const [isInvoicing, setInvoicing] = useState(false);
  const reload = async () => {
    const result = await call('orders.get', { orderId: order.id });
    if (result.ok) props.onChanged(result.value);
  };
  const change = useContactChange(
    (contact) => call('invoices.changeBillingContact', { invoiceId: billing?.invoiceId ?? '', billingContactId: contact.id }),
    (value) => {
      setBillingDone(value);
      void reload();
    },
  );
  if (order.installments.length === 0) return null;
  const invoices = invoicesOfOrder(order);
  const changeBilling = (invoice: { invoiceId: string; number: string }) => {
    setBilling(invoice);
    change.start();
  };

  const invoiceOrder = async () => {
    setInvoicing(true);
    const result = await call('invoices.createForOrder', { orderId: order.id });
    setInvoicing(false);
    if (!result.ok) return setInvoiceError(result.error);
    setInvoiceError(null);
    setBillingDone(null);
    void reload();
  };

  return (
    <section className="order-deferred" aria-labelledby="order-deferred-title" data-testid="order-deferred">
      <h3 id="order-deferred-title" className="section-title">{t('orderDeferred.title')}</h3>
      <DeferredSchedule installments={order.installments} caption={t('deferred.scheduleTitle')} testId="order-schedule" />
      <ul className="order-invoices">
        {invoices.map((i) => (
          <InvoiceLine key={i.invoiceId} invoiceId={i.invoiceId} number={i.invoiceNumber} mayManage={mayManage} onChange={() => changeBilling({ invoiceId: i.invoiceId, number: i.invoiceNumber })} />
        ))}
      </ul>
      {mayInvoice && invoices.length === 0 && hasUninvoiced(order) && (
        <div className="actions actions-start">
          <button type="button" className="button button-primary" disabled={isInvoicing} onClick={() => void invoiceOrder()}>
            {t('orderDeferred.invoiceOrder')}
          </button>
        </div>
      )}
      <ErrorAlert error={invoiceError} testId="order-invoice-error" />
      {billingDone && <BillingChangeDone change={billingDone} />}
      {billing && <BillingChangeSteps change={change} number={billing.number} />}
    </section>
  );
}
