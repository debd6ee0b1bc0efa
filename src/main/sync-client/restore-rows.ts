// The rows a restored entry describes (ADR 0011), rebuilt from its payload as
// shared/domain/events.ts decodes it (every version): orders with their lines, tickets,
// vouchers, payments and installments; refunds; sessions and closings; drawer movements;
// credit operations; invoices; settlements; payer changes. They are what the till numbers
// from (its orders, sessions, Z reports and invoices carry on the same series) and what its
// screens and refunds read. What no payload holds is left as the restore can know it: a
// request id is `restored/<entry id>` (never a client's), a line's product and detail, a
// payment's reference are not there (the verifier names the restored range and accepts them
// so). A Z report's text and count and an invoice's document (with its QR references) are
// the till's issued documents the server holds beside the journal (documents.ts): written
// with their entries, checked against them; one the dead machine never sent stays missing.
// A contact or a user the pull has not brought yet gets a placeholder row (the next pull
// writes the real one over a contact; a user stays inactive).
import { randomBytes } from 'node:crypto';
import type { SyncEvent } from '../../shared/api/sync-schemas.ts';
import type { HeldDocument } from '../../shared/api/document-schemas.ts';
import { assertNever } from '../../shared/assert.ts';
import { decodeEvent, type EventData, type JournalEvent } from '../../shared/domain/events.ts';
import { cancelInstallments, type OpenInstallment } from '../../shared/domain/deferred.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import type { RestoredLinks } from '../kernel/ledger/restore-entries.ts';
import { restoreInvoiceDocument, type RestoredDocuments } from './documents.ts';

/** The request a restored row stands for: no client's id can look like it. */
const restoredRequest = (entryId: string) => `restored/${entryId}`;

interface Entry {
  id: string;
  tillId: string;
  createdAtMs: number;
  userId: string;
  sessionId: string | null;
}

function decoded(e: SyncEvent): JournalEvent {
  const result = decodeEvent(e.type, e.payload);
  if (!result.ok) throw new Error(`restored entry ${e.seq} (${e.type}) does not decode: ${result.reason}`);
  return result.event;
}

/**
 * What a restored entry's customer-account movements link to (kernel/ledger/restore-entries.ts):
 * as the writers link them — a sale's and a refund's credit or deferred payments by their
 * method (its type the configuration's, the contact the one whose account the postings move).
 */
export function linksOf(db: Db, e: SyncEvent): RestoredLinks {
  const event = decoded(e);
  const none: RestoredLinks = { orderId: null, refundId: null, reference: '', methods: {} };
  switch (event.type) {
    case 'sale':
      return { ...none, orderId: event.data.orderId, reference: event.data.number, methods: saleMethods(db, event.data, event.postings) };
    case 'refund':
      return { ...none, orderId: event.data.orderId, refundId: event.data.refundId, methods: accountMethods(db, event.data.payments, event.postings, null) };
    case 'credit_fund':
    case 'credit_payout':
      return { ...none, reference: event.data.reference, methods: { [`credit:${event.data.contactId}`]: event.data.methodId } };
    case 'deferred_settle':
      return { ...none, reference: event.data.reference, methods: { [`deferred:${event.data.contactId}`]: event.data.methodId, [`credit:${event.data.contactId}`]: event.data.methodId } };
    case 'payer_changed':
      return { ...none, orderId: event.data.orderId };
    case 'session_open':
    case 'pay_in':
    case 'pay_out':
    case 'session_close':
    case 'print':
    case 'reprint':
    case 'drawer_open':
    case 'invoice_issued':
    // the server's own entry (till WEB): never in a till's journal
    case 'installment_overpaid':
      return none;
    default:
      return assertNever(event, 'entry type');
  }
}

/** Which method moved each customer account, as sale-plan.ts's accountMethods and refund.ts's say. */
function accountMethods(db: Db, payments: readonly { methodId: string; toCreditMinor?: number }[], postings: readonly [string, number][], buyerContactId: string | null): Record<string, string> {
  const methods: Record<string, string> = {};
  for (const p of payments) {
    const type = methodTypeOf(db, p.methodId);
    const contactId = type === 'credit' || type === 'deferred' ? accountContact(postings, type) : null;
    if (contactId) methods[`${type}:${contactId}`] = p.methodId;
    if ((p.toCreditMinor ?? 0) > 0 && buyerContactId) methods[`credit:${buyerContactId}`] ??= p.methodId;
  }
  return methods;
}

const saleMethods = (db: Db, sale: Sale, postings: readonly [string, number][]) => accountMethods(db, sale.payments, postings, sale.buyerContactId);

/** Writes the rows of one restored entry, inside the page's transaction, with its document when the server held it. */
export function rebuildRows(db: Db, e: SyncEvent, documents: RestoredDocuments = new Map()): void {
  const event = decoded(e);
  const entry: Entry = { id: e.id, tillId: e.tillId, createdAtMs: e.createdAtMs, userId: e.userId, sessionId: e.sessionId };
  ensureUser(db, e.userId);
  switch (event.type) {
    case 'sale':
      return rebuildSale(db, entry, event.data, event.postings);
    case 'refund':
      return rebuildRefund(db, entry, event.data);
    case 'session_open':
      return rebuildSessionOpen(db, entry, event.data);
    case 'session_close':
      return rebuildSessionClose(db, entry, event.data, documents.get(entry.id));
    case 'pay_in':
    case 'pay_out':
      return rebuildDrawerMovement(db, entry, event.type, event.data);
    case 'credit_fund':
    case 'credit_payout':
      ensureContact(db, event.data.contactId, entry.createdAtMs);
      stmt(db, 'INSERT INTO account_operations (request_id, request_hash, entry_id, kind) VALUES (?, ?, ?, ?)').run(restoredRequest(entry.id), '', entry.id, event.type);
      return;
    case 'invoice_issued':
      rebuildInvoice(db, entry, event.data);
      return restoreInvoiceDocument(db, documents.get(entry.id));
    case 'deferred_settle':
      return rebuildSettlement(db, entry, event.data);
    case 'payer_changed':
      ensureContact(db, event.data.toContactId, entry.createdAtMs);
      stmt(db, 'INSERT INTO payer_changes (id, payment_id, from_contact_id, to_contact_id, entry_id, created_at_ms, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        `restored-${entry.id}`, event.data.paymentId, event.data.fromContactId, event.data.toContactId, entry.id, entry.createdAtMs, entry.userId,
      );
      stmt(db, 'UPDATE deferred_item_state SET payer_contact_id = ? WHERE item_id IN (SELECT id FROM deferred_items WHERE payment_id = ?)').run(event.data.toContactId, event.data.paymentId);
      return;
    case 'print':
    case 'reprint':
    case 'drawer_open':
      return; // a print's job stays with the machine that printed it: the entry is the record
    case 'installment_overpaid':
      return; // the server's own entry (till WEB): never in a till's journal
    default:
      return assertNever(event, 'entry type');
  }
}

/** A user the pull has not brought (a till's own users): inactive, with no PIN anyone knows. */
function ensureUser(db: Db, userId: string): void {
  if (stmt(db, 'SELECT 1 FROM users WHERE id = ?').get(userId)) return;
  stmt(db, "INSERT INTO users (id, name, role, pin_salt, pin_hash, active) VALUES (?, ?, 'cashier', ?, ?, 0)").run(userId, userId, randomBytes(16), randomBytes(32));
}

/** A contact the pull has not brought yet: a placeholder the next pull writes over. */
function ensureContact(db: Db, contactId: string | null, nowMs: number): void {
  if (contactId === null || stmt(db, 'SELECT 1 FROM contacts WHERE id = ?').get(contactId)) return;
  stmt(db, "INSERT INTO contacts (id, kind, name, created_at_ms) VALUES (?, 'individual', ?, ?)").run(contactId, contactId, nowMs);
}

const methodTypeOf = (db: Db, methodId: string) => (stmt(db, 'SELECT type FROM payment_methods WHERE id = ?').get(methodId) as { type: string } | undefined)?.type;

/** A method the pull has not brought: inactive, of the type its postings show. */
function ensureMethod(db: Db, methodId: string, type: string): string {
  const known = methodTypeOf(db, methodId);
  if (known) return known;
  stmt(db, 'INSERT INTO payment_methods (id, name, type, may_pay, may_refund, gives_change, tracking, active, sort) VALUES (?, ?, ?, 0, 0, 0, NULL, 0, 999)').run(methodId, methodId, type);
  return type;
}

function isPerformance(db: Db, performanceId: string | null | undefined): performanceId is string {
  return typeof performanceId === 'string' && stmt(db, 'SELECT 1 FROM performances WHERE id = ?').get(performanceId) !== undefined;
}

type Sale = EventData<'sale'>;

function rebuildSale(db: Db, entry: Entry, sale: Sale, postings: readonly [string, number][]): void {
  ensureContact(db, sale.buyerContactId, entry.createdAtMs);
  const numberSeq = Number(/(\d+)$/.exec(sale.number)?.[1] ?? 0);
  const currency = (stmt(db, 'SELECT currency FROM postings WHERE entry_id = ? LIMIT 1').get(entry.id) as { currency: string } | undefined)?.currency ?? 'CHF';
  stmt(
    db,
    `INSERT INTO orders (id, request_id, request_hash, number, number_seq, till_id, session_id, entry_id, created_at_ms, user_id, buyer_contact_id, total_minor, change_minor, currency)
     VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(sale.orderId, restoredRequest(entry.id), sale.number, numberSeq, entry.tillId, entry.sessionId, entry.id, entry.createdAtMs, entry.userId, sale.buyerContactId, sale.totalMinor, sale.changeMinor, currency);
  rebuildSaleLines(db, sale, currency);
  rebuildSalePayments(db, sale, postings);
  const insertInstallment = stmt(db, 'INSERT INTO deferred_items (id, payment_id, order_id, seq, count, due_date, amount_minor) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertState = stmt(db, 'INSERT INTO deferred_item_state (item_id, order_id, payer_contact_id, due_date, open_minor) VALUES (?, ?, ?, ?, ?)');
  for (const i of sale.installments) {
    insertInstallment.run(i.id, i.paymentId, sale.orderId, i.seq, i.count, i.dueDate, i.amountMinor);
    const payer = (stmt(db, 'SELECT payer_contact_id FROM payments WHERE id = ?').get(i.paymentId) as { payer_contact_id: string | null }).payer_contact_id ?? sale.buyerContactId;
    insertState.run(i.id, sale.orderId, payer, i.dueDate, i.amountMinor);
  }
}

/**
 * Lines, tickets, vouchers and seats. A line's product is known from the payload's products
 * (when written) or, for tickets, from the sale's only performance; tickets whose
 * performance neither says are not rebuilt (their line and the seats count are).
 */
function rebuildSaleLines(db: Db, sale: Sale, currency: string): void {
  const insertLine = stmt(
    db,
    `INSERT INTO order_lines (id, order_id, line_no, kind, performance_id, tariff_id, item_id, voucher_product_id, label, detail, quantity, unit_price_minor, total_minor, vat_rate_bp, vat_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)`,
  );
  const products = new Map((sale.products ?? []).map((p) => [p.lineId, p]));
  const onlyPerformance = sale.seats?.length === 1 ? sale.seats[0]!.performanceId : null;
  const performanceOf = new Map<string, string | null>();
  sale.lines.forEach((l, i) => {
    const product = products.get(l.id);
    const performanceId = product?.performanceId ?? (l.kind === 'ticket' ? onlyPerformance : null);
    const known = isPerformance(db, performanceId) ? performanceId : null;
    performanceOf.set(l.id, known);
    const exists = (table: string, id: string | null | undefined) => (id && stmt(db, `SELECT 1 FROM ${table} WHERE id = ?`).get(id) ? id : null);
    insertLine.run(l.id, sale.orderId, i + 1, l.kind, known, exists('tariffs', product?.tariffId), exists('items', product?.itemId), exists('voucher_products', product?.voucherProductId), l.label, l.quantity, l.unitPriceMinor, l.totalMinor, l.vatRateBp, l.vatMinor);
  });
  const priceOf = new Map(sale.lines.map((l) => [l.id, l.unitPriceMinor]));
  const insertTicket = stmt(db, 'INSERT INTO tickets (id, order_line_id, performance_id, barcode, price_minor) VALUES (?, ?, ?, ?, ?)');
  for (const t of sale.tickets) {
    const performanceId = performanceOf.get(t.lineId);
    if (performanceId) insertTicket.run(t.id, t.lineId, performanceId, t.barcode, priceOf.get(t.lineId) ?? 0);
  }
  const addSeats = stmt(db, 'INSERT INTO performance_stock (performance_id, sold) VALUES (?, ?) ON CONFLICT (performance_id) DO UPDATE SET sold = sold + excluded.sold');
  for (const s of sale.seats ?? []) if (isPerformance(db, s.performanceId)) addSeats.run(s.performanceId, s.count);
  const insertVoucher = stmt(db, 'INSERT INTO vouchers (id, code, order_line_id, value_minor, currency) VALUES (?, ?, ?, ?, ?)');
  for (const v of sale.vouchers) insertVoucher.run(v.id, v.code, v.lineId, v.valueMinor, currency);
}

/**
 * Payments: a method's type is the configuration's (or, for a method no pull brought, what
 * its posting shows); each is the buyer's, as the sale writes it, but a credit or deferred
 * payment is the payer's whose account its posting moves; a voucher payment names the
 * voucher its posting debits when the sale spends one voucher (sold here, or at another
 * channel and known from the pull).
 */
/** The contact whose one account of this kind the postings move, or null. */
function accountContact(postings: readonly [string, number][], kind: 'credit' | 'deferred'): string | null {
  const moved = postings.filter(([account]) => account.startsWith(`${kind}:`));
  return moved.length === 1 ? moved[0]![0].slice(kind.length + 1) : null;
}

function rebuildSalePayments(db: Db, sale: Sale, postings: readonly [string, number][]): void {
  const spentVouchers = postings.filter(([account, amount]) => account.startsWith('voucher:') && amount > 0).map(([account]) => account.slice('voucher:'.length));
  const insertPayment = stmt(
    db,
    `INSERT INTO payments (id, order_id, seq, method_id, method_type, amount_minor, tendered_minor, change_minor, rounding_minor, reference, payer_contact_id, voucher_id, to_credit_minor, known_voucher_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, (SELECT id FROM vouchers WHERE id = ?), ?, (SELECT id FROM known_vouchers k WHERE k.id = ? AND NOT EXISTS (SELECT 1 FROM vouchers v WHERE v.id = ?)))`,
  );
  sale.payments.forEach((p, i) => {
    const inferred = postings.some(([a]) => a === `deferred:${sale.buyerContactId}`) && !methodTypeOf(db, p.methodId) ? 'deferred' : 'card';
    const type = ensureMethod(db, p.methodId, inferred);
    const payer = type === 'credit' || type === 'deferred' ? (accountContact(postings, type) ?? sale.buyerContactId) : sale.buyerContactId;
    // sold here: its voucher_id; sold at another channel and known from the pull: its known_voucher_id (as sale-rows.ts)
    const voucherId = type === 'voucher' && spentVouchers.length === 1 ? spentVouchers[0]! : null;
    insertPayment.run(p.id, sale.orderId, i + 1, p.methodId, type, p.amountMinor, p.tenderedMinor, p.changeMinor, p.roundingMinor, payer, voucherId, p.toCreditMinor, voucherId, voucherId);
  });
}

function rebuildRefund(db: Db, entry: Entry, refund: EventData<'refund'>): void {
  stmt(
    db,
    `INSERT INTO refunds (id, request_id, request_hash, order_id, till_id, session_id, entry_id, created_at_ms, user_id, total_minor, reason)
     VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(refund.refundId, restoredRequest(entry.id), refund.orderId, entry.tillId, entry.sessionId, entry.id, entry.createdAtMs, entry.userId, refund.totalMinor, refund.reason);
  const insertLine = stmt(db, 'INSERT INTO refund_lines (refund_id, order_line_id, quantity, amount_minor, vat_minor) VALUES (?, ?, ?, ?, ?)');
  for (const l of refund.lines) insertLine.run(refund.refundId, l.orderLineId, l.quantity, l.amountMinor, l.vatMinor);
  const insertTicket = stmt(db, 'INSERT INTO refund_tickets (ticket_id, refund_id) VALUES (?, ?)');
  const freeSeat = stmt(db, 'UPDATE performance_stock SET sold = sold - 1 WHERE performance_id = (SELECT performance_id FROM tickets WHERE id = ?)');
  for (const ticketId of refund.tickets) {
    if (!stmt(db, 'SELECT 1 FROM tickets WHERE id = ?').get(ticketId)) continue; // a ticket the restore could not rebuild
    insertTicket.run(ticketId, refund.refundId);
    freeSeat.run(ticketId);
  }
  const insertVoucher = stmt(db, 'INSERT INTO refund_vouchers (voucher_id, refund_id) VALUES (?, ?)');
  for (const voucherId of refund.vouchers) insertVoucher.run(voucherId, refund.refundId);
  const insertPayment = stmt(db, 'INSERT INTO refund_payments (refund_id, method_id, amount_minor, rounding_minor) VALUES (?, ?, ?, ?)');
  for (const p of refund.payments) {
    ensureMethod(db, p.methodId, 'card');
    insertPayment.run(refund.refundId, p.methodId, p.amountMinor, p.roundingMinor);
  }
  rebuildCancellations(db, refund);
}

/**
 * A refund on account cancels the open installments of the payment it goes back to, the
 * furthest first (refund-plan.ts's planCancellations; the entry does not list them): rebuilt
 * the same way from the installments as they stand at this entry. Only where the order paid
 * that method once — with several payments of it the split is not in the entry, and the
 * installments stay open (the postings and balances are right either way).
 */
function rebuildCancellations(db: Db, refund: EventData<'refund'>): void {
  const cancel = stmt(db, 'INSERT INTO item_cancellations (item_id, refund_id, amount_minor) VALUES (?, ?, ?)');
  const reduce = stmt(db, 'UPDATE deferred_item_state SET open_minor = open_minor - @amount, cancelled_minor = cancelled_minor + @amount WHERE item_id = @installment');
  for (const p of refund.payments) {
    if (methodTypeOf(db, p.methodId) !== 'deferred') continue;
    const original = stmt(db, "SELECT id FROM payments WHERE order_id = ? AND method_id = ? AND method_type = 'deferred'").all(refund.orderId, p.methodId) as { id: string }[];
    if (original.length !== 1) continue;
    const open = stmt(db, 'SELECT i.id, i.due_date AS dueDate, s.open_minor AS openMinor FROM deferred_items i JOIN deferred_item_state s ON s.item_id = i.id WHERE i.payment_id = ?').all(original[0]!.id) as OpenInstallment[];
    if (open.reduce((a, i) => a + i.openMinor, 0) < p.amountMinor) continue;
    for (const c of cancelInstallments(p.amountMinor, open)) {
      cancel.run(c.installmentId, refund.refundId, c.amountMinor);
      reduce.run({ amount: c.amountMinor, installment: c.installmentId });
    }
  }
}

function rebuildSessionOpen(db: Db, entry: Entry, open: EventData<'session_open'>): void {
  stmt(db, 'INSERT INTO till_sessions (id, till_id, number, opened_at_ms, opened_by, float_minor, float_detail, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    open.sessionId, entry.tillId, open.number, entry.createdAtMs, entry.userId, open.floatMinor, JSON.stringify(open.float), entry.id,
  );
}

/**
 * The closing with its Z report's text and count as the server held them (checked against
 * the entry's SHA-256); one the dead machine never sent gets a placeholder naming the entry.
 */
function rebuildSessionClose(db: Db, entry: Entry, close: EventData<'session_close'>, held: HeldDocument | undefined): void {
  const placeholder = JSON.stringify({ restored: true, entryId: entry.id, counts: close.counts, netSalesMinor: close.netSalesMinor });
  const [counts, report] = held?.kind === 'z_report' ? [held.counts, held.report] : ['[]', placeholder];
  stmt(db, 'INSERT INTO session_closings (session_id, till_id, z_number, closed_at_ms, closed_by, counts, report, entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    close.sessionId, entry.tillId, close.zNumber, entry.createdAtMs, entry.userId, counts, report, entry.id,
  );
}

function rebuildDrawerMovement(db: Db, entry: Entry, kind: 'pay_in' | 'pay_out', movement: EventData<'pay_in'>): void {
  stmt(
    db,
    `INSERT INTO cash_movements (id, request_id, request_hash, till_id, session_id, entry_id, kind, amount_minor, reason, user_id, created_at_ms)
     VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(`restored-${entry.id}`, restoredRequest(entry.id), entry.tillId, entry.sessionId, entry.id, kind, movement.amountMinor, movement.reason, entry.userId, entry.createdAtMs);
}

/** An invoice's row and installments; its billing address as the contact now stands (its document, when the server held it, is written after: documents.ts). */
function rebuildInvoice(db: Db, entry: Entry, invoice: EventData<'invoice_issued'>): void {
  ensureContact(db, invoice.contactId, entry.createdAtMs);
  const contact = stmt(db, 'SELECT name, first_name, street, building_number, postcode, city, country FROM contacts WHERE id = ?').get(invoice.contactId) as Record<string, string>;
  const billing = { name: [contact.first_name, contact.name].filter(Boolean).join(' '), street: contact.street, buildingNumber: contact.building_number, postcode: contact.postcode, city: contact.city, country: contact.country };
  const [, series = entry.tillId, seq = '0'] = /^F-(.+)-(\d+)$/.exec(invoice.number) ?? [];
  const currency = (stmt(db, "SELECT value FROM settings WHERE key = 'institution'").get() as { value: string } | undefined)?.value;
  stmt(
    db,
    `INSERT INTO invoices (id, number, series, seq, kind, cancels_invoice_id, refund_id, contact_id, billing_snapshot, issued_at_ms, due_date, total_minor, currency, reference, entry_id, user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    invoice.invoiceId, invoice.number, series, Number(seq), invoice.kind, invoice.cancelsElsewhere ? invoice.invoiceId : invoice.cancelsInvoiceId, invoice.refundId, invoice.contactId, JSON.stringify(billing),
    entry.createdAtMs, invoice.dueDate, invoice.totalMinor, currency ? (JSON.parse(currency) as { currency: string }).currency : 'CHF', invoice.reference, entry.id, entry.userId,
  );
  // a credit note of another till's invoice names itself, and credited_elsewhere that invoice (migration 017)
  if (invoice.cancelsElsewhere && invoice.cancelsInvoiceId) {
    stmt(db, 'INSERT INTO credited_elsewhere (credit_note_id, invoice_id, invoice_number, invoice_issued_at_ms) VALUES (?, ?, ?, ?)').run(invoice.invoiceId, invoice.cancelsInvoiceId, invoice.cancelsElsewhere.number, invoice.cancelsElsewhere.issuedAtMs);
  }
  // another channel's installment (a web order invoiced here, issue 15 point 3) is no row of this till: its entry names it, the pull brings it
  const insertInstallment = stmt(db, 'INSERT INTO invoice_items (invoice_id, item_id, amount_minor) SELECT ?, id, ? FROM deferred_items WHERE id = ?');
  for (const i of invoice.installments) insertInstallment.run(invoice.invoiceId, i.amountMinor, i.installmentId);
}

function rebuildSettlement(db: Db, entry: Entry, settle: EventData<'deferred_settle'>): void {
  ensureContact(db, settle.contactId, entry.createdAtMs);
  ensureMethod(db, settle.methodId, 'transfer');
  stmt(
    db,
    `INSERT INTO settlements (id, request_id, request_hash, contact_id, method_id, amount_minor, to_credit_minor, reference, till_id, entry_id, created_at_ms, user_id)
     VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(settle.settlementId, restoredRequest(entry.id), settle.contactId, settle.methodId, settle.amountMinor, settle.toCreditMinor, settle.reference, entry.tillId, entry.id, entry.createdAtMs, entry.userId);
  // an allocation to another channel's installment (issue 15 point 3) has no row here, as when it was settled
  const insertAllocation = stmt(db, 'INSERT INTO settlement_allocations (settlement_id, item_id, amount_minor) SELECT ?, id, ? FROM deferred_items WHERE id = ?');
  const paid = stmt(db, 'UPDATE deferred_item_state SET open_minor = open_minor - @amount, paid_minor = paid_minor + @amount WHERE item_id = @installment');
  for (const a of settle.allocations) {
    insertAllocation.run(settle.settlementId, a.amountMinor, a.installmentId);
    paid.run({ amount: a.amountMinor, installment: a.installmentId });
  }
}
