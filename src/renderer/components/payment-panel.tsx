// Split tender: payments by method (typed amount, else what is still due), cash notes
// handed over, and what the services say of them — paid, still due, cash due (rounded to
// the cash step), change, rounding, what the credit balance can still pay. F8 amount,
// Alt+n method n, F9 takes the payment.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { parseMoney } from '../../shared/money/parse.ts';
import { useFormat } from '../format.ts';
import { dueFor, isPayable, notesOf, voucherOverflowMinor } from '../payment-view.ts';
import { methodChord, methodChordsMax, sellingChords, chordLabel } from '../shortcuts.ts';
import { useBasket, type TenderEntry } from '../stores/basket-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import { useSystem } from '../stores/system-store.ts';
import type { Contact, PaymentMethod, Quote } from '../types.ts';
import { useNumberedShortcuts, useShortcut } from '../use-shortcut.ts';
import { CoinsBadge } from './coins-badge.tsx';
import { OverdraftFlag } from './overdraft-flag.tsx';
import { contactName } from './contact-list.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { Money } from './money.tsx';

type LocalProblem = { key: 'payment.nothingDue' } | { key: 'payment.invalidAmount'; reason: string } | { key: 'payment.noCashMethod' };

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
function CreditOffer(props: { buyer: Contact; leftMinor: number; isDisabled: boolean; onPay: () => void }) {
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
  return <kbd className="key-hint">{chordLabel(methodChord(index))}</kbd>;
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
        <dt>{t('payment.cashDue', { step: format.amount(step) })}</dt>
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
function PaymentInputs(props: { amountRef: RefObject<HTMLInputElement | null>; amountText: string; placeholder: string; reference: string; onAmount: (text: string) => void; onReference: (text: string) => void; onEnter: () => void }) {
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
        <span className="field-hint">{t('payment.amountHint')}</span>
      </label>
      <label className="field">
        <span className="field-label">{t('payment.reference')}</span>
        <input className="input" autoComplete="off" placeholder={t('payment.referenceHint')} value={props.reference} onChange={(event) => props.onReference(event.target.value)} />
      </label>
    </div>
  );
}

function MethodButtons(props: { methods: readonly PaymentMethod[]; isDisabled: boolean; onPay: (method: PaymentMethod) => void }) {
  const { t } = useTranslation();
  return (
    <div className="methods" role="group" aria-label={t('payment.methods')}>
      {props.methods.map((m, i) => (
        <button key={m.id} type="button" className="method" disabled={props.isDisabled} onClick={() => props.onPay(m)} aria-keyshortcuts={i < methodChordsMax ? chordLabel(methodChord(i)) : undefined}>
          <span>{m.name}</span>
          <MethodShortcut index={i} />
        </button>
      ))}
    </div>
  );
}

/** One button per note a customer hands over: a cash payment of that note. */
function NoteButtons(props: { notes: readonly number[]; isDisabled: boolean; onNote: (noteMinor: number) => void }) {
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

/** What the quote says, what went wrong, and the button that sells (F9). */
function PaymentFoot(props: { quote: Quote | null; isEmpty: boolean; problem: LocalProblem | null; error: ApiError | null; isCheckingOut: boolean; onCheckout: () => void }) {
  const { t } = useTranslation();
  const { problem } = props;
  return (
    <div className="payment-foot">
      {!props.isEmpty && <TenderSummary quote={props.quote} />}
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem.key === 'payment.invalidAmount' ? t(problem.key, { reason: problem.reason }) : t(problem.key)}
        </p>
      )}
      <PaymentError error={props.error} />
      <button type="button" className="button button-primary button-checkout" disabled={props.isEmpty || props.isCheckingOut} aria-keyshortcuts="F9" onClick={props.onCheckout}>
        {t('payment.checkout')}
        <kbd className="key-hint">{t('payment.checkoutKey')}</kbd>
      </button>
    </div>
  );
}

/**
 * The amount and reference typed, and adding a payment: the typed amount, else what is
 * due by that method. An emptied basket (cleared, or the sale made) leaves nothing typed
 * behind for the next one.
 */
function usePaymentEntry(quote: Quote | null, isBasketEmpty: boolean) {
  const { t } = useTranslation();
  const format = useFormat();
  const addPayment = useBasket((s) => s.addPayment);
  const [amountText, setAmountText] = useState('');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<LocalProblem | null>(null);
  useEffect(() => {
    if (!isBasketEmpty) return;
    setAmountText('');
    setReference('');
    setProblem(null);
  }, [isBasketEmpty]);

  /** The amount this payment is for: a note handed over, the typed amount, else what is due; null when the text is not an amount. */
  const amountFor = (method: PaymentMethod, fixedMinor: number | undefined): number | null => {
    if (fixedMinor !== undefined) return fixedMinor;
    const text = amountText.trim();
    if (text === '') return dueFor(method, quote);
    const parsed = parseMoney(text, format.currency);
    if (parsed.ok) return parsed.amountMinor;
    setProblem({ key: 'payment.invalidAmount', reason: t(`moneyParse.${parsed.reason}`) });
    return null;
  };

  /** Adds a payment: the typed amount, else what is due. False when nothing was added. */
  const pay = async (method: PaymentMethod | undefined, fixedMinor?: number): Promise<boolean> => {
    if (!method) {
      setProblem({ key: 'payment.noCashMethod' });
      return false;
    }
    const amountMinor = amountFor(method, fixedMinor);
    if (amountMinor === null) return false;
    if (!isPayable(method, amountMinor, quote)) {
      setProblem({ key: 'payment.nothingDue' });
      return false;
    }
    setProblem(null);
    const ref = reference.trim();
    const isAdded = await addPayment({ payment: ref === '' ? { methodId: method.id, amountMinor } : { methodId: method.id, amountMinor, reference: ref }, methodName: method.name });
    if (isAdded && fixedMinor === undefined) {
      setAmountText('');
      setReference('');
    }
    return isAdded;
  };
  return { amountText, setAmountText, reference, setReference, problem, pay };
}

export function PaymentPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const methods = useCatalogue((s) => s.methods);
  const denominations = useSystem((s) => s.info?.denominationsMinor ?? []);
  const isEmpty = useBasket((s) => s.entries.length === 0);
  const buyer = useBasket((s) => s.buyer);
  const tenders = useBasket((s) => s.tenders);
  const quote = useBasket((s) => s.quote);
  const paymentError = useBasket((s) => s.paymentError);
  const isCheckingOut = useBasket((s) => s.isCheckingOut);
  const isPricing = useBasket((s) => s.isPricing);
  const removePayment = useBasket((s) => s.removePayment);
  const checkout = useBasket((s) => s.checkout);
  const entry = usePaymentEntry(quote, isEmpty);
  const amountInput = useRef<HTMLInputElement>(null);

  const paying = methods.filter((m) => m.mayPay);
  const cash = paying.find((m) => m.givesChange);
  const creditMethod = paying.find((m) => m.type === 'credit');
  const notes = notesOf(denominations);

  /** F9: whatever is typed (or the exact rest) in cash if the sale is not settled, then sell. */
  const takePayment = async () => {
    if (isEmpty || isCheckingOut) return;
    const isSettled = quote?.tender.isSettled ?? false;
    if (entry.amountText.trim() !== '' || !isSettled) {
      if (!(await entry.pay(cash))) return;
    }
    await checkout();
  };

  useShortcut(sellingChords.amount, () => {
    amountInput.current?.focus();
    amountInput.current?.select();
  });
  useShortcut(sellingChords.checkout, () => void takePayment());
  useNumberedShortcuts(methodChord, methodChordsMax, (index) => {
    const method = paying[index];
    if (method && !isEmpty) void entry.pay(method);
  });

  return (
    <section className="panel payment" aria-labelledby="payment-title">
      <h2 id="payment-title" className="panel-title">
        {t('payment.title')}
      </h2>
      <div className="payment-body">
        <PaymentInputs
          amountRef={amountInput}
          amountText={entry.amountText}
          placeholder={quote ? format.amount(cash ? dueFor(cash, quote) : quote.tender.remainingMinor) : ''}
          reference={entry.reference}
          onAmount={entry.setAmountText}
          onReference={entry.setReference}
          onEnter={() => void entry.pay(cash)}
        />
        <MethodButtons methods={paying} isDisabled={isEmpty || isPricing} onPay={(m) => void entry.pay(m)} />
        {buyer && creditMethod && buyer.creditBalanceMinor > 0 && (
          // the quote says what the balance can still pay; until it has priced this buyer, the balance itself
          <CreditOffer buyer={buyer} leftMinor={quote?.credit?.leftMinor ?? buyer.creditBalanceMinor} isDisabled={isEmpty || isPricing} onPay={() => void entry.pay(creditMethod)} />
        )}
        {cash && notes.length > 0 && <NoteButtons notes={notes} isDisabled={isEmpty || isPricing} onNote={(note) => void entry.pay(cash, note)} />}
        <h3 className="section-title">{t('payment.payments')}</h3>
        <TendersList tenders={tenders} onRemove={removePayment} />
      </div>
      <PaymentFoot quote={quote} isEmpty={isEmpty} problem={entry.problem} error={paymentError} isCheckingOut={isCheckingOut} onCheckout={() => void checkout()} />
    </section>
  );
}
