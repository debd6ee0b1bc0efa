// Split tender: payments by method (typed amount, else what is still due), cash notes
// handed over, and what the services say of them — paid, still due, cash due (rounded to
// the cash step), change, rounding, what the credit balance can still pay. F8 amount,
// Alt+n method n, F9 takes the payment. Every payment action waits for the basket's
// pricing in flight (afterPricing): none is lost, none uses an older quote. One message at
// a time: the latest. A change above what is plausible or what the drawer holds is
// confirmed before selling (payment-view.ts changeDoubt).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseMoney } from '../../shared/money/parse.ts';
import { useFormat } from '../format.ts';
import { changeDoubt, dueFor, isPayable, notesOf, type ChangeDoubt } from '../payment-view.ts';
import { methodChord, methodChordsMax, sellingChords } from '../shortcuts.ts';
import { useBasket } from '../stores/basket-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import { useSystem } from '../stores/system-store.ts';
import type { PaymentMethod, Quote } from '../types.ts';
import { useNumberedShortcuts, useShortcut } from '../use-shortcut.ts';
import { contactName } from './contact-list.tsx';
import { ChangeConfirm, CreditOffer, MethodButtons, NoteButtons, PaymentFoot, PaymentInputs, type LocalProblem } from './payment-parts.tsx';

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
