// The refund being prepared on an order: quantities (lines without tickets), the tickets
// ticked (a ticket line: exactly those are refunded, issue 17), the amount typed per
// destination, the reason, and its request id (any edit is a new request), with the
// services' quote of what is chosen. The amounts shown untyped are the quote's proposal.
import { useEffect, useState } from 'react';
import { ulid } from 'ulid';
import type { ApiError } from '../shared/api/errors.ts';
import { chosenLines, shareTexts, tickForQuantity, ticketsChosen, type RefundQuantities } from './refund-view.ts';
import type { OrderView } from './types.ts';
import { useRefundQuote } from './use-refund-quote.ts';

export type RefundProblem = { key: 'refund.split'; paid: number; due: number } | { key: 'refund.reasonMissing' } | { key: 'payment.invalidAmount'; reason: string };

/** `scannedTicketId`: a ticket found by its barcode, ticked as it comes (each scan adds one). */
export function useRefundDraft(order: OrderView, mayRefund: boolean, amount: (minor: number) => string, scannedTicketId: string | null = null) {
  const [quantities, setQuantities] = useState<RefundQuantities>({});
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set(scannedTicketId ? [scannedTicketId] : []));
  const [amountTexts, setAmountTexts] = useState<Record<string, string> | null>(null);
  const [reason, setReasonText] = useState('');
  const [problem, setProblem] = useState<RefundProblem | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isDone, setDone] = useState(false);
  const [requestId, setRequestId] = useState(() => ulid());
  const lines = chosenLines(order, quantities);
  const tickets = ticketsChosen(order, ticked);
  const { quote, error: quoteError } = useRefundQuote(order.id, lines, tickets, mayRefund);
  const proposalTexts = quote ? shareTexts(quote.destinations, quote.proposal, amount) : {};
  const textOf = (methodId: string) => amountTexts?.[methodId] ?? proposalTexts[methodId] ?? '';

  /** Any change to what is refunded is a new request. */
  const edited = () => {
    setRequestId(ulid());
    setProblem(null);
    setError(null);
    setDone(false);
  };
  useEffect(() => {
    if (!scannedTicketId) return;
    setTicked((t) => new Set([...t, scannedTicketId]));
    setAmountTexts(null);
    setRequestId(ulid());
    setDone(false);
  }, [scannedTicketId]);
  return {
    quantities, ticked, lines, tickets, quote, quoteError, textOf, reason, problem, error, isDone, requestId,
    setProblem, setError,
    setQuantity(lineId: string, quantity: number) {
      if (order.lines.find((l) => l.id === lineId)?.kind === 'ticket') setTicked((t) => tickForQuantity(order, lineId, quantity, t));
      else setQuantities((q) => ({ ...q, [lineId]: quantity }));
      setAmountTexts(null);
      edited();
    },
    setTicket(ticketId: string, isTicked: boolean) {
      setTicked((t) => {
        const next = new Set(t);
        if (isTicked) next.add(ticketId);
        else next.delete(ticketId);
        return next;
      });
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
      setTicked(new Set());
      setAmountTexts(null);
      setReasonText('');
      setRequestId(ulid());
      setDone(true);
    },
  };
}
