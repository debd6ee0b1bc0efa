// The deferred account's invoices and its history of movements, as the services give
// them: invoices newest first (with what cancelled what), movements newest first with the
// outstanding after each.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import type { DeferredMovement, Invoice } from '../types.ts';
import { InvoicePdfButton } from './invoice-pdf-button.tsx';
import { Money } from './money.tsx';
import { InvoiceCopyButton } from './receipt-preview.tsx';

function CancellationCell({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  if (invoice.kind === 'cancellation' && invoice.cancelsInvoiceNumber) return <>{t('deferred.cancels', { number: invoice.cancelsInvoiceNumber })}</>;
  if (invoice.kind === 'credit_note' && invoice.cancelsInvoiceNumber) return <>{t('deferred.credits', { number: invoice.cancelsInvoiceNumber })}</>;
  const creditedBy = invoice.creditNoteNumbers.length > 0 ? t('deferred.creditedBy', { numbers: invoice.creditNoteNumbers.join(', ') }) : null;
  if (invoice.cancelledByNumber) return <>{[t('deferred.cancelledBy', { number: invoice.cancelledByNumber }), creditedBy].filter(Boolean).join(' · ')}</>;
  return creditedBy ? <>{creditedBy}</> : null;
}

export function InvoicesTable(props: { invoices: readonly Invoice[]; highlightId?: string | null }) {
  // another till's invoices whose document was fetched and kept here since the account was read: their copy prints now
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set());
  const { t } = useTranslation();
  const format = useFormat();
  if (props.invoices.length === 0) return <p className="muted small">{t('deferred.noInvoices')}</p>;
  return (
    <table className="table deferred-invoices" data-testid="deferred-invoices">
      <caption>{t('deferred.invoicesTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('deferred.invoiceNumber')}</th>
          <th scope="col">{t('deferred.invoiceKind')}</th>
          <th scope="col">{t('deferred.issuedAt')}</th>
          <th scope="col">{t('deferred.dueShort')}</th>
          <th scope="col" className="num">{t('deferred.amount')}</th>
          <th scope="col" className="num">{t('deferred.open')}</th>
          <th scope="col"><span className="visually-hidden">{t('deferred.invoicePdf')}</span></th>
        </tr>
      </thead>
      <tbody>
        {props.invoices.map((invoice) => {
          const isCancelled = invoice.cancelledByNumber !== null;
          // another till's or the web's (issue 15): its PDF comes from the server; its receipt copy once its document is kept here
          const hasCopy = invoice.isIssuedHere || invoice.documentSha256 !== null || kept.has(invoice.id);
          const classes = [invoice.id === props.highlightId ? 'is-selected' : '', isCancelled || invoice.kind !== 'invoice' ? 'is-void' : ''].filter(Boolean).join(' ');
          return (
            <tr key={invoice.id} data-testid="invoice-row" data-number={invoice.number} data-kind={invoice.kind} className={classes || undefined}>
              <th scope="row" className="nowrap">{invoice.number}</th>
              <td>
                {t(`deferred.invoiceKinds.${invoice.kind}`)}
                <div className="muted small" data-testid="invoice-cancellation">
                  <CancellationCell invoice={invoice} />
                </div>
                {!invoice.isIssuedHere && (
                  <div className="muted small" data-testid="invoice-elsewhere">
                    {t('deferred.issuedElsewhere')}
                  </div>
                )}
              </td>
              <td>{format.dateTime(invoice.issuedAtMs)}</td>
              <td>{invoice.kind === 'invoice' ? format.day(invoice.dueDate) : '—'}</td>
              <td className="num"><Money minor={invoice.totalMinor} plain testId="invoice-total" /></td>
              <td className="num strong"><Money minor={invoice.openMinor} plain testId="invoice-open" /></td>
              <td>
                <div className="row-actions">
                  <InvoicePdfButton
                    invoiceId={invoice.id}
                    number={invoice.number}
                    title={invoice.isIssuedHere ? undefined : t('deferred.pdfFromServer')}
                    onOpened={() => setKept((ids) => (ids.has(invoice.id) ? ids : new Set([...ids, invoice.id])))}
                  />
                  {hasCopy && <InvoiceCopyButton invoiceId={invoice.id} number={invoice.number} />}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function DeferredMovementsTable(props: { movements: readonly DeferredMovement[]; onOpenOrder?: (orderId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (props.movements.length === 0) return <p className="muted small">{t('deferred.noMovements')}</p>;
  return (
    <table className="table deferred-history" data-testid="deferred-history">
      <caption>
        {t('deferred.historyTitle')} <span className="muted small">· {t('deferred.newestFirst')}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('deferred.date')}</th>
          <th scope="col">{t('deferred.tillAndUser')}</th>
          <th scope="col">{t('deferred.order')}</th>
          <th scope="col">{t('deferred.operationAndMethod')}</th>
          <th scope="col" className="num">{t('deferred.amount')}</th>
          <th scope="col" className="num">{t('deferred.outstandingAfter')}</th>
        </tr>
      </thead>
      <tbody>
        {props.movements.map((m) => (
          <tr key={`${m.entryId}-${m.contactId}`} data-testid="deferred-movement" data-kind={m.kind} data-minor={m.amountMinor}>
            <td>{format.dateTime(m.atMs)}</td>
            <td>
              <span className="nowrap">{m.tillName}</span>
              <div className="muted small">{m.userName}</div>
            </td>
            <td className="nowrap">
              {m.orderId && m.orderNumber && props.onOpenOrder ? (
                <button type="button" className="link" onClick={() => m.orderId && props.onOpenOrder?.(m.orderId)}>
                  {m.orderNumber}
                </button>
              ) : (
                (m.orderNumber ?? '')
              )}
            </td>
            <td>
              {t(`deferred.kinds.${m.kind}`)}
              {m.status && <span className={`tag tag-status-${m.status}`}>{t(`deferred.statuses.${m.status}`)}</span>}
              {(m.methodName || m.reference) && <div className="muted small">{[m.methodName, m.reference].filter(Boolean).join(' · ')}</div>}
            </td>
            <td className="num strong">
              <Money minor={m.amountMinor} plain signed testId="deferred-movement-amount" />
            </td>
            <td className="num">
              <Money minor={m.outstandingAfterMinor} plain testId="deferred-movement-after" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
