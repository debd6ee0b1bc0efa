// Puts documents in the print queue inside the transaction of the event they belong to
// (a sale commits with its receipt, tickets and drawer pulse, or not at all); the queue
// sends them after the commit. Registered in the till's context as its print hooks
// (runtime.ts).
import { stmt, type Db } from '../../kernel/db/connection.ts';
import type { PrintHooks } from '../../kernel/print-hooks.ts';
import type { TillContext } from '../../kernel/context.ts';
import { insertJob, type JobKind, type JobRow, type NewJob } from './jobs-store.ts';
import { drawerPrinter, printerFor, type DocumentClass } from './printers-store.ts';
import { printingOf } from '../registration.ts';

/** A drawer pulse not sent within this time is dropped: a drawer opening later is a risk. */
export const drawerPulseTtlMs = 60_000;

export const documentClassOf: Record<Exclude<JobKind, 'drawer' | 'test_print'>, DocumentClass> = {
  receipt: 'receipt',
  refund_receipt: 'receipt',
  cash_slip: 'receipt',
  invoice_copy: 'receipt',
  tickets: 'ticket',
  x_report: 'report',
  z_report: 'report',
};

/** After the current call returns, that is after its transaction has committed, this till's queue takes what was queued. */
export function wakeQueue(till: TillContext): void {
  const printing = printingOf(till);
  if (printing) setImmediate(printing.wake);
}

type Fields = Omit<NewJob, 'id' | 'till_id' | 'created_at_ms' | 'printer_id' | 'created_by'>;

export function queueJob(till: TillContext, userId: string, printerId: string, fields: Fields & { kind: JobKind }): JobRow {
  const now = till.clock.nowMs();
  const job = insertJob(till.db, { ...fields, id: till.ids.ulid(), till_id: till.tillId, printer_id: printerId, created_by: userId, created_at_ms: now }, till.ids.ulid());
  wakeQueue(till);
  return job;
}

function queueDocument(till: TillContext, userId: string, fields: Fields & { kind: Exclude<JobKind, 'drawer' | 'test_print'> }): void {
  const printer = printerFor(till.db, documentClassOf[fields.kind]);
  if (printer) queueJob(till, userId, printer.id, fields);
}

function queueDrawer(till: TillContext, userId: string, sessionId: string | null, reason: string): void {
  const printer = drawerPrinter(till.db);
  if (printer) queueJob(till, userId, printer.id, { kind: 'drawer', session_id: sessionId, payload: JSON.stringify({ reason }), expires_at_ms: till.clock.nowMs() + drawerPulseTtlMs });
}

/** Whether any printer is active, kept in the till's configuration cache until the printers change. */
function hasActivePrinter(till: TillContext): boolean {
  return till.config.memo('printing.hasActivePrinter', () => stmt(till.db, 'SELECT 1 FROM printers WHERE active = 1 LIMIT 1').get() !== undefined);
}

function sessionOfEntry(db: Db, entryId: string): string | null {
  return (stmt(db, 'SELECT session_id FROM journal WHERE id = ?').get(entryId) as { session_id: string | null } | undefined)?.session_id ?? null;
}

export const printingHooks: PrintHooks = {
  onSale(ctx, sale) {
    // nothing read back inside the sale's transaction, and no statement at all when the till has no printer
    if (!hasActivePrinter(ctx)) return;
    if (sale.hasCash) queueDrawer(ctx, ctx.actor.userId, sale.sessionId, 'sale');
    queueDocument(ctx, ctx.actor.userId, { kind: 'receipt', order_id: sale.orderId, session_id: sale.sessionId });
    if (sale.hasTickets) queueDocument(ctx, ctx.actor.userId, { kind: 'tickets', order_id: sale.orderId, session_id: sale.sessionId });
  },
  onRefund(ctx, _orderId, refundId) {
    const refund = stmt(ctx.db, 'SELECT session_id FROM refunds WHERE id = ?').get(refundId) as { session_id: string };
    const hasCash = stmt(ctx.db, "SELECT 1 FROM refund_payments rp JOIN payment_methods m ON m.id = rp.method_id WHERE rp.refund_id = ? AND m.type = 'cash' LIMIT 1").get(refundId);
    if (hasCash) queueDrawer(ctx, ctx.actor.userId, refund.session_id, 'refund');
    queueDocument(ctx, ctx.actor.userId, { kind: 'refund_receipt', refund_id: refundId, session_id: refund.session_id });
  },
  onSessionClosed(ctx, zNumber) {
    const closing = stmt(ctx.db, 'SELECT session_id FROM session_closings WHERE till_id = ? AND z_number = ?').get(ctx.tillId, zNumber) as { session_id: string };
    queueDocument(ctx, ctx.actor.userId, { kind: 'z_report', z_number: zNumber, session_id: closing.session_id });
  },
  onCashSlip(ctx, entryId) {
    const sessionId = sessionOfEntry(ctx.db, entryId);
    const isCash = stmt(
      ctx.db,
      "SELECT 1 FROM postings p JOIN accounts a ON a.id = p.account_id JOIN payment_methods m ON m.id = a.method_id WHERE p.entry_id = ? AND a.kind = 'till' AND m.type = 'cash' LIMIT 1",
    ).get(entryId);
    if (isCash) queueDrawer(ctx, ctx.actor.userId, sessionId, 'cash_movement');
    queueDocument(ctx, ctx.actor.userId, { kind: 'cash_slip', entry_id: entryId, session_id: sessionId });
  },
};
