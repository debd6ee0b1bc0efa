// The refunds capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { refundOrder } from './refund.ts';
import { refundQuote } from './refund-quote.ts';

export const refundsMethods = {
  'orders.refund': refundOrder,
  'orders.refundQuote': refundQuote,
} satisfies MethodTable;
