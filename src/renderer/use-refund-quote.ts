// The refund quote of the lines and tickets chosen (orders.refundQuote), asked again
// whenever the choice changes; an answer to an older choice is dropped. Nothing chosen: no quote.
import { useEffect, useState } from 'react';
import type { ApiError } from '../shared/api/errors.ts';
import { call } from './api-client.ts';
import type { RefundQuote } from './types.ts';

export interface RefundQuoteState {
  quote: RefundQuote | null;
  error: ApiError | null;
}

export function useRefundQuote(orderId: string, lines: readonly { orderLineId: string; quantity: number }[], tickets: readonly string[], isWanted: boolean): RefundQuoteState {
  const [state, setState] = useState<RefundQuoteState & { key: string }>({ key: '', quote: null, error: null });
  const key = isWanted && (lines.length > 0 || tickets.length > 0) ? JSON.stringify([orderId, lines, tickets]) : '';

  useEffect(() => {
    if (key === '') return;
    let isCurrent = true;
    void call('orders.refundQuote', { orderId, lines: [...lines], ...(tickets.length > 0 ? { tickets: [...tickets] } : {}) }).then((result) => {
      if (!isCurrent) return;
      setState(result.ok ? { key, quote: result.value, error: null } : { key, quote: null, error: result.error });
    });
    return () => {
      isCurrent = false;
    };
    // the key says all the effect reads (the order and the lines chosen)
  }, [key]);

  // nothing chosen shows nothing, at once; another choice shows the last answer until its own comes
  return key === '' ? { quote: null, error: null } : { quote: state.quote, error: state.error };
}
