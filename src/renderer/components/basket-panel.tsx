// The basket: buyer, lines (quantity, unit price, total), VAT and the total — every
// amount from the last sales.quote. F4 picks the buyer, Ctrl+Backspace drops the last line.
// The lines scroll inside the panel; the VAT and the total stay at its foot, in sight.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import { sellingChords } from '../shortcuts.ts';
import { useCan } from '../stores/auth-store.ts';
import { useBasket, type BasketEntry } from '../stores/basket-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import type { Contact, Quote } from '../types.ts';
import { useShortcut } from '../use-shortcut.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { CoinsBadge } from './coins-badge.tsx';
import { OverdraftFlag } from './overdraft-flag.tsx';
import { ContactPicker, contactName } from './contact-picker.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { Money } from './money.tsx';

/** A whole quantity of 1 to 999 typed; null for anything else (an emptied field while typing). */
export function typedQuantity(text: string): number | null {
  return /^\d{1,3}$/.test(text) && Number(text) >= 1 ? Number(text) : null;
}

/**
 * The quantity typed goes to the basket as it is typed (not on leaving the field): the
 * basket re-prices at once, and a payment clicked or keyed right after waits for that
 * quote (afterPricing) instead of meeting buttons disabled by a re-pricing on blur.
 */
function QuantityInput(props: { quantity: number; label: string; onChange: (quantity: number) => void }) {
  const [text, setText] = useState(String(props.quantity));
  useEffect(() => setText((shown) => (typedQuantity(shown) === props.quantity ? shown : String(props.quantity))), [props.quantity]);
  return (
    <input
      className="input input-quantity"
      inputMode="numeric"
      aria-label={props.label}
      value={text}
      onChange={(event) => {
        const digits = event.target.value.replace(/\D/g, '');
        setText(digits);
        const quantity = typedQuantity(digits);
        if (quantity !== null && quantity !== props.quantity) props.onChange(quantity);
      }}
      onBlur={() => {
        if (typedQuantity(text) === null) setText(String(props.quantity));
      }}
      onFocus={(event) => event.target.select()}
    />
  );
}

function LineRow(props: { entry: BasketEntry; index: number; quote: Quote | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const setQuantity = useBasket((s) => s.setQuantity);
  const removeLine = useBasket((s) => s.removeLine);
  const { entry, index } = props;
  const priced = props.quote?.lines[index];
  // a quote still on its way belongs to the basket before: show only what matches this line
  const isPriced = priced !== undefined && priced.quantity === entry.line.quantity && priced.label === entry.label;
  const label = entry.label;
  return (
    <li className="basket-line" data-testid="basket-line" data-index={index}>
      <div className="line-label">
        <span className="line-name">{label}</span>
        {entry.startsAt && (
          <span className="line-detail">
            {format.performance(entry.startsAt)} · {entry.hall}
          </span>
        )}
      </div>
      <button type="button" className="remove line-remove" aria-label={t('basket.remove', { label })} onClick={() => removeLine(index)}>
        ×
      </button>
      <div className="stepper line-quantity">
        <button
          type="button"
          className="step"
          aria-label={t('basket.decrease', { label })}
          disabled={entry.line.quantity <= 1}
          onClick={() => setQuantity(index, entry.line.quantity - 1)}
        >
          −
        </button>
        <QuantityInput quantity={entry.line.quantity} label={t('basket.quantityOf', { label })} onChange={(q) => setQuantity(index, q)} />
        <button type="button" className="step" aria-label={t('basket.increase', { label })} onClick={() => setQuantity(index, entry.line.quantity + 1)}>
          +
        </button>
      </div>
      <span className="line-unit num">
        <span className="line-times" aria-hidden="true">× </span>
        <Money minor={isPriced ? priced.unitPriceMinor : entry.unitPriceMinor} plain />
      </span>
      <span className="line-total num strong">{isPriced ? <Money minor={priced.totalMinor} plain testId="line-total" /> : '…'}</span>
    </li>
  );
}

/** The buyer's compte d'attente when they may use it: what it owes of its limit (a refusal says the rest). */
function DeferredOffer({ buyer }: { buyer: Contact }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <p className="deferred-offer muted small" data-testid="deferred-offer">
      {t('payment.deferredState', { outstanding: format.money(buyer.deferredOutstandingMinor), limit: format.money(buyer.deferredLimitMinor) })}
    </p>
  );
}

function Buyer() {
  const { t } = useTranslation();
  const buyer = useBasket((s) => s.buyer);
  const setBuyer = useBasket((s) => s.setBuyer);
  const isPicking = useBasket((s) => s.isPickingBuyer);
  const mayCreateContact = useCan('contact:create');
  const setPicking = useBasket((s) => s.setPickingBuyer);
  useShortcut(sellingChords.buyer, () => setPicking(true));
  const paysOnAccount = useCatalogue((s) => s.methods.some((m) => m.type === 'deferred' && m.mayPay));
  return (
    <div className="buyer">
      <span className="buyer-label">{t('basket.buyer')}</span>
      <span className="buyer-who">
        <span className="buyer-name" data-testid="buyer">
          {buyer ? contactName(buyer) : t('basket.anonymous')}
        </span>
        {buyer && <CoinsBadge amountMinor={buyer.creditBalanceMinor} testId="buyer-coins" />}
        {buyer && <OverdraftFlag amountMinor={buyer.overdraftMinor} testId="buyer-overdraft" />}
      </span>
      <button type="button" className="button button-small" onClick={() => setPicking(true)} aria-keyshortcuts="F4">
        {buyer ? t('basket.changeBuyer') : t('basket.chooseBuyer')}
      </button>
      {buyer && (
        <button type="button" className="button button-small button-ghost buyer-clear" aria-label={t('basket.makeAnonymous')} title={t('basket.makeAnonymous')} onClick={() => setBuyer(null)}>
          ×
        </button>
      )}
      {buyer && paysOnAccount && buyer.deferredAuthorised && <DeferredOffer buyer={buyer} />}
      {isPicking && (
        <ContactPicker
          mayCreate={mayCreateContact}
          onClose={() => setPicking(false)}
          onPick={(contact) => {
            setBuyer(contact);
            setPicking(false);
          }}
        />
      )}
    </div>
  );
}

/** The basket setting of seed 000: invoice each payment on account as it is made. */
function InvoiceDeferredToggle() {
  const { t } = useTranslation();
  const hasDeferred = useCatalogue((s) => s.methods.some((m) => m.type === 'deferred' && m.mayPay));
  const isOn = useBasket((s) => s.invoiceDeferred);
  const setOn = useBasket((s) => s.setInvoiceDeferred);
  const mayInvoice = useCan('invoice:order');
  if (!hasDeferred || !mayInvoice) return null;
  return (
    <label className="check basket-invoice" title={t('basket.invoiceDeferredHint')}>
      <input type="checkbox" checked={isOn} onChange={(event) => setOn(event.target.checked)} />
      {t('basket.invoiceDeferred')}
    </label>
  );
}

function VatSummary({ quote }: { quote: Quote }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (quote.vat.length === 0) return null;
  return (
    <table className="table vat-table" data-testid="basket-vat">
      <caption>{t('basket.vat')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('basket.vatRate')}</th>
          <th scope="col" className="num">{t('basket.net')}</th>
          <th scope="col" className="num">{t('basket.vatAmount')}</th>
          <th scope="col" className="num">{t('basket.gross')}</th>
        </tr>
      </thead>
      <tbody>
        {quote.vat.map((v) => (
          <tr key={v.rateBp} data-testid={`vat-${v.rateBp}`}>
            <th scope="row">{format.vatRate(v.rateBp)}</th>
            <td className="num"><Money minor={v.netMinor} plain /></td>
            <td className="num"><Money minor={v.vatMinor} plain testId={`vat-amount-${v.rateBp}`} /></td>
            <td className="num"><Money minor={v.grossMinor} plain /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The basket's title, and emptying it (asked once more). */
function BasketHead(props: { hasLines: boolean }) {
  const { t } = useTranslation();
  const clear = useBasket((s) => s.clear);
  const [isConfirmingClear, setConfirmingClear] = useState(false);
  return (
    <div className="panel-head">
      <h2 id="basket-title" className="panel-title">
        {t('basket.title')}
      </h2>
      {props.hasLines && (
        <button type="button" className="button button-small button-ghost" onClick={() => setConfirmingClear(true)}>
          {t('basket.clear')}
        </button>
      )}
      {isConfirmingClear && (
        <ConfirmDialog
          title={t('basket.clear')}
          text={t('basket.clearConfirm')}
          confirmLabel={t('basket.clear')}
          isBusy={false}
          error={null}
          onCancel={() => setConfirmingClear(false)}
          onConfirm={() => {
            clear();
            setConfirmingClear(false);
          }}
        />
      )}
    </div>
  );
}

function LinesList(props: { entries: readonly BasketEntry[]; quote: Quote | null }) {
  const { t } = useTranslation();
  return (
    <ul className="basket-lines" aria-label={t('basket.lines')}>
      {props.entries.map((entry, i) => (
        <LineRow key={`${entry.line.kind}-${i}`} entry={entry} index={i} quote={props.quote} />
      ))}
    </ul>
  );
}

export function BasketPanel() {
  const { t } = useTranslation();
  const entries = useBasket((s) => s.entries);
  const quote = useBasket((s) => s.quote);
  const quoteError = useBasket((s) => s.quoteError);
  const isPricing = useBasket((s) => s.isPricing);
  const removeLastLine = useBasket((s) => s.removeLastLine);
  useShortcut(sellingChords.removeLast, removeLastLine, { yieldToText: true });

  return (
    <section className="panel basket" aria-labelledby="basket-title" aria-busy={isPricing}>
      <BasketHead hasLines={entries.length > 0} />
      <Buyer />
      <InvoiceDeferredToggle />
      {entries.length === 0 ? <p className="empty basket-empty">{t('basket.empty')}</p> : <LinesList entries={entries} quote={quoteError ? null : quote} />}
      <ErrorAlert error={quoteError} testId="basket-error" />
      {quote && !quoteError && entries.length > 0 && (
        <div className="basket-foot">
          <VatSummary quote={quote} />
          <div className="grand-total">
            <span>{t('basket.grandTotal')}</span>
            <Money minor={quote.totalMinor} testId="basket-total" />
          </div>
        </div>
      )}
    </section>
  );
}
