// Invoicing the deferred account (C6, seed 000): automatically at a deferred payment, for
// one order, or globally for a contact; a cancellation invoice when the billing contact
// changes, a credit note when a refund takes back part of an invoiced order. Numbers are
// gapless in the series of the issuing till; each document is frozen as issued
// (invoices/archive.ts) and never edited or deleted.
import { assert } from '../../shared/assert.ts';
import type { CurrencyCode } from '../../shared/money/currency.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { scheduleOf, type DocumentKind } from '../../shared/domain/invoice-document.ts';
import { installmentReferenceMax, invoiceReference, type ReferenceScheme } from '../../shared/domain/payment-references.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { checkThenApply, plan, type Planned } from '../kernel/tx.ts';
import { checkPostingsFit } from '../kernel/ledger/bounds.ts';
import { buildDocument, sealDocument, type Billing } from './archive.ts';
import { archiveInvoiceDocument } from '../kernel/invoice-archive.ts';
import { appendEntry } from '../kernel/ledger/ledger.ts';
import { recordAudit } from '../kernel/audit.ts';
import { institutionOf, tillOf, todayOf } from '../kernel/config.ts';
import { contactById } from '../contacts/index.ts';
import { contactName } from '../../shared/domain/contact-name.ts';
import type { Ctx } from '../kernel/context.ts';
import { knownInvoiceView, refuseAbsentInvoice } from './known-invoices.ts';
import { installmentsOfContact, installmentsOfInvoice, installmentsOfKnownOrder, installmentsOfOrder, isOwnInstallment, movePayment, movesPostings, planPaymentMove, type InstallmentView, type PaymentMove } from '../installments/index.ts';

export type InvoiceView = OutputOf<'invoices.get'>;

interface InvoiceRow {
  id: string;
  number: string;
  kind: 'invoice' | 'cancellation';
  cancels_invoice_id: string | null;
  refund_id: string | null;
  /** The billing contact (a column name shipped in migration 004). */
  contact_id: string;
  billing_snapshot: string;
  issued_at_ms: number;
  due_date: string;
  total_minor: number;
  currency: CurrencyCode;
  reference: string;
}

/** What an invoices row is as a document: a credit note is a cancellation row that names its refund. */
function kindOf(row: { kind: 'invoice' | 'cancellation'; refund_id: string | null }): DocumentKind {
  return row.kind === 'invoice' ? 'invoice' : row.refund_id ? 'credit_note' : 'cancellation';
}

/** The whole cancellation of an invoice, if any (refunds' credit notes do not cancel it). */
function cancellationOf(db: Db, invoiceId: string): { number: string } | undefined {
  return stmt(db, 'SELECT number FROM invoices WHERE cancels_invoice_id = ? AND refund_id IS NULL').get(invoiceId) as { number: string } | undefined;
}

/** The invoice of another series a credit note issued here credits (migration 017), if it is one. */
function creditedElsewhere(db: Db, creditNoteId: string): { invoice_id: string; invoice_number: string; invoice_issued_at_ms: number } | undefined {
  return stmt(db, 'SELECT invoice_id, invoice_number, invoice_issued_at_ms FROM credited_elsewhere WHERE credit_note_id = ?').get(creditNoteId) as
    | { invoice_id: string; invoice_number: string; invoice_issued_at_ms: number }
    | undefined;
}

/** An invoice as issued with its state today (what is still open): the account screen's view. */
export function invoiceView(ctx: Ctx, invoiceId: string): InvoiceView {
  const row = stmt(ctx.db, 'SELECT * FROM invoices WHERE id = ?').get(invoiceId) as InvoiceRow | undefined;
  assert(row, `invoice ${invoiceId} exists`);
  const numberOf = (id: string | null) => (id ? (stmt(ctx.db, 'SELECT number FROM invoices WHERE id = ?').get(id) as { number: string }).number : null);
  const elsewhere = creditedElsewhere(ctx.db, row.id);
  const cancelledBy = cancellationOf(ctx.db, row.id);
  // a credit note of an invoice issued elsewhere names itself in cancels_invoice_id (migration 017): not its own credit note
  const creditNotes = stmt(ctx.db, 'SELECT number FROM invoices WHERE cancels_invoice_id = ? AND refund_id IS NOT NULL AND id <> cancels_invoice_id ORDER BY seq').all(row.id) as { number: string }[];
  const document = stmt(ctx.db, 'SELECT sha256 FROM invoice_documents WHERE invoice_id = ?').get(row.id) as { sha256: string } | undefined;
  const installments = installmentsOfInvoice(ctx.db, row.id, todayOf(ctx));
  const snapshot = JSON.parse(row.billing_snapshot) as { name: string };
  return {
    id: row.id,
    number: row.number,
    kind: kindOf(row),
    cancelsInvoiceId: elsewhere?.invoice_id ?? row.cancels_invoice_id,
    cancelsInvoiceNumber: elsewhere?.invoice_number ?? numberOf(row.cancels_invoice_id),
    cancelledByNumber: cancelledBy?.number ?? null,
    creditNoteNumbers: creditNotes.map((c) => c.number),
    refundId: row.refund_id,
    billingContactId: row.contact_id,
    billingContactName: snapshot.name,
    issuedAtMs: row.issued_at_ms,
    dueDate: row.due_date,
    totalMinor: row.total_minor,
    currency: row.currency,
    reference: row.reference,
    documentSha256: document?.sha256 ?? null,
    isIssuedHere: true,
    openMinor: row.kind === 'invoice' && !cancelledBy ? installments.reduce((a, i) => a + i.openMinor, 0) : 0,
    installments,
  };
}

/**
 * How an invoice's payment is referenced: a QR reference when CHF is paid to a QR-IBAN,
 * an ISO 11649 creditor reference otherwise (shared/domain/payment-references.ts).
 */
function referenceScheme(db: Db): ReferenceScheme {
  const institution = institutionOf(db);
  const iban = institution.invoicing?.iban.replace(/\s/g, '') ?? '';
  return institution.currency === 'CHF' && /^(CH|LI)\d{2}3[01]\d{3}/.test(iban) ? 'qr' : 'creditor';
}

interface NewInvoice {
  kind: DocumentKind;
  billingContactId: string;
  /** A credit note goes to the address of the invoice it credits; an invoice to the billing contact's address today. */
  billing?: Billing;
  /** [installment id, signed amount]: + what an invoice asks, − what a credit note takes back. */
  installments: readonly (readonly [string, number])[];
  cancelsInvoiceId?: string;
  refundId?: string;
  /** A credit note of an invoice another till (or the web shop) issued: that invoice as the pulled installments name it. */
  creditsElsewhere?: { invoiceId: string; number: string; issuedAtMs: number };
}

function billingOf(db: Db, contactId: string): Billing {
  const contact = stmt(db, 'SELECT name, first_name, street, building_number, postcode, city, country FROM contacts WHERE id = ?').get(contactId) as {
    name: string; first_name: string; street: string; building_number: string; postcode: string; city: string; country: string;
  };
  return { name: contactName({ name: contact.name, firstName: contact.first_name }), street: contact.street, buildingNumber: contact.building_number, postcode: contact.postcode, city: contact.city, country: contact.country };
}

/**
 * Writes an invoice or credit note: its document built and frozen, its SHA-256 in its
 * journal entry, its row, its installments and their references. Checks are the caller's.
 */
export function writeInvoice(ctx: Ctx, invoice: NewInvoice): string {
  const till = tillOf(ctx.db, ctx.tillId);
  const next = stmt(ctx.db, 'SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM invoices WHERE series = ?').get(till.order_prefix) as { n: number };
  const id = ctx.ids.ulid();
  const entryId = ctx.ids.ulid();
  const number = `F-${till.order_prefix}-${String(next.n).padStart(6, '0')}`;
  const scheme = referenceScheme(ctx.db);
  const reference = invoiceReference(scheme, till.order_prefix, next.n);
  const now = ctx.clock.nowMs();
  const currency = institutionOf(ctx.db).currency;
  const billing = invoice.billing ?? billingOf(ctx.db, invoice.billingContactId);
  const document = buildDocument(
    ctx.db,
    { invoiceId: id, number, series: till.order_prefix, seq: next.n, kind: invoice.kind, cancelsInvoiceId: invoice.cancelsInvoiceId ?? null, refundId: invoice.refundId ?? null, billing, issuedAtMs: now, currency, reference, scheme, installments: invoice.installments, creditsElsewhere: invoice.creditsElsewhere },
    { rebuild: false },
  );
  const sealed = sealDocument(document);
  const totalMinor = document.totalMinor;
  // an invoice is due on its first installment's day (its earliest installment's when all is paid); a credit note is not due
  const firstDue = invoice.installments.map(([installmentId]) => (stmt(ctx.db, 'SELECT due_date FROM deferred_items WHERE id = ? UNION ALL SELECT due_date FROM known_installments WHERE id = ?').get(installmentId, installmentId) as { due_date: string }).due_date).sort()[0];
  const dueDate = invoice.kind === 'invoice' ? (document.installments[0]?.dueDate ?? firstDue ?? document.issuedOn) : document.issuedOn;
  const rowKind = invoice.kind === 'invoice' ? 'invoice' : 'cancellation';
  const elsewhere = invoice.creditsElsewhere;
  // no local row to name: the row names itself and credited_elsewhere names the invoice (migration 017); the entry names it as every till and the server know it
  const cancelsRow = elsewhere ? id : (invoice.cancelsInvoiceId ?? null);
  // the payload's key stays `contactId` (the billing contact), as every invoice entry has it;
  // its installments were `items` before payloads were versioned (shared/domain/events.ts)
  appendEntry(ctx, {
    id: entryId,
    type: 'invoice_issued',
    createdAtMs: now,
    userId: ctx.actor.userId,
    sessionId: null,
    currency,
    data: {
      invoiceId: id, number, kind: rowKind, cancelsInvoiceId: elsewhere?.invoiceId ?? invoice.cancelsInvoiceId ?? null,
      ...(elsewhere ? { cancelsElsewhere: { number: elsewhere.number, issuedAtMs: elsewhere.issuedAtMs } } : {}),
      refundId: invoice.refundId ?? null, contactId: invoice.billingContactId, totalMinor, dueDate, reference, installments: invoice.installments.map(([installmentId, amountMinor]) => ({ installmentId, amountMinor })), documentSha256: sealed.sha256,
    },
    postings: [],
  });
  stmt(
    ctx.db,
    `INSERT INTO invoices (id, number, series, seq, kind, cancels_invoice_id, refund_id, contact_id, billing_snapshot, issued_at_ms, due_date, total_minor, currency, reference, entry_id, user_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, number, till.order_prefix, next.n, rowKind, cancelsRow, invoice.refundId ?? null, invoice.billingContactId, JSON.stringify(billing), now, dueDate, totalMinor, currency, reference, entryId, ctx.actor.userId);
  if (elsewhere) stmt(ctx.db, 'INSERT INTO credited_elsewhere (credit_note_id, invoice_id, invoice_number, invoice_issued_at_ms) VALUES (?, ?, ?, ?)').run(id, elsewhere.invoiceId, elsewhere.number, elsewhere.issuedAtMs);
  const insertInstallment = stmt(ctx.db, 'INSERT INTO invoice_items (invoice_id, item_id, amount_minor) VALUES (?, ?, ?)');
  // another channel's installment (issue 15 point 3) is no row of deferred_items: the invoice's entry names it, the server
  // publishes its invoice to every till, and this till knows it is invoiced (known_installments) until the server says so
  const markKnown = stmt(ctx.db, 'UPDATE known_installments SET invoice_number = ?, reference = ?, invoice_id = ?, invoice_issued_at_ms = ?, invoice_due_date = ?, invoice_asked_minor = ? WHERE id = ?');
  for (const [installmentId, amount] of invoice.installments) {
    if (isOwnInstallment(ctx.db, installmentId)) insertInstallment.run(id, installmentId, amount);
    else if (rowKind === 'invoice') markKnown.run(number, reference, id, now, dueDate, amount, installmentId);
  }
  archiveInvoiceDocument(ctx.db, document, sealed);
  recordAudit(ctx, { userId: ctx.actor.userId, action: 'invoice.issued', details: { invoiceId: id, number, kind: invoice.kind, totalMinor, documentSha256: sealed.sha256 } });
  return id;
}

/** Installments not on a current invoice, neither fully cancelled (nothing to ask for). */
function invoiceable(db: Db, installments: readonly InstallmentView[]): InstallmentView[] {
  // another channel's installment: invoiced at any till (its number), and invoiceable here once its order is known
  return installments.filter((i) => i.invoiceId === null && i.invoiceNumber === null && i.amountMinor - i.cancelledMinor > 0 && isKnownOrder(db, i.orderId));
}

/** An order this till sold, or another channel's the server published with its lines (known_orders). */
function isKnownOrder(db: Db, orderId: string): boolean {
  return stmt(db, 'SELECT 1 FROM orders WHERE id = ? UNION ALL SELECT 1 FROM known_orders WHERE id = ?').get(orderId, orderId) !== undefined;
}

/** Invoice installments that belong to one payer: the amount asked is what was not cancelled. */
function issue(ctx: Ctx, billingContactId: string, installments: readonly InstallmentView[]): string {
  return writeInvoice(ctx, { kind: 'invoice', billingContactId, installments: installments.map((i) => [i.id, i.amountMinor - i.cancelledMinor] as const) });
}

/**
 * Due dates an invoice of these installments would number (one payment slip each): refused past
 * what a payment reference can number.
 */
function checkInstallments(installments: readonly InstallmentView[]): Result<null> {
  return checkDueDatesNumbered(installments.map((i) => ({ installmentId: i.id, dueDate: i.dueDate, amountMinor: i.amountMinor - i.cancelledMinor, openMinor: i.openMinor })));
}

function checkDueDatesNumbered(asks: Parameters<typeof scheduleOf>[0]): Result<null> {
  const count = scheduleOf(asks).length;
  return count > installmentReferenceMax ? refuse('invoice_installments_exceeded', { count, max: installmentReferenceMax }) : ok(null);
}

/** What issuing an invoice writes: to whom, and the installments it asks for. */
interface IssuePlan {
  billingContactId: string;
  installments: readonly InstallmentView[];
}

function applyIssue(ctx: Ctx, p: IssuePlan): InvoiceView {
  return invoiceView(ctx, issue(ctx, p.billingContactId, p.installments));
}

function checkInvoicingConfigured(db: Db): Result<null> {
  return institutionOf(db).invoicing ? ok(null) : refuse('invoicing_not_configured');
}

/** Checks, in order: invoicing is configured; the contact exists; the listed orders exist; there is something uninvoiced (of them); its installments can be numbered. */
function checkCreateInvoice(ctx: Ctx, input: ParsedInputOf<'invoices.create'>): Result<Planned<IssuePlan, InvoiceView>> {
  const configured = checkInvoicingConfigured(ctx.db);
  if (!configured.ok) return configured;
  if (!contactById(ctx.db, input.contactId)) return refuse('contact_not_found', { contactId: input.contactId });
  for (const orderId of input.orderIds ?? []) {
    if (!isKnownOrder(ctx.db, orderId)) return refuse('order_not_found', { orderId });
  }
  const wanted = input.orderIds ? new Set(input.orderIds) : null;
  const installments = invoiceable(ctx.db, installmentsOfContact(ctx.db, input.contactId, todayOf(ctx))).filter((i) => !wanted || wanted.has(i.orderId));
  if (installments.length === 0) return refuse('nothing_to_invoice');
  const numbered = checkInstallments(installments);
  if (!numbered.ok) return numbered;
  return plan({ billingContactId: input.contactId, installments });
}

export const createInvoice = checkThenApply(checkCreateInvoice, applyIssue);

/**
 * One order's deferred payments, invoiced to their payer (seed 000: "Détail d'un dossier").
 * Checks, in order: invoicing configured; the order exists, has deferred payments, is not
 * invoiced yet, asks something; its installments can be numbered.
 */
function checkInvoiceOrder(ctx: Ctx, orderId: string): Result<IssuePlan> {
  const configured = checkInvoicingConfigured(ctx.db);
  if (!configured.ok) return configured;
  if (!isKnownOrder(ctx.db, orderId)) return refuse('order_not_found', { orderId });
  const isOwn = stmt(ctx.db, 'SELECT 1 FROM orders WHERE id = ?').get(orderId) !== undefined;
  const installments = isOwn ? installmentsOfOrder(ctx.db, orderId, todayOf(ctx)) : installmentsOfKnownOrder(ctx.db, orderId, todayOf(ctx));
  if (installments.length === 0) return refuse('order_not_deferred', { orderId });
  const invoiced = installments.find((i) => i.invoiceNumber !== null);
  if (invoiced) return refuse('order_already_invoiced', { invoice: invoiced.invoiceNumber, invoiceId: invoiced.invoiceId });
  const open = invoiceable(ctx.db, installments);
  if (open.length === 0) return refuse('nothing_to_invoice');
  const numbered = checkInstallments(open);
  if (!numbered.ok) return numbered;
  const payers = [...new Set(open.map((i) => i.payerContactId))];
  // an order's deferred payments have one payer (a payer change moves them all)
  assert(payers.length === 1, 'one payer per order');
  return ok({ billingContactId: payers[0]!, installments: open });
}

export const createInvoiceForOrder = checkThenApply((ctx: Ctx, input: ParsedInputOf<'invoices.createForOrder'>): Result<Planned<IssuePlan, InvoiceView>> => {
  const checked = checkInvoiceOrder(ctx, input.orderId);
  return checked.ok ? plan(checked.value) : checked;
}, applyIssue);

/**
 * The sale's check, when it invoices its deferred payments at once: what that invoice could
 * refuse, for the open installments the sale is about to write (invoicing configured; installments
 * that a payment reference can number).
 */
export function checkInvoiceAtSale(db: Db, installments: readonly { id: string; dueDate: string; amountMinor: number }[]): Result<null> {
  const configured = checkInvoicingConfigured(db);
  if (!configured.ok) return configured;
  return checkDueDatesNumbered(installments.map((i) => ({ installmentId: i.id, dueDate: i.dueDate, amountMinor: i.amountMinor, openMinor: i.amountMinor })));
}

/**
 * The sale's apply: invoices the order it has just written. Cannot refuse: the sale's check
 * ran checkInvoiceAtSale over the same installments.
 */
export function issueOrderInvoice(ctx: Ctx, orderId: string): InvoiceView {
  const checked = checkInvoiceOrder(ctx, orderId);
  assert(checked.ok, `order ${orderId}: its sale checked that it can be invoiced`);
  return applyIssue(ctx, checked.value);
}

export function listInvoices(ctx: Ctx, input: ParsedInputOf<'invoices.list'>): Result<OutputOf<'invoices.list'>> {
  if (!contactById(ctx.db, input.contactId)) return refuse('contact_not_found', { contactId: input.contactId });
  const ids = stmt(ctx.db, 'SELECT id FROM invoices WHERE contact_id = ? ORDER BY issued_at_ms DESC, seq DESC').all(input.contactId) as { id: string }[];
  return ok(ids.map((r) => invoiceView(ctx, r.id)));
}

/** The invoice a number, a reference or an installment's reference names (C17: a bank line carries the reference). */
export function invoiceIdByNumber(db: Db, text: string): string | null {
  const reference = text.replace(/\s/g, '').toUpperCase();
  const row = (stmt(db, 'SELECT id FROM invoices WHERE number = ? OR reference = ?').get(text.trim().toUpperCase(), reference) ??
    stmt(db, 'SELECT invoice_id AS id FROM invoice_installments WHERE reference = ?').get(reference)) as { id: string } | undefined;
  return row?.id ?? null;
}

export function getInvoice(ctx: Ctx, input: ParsedInputOf<'invoices.get'>): Result<OutputOf<'invoices.get'>> {
  const id = input.invoiceId ? ((stmt(ctx.db, 'SELECT id FROM invoices WHERE id = ?').get(input.invoiceId) as { id: string } | undefined)?.id ?? null) : invoiceIdByNumber(ctx.db, input.number!);
  if (id) return ok(invoiceView(ctx, id));
  // one of another till's series (or the web's), as the pulled installments name it
  const knownId = input.invoiceId ?? (stmt(ctx.db, 'SELECT invoice_id FROM known_installments WHERE invoice_number = ? AND invoice_id IS NOT NULL LIMIT 1').get(input.number!.trim().toUpperCase()) as { invoice_id: string } | undefined)?.invoice_id;
  const known = knownId ? knownInvoiceView(ctx, knownId) : null;
  return known ? ok(known) : refuse('invoice_not_found', { invoice: input.invoiceId ?? input.number });
}

/** What an invoice still asks of each installment: what it asked less what refunds' credit notes took back. */
function stillAsked(db: Db, invoiceId: string): { id: string; amountMinor: number; paymentId: string }[] {
  return stmt(
    db,
    `SELECT ii.item_id AS id, ii.amount_minor + COALESCE((SELECT SUM(ci.amount_minor) FROM invoice_items ci JOIN invoices c ON c.id = ci.invoice_id
                                                          WHERE c.cancels_invoice_id = ii.invoice_id AND c.refund_id IS NOT NULL AND ci.item_id = ii.item_id), 0) AS amountMinor,
            i.payment_id AS paymentId
     FROM invoice_items ii JOIN deferred_items i ON i.id = ii.item_id WHERE ii.invoice_id = ? ORDER BY ii.rowid`,
  ).all(invoiceId) as { id: string; amountMinor: number; paymentId: string }[];
}

/** A billing contact change as checked: the invoice, what it still asks, each payment's move. */
interface BillingChangePlan {
  invoice: InvoiceRow;
  billingContactId: string;
  installments: { id: string; amountMinor: number; paymentId: string }[];
  moves: PaymentMove[];
}

/**
 * After invoicing, a new billing contact (seed 000: "Changer le contact de facturation"):
 * a cancellation invoice cancels what the old one still asks (less its refunds' credit
 * notes), the receivable of its payments moves to the new contact, and a new invoice asks
 * them for the same. The old invoice stays as it was issued.
 * Checks, in order: the invoice exists, is an invoice, not cancelled yet, names no other channel's installment, still asks
 * something; the contact exists, is another one, may pay on account and has the headroom
 * for what is open; no balance passes balanceMinorMax.
 */
function checkChangeBillingContact(ctx: Ctx, input: ParsedInputOf<'invoices.changeBillingContact'>): Result<Planned<BillingChangePlan, OutputOf<'invoices.changeBillingContact'>>> {
  const invoice = stmt(ctx.db, 'SELECT * FROM invoices WHERE id = ?').get(input.invoiceId) as InvoiceRow | undefined;
  if (!invoice) return refuseAbsentInvoice(ctx.db, input.invoiceId);
  if (invoice.kind === 'cancellation') return refuse('invoice_is_cancellation');
  const cancelledBy = cancellationOf(ctx.db, invoice.id);
  if (cancelledBy) return refuse('invoice_already_cancelled', { cancelledBy: cancelledBy.number });
  // another channel's installments on it (issue 15 point 3): their payment is not this till's to move to another payer
  if (stmt(ctx.db, 'SELECT 1 FROM known_installments k WHERE k.invoice_number = ? AND NOT EXISTS (SELECT 1 FROM deferred_items d WHERE d.id = k.id)').get(invoice.number)) return refuse('invoice_names_other_channels', { invoice: invoice.number });
  const installments = stillAsked(ctx.db, invoice.id).filter((i) => i.amountMinor > 0);
  if (installments.length === 0) return refuse('nothing_to_invoice');
  const contact = contactById(ctx.db, input.billingContactId);
  if (!contact) return refuse('contact_not_found', { contactId: input.billingContactId });
  if (input.billingContactId === invoice.contact_id) return refuse('payer_unchanged');
  if (!contact.deferredAuthorised) return refuse('deferred_not_authorised', { contactId: contact.id });
  const movingMinor = (stmt(ctx.db, 'SELECT COALESCE(SUM(s.open_minor), 0) AS open FROM deferred_item_state s JOIN invoice_items ii ON ii.item_id = s.item_id WHERE ii.invoice_id = ?').get(invoice.id) as { open: number }).open;
  const availableMinor = contact.deferredLimitMinor - contact.deferredOutstandingMinor;
  if (movingMinor > availableMinor) return refuse('deferred_limit_exceeded', { availableMinor: Math.max(availableMinor, 0) });
  const moves = [...new Set(installments.map((i) => i.paymentId))].map((paymentId) => planPaymentMove(ctx.db, paymentId, input.billingContactId));
  const fits = checkPostingsFit(ctx.db, movesPostings(moves));
  if (!fits.ok) return fits;
  return plan({ invoice, billingContactId: input.billingContactId, installments, moves });
}

function applyChangeBillingContact(ctx: Ctx, p: BillingChangePlan): OutputOf<'invoices.changeBillingContact'> {
  const billing = JSON.parse(p.invoice.billing_snapshot) as Billing;
  const cancellationId = writeInvoice(ctx, { kind: 'cancellation', billingContactId: p.invoice.contact_id, billing, installments: p.installments.map((i) => [i.id, -i.amountMinor] as const), cancelsInvoiceId: p.invoice.id });
  for (const move of p.moves) movePayment(ctx, move);
  const newId = writeInvoice(ctx, { kind: 'invoice', billingContactId: p.billingContactId, installments: p.installments.map((i) => [i.id, i.amountMinor] as const) });
  return { cancellation: invoiceView(ctx, cancellationId), invoice: invoiceView(ctx, newId) };
}

export const changeBillingContact = checkThenApply(checkChangeBillingContact, applyChangeBillingContact);

/**
 * A refund of (part of) an invoiced order: a credit note, in the same series, for what the
 * refund took back — its lines, and of the invoice what it cancelled of the installments on
 * account; what went back by other means (cash, card, the credit balance) shows on it too.
 * Written in the refund's transaction, after its rows; an order not on a current invoice
 * has none. Cannot refuse.
 */
export function creditRefundOnInvoice(ctx: Ctx, refundId: string): void {
  const invoice = stmt(
    ctx.db,
    `SELECT DISTINCT inv.id, inv.contact_id, inv.billing_snapshot FROM refunds r
     JOIN deferred_items d ON d.order_id = r.order_id JOIN invoice_items ii ON ii.item_id = d.id JOIN invoices inv ON inv.id = ii.invoice_id
     WHERE r.id = ? AND inv.kind = 'invoice' AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.cancels_invoice_id = inv.id AND c.refund_id IS NULL)`,
  ).all(refundId) as { id: string; contact_id: string; billing_snapshot: string }[];
  // an order's installments are on one current invoice at most (they are invoiced together)
  assert(invoice.length <= 1, `refund ${refundId}: its order is on one current invoice at most`);
  if (invoice.length === 0) return creditRefundOnInvoiceElsewhere(ctx, refundId);
  const credited = invoice[0]!;
  const cancelled = stmt(
    ctx.db,
    'SELECT c.item_id, c.amount_minor FROM item_cancellations c JOIN invoice_items ii ON ii.item_id = c.item_id AND ii.invoice_id = ? WHERE c.refund_id = ? ORDER BY c.rowid',
  ).all(credited.id, refundId) as { item_id: string; amount_minor: number }[];
  writeInvoice(ctx, {
    kind: 'credit_note',
    billingContactId: credited.contact_id,
    billing: JSON.parse(credited.billing_snapshot) as Billing,
    installments: cancelled.map((c) => [c.item_id, -c.amount_minor] as const),
    cancelsInvoiceId: credited.id,
    refundId,
  });
}

/**
 * A refund here of an order another till (or the server) invoiced (issue 15): the credit
 * note is this till's, in its own series, and names that invoice by the id, number and issue
 * time the pulled installments carry (known_installments); it takes back what the refund
 * cancelled of the installments that invoice asks, and goes to the billing contact's address
 * (the other till holds the invoice's). An order invoiced nowhere the till knows has none.
 */
function creditRefundOnInvoiceElsewhere(ctx: Ctx, refundId: string): void {
  const invoices = stmt(
    ctx.db,
    `SELECT DISTINCT k.invoice_id, k.invoice_number, k.invoice_issued_at_ms, k.contact_id FROM refunds r
     JOIN deferred_items d ON d.order_id = r.order_id JOIN known_installments k ON k.id = d.id
     WHERE r.id = ? AND k.invoice_id IS NOT NULL AND k.invoice_issued_at_ms IS NOT NULL AND NOT EXISTS (SELECT 1 FROM invoices WHERE id = k.invoice_id)`,
  ).all(refundId) as { invoice_id: string; invoice_number: string; invoice_issued_at_ms: number; contact_id: string }[];
  // an order's installments are invoiced together: one invoice (offline, two tills might each invoice it: the first pulled stands)
  const credited = invoices[0];
  if (!credited) return;
  const cancelled = stmt(
    ctx.db,
    'SELECT c.item_id, c.amount_minor FROM item_cancellations c JOIN known_installments k ON k.id = c.item_id AND k.invoice_id = ? WHERE c.refund_id = ? ORDER BY c.rowid',
  ).all(credited.invoice_id, refundId) as { item_id: string; amount_minor: number }[];
  writeInvoice(ctx, {
    kind: 'credit_note',
    billingContactId: credited.contact_id,
    installments: cancelled.map((c) => [c.item_id, -c.amount_minor] as const),
    refundId,
    creditsElsewhere: { invoiceId: credited.invoice_id, number: credited.invoice_number, issuedAtMs: credited.invoice_issued_at_ms },
  });
}
