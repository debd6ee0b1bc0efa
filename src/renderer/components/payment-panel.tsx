// Split tender: payments by method (typed amount, else what is still due), cash notes
// handed over, and what the services say of them — paid, still due, cash due (rounded to
// the cash step), change, rounding, what the credit balance can still pay. F8 amount,
// Alt+n method n, F9 takes the payment. Every payment action waits for the basket's
// pricing in flight (afterPricing): none is lost, none uses an older quote. One message at
// a time: the latest. A change above what is plausible or what the drawer holds is
// confirmed before selling (payment-view.ts changeDoubt).
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { parseMoney } from '../../shared/money/parse.ts';
import { useFormat } from '../format.ts';
import { changeDoubt, dueFor, isPayable, notesOf, voucherOverflowMinor, type ChangeDoubt } from '../payment-view.ts';
import { methodChord, methodChordsMax, sellingChords, chordLabel } from '../shortcuts.ts';
import { useBasket, type TenderEntry } from '../stores/basket-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import { useSystem } from '../stores/system-store.ts';
import type { Contact, PaymentMethod, Quote } from '../types.ts';
import { useNumberedShortcuts, useShortcut } from '../use-shortcut.ts';
import { CoinsBadge } from './coins-badge.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { OverdraftFlag } from './overdraft-flag.tsx';
import { contactName } from './contact-list.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { Money } from './money.tsx';

type LocalProblem =
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
        <span className="visually-hidden">{t('payment.amountHint')}</span>
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
          <span className="method-name">{m.name}</span>
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
function PaymentFoot(props: { quote: Quote | null; isEmpty: boolean; tenders: readonly TenderEntry[]; onRemove: (index: number) => void; problem: LocalProblem | null; error: ApiError | null; isCheckingOut: boolean; onCheckout: () => void }) {
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
function ChangeConfirm(props: { quote: Quote; doubt: ChangeDoubt; onConfirm: () => void; onCancel: () => void }) {
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
function usePaymentEntry(isBasketEmpty: boolean) {
  const { t } = useTranslation();
  const format = useFormat();
  const addPayment = useBasket((s) => s.addPayment);
  const clearPaymentError = useBasket((s) => s.clearPaymentError);
  const requestId = useBasket((s) => s.requestId);
  const [amountText, setAmountText] = useState('');
  const [reference, setReference] = useState('');
  const [problem, setProblemState] = useState<LocalProblem | null>(null);
  useEffect(() => {
    if (!isBasketEmpty) return;
    setAmountText('');
    setReference('');
  }, [isBasketEmpty]);
  useEffect(() => setProblemState(null), [requestId]);

  /** The panel's own message replaces the services' last refusal. */
  const setProblem = (next: LocalProblem | null) => {
    setProblemState(next);
    if (next) clearPaymentError();
  };

  /** Why a payment by the credit balance with nothing typed pays nothing: no buyer, or nothing left of theirs. */
  const creditProblem = (quote: Quote | null): LocalProblem | null => {
    const buyer = useBasket.getState().buyer;
    if (!buyer) return { key: 'payment.creditNeedsBuyer' };
    if ((quote?.credit?.leftMinor ?? 0) === 0 && (quote?.tender.remainingMinor ?? 0) > 0) return { key: 'payment.noCreditLeft', name: contactName(buyer) };
    return null;
  };

  /** The amount this payment is for: a note handed over, the typed amount, else what is due; null when nothing can be paid. */
  const amountFor = (method: PaymentMethod, fixedMinor: number | undefined, quote: Quote | null): number | null => {
    if (fixedMinor !== undefined) return fixedMinor;
    const text = amountText.trim();
    if (text === '') {
      const dueMinor = dueFor(method, quote);
      const credit = method.type === 'credit' && dueMinor === 0 ? creditProblem(quote) : null;
      if (credit) setProblem(credit);
      return credit ? null : dueMinor;
    }
    const parsed = parseMoney(text, format.currency);
    if (parsed.ok) return parsed.amountMinor;
    setProblem({ key: 'payment.invalidAmount', reason: t(`moneyParse.${parsed.reason}`) });
    return null;
  };

  /** Adds a payment now (inside afterPricing): the typed amount, else what is due. False when nothing was added. */
  const payNow = async (method: PaymentMethod | undefined, fixedMinor?: number): Promise<boolean> => {
    setProblemState(null);
    clearPaymentError();
    if (!method) {
      setProblem({ key: 'payment.noCashMethod' });
      return false;
    }
    const quote = useBasket.getState().quote;
    const amountMinor = amountFor(method, fixedMinor, quote);
    if (amountMinor === null) return false;
    if (!isPayable(method, amountMinor, quote)) {
      setProblem({ key: 'payment.nothingDue' });
      return false;
    }
    const ref = reference.trim();
    const isAdded = await addPayment({ payment: ref === '' ? { methodId: method.id, amountMinor } : { methodId: method.id, amountMinor, reference: ref }, methodName: method.name });
    if (isAdded && fixedMinor === undefined) {
      setAmountText('');
      setReference('');
    }
    return isAdded;
  };
  return { amountText, setAmountText, reference, setReference, problem, setProblem, payNow };
}

/** Selling, asked first when the change is in doubt: F9 and the button. */
function useCheckout(setProblem: (problem: LocalProblem | null) => void) {
  const checkout = useBasket((s) => s.checkout);
  const [doubted, setDoubted] = useState<{ quote: Quote; doubt: ChangeDoubt } | null>(null);
  /** Inside afterPricing: sells, or asks about the change first. */
  const sellNow = async () => {
    setProblem(null);
    const quote = useBasket.getState().quote;
    const doubt = changeDoubt(quote);
    if (quote && doubt) return setDoubted({ quote, doubt });
    await checkout();
  };
  const confirm = (
    doubted && (
      <ChangeConfirm
        quote={doubted.quote}
        doubt={doubted.doubt}
        onCancel={() => setDoubted(null)}
        onConfirm={() => {
          setDoubted(null);
          void checkout();
        }}
      />
    )
  );
  return { sellNow, confirm };
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
  const afterPricing = useBasket((s) => s.afterPricing);
  const entry = usePaymentEntry(isEmpty);
  const sale = useCheckout(entry.setProblem);
  const amountInput = useRef<HTMLInputElement>(null);

  const paying = methods.filter((m) => m.mayPay);
  const cash = paying.find((m) => m.givesChange);
  const creditMethod = paying.find((m) => m.type === 'credit');
  const notes = notesOf(denominations);
  const pay = (method: PaymentMethod | undefined, fixedMinor?: number) => void afterPricing(() => entry.payNow(method, fixedMinor));

  /** F9: whatever is typed (or the exact rest) in cash if the sale is not settled, then sell. */
  const takePayment = () =>
    void afterPricing(async () => {
      if (useBasket.getState().entries.length === 0 || useBasket.getState().isCheckingOut) return;
      const isSettled = useBasket.getState().quote?.tender.isSettled ?? false;
      if (entry.amountText.trim() !== '' || !isSettled) {
        if (!(await entry.payNow(cash))) return;
      }
      await sale.sellNow();
    });

  useShortcut(sellingChords.amount, () => {
    amountInput.current?.focus();
    amountInput.current?.select();
  });
  useShortcut(sellingChords.checkout, takePayment);
  useNumberedShortcuts(methodChord, methodChordsMax, (index) => {
    const method = paying[index];
    if (method && !isEmpty) pay(method);
  });

  return (
    <section className="panel payment" aria-labelledby="payment-title" aria-busy={isPricing}>
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
          onEnter={() => pay(cash)}
        />
        <MethodButtons methods={paying} isDisabled={isEmpty} onPay={(m) => pay(m)} />
        {buyer && creditMethod && buyer.creditBalanceMinor > 0 && (
          // the quote says what the balance can still pay; until it has priced this buyer, the balance itself
          <CreditOffer buyer={buyer} leftMinor={quote?.credit?.leftMinor ?? buyer.creditBalanceMinor} isDisabled={isEmpty} onPay={() => pay(creditMethod)} />
        )}
        {cash && notes.length > 0 && <NoteButtons notes={notes} isDisabled={isEmpty} onNote={(note) => pay(cash, note)} />}
      </div>
      <PaymentFoot
        quote={quote}
        isEmpty={isEmpty}
        tenders={tenders}
        onRemove={removePayment}
        problem={entry.problem}
        error={paymentError}
        isCheckingOut={isCheckingOut}
        onCheckout={() => void afterPricing(sale.sellNow)}
      />
      {sale.confirm}
    </section>
  );
}
