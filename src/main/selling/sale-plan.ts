// What a checked sale will write, built before any write: every id and code minted, the
// rows, the installments of its deferred payments, and its postings (shared/domain). The
// builders are pure; the reads a plan needs (the order number, codes not yet taken) are
// in checkout.ts.
import { assert } from '../../shared/assert.ts';
import type { Posting } from '../../shared/domain/accounts.ts';
import { installmentSchedule, type CalendarDay } from '../../shared/domain/deferred.ts';
import { orderPostings } from '../../shared/domain/postings.ts';
import { seatsOf, type SeatCount } from '../../shared/domain/seats.ts';
import type { SaleEvent } from '../../shared/domain/events.ts';
import type { CurrencyCode } from '../../shared/money/currency.ts';
import type { PricedBasketLine } from '../catalogue/index.ts';
import type { InstitutionConfig } from '../kernel/config.ts';
import type { Ids } from '../kernel/context.ts';
import type { ClientRequest } from '../kernel/requests.ts';
import type { ResolvedPayment, SettledTender } from './payments.ts';

export interface SaleLine {
  line: PricedBasketLine;
  id: string;
  lineNo: number;
}

export interface SaleTicket {
  id: string;
  lineId: string;
  performanceId: string;
  barcode: string;
  priceMinor: number;
}

export interface SaleVoucher {
  id: string;
  lineId: string;
  code: string;
  valueMinor: number;
}

export interface SalePayment extends ResolvedPayment {
  id: string;
  seq: number;
  applied: SettledTender['applied'][number];
}

export interface SaleInstallment {
  id: string;
  paymentId: string;
  orderId: string;
  seq: number;
  count: number;
  dueDate: string;
  amountMinor: number;
  payerContactId: string;
}

/** What the checks found: the sale as asked, priced and settled. */
export interface CheckedSale {
  request: ClientRequest;
  sessionId: string;
  institution: InstitutionConfig;
  buyer: { id: string; name: string; firstName: string } | null;
  lines: readonly PricedBasketLine[];
  payments: readonly ResolvedPayment[];
  tender: SettledTender;
  totalMinor: number;
  /** The deferred payments are invoiced at once. */
  invoiceDeferred: boolean;
}

/** A sale ready to write: nothing in it can be refused any more. */
export interface SalePlan {
  request: ClientRequest;
  orderId: string;
  entryId: string;
  number: string;
  numberSeq: number;
  sessionId: string;
  createdAtMs: number;
  /** The institution's calendar day of the sale, when it has payments on account (their installments' dates); else null. */
  saleDay: CalendarDay | null;
  buyer: { id: string; name: string; firstName: string } | null;
  currency: CurrencyCode;
  totalMinor: number;
  changeMinor: number;
  lines: SaleLine[];
  tickets: SaleTicket[];
  vouchers: SaleVoucher[];
  payments: SalePayment[];
  installments: SaleInstallment[];
  /** Tickets per performance: the seats the sale takes. */
  seats: SeatCount[];
  invoiceDeferred: boolean;
  postings: Posting[];
  /** Which method moved each customer account, for the account screens and reports. */
  methods: Record<string, string>;
}

/** The codes a plan needs, minted and known not taken (checkout.ts). */
export interface SaleCodes {
  barcodes: readonly string[];
  voucherCodes: readonly string[];
}

export const ticketCount = (lines: readonly PricedBasketLine[]): number => lines.reduce((n, l) => n + (l.kind === 'ticket' ? l.quantity : 0), 0);
export const voucherCount = (lines: readonly PricedBasketLine[]): number => lines.reduce((n, l) => n + (l.kind === 'voucher' ? l.quantity : 0), 0);

/** The plan of a checked sale, its ids from `ids`, its codes from `codes`. */
export function planSale(ids: Ids, sale: CheckedSale, at: { orderNumber: { seq: number; number: string }; createdAtMs: number; saleDay: CalendarDay | null; tillId: string }, codes: SaleCodes): SalePlan {
  const orderId = ids.ulid();
  const entryId = ids.ulid();
  // no spreads on this path: {...row, extra} makes a dictionary-mode object (~1.5 KB) each time
  const lines = sale.lines.map((line, i): SaleLine => ({ line, id: ids.ulid(), lineNo: i + 1 }));
  const tickets = ticketsOf(ids, lines, codes.barcodes);
  const vouchers = vouchersOf(ids, lines, codes.voucherCodes);
  const payments = sale.payments.map((p, i): SalePayment => ({ input: p.input, method: p.method, voucherId: p.voucherId, contactId: p.contactId, id: ids.ulid(), seq: i + 1, applied: sale.tender.applied[i]! }));
  const installments = scheduleDeferred(ids, sale.institution, orderId, at.saleDay, payments);
  const buyerContactId = sale.buyer?.id ?? null;
  return {
    request: sale.request,
    orderId,
    entryId,
    number: at.orderNumber.number,
    numberSeq: at.orderNumber.seq,
    sessionId: sale.sessionId,
    createdAtMs: at.createdAtMs,
    saleDay: at.saleDay,
    buyer: sale.buyer,
    currency: sale.institution.currency,
    totalMinor: sale.totalMinor,
    changeMinor: sale.tender.changeMinor,
    lines,
    tickets,
    vouchers,
    payments,
    installments,
    seats: seatsOf(tickets),
    invoiceDeferred: sale.invoiceDeferred,
    postings: salePostings(at.tillId, lines, vouchers, payments, buyerContactId),
    methods: accountMethods(payments, buyerContactId),
  };
}

function ticketsOf(ids: Ids, lines: readonly SaleLine[], barcodes: readonly string[]): SaleTicket[] {
  const tickets: SaleTicket[] = [];
  for (const { line, id } of lines) {
    if (line.kind !== 'ticket') continue;
    for (let i = 0; i < line.quantity; i += 1) {
      tickets.push({ id: ids.ulid(), lineId: id, performanceId: line.performanceId!, barcode: barcodes[tickets.length]!, priceMinor: line.unitPriceMinor });
    }
  }
  return tickets;
}

function vouchersOf(ids: Ids, lines: readonly SaleLine[], codes: readonly string[]): SaleVoucher[] {
  const vouchers: SaleVoucher[] = [];
  for (const { line, id } of lines) {
    if (line.kind !== 'voucher') continue;
    for (let i = 0; i < line.quantity; i += 1) vouchers.push({ id: ids.ulid(), lineId: id, code: codes[vouchers.length]!, valueMinor: line.unitPriceMinor });
  }
  return vouchers;
}

/**
 * The installments of the sale's deferred payments: one per due date of a tracked method
 * (its rule), else one at the institution's payment term; the payer is the buyer.
 */
function scheduleDeferred(ids: Ids, institution: InstitutionConfig, orderId: string, saleDay: CalendarDay | null, payments: readonly SalePayment[]): SaleInstallment[] {
  const deferred = payments.filter((p) => p.method.type === 'deferred' && p.applied.appliedMinor > 0);
  if (deferred.length === 0) return [];
  assert(saleDay, 'a sale on account knows its calendar day');
  return deferred.flatMap((p) =>
    installmentSchedule(p.applied.appliedMinor, institution.currency, saleDay, p.method.tracking, institution.invoicing?.paymentTermDays ?? 30).map((installment) => ({
      ...installment,
      id: ids.ulid(),
      paymentId: p.id,
      orderId,
      payerContactId: p.contactId!,
    })),
  );
}

function salePostings(tillId: string, lines: readonly SaleLine[], vouchers: readonly SaleVoucher[], payments: readonly SalePayment[], buyerContactId: string | null): Posting[] {
  return orderPostings(
    tillId,
    1,
    lines.map(({ line: l, id }) => ({
      kind: l.kind,
      vatRateBp: l.vatRateBp,
      netMinor: l.netMinor,
      vatMinor: l.vatMinor,
      vouchers: vouchers.filter((v) => v.lineId === id).map((v) => ({ voucherId: v.id, valueMinor: v.valueMinor })),
    })),
    payments.map((p) => ({
      methodId: p.method.id,
      methodType: p.method.type,
      appliedMinor: p.applied.appliedMinor,
      roundingMinor: p.applied.roundingMinor,
      contactId: p.applied.toCreditMinor > 0 ? buyerContactId : p.contactId,
      voucherId: p.voucherId,
      toCreditMinor: p.applied.toCreditMinor,
    })),
  );
}

function accountMethods(payments: readonly SalePayment[], buyerContactId: string | null): Record<string, string> {
  const methods: Record<string, string> = {};
  for (const p of payments) {
    if (p.contactId) methods[`${p.method.type}:${p.contactId}`] = p.method.id;
    if (p.applied.toCreditMinor > 0 && buyerContactId) methods[`credit:${buyerContactId}`] ??= p.method.id;
  }
  return methods;
}

/**
 * The sale's journal payload (shared/domain/events.ts SaleEvent), built without a spread or
 * a parse: this runs on every sale. The verifier and the server read it back.
 */
export function saleEntryData(plan: SalePlan, buyerContactId: string | null): SaleEvent {
  return {
    orderId: plan.orderId,
    number: plan.number,
    buyerContactId,
    totalMinor: plan.totalMinor,
    changeMinor: plan.changeMinor,
    lines: plan.lines.map(({ line: l, id }) => ({ id, kind: l.kind, label: l.label, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor, totalMinor: l.totalMinor, vatRateBp: l.vatRateBp, vatMinor: l.vatMinor })),
    tickets: plan.tickets.map((t) => ({ id: t.id, lineId: t.lineId, barcode: t.barcode })),
    vouchers: plan.vouchers.map((v) => ({ id: v.id, lineId: v.lineId, code: v.code, valueMinor: v.valueMinor })),
    payments: plan.payments.map((p) => ({
      id: p.id,
      methodId: p.method.id,
      amountMinor: p.applied.appliedMinor,
      tenderedMinor: p.input.amountMinor,
      changeMinor: p.applied.changeMinor,
      roundingMinor: p.applied.roundingMinor,
      toCreditMinor: p.applied.toCreditMinor,
    })),
    installments: plan.installments.map((i) => ({ id: i.id, paymentId: i.paymentId, seq: i.seq, count: i.count, dueDate: i.dueDate, amountMinor: i.amountMinor })),
    // tickets per performance, for the server's count of seats across channels
    seats: plan.seats,
  };
}
