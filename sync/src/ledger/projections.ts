// What the server reads from payloads beyond the postings, for the web shop: the gift
// vouchers sold (code → voucher account) and the deferred installments with their payer,
// paid and cancelled amounts. One case per event type (event-types.ts), ending in
// assertNever, over the payload its schema decoded at the push (src/shared/domain/events.ts,
// either version): a sale's vouchers and installments (payer: the buyer, as at the till),
// `deferred_settle` allocations, `payer_changed` (the payment's installments move to the
// new payer) and refunds (a negative posting on `deferred:<contact>` cancels that contact's
// open installments of the order, the furthest due first, as the till does),
// `installment_overpaid` (the excess moved to the payer's credit balance: credited_minor,
// what overpaid.ts reads so that an excess is moved once); the other
// types are postings only (invoices are not needed to pay an installment).
import { sql } from 'kysely';
import { assertNever } from '../../../src/shared/assert.ts';
import { cancelInstallments } from '../../../src/shared/domain/deferred.ts';
import type { JournalEvent, PayerChangeEvent, RefundEvent, SaleEvent, SettleEvent } from '../../../src/shared/domain/events.ts';
import type { Trx } from '../store/tx.ts';
import { customerAccountOf } from './postings.ts';

export interface ProjectedEvent {
  id: string;
  tillId: string;
  createdAtMs: number;
  event: JournalEvent;
  postings: ReadonlyMap<string, bigint>;
}

interface Pending {
  installments: { id: string; orderId: string; paymentId: string; tillId: string; eventId: string; contactId: string; seq: number; count: number; dueDate: string; amountMinor: number }[];
  vouchers: { id: string; code: string; valueMinor: number; tillId: string; eventId: string }[];
}

/**
 * Applies the events' projections in their order, inside the batch's transaction. Sales
 * are gathered and written together; any other projected event writes what is gathered
 * first, since it may touch a sale of the same batch.
 */
export async function project(trx: Trx, events: readonly ProjectedEvent[]): Promise<void> {
  const pending: Pending = { installments: [], vouchers: [] };
  for (const projected of events) {
    const event = projected.event;
    switch (event.type) {
      case 'sale':
        collectSale(event.data, projected, pending);
        break;
      case 'deferred_settle':
        await flush(trx, pending);
        await settle(trx, event.data);
        break;
      case 'payer_changed':
        await flush(trx, pending);
        await changePayer(trx, event.data);
        break;
      case 'refund':
        await flush(trx, pending);
        await cancelOnRefund(trx, event.data, projected.postings);
        break;
      case 'installment_overpaid':
        await flush(trx, pending);
        await sql`
          UPDATE installments SET credited_minor = credited_minor + ${event.data.excessMinor}::int8, credited_at_ms = ${projected.createdAtMs}::int8
          WHERE id = ${event.data.installmentId}`.execute(trx);
        break;
      // postings only: nothing the vouchers or installments hold
      case 'session_open':
      case 'pay_in':
      case 'pay_out':
      case 'session_close':
      case 'credit_fund':
      case 'credit_payout':
      case 'print':
      case 'reprint':
      case 'drawer_open':
      case 'invoice_issued':
        break;
      default:
        assertNever(event, 'event type');
    }
  }
  await flush(trx, pending);
}

function collectSale(sale: SaleEvent, event: ProjectedEvent, pending: Pending): void {
  for (const v of sale.vouchers) pending.vouchers.push({ id: v.id, code: v.code.toUpperCase(), valueMinor: v.valueMinor, tillId: event.tillId, eventId: event.id });
  const payer = sale.buyerContactId;
  if (!payer) return;
  for (const i of sale.installments) {
    pending.installments.push({ id: i.id, orderId: sale.orderId, paymentId: i.paymentId, tillId: event.tillId, eventId: event.id, contactId: payer, seq: i.seq, count: i.count, dueDate: i.dueDate, amountMinor: i.amountMinor });
  }
}

async function flush(trx: Trx, pending: Pending): Promise<void> {
  const installments = pending.installments.splice(0);
  if (installments.length > 0) {
    await sql`
      INSERT INTO installments (id, order_id, payment_id, till_id, event_id, contact_id, seq, count, due_date, amount_minor)
      SELECT * FROM unnest(${installments.map((i) => i.id)}::text[], ${installments.map((i) => i.orderId)}::text[], ${installments.map((i) => i.paymentId)}::text[],
        ${installments.map((i) => i.tillId)}::text[], ${installments.map((i) => i.eventId)}::text[], ${installments.map((i) => i.contactId)}::text[],
        ${installments.map((i) => i.seq)}::int4[], ${installments.map((i) => i.count)}::int4[], ${installments.map((i) => i.dueDate)}::text[], ${installments.map((i) => i.amountMinor)}::int8[])
      ON CONFLICT (id) DO NOTHING`.execute(trx);
  }
  const vouchers = pending.vouchers.splice(0);
  if (vouchers.length > 0) {
    await sql`
      INSERT INTO vouchers (id, code, value_minor, till_id, event_id)
      SELECT * FROM unnest(${vouchers.map((v) => v.id)}::text[], ${vouchers.map((v) => v.code)}::text[], ${vouchers.map((v) => v.valueMinor)}::int8[],
        ${vouchers.map((v) => v.tillId)}::text[], ${vouchers.map((v) => v.eventId)}::text[])
      ON CONFLICT DO NOTHING`.execute(trx);
  }
}

async function settle(trx: Trx, settlement: SettleEvent): Promise<void> {
  if (settlement.allocations.length === 0) return;
  const byInstallment = new Map<string, number>();
  for (const { installmentId, amountMinor } of settlement.allocations) byInstallment.set(installmentId, (byInstallment.get(installmentId) ?? 0) + amountMinor);
  const ids = [...byInstallment.keys()].sort();
  await sql`
    UPDATE installments i SET paid_minor = i.paid_minor + v.amount
    FROM unnest(${ids}::text[], ${ids.map((id) => byInstallment.get(id)!)}::int8[]) AS v(id, amount)
    WHERE i.id = v.id`.execute(trx);
}

async function changePayer(trx: Trx, change: PayerChangeEvent): Promise<void> {
  await trx.updateTable('installments').set({ contact_id: change.toContactId }).where('payment_id', '=', change.paymentId).execute();
}

async function cancelOnRefund(trx: Trx, refund: RefundEvent, postings: ReadonlyMap<string, bigint>): Promise<void> {
  for (const [accountId, amount] of postings) {
    const customer = customerAccountOf(accountId);
    if (customer?.kind !== 'deferred' || amount >= 0n) continue;
    const open = await sql<{ id: string; dueDate: string; openMinor: string }>`
      SELECT id, due_date AS "dueDate", (amount_minor - paid_minor - cancelled_minor)::text AS "openMinor" FROM installments
      WHERE order_id = ${refund.orderId} AND contact_id = ${customer.contactId} AND amount_minor - paid_minor - cancelled_minor > 0
      ORDER BY id FOR UPDATE`.execute(trx);
    const installments = open.rows.map((r) => ({ id: r.id, dueDate: r.dueDate, openMinor: Number(r.openMinor) }));
    const totalOpen = installments.reduce((a, i) => a + i.openMinor, 0);
    // the projection may know less than the till did: cancel what it knows to be open
    const cancelMinor = Math.min(Number(-amount), totalOpen);
    if (cancelMinor <= 0) continue;
    for (const c of cancelInstallments(cancelMinor, installments)) {
      await sql`UPDATE installments SET cancelled_minor = cancelled_minor + ${c.amountMinor}::int8 WHERE id = ${c.installmentId}`.execute(trx);
    }
  }
}
