// The refund being prepared on an order: quantities, the amount typed per destination,
// the reason, and its request id (any edit is a new request), with the services' quote of
// the lines chosen. The amounts shown untyped are the quote's proposal.
import { useState } from 'react';
import { ulid } from 'ulid';
import type { ApiError } from '../shared/api/errors.ts';
import { chosenLines, shareTexts, type RefundQuantities } from './refund-view.ts';
import type { OrderView } from './types.ts';
import { useRefundQuote } from './use-refund-quote.ts';

export type RefundProblem = { key: 'refund.split'; paid: number; due: number } | { key: 'refund.reasonMissing' } | { key: 'payment.invalidAmount'; reason: string };

export function useRefundDraft(order: OrderView, mayRefund: boolean, amount: (minor: number) => string) {
  const [quantities, setQuantities] = useState<RefundQuantities>({});
  const [amountTexts, setAmountTexts] = useState<Record<string, string> | null>(null);
  const [reason, setReasonText] = useState('');
  const [problem, setProblem] = useState<RefundProblem | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isDone, setDone] = useState(false);
  const [requestId, setRequestId] = useState(() => ulid());
  const lines = chosenLines(order, quantities);
  const { quote, error: quoteError } = useRefundQuote(order.id, lines, mayRefund);
  const proposalTexts = quote ? shareTexts(quote.destinations, quote.proposal, amount) : {};
  const textOf = (methodId: string) => amountTexts?.[methodId] ?? proposalTexts[methodId] ?? '';

  /** Any change to what is refunded is a new request. */
  const edited = () => {
    setRequestId(ulid());
    setProblem(null);
    setError(null);
    setDone(false);
  };
  return {
    quantities, lines, quote, quoteError, textOf, reason, problem, error, isDone, requestId,
    setProblem, setError,
    setQuantity(lineId: string, quantity: number) {
      setQuantities((q) => ({ ...q, [lineId]: quantity }));
      setAmountTexts(null);
      edited();
    },
    setText(methodId: string, text: string) {
      if (!quote) return;
      setAmountTexts({ ...Object.fromEntries(quote.destinations.map((d) => [d.methodId, textOf(d.methodId)])), [methodId]: text });
      edited();
    },
    /** The whole total to the buyer's credit balance (the common case), or back to the proposal. */
    chooseCredit(isAllToCredit: boolean) {
      if (!quote?.toCredit) return;
      setAmountTexts(isAllToCredit ? shareTexts(quote.destinations, quote.toCredit, amount) : null);
      edited();
    },
    setReason(text: string) {
      setReasonText(text);
      edited();
    },
    /** After the refund: a blank form, saying it was done. */
    finish() {
      setQuantities({});
      setAmountTexts(null);
      setReasonText('');
      setRequestId(ulid());
      setDone(true);
    },
  };
}
