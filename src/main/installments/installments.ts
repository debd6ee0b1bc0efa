// The deferred account's installments (what deferred payments ask to be paid, by due date):
// reading them with their state, and the writes that keep that state (open amount, payer).
// The tables keep the names migration 004 shipped: deferred_items and deferred_item_state
// (item_id) hold installments; renaming them would need a migration for no behaviour.
import { assert } from '../../shared/assert.ts';
import type { z } from 'zod';
import type { Installment } from '../../shared/api/schemas.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';

export type InstallmentView = z.infer<typeof Installment>;

interface InstallmentRow {
  id: string;
  order_id: string;
  order_number: string;
  order_created_at_ms: number;
  payment_id: string;
  seq: number;
  count: number;
  due_date: string;
  amount_minor: number;
  paid: number;
  cancelled: number;
  open_minor: number;
  payer_contact_id: string;
  invoice_id: string | null;
  invoice_number: string | null;
}

/** The invoice an installment is on now: an invoice (not a credit note) that was not cancelled as a whole (a refund's credit note leaves it current). */
const currentInvoice = `
  SELECT inv.id FROM invoice_items ii JOIN invoices inv ON inv.id = ii.invoice_id
  WHERE ii.item_id = i.id AND inv.kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.cancels_invoice_id = inv.id AND c.refund_id IS NULL)`;

/** What this till's refunds cancelled of its own installment past the seq the server held (the server's figure does not count them yet). */
const cancelledHereSince = `
  (SELECT COALESCE(SUM(c.amount_minor), 0) FROM item_cancellations c JOIN refunds r ON r.id = c.refund_id JOIN journal j ON j.id = r.entry_id
   WHERE c.item_id = i.id AND j.seq > k.till_seq)`;

/**
 * What is open of an installment: this till's own state, unless the server says another
 * channel paid it (issue 15 point 3: paid online, or at another till): then the server's
 * open amount less what this till paid and cancelled of it since the server's figure (known_installments).
 */
const openHere = `
  CASE WHEN k.id IS NULL THEN s.open_minor
       ELSE MIN(s.open_minor, MAX(k.amount_minor - k.paid_minor - k.cancelled_minor - (s.paid_minor - k.local_paid_at_snapshot) - ${cancelledHereSince}, 0)) END`;

/**
 * An installment sold here and invoiced at another till (issue 15 point 3: any till invoices
 * any channel's order): the number the server published, when it is none of this till's
 * own invoices. It is invoiced: not to be invoiced here a second time.
 */
const invoicedElsewhere = `
  (CASE WHEN k.invoice_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM invoices WHERE number = k.invoice_number) THEN k.invoice_number END)`;

const installmentSelect = `
  SELECT i.id, i.order_id, o.number AS order_number, o.created_at_ms AS order_created_at_ms, i.payment_id, i.seq, i.count, i.due_date, i.amount_minor,
         s.paid_minor + s.open_minor - (${openHere}) AS paid, s.cancelled_minor AS cancelled, (${openHere}) AS open_minor, s.payer_contact_id,
         (${currentInvoice}) AS invoice_id,
         COALESCE((SELECT number FROM invoices WHERE id = (${currentInvoice})), ${invoicedElsewhere}) AS invoice_number
  FROM deferred_items i JOIN deferred_item_state s ON s.item_id = i.id JOIN orders o ON o.id = i.order_id LEFT JOIN known_installments k ON k.id = i.id`;

function toView(row: InstallmentRow, today: string): InstallmentView {
  assert(row.amount_minor - row.paid - row.cancelled === row.open_minor, `installment ${row.id}: open = amount − paid − cancelled`);
  return {
    id: row.id,
    orderId: row.order_id,
    orderNumber: row.order_number,
    orderCreatedAtMs: row.order_created_at_ms,
    paymentId: row.payment_id,
    seq: row.seq,
    count: row.count,
    dueDate: row.due_date,
    amountMinor: row.amount_minor,
    paidMinor: row.paid,
    cancelledMinor: row.cancelled,
    openMinor: row.open_minor,
    isOverdue: row.open_minor > 0 && row.due_date < today,
    payerContactId: row.payer_contact_id,
    invoiceId: row.invoice_id,
    invoiceNumber: row.invoice_number,
  };
}

export function installmentsOfOrder(db: Db, orderId: string, today: string): InstallmentView[] {
  return (stmt(db, `${installmentSelect} WHERE i.order_id = ? ORDER BY i.payment_id, i.seq`).all(orderId) as InstallmentRow[]).map((r) => toView(r, today));
}

/**
 * A deferred payment's installments with what is open of them box-office wide (what other
 * channels paid of them taken off): what a refund on account may cancel, as the server
 * will (it cancels no more than it knows open).
 */
export function openInstallmentsOfPayment(db: Db, paymentId: string): { id: string; dueDate: string; openMinor: number }[] {
  return stmt(db, `SELECT id, due_date AS dueDate, open_minor AS openMinor FROM (${installmentSelect} WHERE i.payment_id = ?)`).all(paymentId) as { id: string; dueDate: string; openMinor: number }[];
}

/** What this till paid of another channel's installment in its settlements past the seq the server held (their payloads name it). */
const paidHereSince = `
  (SELECT COALESCE(SUM(json_extract(a.value, '$.amountMinor')), 0) FROM journal j, json_each(j.payload, '$.allocations') a
   WHERE j.type = 'deferred_settle' AND j.seq > k.till_seq AND json_extract(a.value, '$.installmentId') = k.id)`;

/**
 * Another channel's installments (a web order on account, another till's sale), as the
 * server last published them (issue 15 point 3), less what this till paid of them since.
 * The pull does not say when the order was sold nor its payment: the due date orders them,
 * and the order stands for its payment.
 */
const otherChannelsOpen = `MAX(k.amount_minor - k.paid_minor - k.cancelled_minor - ${paidHereSince}, 0)`;
const otherChannelsSelect = `
  SELECT k.id, k.order_id, k.order_number, 0 AS order_created_at_ms, k.order_id AS payment_id, k.seq, k.count, k.due_date, k.amount_minor,
         k.amount_minor - k.cancelled_minor - ${otherChannelsOpen} AS paid, k.cancelled_minor AS cancelled, ${otherChannelsOpen} AS open_minor,
         k.contact_id AS payer_contact_id, (SELECT id FROM invoices WHERE number = k.invoice_number) AS invoice_id, k.invoice_number
  FROM known_installments k
  WHERE NOT EXISTS (SELECT 1 FROM deferred_items d WHERE d.id = k.id)`;

/** A contact's installments, every channel's, oldest first as a settlement pays them (shared/domain/deferred.ts compareOldestFirst). */
export function installmentsOfContact(db: Db, contactId: string, today: string): InstallmentView[] {
  const own = stmt(db, `${installmentSelect} WHERE s.payer_contact_id = ?`).all(contactId) as InstallmentRow[];
  const others = stmt(db, `${otherChannelsSelect} AND k.contact_id = ?`).all(contactId) as InstallmentRow[];
  return [...own, ...others]
    .sort((a, b) => (a.due_date !== b.due_date ? (a.due_date < b.due_date ? -1 : 1) : a.order_created_at_ms - b.order_created_at_ms || a.seq - b.seq || (a.id < b.id ? -1 : 1)))
    .map((r) => toView(r, today));
}

/** Sold here (a row of deferred_items): this till keeps its state; another channel's the server does. */
export function isOwnInstallment(db: Db, installmentId: string): boolean {
  return stmt(db, 'SELECT 1 FROM deferred_items WHERE id = ?').get(installmentId) !== undefined;
}

/** An invoice's installments: this till's own (invoice_items), then other channels' it asks for (issue 15 point 3: known_installments names the invoice). */
export function installmentsOfInvoice(db: Db, invoiceId: string, today: string): InstallmentView[] {
  const own = stmt(db, `${installmentSelect} WHERE i.id IN (SELECT item_id FROM invoice_items WHERE invoice_id = ?) ORDER BY i.due_date, o.created_at_ms, i.seq, i.id`).all(invoiceId) as InstallmentRow[];
  const others = stmt(db, `${otherChannelsSelect} AND k.invoice_number = (SELECT number FROM invoices WHERE id = ?) ORDER BY k.due_date, k.order_id, k.seq`).all(invoiceId) as InstallmentRow[];
  return [...own, ...others].map((r) => toView(r, today));
}

/** Another channel's order's installments as this till knows them (issue 15 point 3: invoicing a web order here). */
export function installmentsOfKnownOrder(db: Db, orderId: string, today: string): InstallmentView[] {
  return (stmt(db, `${otherChannelsSelect} AND k.order_id = ? ORDER BY k.seq, k.id`).all(orderId) as InstallmentRow[]).map((r) => toView(r, today));
}

/** Another channel's installment as an invoice's document reads it: its order, due date and what is open of it here. */
export function knownInstallmentRow(db: Db, installmentId: string): { id: string; order_id: string; due_date: string; open_minor: number } | undefined {
  return stmt(db, `SELECT id, order_id, due_date, open_minor FROM (${otherChannelsSelect} AND k.id = ?)`).get(installmentId) as { id: string; order_id: string; due_date: string; open_minor: number } | undefined;
}

/** What a contact owes past its due dates today. */
export function overdueOf(db: Db, contactId: string, today: string): number {
  const row = stmt(db, 'SELECT COALESCE(SUM(open_minor), 0) AS sum FROM deferred_item_state WHERE payer_contact_id = ? AND due_date < ? AND open_minor > 0').get(contactId, today) as { sum: number };
  return row.sum;
}

export function insertInstallment(db: Db, installment: { id: string; paymentId: string; orderId: string; seq: number; count: number; dueDate: string; amountMinor: number; payerContactId: string }): void {
  stmt(db, 'INSERT INTO deferred_items (id, payment_id, order_id, seq, count, due_date, amount_minor) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    installment.id, installment.paymentId, installment.orderId, installment.seq, installment.count, installment.dueDate, installment.amountMinor,
  );
  stmt(db, 'INSERT INTO deferred_item_state (item_id, order_id, payer_contact_id, due_date, open_minor) VALUES (?, ?, ?, ?, ?)').run(installment.id, installment.orderId, installment.payerContactId, installment.dueDate, installment.amountMinor);
}

/** A settlement allocation ('paid') or a refund ('cancelled') closes part of an installment. */
export function reduceOpen(db: Db, installmentId: string, amountMinor: number, how: 'paid' | 'cancelled'): void {
  const sql =
    how === 'paid'
      ? 'UPDATE deferred_item_state SET open_minor = open_minor - @amount, paid_minor = paid_minor + @amount WHERE item_id = @installment AND open_minor >= @amount'
      : 'UPDATE deferred_item_state SET open_minor = open_minor - @amount, cancelled_minor = cancelled_minor + @amount WHERE item_id = @installment AND open_minor >= @amount';
  const changed = stmt(db, sql).run({ amount: amountMinor, installment: installmentId });
  assert(changed.changes === 1, `installment ${installmentId} has ${amountMinor} open`);
}

export function setPayer(db: Db, paymentId: string, contactId: string): void {
  stmt(db, 'UPDATE deferred_item_state SET payer_contact_id = ? WHERE item_id IN (SELECT id FROM deferred_items WHERE payment_id = ?)').run(contactId, paymentId);
}

/** The contact who pays a deferred payment now. */
export function payerOf(db: Db, paymentId: string): string | null {
  const row = stmt(
    db,
    `SELECT COALESCE((SELECT to_contact_id FROM payer_changes WHERE payment_id = p.id ORDER BY rowid DESC LIMIT 1), p.payer_contact_id) AS payer
     FROM payments p WHERE p.id = ?`,
  ).get(paymentId) as { payer: string | null } | undefined;
  return row?.payer ?? null;
}
