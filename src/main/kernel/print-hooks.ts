// Where financial events hand their documents to the print queue, inside the event's own
// transaction (a sale is committed with its receipt job, or not at all; the job is sent
// after commit). The hooks are registered in the till's context (`TillContext.print`) by
// the printing runtime; a context without printing holds `noPrintHooks`.

import type { Ctx } from './context.ts';

/** What a sale's printing needs to know of it, so that the hook reads nothing back. */
export interface SalePrinted {
  orderId: string;
  sessionId: string;
  /** Cash was handed over: the drawer opens. */
  hasCash: boolean;
  /** The order has tickets: they print. */
  hasTickets: boolean;
}

export interface PrintHooks {
  /** A sale was written: its receipt and its tickets; the drawer if cash was taken. */
  onSale(ctx: Ctx, sale: SalePrinted): void;
  /** A refund was written: its receipt (the drawer if cash went out). */
  onRefund(ctx: Ctx, orderId: string, refundId: string): void;
  /** A till closed: its Z slip. */
  onSessionClosed(ctx: Ctx, zNumber: number): void;
  /** Cash paid in or out, a credit balance funded or paid out: a slip, the drawer for cash. */
  onCashSlip(ctx: Ctx, entryId: string): void;
}

/** Printing not started (tests, tools): nothing is queued. */
export const noPrintHooks: PrintHooks = Object.freeze({ onSale: () => {}, onRefund: () => {}, onSessionClosed: () => {}, onCashSlip: () => {} });
