// One contact's compte d'attente (seed 000, "Consultation du compte d'un contact"): what
// it owes, its limit and headroom, what is overdue; the open installments, the invoices,
// the full history; for supervisors, settling, invoicing and the contact's Gestion panel.
import { assertNever } from '../../shared/assert.ts';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ordersToInvoice, settleMethods } from '../deferred-view.ts';
import { useFormat } from '../format.ts';
import { useCan } from '../stores/auth-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import { useUi } from '../stores/ui-store.ts';
import type { DeferredAccount, Invoice, SettleResult } from '../types.ts';
import { contactName } from './contact-list.tsx';
import { OverdraftFlag } from './overdraft-flag.tsx';
import { DeferredInvoiceDialog } from './deferred-invoice-dialog.tsx';
import { DeferredSchedule } from './deferred-schedule.tsx';
import { DeferredSettleDialog } from './deferred-settle-dialog.tsx';
import { ContactDeferredPanel } from './deferred-settings.tsx';
import { DeferredMovementsTable, InvoicesTable } from './deferred-tables.tsx';
import { AsOfLine } from './as-of-line.tsx';
import { InvoicePdfButton } from './invoice-pdf-button.tsx';
import { Money } from './money.tsx';

function Figure(props: { label: string; children: ReactNode; tone?: 'strong' | 'danger' }) {
  return (
    <div className={`figure${props.tone ? ` figure-${props.tone}` : ''}`}>
      <span className="figure-label">{props.label}</span>
      <span className="figure-value">{props.children}</span>
    </div>
  );
}

function AccountHead({ account }: { account: DeferredAccount }) {
  const { t } = useTranslation();
  const { contact } = account;
  return (
    <header className="deferred-head">
      <div className="deferred-who">
        <h2 id="deferred-contact">{contactName(contact)}</h2>
        <p className="muted">
          {t(`contacts.${contact.kind}`)} · {contact.city}
          {contact.email ? ` · ${contact.email}` : ''}
        </p>
        <span className={`tag ${contact.deferredAuthorised ? 'tag-valid' : 'tag-refunded'}`} data-testid="deferred-authorised">
          {t(contact.deferredAuthorised ? 'deferred.authorised' : 'deferred.notAuthorised')}
        </span>{' '}
        <OverdraftFlag amountMinor={contact.overdraftMinor} testId="deferred-overdraft" />
      </div>
      <div className="figures deferred-figures">
        <Figure label={t('deferred.outstanding')} tone="strong">
          <Money minor={account.outstandingMinor} testId="deferred-outstanding" />
        </Figure>
        <Figure label={t('deferred.limit')}>
          <Money minor={account.limitMinor} testId="deferred-limit" />
        </Figure>
        <Figure label={t('deferred.headroom')}>
          <Money minor={account.headroomMinor} testId="deferred-headroom" />
        </Figure>
        <Figure label={t('deferred.overdue')} tone={account.overdueMinor > 0 ? 'danger' : undefined}>
          <Money minor={account.overdueMinor} testId="deferred-overdue" />
        </Figure>
      </div>
    </header>
  );
}

type Done = { kind: 'settled'; result: SettleResult } | { kind: 'invoiced'; invoice: Invoice };

function DoneNotice({ done }: { done: Done }) {
  const { t } = useTranslation();
  const format = useFormat();
  switch (done.kind) {
    case 'settled':
      return (
        <div className="alert alert-success" role="status" data-testid="settle-done">
          {t('deferred.settle.done', { count: done.result.allocations.length })}
          {done.result.toCreditMinor > 0 && <> {t('deferred.settle.doneToCredit', { amount: format.money(done.result.toCreditMinor) })}</>}
        </div>
      );
    case 'invoiced':
      return (
        <div className="alert alert-success alert-inline-action" role="status" data-testid="invoice-done">
          <span>{t('deferred.invoicing.done', { number: done.invoice.number, amount: format.money(done.invoice.totalMinor) })}</span>
          <InvoicePdfButton invoiceId={done.invoice.id} number={done.invoice.number} />
        </div>
      );
    default:
      return assertNever(done);
  }
}

/** Settle and invoice, or why not (not a supervisor, no method, nothing owed, everything invoiced). */
function AccountActions(props: { account: DeferredAccount; mayManage: boolean; hasMethods: boolean; onOpen: (kind: 'settle' | 'invoice') => void }) {
  const { t } = useTranslation();
  const { account, mayManage } = props;
  const hasToInvoice = ordersToInvoice(account.installments, account.movements).length > 0;
  const reasons = !mayManage
    ? [t('deferred.supervisorOnly')]
    : [
        ...(!props.hasMethods ? [t('deferred.noSettleMethods')] : []),
        ...(account.outstandingMinor <= 0 ? [t('deferred.nothingOwed')] : []),
        ...(!hasToInvoice ? [t('deferred.allInvoiced')] : []),
      ];
  return (
    <div className="deferred-actions">
      <div className="actions">
        <button type="button" className="button button-primary" disabled={!mayManage || !props.hasMethods} onClick={() => props.onOpen('settle')}>
          {t('deferred.settleButton')}
        </button>
        <button type="button" className="button" disabled={!mayManage || !hasToInvoice} onClick={() => props.onOpen('invoice')}>
          {t('deferred.invoiceButton')}
        </button>
      </div>
      {reasons.map((reason) => (
        <p key={reason} className="muted small deferred-reason" data-testid="deferred-reason">
          {reason}
        </p>
      ))}
    </div>
  );
}

/** The open installments, the invoices, the installments paid or cancelled (folded), the history. */
function AccountTables(props: { account: DeferredAccount; invoiceId: string | null }) {
  const { t } = useTranslation();
  const { account } = props;
  const openOrder = (orderId: string) => useUi.getState().open({ screen: 'orders', orderId });
  const openInstallments = account.installments.filter((i) => i.openMinor > 0);
  const closedInstallments = account.installments.filter((i) => i.openMinor === 0);
  return (
    <>
      {openInstallments.length === 0 ? (
        <p className="muted small deferred-none">{t('deferred.noOpenItems')}</p>
      ) : (
        <DeferredSchedule installments={openInstallments} caption={t('deferred.openItemsTitle')} withOrder testId="deferred-open-items" onOpenOrder={openOrder} />
      )}
      <InvoicesTable invoices={account.invoices} highlightId={props.invoiceId} />
      {closedInstallments.length > 0 && (
        <details className="deferred-closed">
          <summary>{t('deferred.closedItems', { count: closedInstallments.length })}</summary>
          <DeferredSchedule installments={closedInstallments} caption={t('deferred.closedItemsTitle')} withOrder testId="deferred-closed-items" onOpenOrder={openOrder} />
        </details>
      )}
      <AsOfLine asOf={account.asOf} />
      <DeferredMovementsTable movements={account.movements} onOpenOrder={openOrder} />
    </>
  );
}

export function DeferredAccountView(props: {
  account: DeferredAccount;
  /** The invoice the account was found by (shown first, paid first). */
  invoiceId: string | null;
  /** The account changed: here it is (a settlement answers with it), or null to read it again. */
  onChanged: (account: DeferredAccount | null) => void;
}) {
  const { account } = props;
  const mayManage = useCan('deferred:manage');
  const methods = settleMethods(useCatalogue((s) => s.methods));
  const [dialog, setDialog] = useState<'settle' | 'invoice' | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const openDialog = (kind: 'settle' | 'invoice') => {
    setDone(null);
    setDialog(kind);
  };

  return (
    <>
      <AccountHead account={account} />
      <AccountActions account={account} mayManage={mayManage} hasMethods={methods.length > 0} onOpen={openDialog} />
      {done && <DoneNotice done={done} />}
      <ContactDeferredPanel key={account.contact.id} contact={account.contact} mayManage={mayManage} onSaved={() => props.onChanged(null)} />
      <AccountTables account={account} invoiceId={props.invoiceId} />
      {dialog === 'settle' && (
        <DeferredSettleDialog
          account={account}
          methods={methods}
          preferredInvoiceId={props.invoiceId}
          onClose={() => setDialog(null)}
          onDone={(result) => {
            setDialog(null);
            setDone({ kind: 'settled', result });
            props.onChanged(result.account);
          }}
        />
      )}
      {dialog === 'invoice' && (
        <DeferredInvoiceDialog
          account={account}
          onClose={() => setDialog(null)}
          onDone={(invoice) => {
            setDialog(null);
            setDone({ kind: 'invoiced', invoice });
            props.onChanged(null);
          }}
        />
      )}
    </>
  );
}
