// The payment panel's leaves (payment-panel.tsx holds its state and the order of things):
// the messages, the credit offer, the inputs, the method and note buttons, the tenders
// entered, the foot with the totals and the pay button, the change confirmation. They
// show what the services answered (the quote) and compute no money.
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { useFormat } from '../format.ts';
import { voucherOverflowMinor, type ChangeDoubt } from '../payment-view.ts';
import { methodChord, methodChordsMax, chordLabel } from '../shortcuts.ts';
import { useBasket, type TenderEntry } from '../stores/basket-store.ts';
import { useSystem } from '../stores/system-store.ts';
import type { Contact, PaymentMethod, Quote } from '../types.ts';
import { CoinsBadge } from './coins-badge.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { OverdraftFlag } from './overdraft-flag.tsx';
import { contactName } from './contact-list.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { Money } from './money.tsx';

export type LocalProblem =
  | { key: 'payment.nothingDue' }
  | { key: 'payment.invalidAmount'; reason: string }
  | { key: 'payment.noCashMethod' }
  | { key: 'payment.creditNeedsBuyer' }
  | { key: 'payment.noCreditLeft'; name: string };

function PaymentError({ error }: { error: ApiError | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const setPickingBuyer = useBasket((s) => s.setPickingBuyer);
  const overflowMinor = voucherOverflowMinor(error);
  // a payment drawn on the buyer's account (credit balance, compte d'attente) without a buyer
  if (error?.code !== 'buyer_required') return <ErrorAlert error={error} testId="payment-error" />;
  return (
    <div className="alert alert-error alert-with-action" role="alert" data-testid="payment-error" data-code="buyer_required">
      <span>{overflowMinor === null ? format.error(error) : t('payment.voucherNeedsBuyer', { amount: format.money(overflowMinor) })}</span>
      <button type="button" className="button button-small" aria-keyshortcuts="F4" onClick={() => setPickingBuyer(true)}>
        {t('payment.chooseBuyer')}
      </button>
    </div>
  );
}

/** The buyer's credit balance, and a button that pays with it. */
export function CreditOffer(props: { buyer: Contact; leftMinor: number; isDisabled: boolean; onPay: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { buyer } = props;
  return (
    <div className="credit-offer" data-testid="credit-offer" role="group" aria-label={t('payment.creditOf', { name: contactName(buyer) })}>
      <CoinsBadge amountMinor={buyer.creditBalanceMinor} testId="credit-offer-coins" />
      <OverdraftFlag amountMinor={buyer.overdraftMinor} testId="credit-offer-overdraft" />
      <span className="credit-offer-text">
        <span className="credit-offer-label">{t('payment.creditLabel')}</span>
        <Money minor={buyer.creditBalanceMinor} testId="credit-offer-balance" className="credit-offer-balance" />
        {props.leftMinor !== buyer.creditBalanceMinor &&
          (buyer.offlineAllowance && buyer.offlineAllowance.creditMinor < buyer.creditBalanceMinor ? (
            <span className="muted small credit-offer-left" data-testid="credit-offer-offline">
              {t('payment.creditOfflineLeft', { amount: format.money(props.leftMinor) })}
            </span>
          ) : (
            <span className="muted small credit-offer-left">{t('payment.creditLeft', { amount: format.money(props.leftMinor) })}</span>
          ))}
      </span>
      <button
        type="button"
        className="button button-small"
        disabled={props.isDisabled || props.leftMinor === 0}
        onClick={props.onPay}
        aria-label={t('payment.payWithCredit')}
        title={t('payment.payWithCreditHint')}
      >
        {t('payment.payWithCreditShort')}
      </button>
    </div>
  );
}

function MethodShortcut({ index }: { index: number }) {
  if (index >= methodChordsMax) return null;
  return <kbd className="key-hint method-key">{chordLabel(methodChord(index))}</kbd>;
}

function TenderSummary({ quote }: { quote: Quote | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const step = useSystem((s) => s.info?.institution.cashStepMinor ?? 1);
  if (!quote) return null;
  const tender = quote.tender;
  return (
    <dl className="tender">
      <div className="tender-row">
        <dt>{t('payment.total')}</dt>
        <dd><Money minor={quote.totalMinor} testId="pay-total" /></dd>
      </div>
      <div className="tender-row">
        <dt>{t('payment.paid')}</dt>
        <dd><Money minor={tender.paidMinor} testId="pay-paid" /></dd>
      </div>
      <div className="tender-row tender-strong">
        <dt>{t('payment.remaining')}</dt>
        <dd><Money minor={tender.remainingMinor} testId="pay-remaining" /></dd>
      </div>
      <div className="tender-row">
        <dt title={t('payment.cashDue', { step: format.amount(step) })}>{t('payment.cashDueShort')}</dt>
        <dd><Money minor={tender.cashDueMinor} testId="pay-cash-due" /></dd>
      </div>
      <div className={`tender-row tender-change${tender.changeMinor > 0 ? ' is-due' : ''}`}>
        <dt>{t('payment.change')}</dt>
        <dd><Money minor={tender.changeMinor} testId="pay-change" /></dd>
      </div>
      <div className="tender-row tender-muted">
        <dt>{t('payment.rounding')}</dt>
        <dd><Money minor={tender.roundingMinor} testId="pay-rounding" /></dd>
      </div>
      {tender.toCreditMinor > 0 && (
        <div className="tender-row tender-credit">
          <dt>{t('payment.toCredit')}</dt>
          <dd><Money minor={tender.toCreditMinor} testId="pay-to-credit" /></dd>
        </div>
      )}
    </dl>
  );
}

/** The amount handed over (F8; Enter pays it in cash) and the reference of a cheque, voucher or transfer. */
export function PaymentInputs(props: { amountRef: RefObject<HTMLInputElement | null>; amountText: string; placeholder: string; reference: string; onAmount: (text: string) => void; onReference: (text: string) => void; onEnter: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="payment-inputs">
      <label className="field">
        <span className="field-label">{t('payment.amount')}</span>
        <input
          ref={props.amountRef}
          className="input input-amount"
          inputMode="decimal"
          autoComplete="off"
          aria-keyshortcuts="F8"
          placeholder={props.placeholder}
          value={props.amountText}
          onChange={(event) => props.onAmount(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              props.onEnter();
            }
          }}
        />
        <span className="visually-hidden">{t('payment.amountHint')}</span>
      </label>
      <label className="field">
        <span className="field-label">{t('payment.reference')}</span>
        <input className="input" autoComplete="off" placeholder={t('payment.referenceHint')} value={props.reference} onChange={(event) => props.onReference(event.target.value)} />
      </label>
    </div>
  );
}

export function MethodButtons(props: { methods: readonly PaymentMethod[]; isDisabled: boolean; onPay: (method: PaymentMethod) => void }) {
  const { t } = useTranslation();
  return (
    <div className="methods" role="group" aria-label={t('payment.methods')}>
      {props.methods.map((m, i) => (
        <button key={m.id} type="button" className="method" disabled={props.isDisabled} onClick={() => props.onPay(m)} aria-keyshortcuts={i < methodChordsMax ? chordLabel(methodChord(i)) : undefined}>
          <span className="method-name">{m.name}</span>
          <MethodShortcut index={i} />
        </button>
      ))}
    </div>
  );
}

/** One button per note a customer hands over: a cash payment of that note. */
export function NoteButtons(props: { notes: readonly number[]; isDisabled: boolean; onNote: (noteMinor: number) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="notes" role="group" aria-label={t('payment.notes')}>
      {props.notes.map((note) => (
        <button key={note} type="button" className="note" disabled={props.isDisabled} aria-label={t('payment.note', { amount: format.denomination(note) })} data-testid={`note-${note}`} onClick={() => props.onNote(note)}>
          {format.denomination(note)}
        </button>
      ))}
    </div>
  );
}

/** The payments entered, each with a button that takes it back. */
function TendersList(props: { tenders: readonly TenderEntry[]; onRemove: (index: number) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (props.tenders.length === 0) return <p className="muted small">{t('payment.noPayments')}</p>;
  return (
    <ul className="tenders" data-testid="tenders">
      {props.tenders.map((tender, i) => (
        <li key={i} className="tender-entry">
          <span>
            {tender.methodName}
            {tender.payment.reference && <span className="muted small"> · {tender.payment.reference}</span>}
          </span>
          <Money minor={tender.payment.amountMinor} />
          <button type="button" className="remove" aria-label={t('payment.remove', { method: tender.methodName, amount: format.money(tender.payment.amountMinor) })} onClick={() => props.onRemove(i)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The one message shown: what the panel found itself, else what the services refused (each clears the other). */
function PaymentMessage(props: { problem: LocalProblem | null; error: ApiError | null }) {
  const { t } = useTranslation();
  const setPickingBuyer = useBasket((s) => s.setPickingBuyer);
  const { problem } = props;
  if (!problem) return <PaymentError error={props.error} />;
  if (problem.key === 'payment.creditNeedsBuyer') {
    return (
      <div className="alert alert-error alert-with-action" role="alert" data-testid="payment-error" data-code="credit_needs_buyer">
        <span>{t(problem.key)}</span>
        <button type="button" className="button button-small" aria-keyshortcuts="F4" onClick={() => setPickingBuyer(true)}>
          {t('payment.chooseBuyer')}
        </button>
      </div>
    );
  }
  const text = problem.key === 'payment.invalidAmount' ? t(problem.key, { reason: problem.reason }) : problem.key === 'payment.noCreditLeft' ? t(problem.key, { name: problem.name }) : t(problem.key);
  return (
    <p className="alert alert-error" role="alert" data-testid="payment-error" data-code={problem.key}>
      {text}
    </p>
  );
}

/** The payments entered, what the quote says, the one message, and the button that sells (F9): always in sight. */
export function PaymentFoot(props: { quote: Quote | null; isEmpty: boolean; tenders: readonly TenderEntry[]; onRemove: (index: number) => void; problem: LocalProblem | null; error: ApiError | null; isCheckingOut: boolean; onCheckout: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="payment-foot">
      <section className="payments-entered" aria-labelledby="payments-title">
        <h3 id="payments-title" className="section-title">{t('payment.payments')}</h3>
        <TendersList tenders={props.tenders} onRemove={props.onRemove} />
      </section>
      {!props.isEmpty && <TenderSummary quote={props.quote} />}
      <PaymentMessage problem={props.problem} error={props.error} />
      <button type="button" className="button button-primary button-checkout" disabled={props.isEmpty || props.isCheckingOut} aria-keyshortcuts="F9" onClick={props.onCheckout}>
        {t('payment.checkout')}
        <kbd className="key-hint">{t('payment.checkoutKey')}</kbd>
      </button>
    </div>
  );
}

/** Asked before selling with a change above what is plausible or what the drawer holds. */
export function ChangeConfirm(props: { quote: Quote; doubt: ChangeDoubt; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { tender } = props.quote;
  const reasons = [
    props.doubt.isImplausible ? t('payment.changeImplausible', { paid: format.money(tender.paidMinor), total: format.money(props.quote.totalMinor) }) : null,
    props.doubt.drawerCashMinor !== null ? t('payment.changeOverDrawer', { drawer: format.money(props.doubt.drawerCashMinor) }) : null,
  ].filter((r): r is string => r !== null);
  return (
    <ConfirmDialog
      title={t('payment.changeConfirmTitle')}
      text={`${t('payment.changeConfirmText', { change: format.money(tender.changeMinor) })} ${reasons.join(' ')}`}
      confirmLabel={t('payment.changeConfirm')}
      isBusy={false}
      error={null}
      onCancel={props.onCancel}
      onConfirm={props.onConfirm}
    />
  );
}

/**
 * The amount and reference typed, and adding a payment: the typed amount, else what is
 * due by that method, read from the quote of the basket as it is once its pricing in flight
 * has answered. An emptied basket (cleared, or the sale made) leaves nothing typed behind
 * for the next one; a change of the basket forgets the message about the one before.
 */
