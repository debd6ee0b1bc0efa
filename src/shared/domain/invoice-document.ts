// An issued invoice or credit note as a document (C6, issue 12): everything its PDF and its
// receipt copy print, frozen when it is issued, so that a reprint a year later says what
// the original said. Amounts are signed minor units (a credit note's are negative); dates
// are instants and calendar days, formatted only when printed. Pure rules that build its
// parts (the schedule, the lines left after refunds, a credit note's mirror) live here too.
import { z } from 'zod';
import { assert } from '../assert.ts';
import { vatSummary, type VatBucket } from './vat.ts';
import { currencyCodes } from '../money/currency.ts';

const Int = z.number().int().refine(Number.isSafeInteger, 'a safe integer');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** What a credit note is: a whole cancellation (the billing contact changed) or the part a refund took back. */
export const documentKinds = ['invoice', 'cancellation', 'credit_note'] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const DocumentLine = z.object({
  orderLineId: z.string(),
  kind: z.enum(['ticket', 'item', 'voucher']),
  label: z.string(),
  detail: z.string(),
  /** Negative on a credit note. */
  quantity: Int,
  /** The unit price, as sold (positive). */
  unitMinor: Int,
  /** quantity × unit price. */
  totalMinor: Int,
  vatRateBp: Int,
  vatMinor: Int,
});
export type DocumentLine = z.infer<typeof DocumentLine>;

export const DocumentOrder = z.object({
  orderId: z.string(),
  number: z.string(),
  createdAtMs: Int,
  lines: z.array(DocumentLine),
  /**
   * What other methods paid (−) or got back (+) of what the lines are worth: the lines plus
   * this are what the document asks (or credits) of this order.
   */
  otherMinor: Int,
  invoicedMinor: Int,
});
export type DocumentOrder = z.infer<typeof DocumentOrder>;

/** One due date of an invoice: what is to pay by then, with the reference of its payment slip. */
export const DocumentInstallment = z.object({
  n: Int,
  count: Int,
  dueDate: Day,
  amountMinor: Int,
  reference: z.string(),
  /** The installments due that day: the key says "item" as documents already sealed do (never renamed). */
  itemIds: z.array(z.string()),
});
export type DocumentInstallment = z.infer<typeof DocumentInstallment>;

const Address = { name: z.string(), street: z.string(), buildingNumber: z.string(), postcode: z.string(), city: z.string(), country: z.string() };

export const InvoiceDocument = z.object({
  format: z.literal(1),
  invoiceId: z.string(),
  number: z.string(),
  kind: z.enum(documentKinds),
  /** The invoice a credit note cancels or credits. */
  cancels: z.object({ invoiceId: z.string(), number: z.string(), issuedAtMs: Int }).nullable(),
  issuedAtMs: Int,
  /** The calendar day of issue where the institution is. */
  issuedOn: Day,
  timeZone: z.string(),
  currency: z.enum(currencyCodes),
  seller: z.object({ ...Address, addressLines: z.array(z.string()), vatNumber: z.string(), iban: z.string(), bic: z.string() }),
  billing: z.object(Address),
  orders: z.array(DocumentOrder),
  vat: z.array(z.object({ rateBp: Int, grossMinor: Int, netMinor: Int, vatMinor: Int })),
  /** What the invoice asks in all (negative: what a credit note takes back). */
  totalMinor: Int,
  /** Of the total, what was settled before the invoice was issued. */
  paidMinor: Int,
  /** What was left to pay when it was issued: the schedule's sum (0 on a credit note). */
  dueMinor: Int,
  /** Empty on a credit note. */
  installments: z.array(DocumentInstallment),
  /**
   * The installments it asks for or credits, [installment id, signed amount]: as in its
   * journal entry. The key stays `items`, as in the documents already sealed.
   */
  items: z.array(z.tuple([z.string(), Int])),
  reference: z.string(),
  /**
   * Issued before documents were frozen (migration 009): rebuilt from the rows as they
   * stood at its issue; its seller is the institution's as it is now.
   */
  isRebuilt: z.boolean(),
});
export type InvoiceDocument = z.infer<typeof InvoiceDocument>;

/** An installment an invoice asks for, as it stood when the invoice was issued. */
export interface ScheduledAsk {
  installmentId: string;
  dueDate: string;
  /** What the invoice asks of it: its amount less what refunds had cancelled. */
  amountMinor: number;
  /** Of that, what was still open (not settled yet). */
  openMinor: number;
}

/**
 * The invoice's schedule: its installments grouped by due date, earliest first, each date with
 * what was still open on it (dates with nothing open are left out). Numbered 1..count.
 */
export function scheduleOf(asks: readonly ScheduledAsk[]): { n: number; count: number; dueDate: string; amountMinor: number; itemIds: string[] }[] {
  const byDate = new Map<string, { amountMinor: number; itemIds: string[] }>();
  for (const ask of [...asks].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))) {
    assert(ask.openMinor >= 0 && ask.openMinor <= ask.amountMinor, `installment ${ask.installmentId}: open within what is asked`);
    if (ask.openMinor === 0) continue;
    const group = byDate.get(ask.dueDate) ?? { amountMinor: 0, itemIds: [] };
    group.amountMinor += ask.openMinor;
    group.itemIds.push(ask.installmentId);
    byDate.set(ask.dueDate, group);
  }
  const count = byDate.size;
  return [...byDate].map(([dueDate, g], i) => ({ n: i + 1, count, dueDate, amountMinor: g.amountMinor, itemIds: g.itemIds }));
}

/** An order line as sold, with the quantity refunds had taken back when the document was made. */
export interface SoldLine {
  id: string;
  kind: 'ticket' | 'item' | 'voucher';
  label: string;
  detail: string;
  quantity: number;
  unitPriceMinor: number;
  vatRateBp: number;
  /** The line's VAT: per unit × quantity (asserted). */
  vatMinor: number;
  refundedQuantity: number;
}

/** A quantity of a sold line, with its share of the line's VAT (VAT is per unit: shared/domain/vat.ts priceLine). */
export function linePart(line: SoldLine, quantity: number): DocumentLine {
  assert(line.vatMinor % line.quantity === 0, `line ${line.id}: VAT is per unit × quantity`);
  return {
    orderLineId: line.id,
    kind: line.kind,
    label: line.label,
    detail: line.detail,
    quantity,
    unitMinor: line.unitPriceMinor,
    totalMinor: line.unitPriceMinor * quantity,
    vatRateBp: line.vatRateBp,
    vatMinor: (line.vatMinor / line.quantity) * quantity,
  };
}

/** What an invoice bills of an order: its lines less what was refunded before (a line refunded in full is left out). */
export function linesLeft(lines: readonly SoldLine[]): DocumentLine[] {
  return lines.filter((l) => l.quantity - l.refundedQuantity > 0).map((l) => linePart(l, l.quantity - l.refundedQuantity));
}

/** An order on a document: its lines, and what other methods account for so that it asks `invoicedMinor`. */
export function documentOrder(order: { orderId: string; number: string; createdAtMs: number }, lines: DocumentLine[], invoicedMinor: number): DocumentOrder {
  const linesMinor = lines.reduce((a, l) => a + l.totalMinor, 0);
  return { ...order, lines, otherMinor: invoicedMinor - linesMinor, invoicedMinor };
}

/**
 * A whole cancellation: what the invoice asked less what its credit notes took back
 * already, negated, order by order and line by line. Lines that nothing is left of are
 * left out; an order keeps its place.
 */
export function cancellationOrders(invoice: InvoiceDocument, creditNotes: readonly InvoiceDocument[]): DocumentOrder[] {
  return invoice.orders.map((order) => {
    const credited = creditNotes.flatMap((c) => c.orders.filter((o) => o.orderId === order.orderId));
    const lines = order.lines
      .map((line) => {
        const back = credited.flatMap((o) => o.lines.filter((l) => l.orderLineId === line.orderLineId));
        const sum = (pick: (l: DocumentLine) => number) => -(pick(line) + back.reduce((a, l) => a + pick(l), 0));
        return { ...line, quantity: sum((l) => l.quantity), totalMinor: sum((l) => l.totalMinor), vatMinor: sum((l) => l.vatMinor) };
      })
      .filter((l) => l.quantity !== 0);
    const invoicedMinor = -(order.invoicedMinor + credited.reduce((a, o) => a + o.invoicedMinor, 0));
    return documentOrder(order, lines, invoicedMinor);
  });
}

/** VAT per rate of the document's lines (vouchers sold are no revenue: no VAT line). */
export function documentVat(orders: readonly DocumentOrder[]): VatBucket[] {
  return vatSummary(orders.flatMap((o) => o.lines.filter((l) => l.kind !== 'voucher')));
}
