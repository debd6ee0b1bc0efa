// Split tender: payments by method (typed amount, else what is still due), cash notes
// handed over, and what the services say of them — paid, still due, cash due (rounded to
// the cash step), change, rounding. F8 amount, Alt+n method n, F9 takes the payment.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { parseMoney } from '../../shared/money/parse.ts';
import { creditLeftMinor, creditProposalMinor } from '../credit-tender.ts';
import { useFormat } from '../format.ts';
import { methodChord, methodChordsMax, sellingChords, chordLabel } from '../shortcuts.ts';
import { useBasket } from '../stores/basket-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import { useSystem } from '../stores/system-store.ts';
import type { Contact, PaymentMethod, Quote } from '../types.ts';
import { useNumberedShortcuts, useShortcut } from '../use-shortcut.ts';
import { CoinsBadge } from './coins-badge.tsx';
import { OverdraftFlag } from './overdraft-flag.tsx';
import { contactName } from './contact-list.tsx';
import { ErrorAlert } from './error-alert.tsx';
import { Money } from './money.tsx';

/** Notes a customer hands over, smallest first (CHF: 10.– to 200.–). */
const noteMinMinor = 1000;
const noteMaxMinor = 20000;

type LocalProblem = { key: 'payment.nothingDue' } | { key: 'payment.invalidAmount'; reason: string } | { key: 'payment.noCashMethod' };

/**
 * What a payment by this method settles when no amount is typed: the rest, in cash
 * rounded — 0 in cash when the rest is below half a coin (the till absorbs it); by the
 * credit balance, what is left of it, at most the rest.
 */
function dueFor(method: PaymentMethod, quote: Quote | null, creditLeft: number): number {
  if (!quote) return 0;
  const { cashDueMinor, remainingMinor } = quote.tender;
  if (method.type === 'credit') return creditProposalMinor(creditLeft, remainingMinor);
  return method.givesChange ? cashDueMinor : remainingMinor;
}

/** A voucher worth more than the due, sold without a buyer: where its rest would go is missing. */
function voucherOverflowMinor(error: ApiError | null): number | null {
  if (error?.code !== 'buyer_required' || error.details?.reason !== 'voucher_overflow') return null;
  const toCreditMinor = error.details.toCreditMinor;
  return typeof toCreditMinor === 'number' ? toCreditMinor : null;
}

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

/** A cash payment of 0 settles a rest that rounds to nothing; any other payment is positive. */
function isPayable(method: PaymentMethod, amountMinor: number, quote: Quote | null): boolean {
  if (amountMinor > 0) return true;
  return amountMinor === 0 && method.givesChange && (quote?.tender.remainingMinor ?? 0) > 0;
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

export function PaymentPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const methods = useCatalogue((s) => s.methods);
  const denominations = useSystem((s) => s.info?.denominationsMinor ?? []);
  const entries = useBasket((s) => s.entries);
  const buyer = useBasket((s) => s.buyer);
  const tenders = useBasket((s) => s.tenders);
  const quote = useBasket((s) => s.quote);
  const paymentError = useBasket((s) => s.paymentError);
  const isCheckingOut = useBasket((s) => s.isCheckingOut);
  const isPricing = useBasket((s) => s.isPricing);
  const addPayment = useBasket((s) => s.addPayment);
  const removePayment = useBasket((s) => s.removePayment);
  const checkout = useBasket((s) => s.checkout);
  const [amountText, setAmountText] = useState('');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<LocalProblem | null>(null);
  const amountInput = useRef<HTMLInputElement>(null);

  // an emptied basket (cleared, or the sale made) leaves nothing typed behind for the next one
  const isBasketEmpty = entries.length === 0;
  useEffect(() => {
    if (!isBasketEmpty) return;
    setAmountText('');
    setReference('');
    setProblem(null);
  }, [isBasketEmpty]);

  const paying = methods.filter((m) => m.mayPay);
  const cash = paying.find((m) => m.givesChange);
  const notes = denominations.filter((d) => d >= noteMinMinor && d <= noteMaxMinor).sort((a, b) => a - b);
  const isEmpty = entries.length === 0;
  const creditMethod = paying.find((m) => m.type === 'credit');
  const creditIds = new Set(paying.filter((m) => m.type === 'credit').map((m) => m.id));
  // offline, what this till may still commit on the balance bounds what it offers
  const creditBase = buyer ? Math.min(buyer.creditBalanceMinor, buyer.offlineAllowance?.creditMinor ?? buyer.creditBalanceMinor) : 0;
  const creditLeft = buyer ? creditLeftMinor(creditBase, tenders.map((t) => t.payment), creditIds) : 0;

  /** Adds a payment: the typed amount, else what is due. False when nothing was added. */
  const pay = async (method: PaymentMethod | undefined, fixedMinor?: number): Promise<boolean> => {
    if (!method) {
      setProblem({ key: 'payment.noCashMethod' });
      return false;
    }
    let amountMinor = fixedMinor ?? 0;
    if (fixedMinor === undefined) {
      const text = amountText.trim();
      if (text === '') amountMinor = dueFor(method, quote, creditLeft);
      else {
        const parsed = parseMoney(text, format.currency);
        if (!parsed.ok) {
          setProblem({ key: 'payment.invalidAmount', reason: t(`moneyParse.${parsed.reason}`) });
          return false;
        }
        amountMinor = parsed.amountMinor;
      }
    }
    if (!isPayable(method, amountMinor, quote)) {
      setProblem({ key: 'payment.nothingDue' });
      return false;
    }
    setProblem(null);
    const ref = reference.trim();
    const isAdded = await addPayment({
      payment: ref === '' ? { methodId: method.id, amountMinor } : { methodId: method.id, amountMinor, reference: ref },
      methodName: method.name,
    });
    if (isAdded && fixedMinor === undefined) {
      setAmountText('');
      setReference('');
    }
    return isAdded;
  };

  /** F9: whatever is typed (or the exact rest) in cash if the sale is not settled, then sell. */
  const takePayment = async () => {
    if (isEmpty || isCheckingOut) return;
    const isSettled = quote?.tender.isSettled ?? false;
    if (amountText.trim() !== '' || !isSettled) {
      if (!(await pay(cash))) return;
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
    if (method && !isEmpty) void pay(method);
  });

  return (
    <section className="panel payment" aria-labelledby="payment-title">
      <h2 id="payment-title" className="panel-title">
        {t('payment.title')}
      </h2>
      <div className="payment-body">
        <div className="payment-inputs">
          <label className="field">
            <span className="field-label">{t('payment.amount')}</span>
            <input
              ref={amountInput}
              className="input input-amount"
              inputMode="decimal"
              autoComplete="off"
              aria-keyshortcuts="F8"
              placeholder={quote ? format.amount(cash ? dueFor(cash, quote, creditLeft) : quote.tender.remainingMinor) : ''}
              value={amountText}
              onChange={(event) => setAmountText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void pay(cash);
                }
              }}
            />
            <span className="field-hint">{t('payment.amountHint')}</span>
          </label>
          <label className="field">
            <span className="field-label">{t('payment.reference')}</span>
            <input
              className="input"
              autoComplete="off"
              placeholder={t('payment.referenceHint')}
              value={reference}
              onChange={(event) => setReference(event.target.value)}
            />
          </label>
        </div>

        <div className="methods" role="group" aria-label={t('payment.methods')}>
          {paying.map((m, i) => (
            <button
              key={m.id}
              type="button"
              className="method"
              disabled={isEmpty || isPricing}
              onClick={() => void pay(m)}
              aria-keyshortcuts={i < methodChordsMax ? chordLabel(methodChord(i)) : undefined}
            >
              <span>{m.name}</span>
              <MethodShortcut index={i} />
            </button>
          ))}
        </div>

        {buyer && creditMethod && buyer.creditBalanceMinor > 0 && (
          <CreditOffer buyer={buyer} leftMinor={creditLeft} isDisabled={isEmpty || isPricing} onPay={() => void pay(creditMethod)} />
        )}

        {cash && notes.length > 0 && (
          <div className="notes" role="group" aria-label={t('payment.notes')}>
            {notes.map((note) => (
              <button
                key={note}
                type="button"
                className="note"
                disabled={isEmpty || isPricing}
                aria-label={t('payment.note', { amount: format.denomination(note) })}
                data-testid={`note-${note}`}
                onClick={() => void pay(cash, note)}
              >
                {format.denomination(note)}
              </button>
            ))}
          </div>
        )}

        <h3 className="section-title">{t('payment.payments')}</h3>
        {tenders.length === 0 ? (
          <p className="muted small">{t('payment.noPayments')}</p>
        ) : (
          <ul className="tenders" data-testid="tenders">
            {tenders.map((tender, i) => (
              <li key={i} className="tender-entry">
                <span>
                  {tender.methodName}
                  {tender.payment.reference && <span className="muted small"> · {tender.payment.reference}</span>}
                </span>
                <Money minor={tender.payment.amountMinor} />
                <button
                  type="button"
                  className="remove"
                  aria-label={t('payment.remove', { method: tender.methodName, amount: format.money(tender.payment.amountMinor) })}
                  onClick={() => removePayment(i)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}

      </div>

      <div className="payment-foot">
        {!isEmpty && <TenderSummary quote={quote} />}
        {problem && (
          <p className="alert alert-error" role="alert">
            {problem.key === 'payment.invalidAmount' ? t(problem.key, { reason: problem.reason }) : t(problem.key)}
          </p>
        )}
        <PaymentError error={paymentError} />
        <button
          type="button"
          className="button button-primary button-checkout"
          disabled={isEmpty || isCheckingOut}
          aria-keyshortcuts="F9"
          onClick={() => void checkout()}
        >
          {t('payment.checkout')}
          <kbd className="key-hint">{t('payment.checkoutKey')}</kbd>
        </button>
      </div>
    </section>
  );
}
