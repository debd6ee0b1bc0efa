// The archive of issued invoices and credit notes: each one's document built from the rows
// at its issue and frozen (invoice_documents, with its SHA-256 in its journal entry), and
// read back as issued — by the A4 PDF, the receipt copy and any reprint. An invoice issued
// before migration 009 has no frozen document: it is rebuilt from the immutable rows as
// they stood at its issue (refunds and settlements made after it are left out).
import { assert, assertNever } from '../../shared/assert.ts';
import { canonicalJson, type Json } from '../../shared/canonical-json.ts';
import type { CurrencyCode } from '../../shared/money/currency.ts';
import { dayIn } from '../../shared/domain/deferred.ts';
import {
  cancellationOrders,
  documentOrder,
  documentVat,
  InvoiceDocument,
  linePart,
  linesLeft,
  scheduleOf,
  type DocumentKind,
  type DocumentOrder,
  type ScheduledAsk,
  type SoldLine,
} from '../../shared/domain/invoice-document.ts';
import { installmentReference, type ReferenceScheme } from '../../shared/domain/payment-references.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { institutionOf } from '../kernel/config.ts';
import { sha256Hex } from '../kernel/context.ts';
import { knownInstallmentRow } from '../installments/index.ts';

export type Billing = InvoiceDocument['billing'];

/** What is known of an invoice when it is issued (or was, for one rebuilt). */
export interface IssueFacts {
  invoiceId: string;
  number: string;
  series: string;
  seq: number;
  kind: DocumentKind;
  cancelsInvoiceId: string | null;
  refundId: string | null;
  billing: Billing;
  issuedAtMs: number;
  currency: CurrencyCode;
  reference: string;
  scheme: ReferenceScheme;
  /** [installment id, signed amount]: + what an invoice asks, − what a credit note takes back. */
  installments: readonly (readonly [string, number])[];
  /** A credit note of an invoice of another series (another till's, the web's): that invoice as the server published it. */
  creditsElsewhere?: { invoiceId: string; number: string; issuedAtMs: number };
}

interface InstallmentRow {
  id: string;
  order_id: string;
  due_date: string;
  open_minor: number;
}

/** An order line as sold, with what refunds made up to `asOfMs` took back of it. */
function soldLines(db: Db, orderId: string, asOfMs: number): SoldLine[] {
  const rows = stmt(
    db,
    `SELECT l.id, l.kind, l.label, l.detail, l.quantity, l.unit_price_minor, l.vat_rate_bp, l.vat_minor,
            COALESCE((SELECT SUM(rl.quantity) FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id
                      WHERE rl.order_line_id = l.id AND r.created_at_ms <= ?), 0) AS refunded
     FROM order_lines l WHERE l.order_id = ? ORDER BY l.line_no`,
  ).all(asOfMs, orderId) as { id: string; kind: SoldLine['kind']; label: string; detail: string; quantity: number; unit_price_minor: number; vat_rate_bp: number; vat_minor: number; refunded: number }[];
  if (rows.length === 0) return knownOrderLines(db, orderId);
  return rows.map((r) => ({ id: r.id, kind: r.kind, label: r.label, detail: r.detail, quantity: r.quantity, unitPriceMinor: r.unit_price_minor, vatRateBp: r.vat_rate_bp, vatMinor: r.vat_minor, refundedQuantity: r.refunded }));
}

/**
 * Another channel's order's lines as the server published them (known_orders, issue 15
 * point 3): what a refund took back of it shows in its installments' cancelled amounts.
 */
function knownOrderLines(db: Db, orderId: string): SoldLine[] {
  const row = stmt(db, 'SELECT body FROM known_orders WHERE id = ?').get(orderId) as { body: string } | undefined;
  if (!row) return [];
  const body = JSON.parse(row.body) as { lines: Omit<SoldLine, 'refundedQuantity'>[] };
  return body.lines.map((l) => ({ ...l, refundedQuantity: 0 }));
}

function orderHeads(db: Db, orderIds: readonly string[]): { orderId: string; number: string; createdAtMs: number }[] {
  const heads = orderIds.map((id) => {
    const row = (stmt(db, 'SELECT id, number, created_at_ms FROM orders WHERE id = ?').get(id) ?? stmt(db, 'SELECT id, number, created_at_ms FROM known_orders WHERE id = ?').get(id)) as
      | { id: string; number: string; created_at_ms: number }
      | undefined;
    assert(row, `order ${id} exists`);
    return { orderId: row.id, number: row.number, createdAtMs: row.created_at_ms };
  });
  return heads.sort((a, b) => a.createdAtMs - b.createdAtMs || (a.number < b.number ? -1 : 1));
}

function installmentRows(db: Db, installments: IssueFacts['installments']): InstallmentRow[] {
  return installments.map(([id]) => {
    const row = (stmt(db, 'SELECT i.id, i.order_id, i.due_date, s.open_minor FROM deferred_items i JOIN deferred_item_state s ON s.item_id = i.id WHERE i.id = ?').get(id) as InstallmentRow | undefined) ?? knownInstallmentRow(db, id);
    assert(row, `deferred installment ${id} exists`);
    return row;
  });
}

/** What an order's installments on this document add up to. */
function invoicedOf(rows: readonly InstallmentRow[], installments: IssueFacts['installments'], orderId: string): number {
  return installments.filter(([id]) => rows.find((r) => r.id === id)!.order_id === orderId).reduce((a, [, amount]) => a + amount, 0);
}

/**
 * What an invoice asked of each installment and what of it was open: now, when it is being
 * issued; or, rebuilding one issued before documents were frozen, as settlements made up to
 * its issue had left it.
 */
function asksOf(db: Db, facts: IssueFacts, rows: readonly InstallmentRow[], rebuild: boolean): ScheduledAsk[] {
  return facts.installments.map(([installmentId, amountMinor], i) => {
    const row = rows[i]!;
    const paidThen = rebuild
      ? (stmt(db, 'SELECT COALESCE(SUM(a.amount_minor), 0) AS paid FROM settlement_allocations a JOIN settlements s ON s.id = a.settlement_id WHERE a.item_id = ? AND s.created_at_ms <= ?').get(installmentId, facts.issuedAtMs) as { paid: number }).paid
      : null;
    // now: what is open of the installment, never more than asked
    const openMinor = paidThen === null ? Math.min(row.open_minor, amountMinor) : Math.max(amountMinor - paidThen, 0);
    return { installmentId, dueDate: row.due_date, amountMinor, openMinor };
  });
}

function invoiceOrders(db: Db, facts: IssueFacts, rows: readonly InstallmentRow[]): DocumentOrder[] {
  const heads = orderHeads(db, [...new Set(rows.map((r) => r.order_id))]);
  return heads.map((head) => documentOrder(head, linesLeft(soldLines(db, head.orderId, facts.issuedAtMs)), invoicedOf(rows, facts.installments, head.orderId)));
}

/** A refund's credit note: the lines the refund took back, negative. */
function refundOrders(db: Db, facts: IssueFacts, rows: readonly InstallmentRow[]): DocumentOrder[] {
  const refund = stmt(db, 'SELECT order_id FROM refunds WHERE id = ?').get(facts.refundId) as { order_id: string } | undefined;
  assert(refund, `refund ${facts.refundId} exists`);
  const refunded = stmt(db, 'SELECT order_line_id, quantity FROM refund_lines WHERE refund_id = ?').all(facts.refundId) as { order_line_id: string; quantity: number }[];
  const sold = soldLines(db, refund.order_id, facts.issuedAtMs);
  const lines = sold.flatMap((line) => refunded.filter((r) => r.order_line_id === line.id).map((r) => linePart(line, -r.quantity)));
  return orderHeads(db, [refund.order_id]).map((head) => documentOrder(head, lines, invoicedOf(rows, facts.installments, head.orderId)));
}

/** The credit notes refunds issued on an invoice before a moment. */
function creditNotesOf(db: Db, invoiceId: string, beforeMs: number): InvoiceDocument[] {
  const ids = stmt(db, 'SELECT id FROM invoices WHERE cancels_invoice_id = ? AND refund_id IS NOT NULL AND issued_at_ms <= ? ORDER BY seq').all(invoiceId, beforeMs) as { id: string }[];
  return ids.map((r) => invoiceDocument(db, r.id));
}

/** Builds an invoice's or credit note's document from the rows (shared/domain/invoice-document.ts says what it holds). */
export function buildDocument(db: Db, facts: IssueFacts, options: { rebuild: boolean }): InvoiceDocument {
  const institution = institutionOf(db);
  const rows = installmentRows(db, facts.installments);
  // an invoice issued elsewhere has no document here: the credit note names it as the server published it
  const cancelled = facts.cancelsInvoiceId && !facts.creditsElsewhere ? invoiceDocument(db, facts.cancelsInvoiceId) : null;
  let orders: DocumentOrder[];
  switch (facts.kind) {
    case 'invoice':
      orders = invoiceOrders(db, facts, rows);
      break;
    case 'credit_note':
      orders = refundOrders(db, facts, rows);
      break;
    case 'cancellation':
      assert(cancelled, 'a cancellation names the invoice it cancels');
      orders = cancellationOrders(cancelled, creditNotesOf(db, cancelled.invoiceId, facts.issuedAtMs));
      break;
    default:
      assertNever(facts.kind);
  }
  const totalMinor = facts.installments.reduce((a, [, amount]) => a + amount, 0);
  assert(orders.reduce((a, o) => a + o.invoicedMinor, 0) === totalMinor, `${facts.number}: its orders add up to its total`);
  const asks = facts.kind === 'invoice' ? asksOf(db, facts, rows, options.rebuild) : [];
  const schedule = scheduleOf(asks);
  const dueMinor = schedule.reduce((a, s) => a + s.amountMinor, 0);
  return {
    format: 1,
    invoiceId: facts.invoiceId,
    number: facts.number,
    kind: facts.kind,
    cancels: facts.creditsElsewhere ?? (cancelled ? { invoiceId: cancelled.invoiceId, number: cancelled.number, issuedAtMs: cancelled.issuedAtMs } : null),
    issuedAtMs: facts.issuedAtMs,
    issuedOn: dayIn(facts.issuedAtMs, institution.timeZone),
    timeZone: institution.timeZone,
    currency: facts.currency,
    seller: {
      name: institution.name,
      addressLines: institution.addressLines,
      vatNumber: institution.vatNumber,
      street: institution.invoicing?.street ?? '',
      buildingNumber: institution.invoicing?.buildingNumber ?? '',
      postcode: institution.invoicing?.postcode ?? '',
      city: institution.invoicing?.city ?? '',
      country: institution.country,
      iban: institution.invoicing?.iban ?? '',
      bic: institution.invoicing?.bic ?? '',
    },
    billing: facts.billing,
    orders,
    vat: documentVat(orders),
    totalMinor,
    paidMinor: facts.kind === 'invoice' ? totalMinor - dueMinor : 0,
    dueMinor,
    // one due date: the invoice's own reference; several: one per installment
    installments: schedule.map((s) => ({ ...s, reference: s.count === 1 ? facts.reference : installmentReference(facts.scheme, facts.series, facts.seq, s.n) })),
    // the frozen document's key stays `items` (documents already sealed say so)
    items: facts.installments.map(([id, amount]) => [id, amount] as [string, number]),
    reference: facts.reference,
    isRebuilt: options.rebuild,
  };
}

/** The document as stored: canonical JSON (the same bytes every time) and its SHA-256. */
export function sealDocument(document: InvoiceDocument): { text: string; sha256: string } {
  const text = canonicalJson(document as unknown as Json);
  return { text, sha256: sha256Hex(text) };
}

interface InvoiceRow {
  id: string;
  number: string;
  series: string;
  seq: number;
  kind: 'invoice' | 'cancellation';
  cancels_invoice_id: string | null;
  refund_id: string | null;
  billing_snapshot: string;
  issued_at_ms: number;
  currency: CurrencyCode;
  reference: string;
}

/** The document of an issued invoice or credit note: as frozen, or rebuilt for one issued before 009. */
export function invoiceDocument(db: Db, invoiceId: string): InvoiceDocument {
  const frozen = stmt(db, 'SELECT document, sha256 FROM invoice_documents WHERE invoice_id = ?').get(invoiceId) as { document: string; sha256: string } | undefined;
  if (frozen) {
    assert(sha256Hex(frozen.document) === frozen.sha256, `invoice ${invoiceId}: its document matches its SHA-256`);
    return InvoiceDocument.parse(JSON.parse(frozen.document));
  }
  const row = stmt(db, 'SELECT id, number, series, seq, kind, cancels_invoice_id, refund_id, billing_snapshot, issued_at_ms, currency, reference FROM invoices WHERE id = ?').get(invoiceId) as InvoiceRow | undefined;
  assert(row, `invoice ${invoiceId} exists`);
  const installments = stmt(db, 'SELECT item_id, amount_minor FROM invoice_items WHERE invoice_id = ? ORDER BY rowid').all(invoiceId) as { item_id: string; amount_minor: number }[];
  const facts: IssueFacts = {
    invoiceId: row.id,
    number: row.number,
    series: row.series,
    seq: row.seq,
    kind: row.kind === 'invoice' ? 'invoice' : row.refund_id ? 'credit_note' : 'cancellation',
    cancelsInvoiceId: row.cancels_invoice_id,
    refundId: row.refund_id,
    billing: JSON.parse(row.billing_snapshot) as Billing,
    issuedAtMs: row.issued_at_ms,
    currency: row.currency,
    reference: row.reference,
    scheme: /^\d{27}$/.test(row.reference) ? 'qr' : 'creditor',
    installments: installments.map((i) => [i.item_id, i.amount_minor] as const),
  };
  return buildDocument(db, facts, { rebuild: true });
}
