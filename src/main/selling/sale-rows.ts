// The rows of a planned sale, written as they are (every statement prepared once per
// connection): the order, its lines, tickets and the seats they take, gift vouchers and
// payments. No reads, no choices: the plan made them.
import { stmt, type Db } from '../kernel/db/connection.ts';
import { requestStamp } from '../kernel/requests.ts';
import type { SalePlan } from './sale-plan.ts';

export function insertSaleRows(db: Db, tillId: string, userId: string, plan: SalePlan): void {
  const buyerContactId = plan.buyer?.id ?? null;
  stmt(
    db,
    `INSERT INTO orders (id, request_id, request_hash, number, number_seq, till_id, session_id, entry_id, created_at_ms, user_id, buyer_contact_id, total_minor, change_minor, currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(plan.orderId, requestStamp(plan.request), plan.request.hash, plan.number, plan.numberSeq, tillId, plan.sessionId, plan.entryId, plan.createdAtMs, userId, buyerContactId, plan.totalMinor, plan.changeMinor, plan.currency);
  const insertLine = stmt(
    db,
    `INSERT INTO order_lines (id, order_id, line_no, kind, performance_id, tariff_id, item_id, voucher_product_id, label, detail, quantity, unit_price_minor, total_minor, vat_rate_bp, vat_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const { line: l, id, lineNo } of plan.lines) {
    insertLine.run(id, plan.orderId, lineNo, l.kind, l.performanceId, l.tariffId, l.itemId, l.voucherProductId, l.label, l.detail, l.quantity, l.unitPriceMinor, l.totalMinor, l.vatRateBp, l.vatMinor);
  }
  const insertTicket = stmt(db, 'INSERT INTO tickets (id, order_line_id, performance_id, barcode, price_minor) VALUES (?, ?, ?, ?, ?)');
  for (const t of plan.tickets) insertTicket.run(t.id, t.lineId, t.performanceId, t.barcode, t.priceMinor);
  // one row per performance, whatever the number of its seats in the sale
  const addSeats = stmt(
    db,
    `INSERT INTO performance_stock (performance_id, sold) VALUES (?, ?)
     ON CONFLICT (performance_id) DO UPDATE SET sold = sold + excluded.sold`,
  );
  for (const { performanceId, count } of plan.seats) addSeats.run(performanceId, count);
  const insertVoucher = stmt(db, 'INSERT INTO vouchers (id, code, order_line_id, value_minor, currency) VALUES (?, ?, ?, ?, ?)');
  for (const v of plan.vouchers) insertVoucher.run(v.id, v.code, v.lineId, v.valueMinor, plan.currency);
  const insertPayment = stmt(
    db,
    `INSERT INTO payments (id, order_id, seq, method_id, method_type, amount_minor, tendered_minor, change_minor, rounding_minor, reference, payer_contact_id, voucher_id, to_credit_minor, known_voucher_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM vouchers WHERE id = ?), ?, (SELECT id FROM known_vouchers k WHERE k.id = ? AND NOT EXISTS (SELECT 1 FROM vouchers v WHERE v.id = ?)))`,
  );
  // a voucher sold here is the payment's voucher_id; one sold at another channel, which this
  // till knows from the server, its known_voucher_id (issue 15 point 2)
  for (const p of plan.payments) {
    insertPayment.run(p.id, plan.orderId, p.seq, p.method.id, p.method.type, p.applied.appliedMinor, p.input.amountMinor, p.applied.changeMinor, p.applied.roundingMinor, p.input.reference ?? '', p.contactId ?? buyerContactId, p.voucherId, p.applied.toCreditMinor, p.voucherId, p.voucherId);
  }
}
