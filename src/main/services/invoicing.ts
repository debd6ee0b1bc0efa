// Invoicing the deferred account (C6, seed 000): automatically at a deferred payment, for
// one order, or globally for a contact; cancellation invoices when the billing contact
// changes. Numbers are gapless in the series of the issuing till; invoices are never
// edited or deleted.
import { assert } from '../../shared/assert.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account, type Posting } from '../../shared/domain/accounts.ts';
import { creditorReference, qrReference } from '../../shared/domain/payment-references.ts';
import { immediate, stmt, type Db } from '../db/connection.ts';
import { appendEntry } from '../ledger/ledger.ts';
import { recordAudit } from './audit.ts';
import { institutionOf, tillOf, todayOf } from './config.ts';
import { contactById, contactName } from './contacts.ts';
import type { Ctx } from './context.ts';
import { itemsOfContact, itemsOfInvoice, itemsOfOrder, setPayer, type DeferredItemView } from './deferred-items.ts';

export type InvoiceView = OutputOf<'invoices.get'>;

interface InvoiceRow {
  id: string;
  number: string;
  kind: 'invoice' | 'cancellation';
  cancels_invoice_id: string | null;
  contact_id: string;
  billing_snapshot: string;
  issued_at_ms: number;
  due_date: string;
  total_minor: number;
  currency: 'CHF' | 'EUR';
  reference: string;
}

export function invoiceView(ctx: Ctx, invoiceId: string): InvoiceView {
  const row = stmt(ctx.db, 'SELECT * FROM invoices WHERE id = ?').get(invoiceId) as InvoiceRow | undefined;
  assert(row, `invoice ${invoiceId} exists`);
  const numberOf = (id: string | null) => (id ? (stmt(ctx.db, 'SELECT number FROM invoices WHERE id = ?').get(id) as { number: string }).number : null);
  const cancelledBy = stmt(ctx.db, 'SELECT number FROM invoices WHERE cancels_invoice_id = ?').get(row.id) as { number: string } | undefined;
  const items = itemsOfInvoice(ctx.db, row.id, todayOf(ctx));
  const snapshot = JSON.parse(row.billing_snapshot) as { name: string };
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    cancelsInvoiceId: row.cancels_invoice_id,
    cancelsInvoiceNumber: numberOf(row.cancels_invoice_id),
    cancelledByNumber: cancelledBy?.number ?? null,
    contactId: row.contact_id,
    contactName: snapshot.name,
    issuedAtMs: row.issued_at_ms,
    dueDate: row.due_date,
    totalMinor: row.total_minor,
    currency: row.currency,
    reference: row.reference,
    openMinor: row.kind === 'invoice' && !cancelledBy ? items.reduce((a, i) => a + i.openMinor, 0) : 0,
    items,
  };
}

/**
 * The reference that identifies an invoice in a bank payment: a QR reference (CHF, to a
 * QR-IBAN) or an ISO 11649 creditor reference (otherwise), both built from the series'
 * digits and the invoice's sequence number, so that it is unique per invoice.
 */
function referenceFor(db: Db, series: string, seq: number): string {
  const institution = institutionOf(db);
  const seriesDigits = [...series].map((ch) => (/\d/.test(ch) ? ch : String(ch.charCodeAt(0) % 100).padStart(2, '0'))).join('').slice(0, 10);
  const payload = `${seriesDigits}${String(seq).padStart(10, '0')}`;
  const iban = institution.invoicing?.iban.replace(/\s/g, '') ?? '';
  const isQrIban = institution.currency === 'CHF' && /^(CH|LI)\d{2}3[01]\d{3}/.test(iban);
  return isQrIban ? qrReference(payload) : creditorReference(payload);
}

interface NewInvoice {
  kind: 'invoice' | 'cancellation';
  contactId: string;
  items: readonly { id: string; amountMinor: number; dueDate: string }[];
  cancelsInvoiceId?: string;
}

/** Writes an invoice (or a cancellation invoice) and its journal entry. Checks are the caller's. */
export function writeInvoice(ctx: Ctx, invoice: NewInvoice): string {
  const till = tillOf(ctx.db, ctx.tillId);
  const next = stmt(ctx.db, 'SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM invoices WHERE series = ?').get(till.order_prefix) as { n: number };
  const id = ctx.ids.ulid();
  const entryId = ctx.ids.ulid();
  const number = `F-${till.order_prefix}-${String(next.n).padStart(6, '0')}`;
  const sign = invoice.kind === 'invoice' ? 1 : -1;
  const totalMinor = sign * invoice.items.reduce((a, i) => a + i.amountMinor, 0);
  const dueDate = invoice.items.map((i) => i.dueDate).sort()[0] ?? todayOf(ctx);
  const contact = stmt(ctx.db, 'SELECT name, first_name, street, building_number, postcode, city, country FROM contacts WHERE id = ?').get(invoice.contactId) as {
    name: string; first_name: string; street: string; building_number: string; postcode: string; city: string; country: string;
  };
  const snapshot = { name: contactName({ name: contact.name, firstName: contact.first_name }), street: contact.street, buildingNumber: contact.building_number, postcode: contact.postcode, city: contact.city, country: contact.country };
  const reference = referenceFor(ctx.db, till.order_prefix, next.n);
  const now = ctx.clock.nowMs();
  const currency = institutionOf(ctx.db).currency;
  appendEntry(ctx.db, ctx.journalKey, {
    id: entryId,
    tillId: ctx.tillId,
    type: 'invoice_issued',
    createdAtMs: now,
    userId: ctx.actor.userId,
    sessionId: null,
    currency,
    data: { invoiceId: id, number, kind: invoice.kind, cancelsInvoiceId: invoice.cancelsInvoiceId ?? null, contactId: invoice.contactId, totalMinor, dueDate, reference, items: invoice.items.map((i) => [i.id, sign * i.amountMinor]) },
    postings: [],
  });
  stmt(
    ctx.db,
    `INSERT INTO invoices (id, number, series, seq, kind, cancels_invoice_id, contact_id, billing_snapshot, issued_at_ms, due_date, total_minor, currency, reference, entry_id, user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, number, till.order_prefix, next.n, invoice.kind, invoice.cancelsInvoiceId ?? null, invoice.contactId, JSON.stringify(snapshot), now, dueDate, totalMinor, currency, reference, entryId, ctx.actor.userId);
  const insertItem = stmt(ctx.db, 'INSERT INTO invoice_items (invoice_id, item_id, amount_minor) VALUES (?, ?, ?)');
  for (const item of invoice.items) insertItem.run(id, item.id, sign * item.amountMinor);
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'invoice.issued', details: { invoiceId: id, number, kind: invoice.kind, totalMinor } });
  return id;
}

/** Items not on a current invoice, neither fully cancelled (nothing to ask for). */
function invoiceable(items: readonly DeferredItemView[]): DeferredItemView[] {
  return items.filter((i) => i.invoiceId === null && i.amountMinor - i.cancelledMinor > 0);
}

/** Invoice items that belong to one payer: the amount asked is what was not cancelled. */
function issue(ctx: Ctx, contactId: string, items: readonly DeferredItemView[]): string {
  return writeInvoice(ctx, { kind: 'invoice', contactId, items: items.map((i) => ({ id: i.id, amountMinor: i.amountMinor - i.cancelledMinor, dueDate: i.dueDate })) });
}

/** Checks: invoicing is configured; the contact exists; there is something uninvoiced (of the listed orders). */
export function createInvoice(ctx: Ctx, input: ParsedInputOf<'invoices.create'>): Result<OutputOf<'invoices.create'>> {
  return immediate(ctx.db, (): Result<OutputOf<'invoices.create'>> => {
    if (!institutionOf(ctx.db).invoicing) return refuse('invoicing_not_configured');
    if (!contactById(ctx.db, input.contactId)) return refuse('contact_not_found', { contactId: input.contactId });
    for (const orderId of input.orderIds ?? []) {
      if (!stmt(ctx.db, 'SELECT 1 FROM orders WHERE id = ?').get(orderId)) return refuse('order_not_found', { orderId });
    }
    const wanted = input.orderIds ? new Set(input.orderIds) : null;
    const items = invoiceable(itemsOfContact(ctx.db, input.contactId, todayOf(ctx))).filter((i) => !wanted || wanted.has(i.orderId));
    if (items.length === 0) return refuse('nothing_to_invoice');
    // every check is above this line
    return ok(invoiceView(ctx, issue(ctx, input.contactId, items)));
  });
}

/**
 * One order's deferred payments, invoiced to their payer (seed 000: "Détail d'un dossier").
 * Checks: invoicing configured; the order exists, has deferred payments, is not invoiced yet.
 */
export function invoiceOrder(ctx: Ctx, orderId: string): Result<OutputOf<'invoices.createForOrder'>> {
  if (!institutionOf(ctx.db).invoicing) return refuse('invoicing_not_configured');
  if (!stmt(ctx.db, 'SELECT 1 FROM orders WHERE id = ?').get(orderId)) return refuse('order_not_found', { orderId });
  const items = itemsOfOrder(ctx.db, orderId, todayOf(ctx));
  if (items.length === 0) return refuse('order_not_deferred', { orderId });
  const invoiced = items.find((i) => i.invoiceId !== null);
  if (invoiced) return refuse('order_already_invoiced', { invoice: invoiced.invoiceNumber, invoiceId: invoiced.invoiceId });
  const open = invoiceable(items);
  if (open.length === 0) return refuse('nothing_to_invoice');
  const payers = [...new Set(open.map((i) => i.payerContactId))];
  // an order's deferred payments have one payer (a payer change moves them all)
  assert(payers.length === 1, 'one payer per order');
  return ok(invoiceView(ctx, issue(ctx, payers[0]!, open)));
}

export function createInvoiceForOrder(ctx: Ctx, input: ParsedInputOf<'invoices.createForOrder'>): Result<OutputOf<'invoices.createForOrder'>> {
  return immediate(ctx.db, () => invoiceOrder(ctx, input.orderId));
}

export function listInvoices(ctx: Ctx, input: ParsedInputOf<'invoices.list'>): Result<OutputOf<'invoices.list'>> {
  if (!contactById(ctx.db, input.contactId)) return refuse('contact_not_found', { contactId: input.contactId });
  const ids = stmt(ctx.db, 'SELECT id FROM invoices WHERE contact_id = ? ORDER BY issued_at_ms DESC, seq DESC').all(input.contactId) as { id: string }[];
  return ok(ids.map((r) => invoiceView(ctx, r.id)));
}

export function getInvoice(ctx: Ctx, input: ParsedInputOf<'invoices.get'>): Result<OutputOf<'invoices.get'>> {
  const row = (input.invoiceId
    ? stmt(ctx.db, 'SELECT id FROM invoices WHERE id = ?').get(input.invoiceId)
    : stmt(ctx.db, 'SELECT id FROM invoices WHERE number = ? OR reference = ?').get(input.number!.toUpperCase(), input.number!.replace(/\s/g, ''))) as { id: string } | undefined;
  return row ? ok(invoiceView(ctx, row.id)) : refuse('invoice_not_found', { invoice: input.invoiceId ?? input.number });
}

/**
 * After invoicing, a new billing contact (seed 000: "Changer le contact de facturation"):
 * a cancellation invoice mirrors the old one, the receivable of its payments moves to the
 * new contact, and a new invoice asks them for the same items. The old invoice stays.
 * Checks: the invoice exists, is an invoice, not cancelled yet; the contact exists, is
 * another one, may pay on account and has the headroom for what is still open.
 */
export function changeBillingContact(ctx: Ctx, input: ParsedInputOf<'invoices.changeBillingContact'>): Result<OutputOf<'invoices.changeBillingContact'>> {
  return immediate(ctx.db, (): Result<OutputOf<'invoices.changeBillingContact'>> => {
    const invoice = stmt(ctx.db, 'SELECT * FROM invoices WHERE id = ?').get(input.invoiceId) as InvoiceRow | undefined;
    if (!invoice) return refuse('invoice_not_found', { invoice: input.invoiceId });
    if (invoice.kind === 'cancellation') return refuse('invoice_is_cancellation');
    const cancelledBy = stmt(ctx.db, 'SELECT number FROM invoices WHERE cancels_invoice_id = ?').get(invoice.id) as { number: string } | undefined;
    if (cancelledBy) return refuse('invoice_already_cancelled', { cancelledBy: cancelledBy.number });
    const contact = contactById(ctx.db, input.contactId);
    if (!contact) return refuse('contact_not_found', { contactId: input.contactId });
    if (input.contactId === invoice.contact_id) return refuse('payer_unchanged');
    if (!contact.deferredAuthorised) return refuse('deferred_not_authorised', { contactId: contact.id });
    const movingMinor = (stmt(ctx.db, 'SELECT COALESCE(SUM(s.open_minor), 0) AS open FROM deferred_item_state s JOIN invoice_items ii ON ii.item_id = s.item_id WHERE ii.invoice_id = ?').get(invoice.id) as { open: number }).open;
    const availableMinor = contact.deferredLimitMinor - contact.deferredOutstandingMinor;
    if (movingMinor > availableMinor) return refuse('deferred_limit_exceeded', { availableMinor: Math.max(availableMinor, 0) });
    // every check is above this line
    const items = (stmt(ctx.db, 'SELECT ii.item_id AS id, ii.amount_minor AS amountMinor, i.due_date AS dueDate, i.payment_id AS paymentId FROM invoice_items ii JOIN deferred_items i ON i.id = ii.item_id WHERE ii.invoice_id = ?').all(invoice.id)) as { id: string; amountMinor: number; dueDate: string; paymentId: string }[];
    const cancellationId = writeInvoice(ctx, { kind: 'cancellation', contactId: invoice.contact_id, items, cancelsInvoiceId: invoice.id });
    for (const paymentId of new Set(items.map((i) => i.paymentId))) movePayment(ctx, paymentId, input.contactId);
    const newId = writeInvoice(ctx, { kind: 'invoice', contactId: input.contactId, items });
    return ok({ cancellation: invoiceView(ctx, cancellationId), invoice: invoiceView(ctx, newId) });
  });
}

/**
 * Moves what a deferred payment still asks from its payer's account to another contact's:
 * a balanced entry (the receivable changes hands), a payer_changes row, the items' payer.
 */
export function movePayment(ctx: Ctx, paymentId: string, toContactId: string): void {
  const payment = stmt(ctx.db, 'SELECT p.id, p.order_id FROM payments p WHERE p.id = ?').get(paymentId) as { id: string; order_id: string };
  const from = (stmt(
    ctx.db,
    `SELECT COALESCE((SELECT to_contact_id FROM payer_changes WHERE payment_id = ? ORDER BY rowid DESC LIMIT 1), (SELECT payer_contact_id FROM payments WHERE id = ?)) AS payer`,
  ).get(paymentId, paymentId) as { payer: string }).payer;
  const openMinor = (stmt(ctx.db, 'SELECT COALESCE(SUM(s.open_minor), 0) AS open FROM deferred_item_state s JOIN deferred_items i ON i.id = s.item_id WHERE i.payment_id = ?').get(paymentId) as { open: number }).open;
  const entryId = ctx.ids.ulid();
  const postings: Posting[] = openMinor > 0 ? [
    { account: account.deferred(toContactId), amountMinor: openMinor },
    { account: account.deferred(from), amountMinor: -openMinor },
  ] : [];
  const methodId = (stmt(ctx.db, 'SELECT method_id FROM payments WHERE id = ?').get(paymentId) as { method_id: string }).method_id;
  appendEntry(ctx.db, ctx.journalKey, {
    id: entryId,
    tillId: ctx.tillId,
    type: 'payer_changed',
    createdAtMs: ctx.clock.nowMs(),
    userId: ctx.actor.userId,
    sessionId: null,
    currency: institutionOf(ctx.db).currency,
    data: { paymentId, orderId: payment.order_id, fromContactId: from, toContactId, openMinor },
    postings,
    links: { orderId: payment.order_id, methods: { [account.deferred(toContactId).id]: methodId, [account.deferred(from).id]: methodId } },
  });
  stmt(ctx.db, 'INSERT INTO payer_changes (id, payment_id, from_contact_id, to_contact_id, entry_id, created_at_ms, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    ctx.ids.ulid(), paymentId, from, toContactId, entryId, ctx.clock.nowMs(), ctx.actor.userId,
  );
  setPayer(ctx.db, paymentId, toContactId);
}
