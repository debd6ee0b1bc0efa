// The refunds capability's public surface: what other folders may use of it.
export { refundsMethods } from './methods.ts';
export { refundOrder } from './refund.ts';
export { refundQuote } from './refund-quote.ts';
