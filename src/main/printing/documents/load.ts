// Reads what a document prints from the rows that recorded it — orders, refunds, the Z
// report stored at closing, journal entries — all immutable, so a job rendered after a
// restart or a reprint a week later prints the same figures as the original.
import type { z } from 'zod';
import type { DocumentRef } from '../../../shared/api/printing-schemas.ts';
import type { TillReport } from '../../../shared/domain/types.ts';
import { negateMinor } from '../../../shared/money/money.ts';
import { ok, refuse, type Result } from '../../../shared/result.ts';
import { stmt, type Db } from '../../kernel/db/connection.ts';
import { institutionOf, tillOf } from '../../kernel/config.ts';
import { contactName } from '../../../shared/domain/contact-name.ts';
import { orderLines, orderPayments } from '../../orders/index.ts';
import { vatSummary } from '../../../shared/domain/vat.ts';
import type { CashSlipData } from './slips.ts';
import { invoiceCopyOf, type InvoiceCopyData } from './invoice-copy.ts';
import { invoiceDocument, refuseAbsentInvoice } from '../../invoicing/index.ts';
import { keptInvoiceDocument } from '../../sync-client/index.ts';
import type { Header, ReceiptData, RefundReceiptData } from './receipt.ts';
import type { TicketData } from './tickets.ts';
import { journalHeadOf, type JournalHeadRef } from './journal-head.ts';

export type DocumentRefValue = z.infer<typeof DocumentRef>;

export type LoadedDocument =
  | { kind: 'receipt'; data: ReceiptData }
  | { kind: 'refund_receipt'; data: RefundReceiptData }
  | { kind: 'tickets'; data: TicketData }
  | { kind: 'x_report' | 'z_report'; report: TillReport; header: Header; journalHead?: JournalHeadRef | null }
  | { kind: 'cash_slip'; data: CashSlipData }
  | { kind: 'invoice_copy'; data: InvoiceCopyData };

export function headerOf(db: Db, tillId: string): Header {
  const institution = institutionOf(db);
  return { institutionName: institution.name, addressLines: institution.addressLines, vatNumber: institution.vatNumber, tillName: tillOf(db, tillId).name };
}

/** What a customer's credit balance was after an entry (the ledger keeps it negative). */
function creditLeftAfter(db: Db, entryId: string): number | null {
  const row = stmt(db, "SELECT balance_after_minor FROM account_movements WHERE entry_id = ? AND kind = 'credit' ORDER BY rowid DESC LIMIT 1").get(entryId) as
    | { balance_after_minor: number }
    | undefined;
  return row ? negateMinor(row.balance_after_minor) : null;
}

interface OrderHead {
  number: string;
  entry_id: string;
  created_at_ms: number;
  total_minor: number;
  change_minor: number;
  user_name: string;
  buyer_name: string | null;
  buyer_first_name: string | null;
}

function orderHead(db: Db, orderId: string): OrderHead | undefined {
  return stmt(
    db,
    `SELECT o.number, o.entry_id, o.created_at_ms, o.total_minor, o.change_minor, u.name AS user_name, c.name AS buyer_name, c.first_name AS buyer_first_name
     FROM orders o JOIN users u ON u.id = o.user_id LEFT JOIN contacts c ON c.id = o.buyer_contact_id WHERE o.id = ?`,
  ).get(orderId) as OrderHead | undefined;
}

export function loadReceipt(db: Db, tillId: string, orderId: string): Result<ReceiptData> {
  const order = orderHead(db, orderId);
  if (!order) return refuse('order_not_found', { orderId });
  const lines = orderLines(db, orderId);
  const payments = orderPayments(db, orderId);
  const creditLeft = creditLeftAfter(db, order.entry_id);
  const usedMinor = payments.filter((p) => p.method_type === 'credit').reduce((a, p) => a + p.amount_minor, 0);
  const vouchers = stmt(db, 'SELECT v.code, v.value_minor FROM vouchers v JOIN order_lines l ON l.id = v.order_line_id WHERE l.order_id = ? ORDER BY l.line_no, v.id').all(orderId) as {
    code: string; value_minor: number;
  }[];
  const schedule = stmt(db, 'SELECT seq, count, due_date, amount_minor FROM deferred_items WHERE order_id = ? ORDER BY payment_id, seq').all(orderId) as {
    seq: number; count: number; due_date: string; amount_minor: number;
  }[];
  return ok({
    header: headerOf(db, tillId),
    orderNumber: order.number,
    createdAtMs: order.created_at_ms,
    userName: order.user_name,
    buyerName: order.buyer_name === null ? null : contactName({ name: order.buyer_name, firstName: order.buyer_first_name ?? '' }),
    lines: lines.map((l) => ({ label: l.label, detail: l.detail, quantity: l.quantity, unitPriceMinor: l.unit_price_minor, totalMinor: l.total_minor })),
    vat: vatSummary(lines.filter((l) => l.kind !== 'voucher').map((l) => ({ vatRateBp: l.vat_rate_bp, totalMinor: l.total_minor, vatMinor: l.vat_minor }))),
    totalMinor: order.total_minor,
    payments: payments.map((p) => ({
      methodName: p.method_name,
      isCash: p.method_type === 'cash',
      amountMinor: p.amount_minor,
      tenderedMinor: p.tendered_minor,
      changeMinor: p.change_minor,
      toCreditMinor: p.to_credit_minor,
      reference: p.reference,
    })),
    changeMinor: order.change_minor,
    roundingMinor: payments.reduce((a, p) => a + p.rounding_minor, 0),
    credit: creditLeft === null ? null : { usedMinor, leftMinor: creditLeft },
    vouchers: vouchers.map((v) => ({ code: v.code, valueMinor: v.value_minor })),
    schedule: schedule.map((s) => ({ seq: s.seq, count: s.count, dueDate: s.due_date, amountMinor: s.amount_minor })),
    journalHead: journalHeadOf(db, order.entry_id),
  });
}

export function loadRefundReceipt(db: Db, tillId: string, refundId: string): Result<RefundReceiptData> {
  const refund = stmt(
    db,
    `SELECT r.order_id, r.entry_id, r.created_at_ms, r.total_minor, r.reason, u.name AS user_name, o.number
     FROM refunds r JOIN users u ON u.id = r.user_id JOIN orders o ON o.id = r.order_id WHERE r.id = ?`,
  ).get(refundId) as { order_id: string; entry_id: string; created_at_ms: number; total_minor: number; reason: string; user_name: string; number: string } | undefined;
  if (!refund) return refuse('refund_not_found', { refundId });
  const lines = stmt(
    db,
    'SELECT l.label, rl.quantity, rl.amount_minor FROM refund_lines rl JOIN order_lines l ON l.id = rl.order_line_id WHERE rl.refund_id = ? ORDER BY l.line_no',
  ).all(refundId) as { label: string; quantity: number; amount_minor: number }[];
  const payments = stmt(
    db,
    'SELECT m.name, rp.amount_minor FROM refund_payments rp JOIN payment_methods m ON m.id = rp.method_id WHERE rp.refund_id = ? ORDER BY rp.method_id',
  ).all(refundId) as { name: string; amount_minor: number }[];
  const creditLeft = creditLeftAfter(db, refund.entry_id);
  return ok({
    header: headerOf(db, tillId),
    orderNumber: refund.number,
    createdAtMs: refund.created_at_ms,
    userName: refund.user_name,
    reason: refund.reason,
    lines: lines.map((l) => ({ label: l.label, quantity: l.quantity, amountMinor: l.amount_minor })),
    totalMinor: refund.total_minor,
    payments: payments.map((p) => ({ methodName: p.name, amountMinor: p.amount_minor })),
    credit: creditLeft === null ? null : { leftMinor: creditLeft },
    journalHead: journalHeadOf(db, refund.entry_id),
  });
}

/** The order's tickets not refunded (or the one asked for, refunded or not). */
export function loadTickets(db: Db, orderId: string, ticketId?: string): Result<TicketData> {
  const order = orderHead(db, orderId);
  if (!order) return refuse('order_not_found', { orderId });
  const all = stmt(
    db,
    `SELECT t.id, t.barcode, t.price_minor, e.name AS event_name, p.starts_at, p.hall, tf.name AS tariff_name,
            EXISTS (SELECT 1 FROM refund_tickets rt WHERE rt.ticket_id = t.id) AS refunded
     FROM tickets t JOIN order_lines l ON l.id = t.order_line_id JOIN performances p ON p.id = t.performance_id
     JOIN events e ON e.id = p.event_id JOIN tariffs tf ON tf.id = l.tariff_id
     WHERE l.order_id = ? ORDER BY l.line_no, t.id`,
  ).all(orderId) as { id: string; barcode: string; price_minor: number; event_name: string; starts_at: string; hall: string; tariff_name: string; refunded: number }[];
  const chosen = ticketId ? all.filter((t) => t.id === ticketId) : all.filter((t) => t.refunded === 0);
  if (ticketId && chosen.length === 0) return refuse('ticket_not_found', { ticketId });
  return ok({
    institutionName: institutionOf(db).name,
    orderNumber: order.number,
    tickets: chosen.map((t) => ({
      barcode: t.barcode,
      eventName: t.event_name,
      startsAt: t.starts_at,
      hall: t.hall,
      tariffName: t.tariff_name,
      priceMinor: t.price_minor,
      n: all.indexOf(t) + 1,
      count: all.length,
    })),
  });
}

export function loadZReport(db: Db, tillId: string, zNumber: number): Result<TillReport> {
  const row = stmt(db, 'SELECT report FROM session_closings WHERE till_id = ? AND z_number = ?').get(tillId, zNumber) as { report: string } | undefined;
  if (!row) return refuse('z_report_not_found', { zNumber });
  const report = JSON.parse(row.report) as TillReport | { restored: true };
  // restored from the server without its text (sessions/z-reports.ts): nothing to print
  if ('restored' in report) return refuse('z_report_not_restored', { zNumber, number: zNumber });
  return ok(report);
}

const slipKinds = ['pay_in', 'pay_out', 'credit_fund', 'credit_payout'] as const;

export function loadCashSlip(db: Db, tillId: string, entryId: string): Result<CashSlipData> {
  const entry = stmt(db, 'SELECT j.type, j.created_at_ms, j.payload, u.name AS user_name FROM journal j JOIN users u ON u.id = j.user_id WHERE j.id = ? AND j.till_id = ?').get(entryId, tillId) as
    | { type: string; created_at_ms: number; payload: string; user_name: string }
    | undefined;
  const kind = slipKinds.find((k) => k === entry?.type);
  if (!entry || !kind) return refuse('slip_not_found', { entryId });
  const payload = JSON.parse(entry.payload) as { amountMinor: number; reason?: string; reference?: string; contactId?: string };
  const method = stmt(
    db,
    "SELECT m.name FROM postings p JOIN accounts a ON a.id = p.account_id JOIN payment_methods m ON m.id = a.method_id WHERE p.entry_id = ? AND a.kind = 'till' LIMIT 1",
  ).get(entryId) as { name: string } | undefined;
  const contact = payload.contactId
    ? (stmt(db, 'SELECT name, first_name FROM contacts WHERE id = ?').get(payload.contactId) as { name: string; first_name: string } | undefined)
    : undefined;
  return ok({
    header: headerOf(db, tillId),
    kind,
    createdAtMs: entry.created_at_ms,
    userName: entry.user_name,
    amountMinor: payload.amountMinor,
    methodName: method?.name ?? '',
    reason: payload.reason ?? payload.reference ?? '',
    contactName: contact ? contactName({ name: contact.name, firstName: contact.first_name }) : null,
    creditLeftMinor: creditLeftAfter(db, entryId),
  });
}

/** An invoice, cancellation invoice or credit note as issued: its archived document (invoices/archive.ts). */
export function loadInvoiceCopy(db: Db, tillId: string, invoiceId: string): Result<InvoiceCopyData> {
  if (!stmt(db, 'SELECT 1 FROM invoices WHERE id = ?').get(invoiceId)) {
    // another series' invoice: from its document as fetched here once its PDF was opened (issue 15, migration 018)
    const kept = keptInvoiceDocument(db, invoiceId);
    return kept ? ok(invoiceCopyOf(kept, tillOf(db, tillId).name)) : refuseAbsentInvoice(db, invoiceId);
  }
  return ok(invoiceCopyOf(invoiceDocument(db, invoiceId), tillOf(db, tillId).name));
}
