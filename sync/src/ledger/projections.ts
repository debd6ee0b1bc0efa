// What the server reads from payloads beyond the postings, for the web shop: the gift
// vouchers sold (code → voucher account) and the deferred installments with their payer,
// paid and cancelled amounts. Covered: a sale's `vouchers` and `deferredItems` (payer: the
// buyer, as at the till), `deferred_settle` allocations, `payer_changed` (the payment's
// items move to the new payer) and refunds (a negative posting on `deferred:<contact>`
// cancels that contact's open items of the order, the furthest due first, as the till
// does). Not covered: invoices (not needed to pay an installment). A payload the server
// cannot read is left out of the projection, never refused: its postings are valid and a
// sale already made is never refused.
import { sql } from 'kysely';
import { z } from 'zod';
import { cancelItems } from '../../../src/shared/domain/deferred.ts';
import type { Trx } from '../store/tx.ts';
import { customerAccountOf } from './postings.ts';

export interface ProjectedEvent {
  id: string;
  tillId: string;
  type: string;
  data: Record<string, unknown>;
  postings: ReadonlyMap<string, bigint>;
}

const SaleView = z.object({
  orderId: z.string(),
  buyerContactId: z.string().nullable(),
  vouchers: z.array(z.tuple([z.string(), z.string(), z.string(), z.number().int()])).default([]),
  deferredItems: z.array(z.tuple([z.string(), z.string(), z.number().int(), z.number().int(), z.string(), z.number().int().min(0)])).default([]),
});
const SettleView = z.object({ allocations: z.array(z.tuple([z.string(), z.number().int().min(0)])) });
const PayerChangeView = z.object({ paymentId: z.string(), toContactId: z.string() });
const RefundView = z.object({ orderId: z.string() });

interface Pending {
  installments: { id: string; orderId: string; paymentId: string; tillId: string; eventId: string; contactId: string; seq: number; count: number; dueDate: string; amountMinor: number }[];
  vouchers: { id: string; code: string; valueMinor: number; tillId: string; eventId: string }[];
}

/** Applies the events' projections in their order, inside the batch's transaction. */
export async function project(trx: Trx, events: readonly ProjectedEvent[]): Promise<void> {
  const pending: Pending = { installments: [], vouchers: [] };
  for (const event of events) {
    if (event.type === 'sale') {
      collectSale(event, pending);
      continue;
    }
    if (event.type !== 'deferred_settle' && event.type !== 'payer_changed' && event.type !== 'refund') continue;
    await flush(trx, pending);
    if (event.type === 'deferred_settle') await settle(trx, event);
    else if (event.type === 'payer_changed') await changePayer(trx, event);
    else await cancelOnRefund(trx, event);
  }
  await flush(trx, pending);
}

function collectSale(event: ProjectedEvent, pending: Pending): void {
  const sale = SaleView.safeParse(event.data);
  if (!sale.success) return;
  for (const [id, , code, valueMinor] of sale.data.vouchers) pending.vouchers.push({ id, code: code.toUpperCase(), valueMinor, tillId: event.tillId, eventId: event.id });
  const payer = sale.data.buyerContactId;
  if (!payer) return;
  for (const [id, paymentId, seq, count, dueDate, amountMinor] of sale.data.deferredItems) {
    pending.installments.push({ id, orderId: sale.data.orderId, paymentId, tillId: event.tillId, eventId: event.id, contactId: payer, seq, count, dueDate, amountMinor });
  }
}

async function flush(trx: Trx, pending: Pending): Promise<void> {
  const items = pending.installments.splice(0);
  if (items.length > 0) {
    await sql`
      INSERT INTO installments (id, order_id, payment_id, till_id, event_id, contact_id, seq, count, due_date, amount_minor)
      SELECT * FROM unnest(${items.map((i) => i.id)}::text[], ${items.map((i) => i.orderId)}::text[], ${items.map((i) => i.paymentId)}::text[],
        ${items.map((i) => i.tillId)}::text[], ${items.map((i) => i.eventId)}::text[], ${items.map((i) => i.contactId)}::text[],
        ${items.map((i) => i.seq)}::int4[], ${items.map((i) => i.count)}::int4[], ${items.map((i) => i.dueDate)}::text[], ${items.map((i) => i.amountMinor)}::int8[])
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

async function settle(trx: Trx, event: ProjectedEvent): Promise<void> {
  const view = SettleView.safeParse(event.data);
  if (!view.success || view.data.allocations.length === 0) return;
  const byItem = new Map<string, number>();
  for (const [itemId, amountMinor] of view.data.allocations) byItem.set(itemId, (byItem.get(itemId) ?? 0) + amountMinor);
  const ids = [...byItem.keys()].sort();
  await sql`
    UPDATE installments i SET paid_minor = i.paid_minor + v.amount
    FROM unnest(${ids}::text[], ${ids.map((id) => byItem.get(id)!)}::int8[]) AS v(id, amount)
    WHERE i.id = v.id`.execute(trx);
}

async function changePayer(trx: Trx, event: ProjectedEvent): Promise<void> {
  const view = PayerChangeView.safeParse(event.data);
  if (!view.success) return;
  await trx.updateTable('installments').set({ contact_id: view.data.toContactId }).where('payment_id', '=', view.data.paymentId).execute();
}

async function cancelOnRefund(trx: Trx, event: ProjectedEvent): Promise<void> {
  const view = RefundView.safeParse(event.data);
  if (!view.success) return;
  for (const [accountId, amount] of event.postings) {
    const customer = customerAccountOf(accountId);
    if (customer?.kind !== 'deferred' || amount >= 0n) continue;
    const open = await sql<{ id: string; dueDate: string; openMinor: string }>`
      SELECT id, due_date AS "dueDate", (amount_minor - paid_minor - cancelled_minor)::text AS "openMinor" FROM installments
      WHERE order_id = ${view.data.orderId} AND contact_id = ${customer.contactId} AND amount_minor - paid_minor - cancelled_minor > 0
      ORDER BY id FOR UPDATE`.execute(trx);
    const items = open.rows.map((r) => ({ id: r.id, dueDate: r.dueDate, openMinor: Number(r.openMinor) }));
    const totalOpen = items.reduce((a, i) => a + i.openMinor, 0);
    // the projection may know less than the till did: cancel what it knows to be open
    const cancelMinor = Math.min(Number(-amount), totalOpen);
    if (cancelMinor <= 0) continue;
    for (const c of cancelItems(cancelMinor, items)) {
      await sql`UPDATE installments SET cancelled_minor = cancelled_minor + ${c.amountMinor}::int8 WHERE id = ${c.itemId}`.execute(trx);
    }
  }
}
