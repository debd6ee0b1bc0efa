// The records of shared objects a batch moved, published to every till with the batch
// (issue 15 point 2, D2): each gift voucher sold or spent — at a till or online — as a
// `voucher` record, its remaining value the server's balance of voucher:<id> after the
// batch. A voucher spent past its value (channels selling offline) carries overspentMinor,
// the flag a supervisor reads, and is logged. Each installment a batch created or changed
// (sold on account, settled, refunded, moved to another payer) as an `installment` record
// (issue 15 point 3): a till shows an installment paid online as paid after its pull. One
// collected twice carries overpaidMinor, and creditedMinor once the server moved the excess
// to the payer's credit balance (ledger/overpaid.ts).
import { sql } from 'kysely';
import { spentSharedAccounts } from '../holds.ts';
import type { RecordWrite } from '../records.ts';
import { int } from '../store/schema.ts';
import type { Trx } from '../store/tx.ts';
import { voucherStates } from '../shop/vouchers.ts';
import { decodeEvent, type JournalEvent } from '../../../src/shared/domain/events.ts';

/** The vouchers whose liability any of the events posted on, as records (after the projection wrote the batch's new vouchers). */
export async function voucherRecords(trx: Trx, events: readonly { postings: ReadonlyMap<string, bigint> }[], log: (message: string) => void): Promise<RecordWrite<'voucher'>[]> {
  const ids = new Set<string>();
  for (const event of events) for (const accountId of event.postings.keys()) if (accountId.startsWith('voucher:')) ids.add(accountId.slice('voucher:'.length));
  if (ids.size === 0) return [];
  const states = await voucherStates(trx, { ids: [...ids].sort() });
  for (const s of states) if (s.overspentMinor > 0) log(`voucher overspent: ${s.code} (${s.id}) spent ${s.overspentMinor} past its value`);
  return states.map((state) => ({ kind: 'voucher', id: state.id, body: state }));
}

/** What installmentRecords reads of an event: its type, payload and postings. */
interface InstallmentEvent {
  id: string;
  tillId: string;
  postings: ReadonlyMap<string, bigint>;
  /** The payload as its schema decoded it. */
  event: JournalEvent;
}

/**
 * The installments a batch created or changed (issue 15 point 3), as records, after the
 * projection: those of the orders its sales, refunds and payer changes name, and those its
 * settlements pay. One paid beyond its amount (two channels collected it) is logged.
 */
export async function installmentRecords(trx: Trx, events: readonly InstallmentEvent[], log: (message: string) => void): Promise<RecordWrite<'installment'>[]> {
  const orderIds = new Set<string>();
  const installmentIds = new Set<string>();
  for (const event of events) {
    // only events on a deferred account touch installments: a batch of cash sales costs no statement here
    const isOnAccount = [...event.postings.keys()].some((accountId) => accountId.startsWith('deferred:'));
    const { event: decoded } = event;
    if (isOnAccount && (decoded.type === 'sale' || decoded.type === 'refund' || decoded.type === 'payer_changed')) orderIds.add(decoded.data.orderId);
    for (const accountId of spentSharedAccounts(event)) if (accountId.startsWith('installment:')) installmentIds.add(accountId.slice('installment:'.length));
    // an installment's excess moved to its payer's credit balance (ADR 0013): published with what was moved, and when
    if (decoded.type === 'installment_overpaid') installmentIds.add(decoded.data.installmentId);
    // an invoice issued at a till: its installments are published with its number and reference (version 2, as before: a version 1 invoice names them `items`, which were never read here)
    if (decoded.type === 'invoice_issued' && decoded.version === 2) for (const ask of decoded.data.installments) installmentIds.add(ask.installmentId);
  }
  if (orderIds.size === 0 && installmentIds.size === 0) return [];
  const rows = await sql<InstallmentRow>`
    SELECT i.id, i.order_id, i.till_id, i.contact_id, i.seq, i.count, i.due_date, i.amount_minor::text AS amount_minor, i.paid_minor::text AS paid_minor,
      i.cancelled_minor::text AS cancelled_minor, i.credited_minor::text AS credited_minor, i.credited_at_ms::text AS credited_at_ms, COALESCE(e.payload::json->>'number', '') AS order_number, e.type AS sale_type, e.payload AS sale_payload,
      e.created_at_ms::text AS sold_at_ms, (SELECT SUM(o.amount_minor) FROM installments o WHERE o.order_id = i.order_id)::text AS on_account_minor,
      (SELECT (v.payload::jsonb || jsonb_build_object('issuedAtMs', v.created_at_ms))::text FROM events v WHERE v.type = 'invoice_issued' AND v.payload::json->>'contactId' = i.contact_id AND v.payload::json->>'kind' = 'invoice'
         AND position(i.id in v.payload) > 0 ORDER BY v.received_at_ms DESC, v.id DESC LIMIT 1) AS invoice_payload
    FROM installments i JOIN events e ON e.id = i.event_id
    WHERE i.id IN (SELECT id FROM installments WHERE order_id = ANY(${[...orderIds]}::text[]) UNION SELECT unnest(${[...installmentIds]}::text[]))
    ORDER BY i.id`.execute(trx);
  // an order's installments share its sale: read once
  const orders = new Map<string, ReturnType<typeof orderOf>>();
  return rows.rows.map((r) => {
    if (!orders.has(r.order_id)) orders.set(r.order_id, orderOf(r));
    const amountMinor = int(r.amount_minor);
    const paidMinor = int(r.paid_minor);
    const cancelledMinor = int(r.cancelled_minor);
    const overpaidMinor = Math.max(paidMinor + cancelledMinor - amountMinor, 0);
    const creditedMinor = int(r.credited_minor);
    if (overpaidMinor > creditedMinor) log(`installment collected twice: ${r.id} of order ${r.order_number || r.order_id} paid ${overpaidMinor} past its amount`);
    const invoice = r.invoice_payload ? invoiceOf(r.id, r.invoice_payload) : null;
    const body = {
      id: r.id, orderId: r.order_id, orderNumber: r.order_number, channel: r.till_id, contactId: r.contact_id, seq: r.seq, count: r.count, dueDate: r.due_date,
      amountMinor, paidMinor, cancelledMinor, overpaidMinor, creditedMinor, creditedAtMs: r.credited_at_ms === null ? null : int(r.credited_at_ms), invoiceNumber: invoice?.number ?? null, reference: invoice?.reference ?? '',
      invoiceId: invoice?.invoiceId ?? null, invoiceIssuedAtMs: invoice?.issuedAtMs ?? null, invoiceDueDate: invoice?.dueDate ?? null, invoiceAskedMinor: invoice?.askedMinor ?? null, order: orders.get(r.order_id),
    };
    return { kind: 'installment' as const, id: r.id, body };
  });
}

/**
 * The invoice that asks an installment, as a till settles by it and credits it: its number,
 * reference, id, issue time (the event's), due date and what it asks of this installment.
 */
function invoiceOf(installmentId: string, text: string): { number: string; reference: string; invoiceId: string; issuedAtMs: number; dueDate: string; askedMinor: number | null } {
  const payload = JSON.parse(text) as { number: string; reference: string; invoiceId: string; issuedAtMs: number | string; dueDate: string; installments?: { installmentId: string; amountMinor: number }[] };
  const ask = payload.installments?.find((a) => a.installmentId === installmentId);
  return { number: payload.number, reference: payload.reference, invoiceId: payload.invoiceId, issuedAtMs: Number(payload.issuedAtMs), dueDate: payload.dueDate, askedMinor: ask?.amountMinor ?? null };
}

/** What an invoice of the installment needs of its order, read from the sale that sold it (the journal keeps no line's detail: none). */
function orderOf(r: InstallmentRow) {
  const decoded = decodeEvent(r.sale_type, r.sale_payload);
  if (!decoded.ok || decoded.event.type !== 'sale') return undefined;
  const sale = decoded.event.data;
  const lines = sale.lines.map((l) => ({ id: l.id, kind: l.kind, label: l.label, detail: '', quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, vatRateBp: l.vatRateBp, vatMinor: l.vatMinor }));
  return { createdAtMs: int(r.sold_at_ms), totalMinor: sale.totalMinor, onAccountMinor: int(r.on_account_minor), lines };
}

interface InstallmentRow {
  id: string;
  order_id: string;
  till_id: string;
  contact_id: string;
  seq: number;
  count: number;
  due_date: string;
  amount_minor: string;
  paid_minor: string;
  cancelled_minor: string;
  credited_minor: string;
  credited_at_ms: string | null;
  order_number: string;
  sale_type: string;
  sale_payload: string;
  sold_at_ms: string;
  on_account_minor: string;
  invoice_payload: string | null;
}
