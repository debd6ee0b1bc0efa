// Where financial events hand their documents to the print queue, inside the event's own
// transaction (a sale is committed with its receipt job, or not at all; the job is sent
// after commit). The printing module fills these in; until then they queue nothing.

import type { Ctx } from './context.ts';

export interface PrintHooks {
  /** A sale was written: its receipt and one ticket per seat; the drawer if cash was taken. */
  onSale(ctx: Ctx, orderId: string): void;
  /** A refund was written: its receipt (the drawer if cash went out). */
  onRefund(ctx: Ctx, orderId: string, refundId: string): void;
  /** A till closed: its Z slip. */
  onSessionClosed(ctx: Ctx, zNumber: number): void;
  /** Cash paid in or out, a credit balance funded or paid out: a slip, the drawer for cash. */
  onCashMovement(ctx: Ctx, entryId: string): void;
}

const none: PrintHooks = { onSale: () => {}, onRefund: () => {}, onSessionClosed: () => {}, onCashMovement: () => {} };

let hooks: PrintHooks = none;

/** Installed once by the printing module at start-up (and by its tests). */
export function installPrintHooks(next: PrintHooks): void {
  hooks = next;
}

export function printHooks(): PrintHooks {
  return hooks;
}
