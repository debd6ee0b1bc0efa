// The box office's installments as this till knows them (issue 15 point 3, D3): every
// installment the server published (sold on account at any till or online) with what every
// channel paid and cancelled of it, as of the seq of this till's journal the server held;
// and, for an installment sold here, what this till itself had paid of it up to that seq.
// An installment of this till paid online (or at another till) is then open here for the
// server's open amount less what this till paid since: it shows paid after the pull, and a
// settlement here no longer allocates to it (installments/installments.ts).
import type { z } from 'zod';
import type { Head } from '../../shared/api/sync-schemas.ts';
import type { InstallmentRecord } from '../../shared/api/sync-records.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { institutionOf } from '../kernel/config.ts';
import { isOffline, syncState } from './state.ts';

/** Writes a pulled installment with what this till had paid of it up to the seq the server held (the pull's tillHead). */
export function keepInstallment(db: Db, i: z.infer<typeof InstallmentRecord>, tillHead: Head, nowMs: number): void {
  const paidHere = stmt(
    db,
    `SELECT COALESCE(SUM(a.amount_minor), 0) AS total FROM settlement_allocations a JOIN settlements s ON s.id = a.settlement_id JOIN journal j ON j.id = s.entry_id
     WHERE a.item_id = ? AND j.seq <= ?`,
  ).get(i.id, tillHead.seq) as { total: number };
  stmt(
    db,
    `INSERT INTO known_installments (id, order_id, order_number, channel, contact_id, seq, count, due_date, amount_minor, paid_minor, cancelled_minor, invoice_number, reference,
       invoice_id, invoice_issued_at_ms, invoice_due_date, invoice_asked_minor, till_seq, local_paid_at_snapshot, pulled_at_ms)
     VALUES (@id, @orderId, @orderNumber, @channel, @contactId, @seq, @count, @dueDate, @amountMinor, @paidMinor, @cancelledMinor, @invoiceNumber, @reference,
       @invoiceId, @invoiceIssuedAtMs, @invoiceDueDate, @invoiceAskedMinor, @tillSeq, @paidHere, @nowMs)
     ON CONFLICT (id) DO UPDATE SET contact_id = excluded.contact_id, paid_minor = excluded.paid_minor, cancelled_minor = excluded.cancelled_minor,
       till_seq = excluded.till_seq, local_paid_at_snapshot = excluded.local_paid_at_snapshot, pulled_at_ms = excluded.pulled_at_ms,
       invoice_number = COALESCE(excluded.invoice_number, known_installments.invoice_number),
       reference = CASE WHEN excluded.invoice_number IS NULL THEN known_installments.reference ELSE excluded.reference END,
       invoice_id = CASE WHEN excluded.invoice_number IS NULL THEN known_installments.invoice_id ELSE excluded.invoice_id END,
       invoice_issued_at_ms = CASE WHEN excluded.invoice_number IS NULL THEN known_installments.invoice_issued_at_ms ELSE excluded.invoice_issued_at_ms END,
       invoice_due_date = CASE WHEN excluded.invoice_number IS NULL THEN known_installments.invoice_due_date ELSE excluded.invoice_due_date END,
       invoice_asked_minor = CASE WHEN excluded.invoice_number IS NULL THEN known_installments.invoice_asked_minor ELSE excluded.invoice_asked_minor END`,
  ).run({
    id: i.id,
    orderId: i.orderId,
    orderNumber: i.orderNumber,
    channel: i.channel,
    contactId: i.contactId,
    seq: i.seq,
    count: i.count,
    dueDate: i.dueDate,
    amountMinor: i.amountMinor,
    paidMinor: i.paidMinor,
    cancelledMinor: i.cancelledMinor,
    invoiceNumber: i.invoiceNumber ?? null,
    reference: i.reference ?? '',
    invoiceId: i.invoiceId ?? null,
    invoiceIssuedAtMs: i.invoiceIssuedAtMs ?? null,
    invoiceDueDate: i.invoiceDueDate ?? null,
    invoiceAskedMinor: i.invoiceAskedMinor ?? null,
    tillSeq: tillHead.seq,
    paidHere: paidHere.total,
    nowMs,
  });
  if (i.order) keepOrder(db, i, i.order, nowMs);
}

/** Another channel's order as an invoice of it needs it (known_orders): its header and lines, its payer now. */
function keepOrder(db: Db, i: z.infer<typeof InstallmentRecord>, order: NonNullable<z.infer<typeof InstallmentRecord>['order']>, nowMs: number): void {
  stmt(
    db,
    `INSERT INTO known_orders (id, number, channel, payer_contact_id, created_at_ms, currency, total_minor, on_account_minor, body, pulled_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET payer_contact_id = excluded.payer_contact_id, on_account_minor = excluded.on_account_minor, body = excluded.body, pulled_at_ms = excluded.pulled_at_ms`,
  ).run(i.orderId, i.orderNumber, i.channel, i.contactId, order.createdAtMs, institutionOf(db).currency, order.totalMinor, order.onAccountMinor, JSON.stringify({ lines: order.lines }), nowMs);
}

/** Online on an enrolled till, an installment the server published (other channels may pay it) is paid only under a hold. */
export function needsInstallmentHold(db: Db, installmentId: string): boolean {
  const isKnown = stmt(db, 'SELECT 1 FROM known_installments WHERE id = ?').get(installmentId) !== undefined;
  return isKnown && syncState(db).token !== null && !isOffline(db);
}

interface OverpaidRow {
  id: string;
  order_id: string;
  order_number: string;
  channel: string;
  contact_id: string;
  name: string | null;
  first_name: string | null;
  seq: number;
  count: number;
  amount_minor: number;
  paid_minor: number;
  cancelled_minor: number;
  credited_minor: number | null;
  credited_at_ms: number | null;
  pulled_at_ms: number;
}

/**
 * The installments the server flagged as collected twice (paid past their amount, two
 * channels settling them offline: ADR 0013), the most recently pulled first, with what the
 * server moved of the excess to the payer's credit balance and when: its installment_overpaid
 * entries, pulled here as movements of that credit balance (linked to the order, the
 * installment named by its reference `seq/count`, as the server's movements write it).
 */
export function overpaidInstallments(db: Db): OverpaidRow[] {
  return stmt(
    db,
    `SELECT k.id, k.order_id, k.order_number, k.channel, k.contact_id, c.name, c.first_name, k.seq, k.count, k.amount_minor, k.paid_minor, k.cancelled_minor, k.pulled_at_ms,
       m.credited_minor, m.credited_at_ms
     FROM known_installments k LEFT JOIN contacts c ON c.id = k.contact_id
     LEFT JOIN (SELECT contact_id, order_id, reference, -SUM(amount_minor) AS credited_minor, MAX(at_ms) AS credited_at_ms FROM known_movements
       WHERE kind = 'credit' AND entry_type = 'installment_overpaid' GROUP BY contact_id, order_id, reference) m
       ON m.contact_id = k.contact_id AND m.order_id = k.order_id AND m.reference = k.seq || '/' || k.count
     WHERE k.paid_minor + k.cancelled_minor > k.amount_minor
     ORDER BY k.pulled_at_ms DESC, k.id`,
  ).all() as OverpaidRow[];
}

/**
 * The payer of an invoice another till or the web shop issued, by its number or an
 * installment's payment reference, as the pulled installments say (null: none known).
 * A supervisor finds an account by an invoice's number at any till, not only at the till
 * that issued it.
 */
export function payerOfKnownInvoice(db: Db, text: string): string | null {
  const row = stmt(db, 'SELECT contact_id FROM known_installments WHERE invoice_number = ? OR (reference <> \'\' AND reference = ?) LIMIT 1').get(text.trim().toUpperCase(), text.replace(/\s/g, '').toUpperCase()) as { contact_id: string } | undefined;
  return row?.contact_id ?? null;
}
