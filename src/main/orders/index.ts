// The orders capability's public surface: what other folders may use of it.
export { ordersMethods } from './methods.ts';
export { assembleOrderView, orderLines, orderPayments, orderView, refundedByMethod, refundedPerPayment } from './order-view.ts';
export type { LineRow, OrderParts, OrderRow, PaymentRow, TicketRow, VoucherRow } from './order-view.ts';
export { getOrder, listOrders } from './orders.ts';
