// The sale's answer from its plan: the rows it has just written, in the shape orderView
// reads them, through the same leaves (orders/order-view.ts assembleOrderView). Reads
// nothing; sale-view.test.ts holds it to orders.get for every kind of sale.
import type { OrderView } from '../../shared/domain/types.ts';
import type { InstallmentView } from '../installments/index.ts';
import { assembleOrderView, type LineRow, type PaymentRow, type TicketRow, type VoucherRow } from '../orders/index.ts';
import type { SalePlan } from './sale-plan.ts';

export function saleView(plan: SalePlan, at: { tillId: string; userName: string; installments: readonly InstallmentView[] }): OrderView {
  return assembleOrderView({
    order: {
      id: plan.orderId,
      number: plan.number,
      till_id: at.tillId,
      session_id: plan.sessionId,
      created_at_ms: plan.createdAtMs,
      user_name: at.userName,
      buyer_contact_id: plan.buyer?.id ?? null,
      buyer_name: plan.buyer?.name ?? null,
      buyer_first_name: plan.buyer?.firstName ?? null,
      total_minor: plan.totalMinor,
      change_minor: plan.changeMinor,
      currency: plan.currency,
    },
    lines: plan.lines.map(lineRow),
    payments: plan.payments.map(paymentRow),
    refundedPerPayment: new Map(),
    tickets: ticketRows(plan),
    vouchers: voucherRows(plan),
    refunds: [],
    installments: at.installments,
  });
}

function lineRow({ line: l, id, lineNo }: SalePlan['lines'][number]): LineRow {
  return {
    id,
    line_no: lineNo,
    kind: l.kind,
    label: l.label,
    detail: l.detail,
    quantity: l.quantity,
    unit_price_minor: l.unitPriceMinor,
    total_minor: l.totalMinor,
    vat_rate_bp: l.vatRateBp,
    vat_minor: l.vatMinor,
    refunded_quantity: 0,
  };
}

function paymentRow(p: SalePlan['payments'][number]): PaymentRow {
  return {
    id: p.id,
    seq: p.seq,
    method_id: p.method.id,
    method_name: p.method.name,
    method_type: p.method.type,
    amount_minor: p.applied.appliedMinor,
    tendered_minor: p.input.amountMinor,
    change_minor: p.applied.changeMinor,
    rounding_minor: p.applied.roundingMinor,
    to_credit_minor: p.applied.toCreditMinor,
    reference: p.input.reference ?? '',
    payer_contact_id: p.contactId,
    voucher_id: p.voucherId,
  };
}

/** Byte order of ids, as SQLite's ORDER BY compares text. */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** In the order orderView reads them: by line, then by id. */
function ticketRows(plan: SalePlan): TicketRow[] {
  const rows: TicketRow[] = [];
  for (const { id: lineId, line } of plan.lines) {
    if (line.kind !== 'ticket') continue;
    for (const t of plan.tickets.filter((ticket) => ticket.lineId === lineId).sort(byId)) {
      rows.push({ id: t.id, order_line_id: lineId, barcode: t.barcode, price_minor: t.priceMinor, event_name: line.eventName, starts_at: line.startsAt, hall: line.hall, tariff_name: line.tariffName, refunded: 0 });
    }
  }
  return rows;
}

/** A voucher just sold can still pay its whole value. */
function voucherRows(plan: SalePlan): VoucherRow[] {
  return plan.lines.flatMap(({ id: lineId }) =>
    plan.vouchers
      .filter((v) => v.lineId === lineId)
      .sort(byId)
      .map((v) => ({ id: v.id, code: v.code, order_line_id: v.lineId, value_minor: v.valueMinor, remaining_minor: v.valueMinor })),
  );
}
