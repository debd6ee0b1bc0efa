// The rows an entry wrote beside itself (orders, refunds, sessions, closings, cash
// movements) checked against what the entry sealed: none missing, none pointing at a
// missing entry, and — in the deep check — none edited. The payloads are read in SQL (a
// million entries within the verifier's bar), in either version of their schema
// (shared/domain/events.ts): a version 2 list of objects is read back as the tuples of
// version 1, in the key order the schema gives, and compared with the rows as before.
import { createHash } from 'node:crypto';
import {
  allocationRow,
  invoiceInstallmentRow,
  refundLineRow,
  refundPaymentRow,
  saleInstallmentRow,
  saleLineRow,
  salePaymentRow,
  saleTicketRow,
  saleVoucherRow,
  seatRow,
} from '../../../shared/domain/events.ts';
import type { Db } from '../db/connection.ts';
import { isRestored, type RestoredRange } from '../till-identity.ts';

export type RowProblemReason = 'row_missing' | 'row_altered' | 'dangling_reference';

export interface RowProblem {
  reason: RowProblemReason;
  tillId: string | null;
  seq: number | null;
  entryId: string | null;
  detail: string;
}

/** Each kind of entry and the table that holds its row (one row per entry, by entry_id). */
const projections = [
  { table: 'orders', types: ['sale'] },
  { table: 'refunds', types: ['refund'] },
  { table: 'till_sessions', types: ['session_open'] },
  { table: 'session_closings', types: ['session_close'] },
  { table: 'cash_movements', types: ['pay_in', 'pay_out'] },
  { table: 'invoices', types: ['invoice_issued'] },
  { table: 'settlements', types: ['deferred_settle'] },
  { table: 'payer_changes', types: ['payer_changed'] },
] as const;

interface EntryRef {
  till_id: string;
  seq: number;
  id: string;
}

/** The first entry, in chain order, among what several queries found. */
function first(found: readonly (EntryRef | undefined)[]): EntryRef | undefined {
  return found.filter((r): r is EntryRef => r !== undefined).sort((a, b) => (a.till_id < b.till_id ? -1 : a.till_id > b.till_id ? 1 : a.seq - b.seq))[0];
}

/**
 * Counting first: only when a table holds fewer rows than there are entries of its kind
 * (a row deleted) or more (a row whose entry was deleted) is the culprit searched for.
 * Postings, counted during the scan, are checked the same way.
 */
export function missingOrDanglingRow(
  db: Db,
  scan: { entriesByType: Readonly<Record<string, number>>; postingsSeen: number; customerPostingsSeen: number },
): RowProblem | null {
  const { entriesByType, postingsSeen } = scan;
  const movements = (db.prepare('SELECT COUNT(*) AS n FROM account_movements').get() as { n: number }).n;
  if (movements !== scan.customerPostingsSeen) {
    const missing = db
      .prepare(
        `SELECT j.till_id, j.seq, j.id FROM postings p CROSS JOIN journal j ON j.id = p.entry_id
         WHERE (p.account_id LIKE 'credit:%' OR p.account_id LIKE 'deferred:%')
           AND NOT EXISTS (SELECT 1 FROM account_movements m WHERE m.entry_id = p.entry_id AND m.account_id = p.account_id)
         ORDER BY j.till_id, j.seq LIMIT 1`,
      )
      .get() as EntryRef | undefined;
    if (missing) return { reason: 'row_missing', tillId: missing.till_id, seq: missing.seq, entryId: missing.id, detail: 'a customer-account movement of this entry was deleted' };
    const dangling = db.prepare('SELECT m.entry_id FROM account_movements m WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.entry_id = m.entry_id AND p.account_id = m.account_id) LIMIT 1').get() as { entry_id: string } | undefined;
    if (dangling) return { reason: 'dangling_reference', tillId: null, seq: null, entryId: dangling.entry_id, detail: 'a customer-account movement has no posting: entries or postings were deleted' };
  }
  const postings = (db.prepare('SELECT COUNT(*) AS n FROM postings').get() as { n: number }).n;
  if (postings > postingsSeen) {
    const row = db.prepare('SELECT entry_id FROM postings WHERE entry_id NOT IN (SELECT id FROM journal) LIMIT 1').get() as { entry_id: string } | undefined;
    if (row) return { reason: 'dangling_reference', tillId: null, seq: null, entryId: row.entry_id, detail: 'postings refer to a journal entry that no longer exists: entries were deleted' };
  }
  const missing: (EntryRef | undefined)[] = [];
  for (const { table, types } of projections) {
    const rows = (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const entries = types.reduce((a, t) => a + (entriesByType[t] ?? 0), 0);
    if (rows > entries) {
      const row = db.prepare(`SELECT entry_id FROM ${table} WHERE entry_id NOT IN (SELECT id FROM journal) LIMIT 1`).get() as { entry_id: string } | undefined;
      if (row) return { reason: 'dangling_reference', tillId: null, seq: null, entryId: row.entry_id, detail: `${table} rows refer to a journal entry that no longer exists: entries were deleted` };
    }
    if (rows < entries) {
      const marks = types.map(() => '?').join(', ');
      missing.push(
        db
          .prepare(`SELECT j.till_id, j.seq, j.id FROM journal j WHERE j.type IN (${marks}) AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.entry_id = j.id) ORDER BY j.till_id, j.seq LIMIT 1`)
          .get(...types) as EntryRef | undefined,
      );
    }
  }
  const entry = first(missing);
  return entry ? { reason: 'row_missing', tillId: entry.till_id, seq: entry.seq, entryId: entry.id, detail: 'the order, refund, session or cash movement this entry wrote was deleted' } : null;
}

/** Z reports and counts are stored as text beside their closing entry, which holds their SHA-256. */
function alteredClosing(db: Db, restored: readonly RestoredRange[]): EntryRef | undefined {
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  const rows = db
    .prepare('SELECT j.till_id, j.seq, j.id, j.payload, c.report, c.counts FROM session_closings c CROSS JOIN journal j ON j.id = c.entry_id ORDER BY j.till_id, j.seq')
    .all() as (EntryRef & { payload: string; report: string; counts: string })[];
  // a closing restored from the server without its report and count (the dead machine had not
  // sent them: a placeholder naming the entry, sync-client/restore-rows.ts) is exempt; one
  // restored with them is checked like any other
  const isPlaceholder = (r: { till_id: string; seq: number; report: string }) => isRestored(restored, r.till_id, r.seq) && r.report.startsWith('{"restored":true,');
  return rows.find((r) => !isPlaceholder(r) && (!r.payload.includes(`"reportSha256":"${sha(r.report)}"`) || !r.payload.includes(`"countsSha256":"${sha(r.counts)}"`)));
}

/**
 * An issued invoice's document is archived beside its entry, which holds its SHA-256
 * (issue 12): the document, its stored hash and the entry's must agree, and a document is
 * never missing once its entry sealed one. Invoices issued before carry none.
 */
function alteredInvoiceDocument(db: Db, restored: readonly RestoredRange[]): EntryRef | undefined {
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  const rows = db
    .prepare(
      `SELECT j.till_id, j.seq, j.id, json_extract(j.payload, '$.documentSha256') AS sealed, d.document, d.sha256
       FROM invoices v CROSS JOIN journal j ON j.id = v.entry_id LEFT JOIN invoice_documents d ON d.invoice_id = v.id ORDER BY j.till_id, j.seq`,
    )
    .all() as (EntryRef & { sealed: string | null; document: string | null; sha256: string | null })[];
  // an invoice restored from the server has no document here (the dead machine archived it); one there must match
  return rows.find((r) => (r.sealed !== null || r.document !== null) && !(r.document === null && isRestored(restored, r.till_id, r.seq)) && (r.document === null || r.sha256 !== r.sealed || sha(r.document) !== r.sealed));
}

/** A version 1 payload (no `v`) of the entry `j`. */
const isV1 = "json_type(j.payload, '$.v') IS NULL";

/**
 * A list of the payload of `j` as version 1 wrote it — [[value, …], …] as SQLite renders
 * it — whatever the entry's version: version 2's objects (under `key`) are read back into
 * tuples in their schema's key order (`fields`); version 1's tuples (under `v1Key`) are
 * taken as they are. `orEmpty`: a version 1 entry may predate the list (none then).
 */
function payloadList(key: string, fields: readonly string[], v1Key = key, orEmpty = false, where = ''): string {
  const tuple = `json_array(${fields.map((f) => `e.value ->> '${f}'`).join(', ')})`;
  const v1 = orEmpty ? `COALESCE(json_extract(j.payload, '$.${v1Key}'), '[]')` : `json_extract(j.payload, '$.${v1Key}')`;
  return `(CASE WHEN ${isV1} THEN json(${v1})
    ELSE (SELECT json_group_array(${tuple} ORDER BY e.key) FROM json_each(j.payload, '$.${key}') e ${where}) END)`;
}

/** An invoice or settlement names another channel's installments too (issue 15 point 3): rows are written for this till's own only. */
const ownInstallments = "WHERE e.value ->> 'installmentId' IN (SELECT id FROM deferred_items)";

/**
 * Each query rebuilds from the tables what the entry's payload says and returns the first
 * entry (in chain order) where they differ. Arrays are compared as SQLite renders them.
 * CROSS JOIN keeps the row table outside: without statistics the planner may otherwise
 * walk the whole journal to probe a small table.
 */
const deepChecks = [
  // a sale: the order, its lines, tickets, vouchers and payments
  `SELECT j.till_id, j.seq, j.id FROM orders o CROSS JOIN journal j ON j.id = o.entry_id
   WHERE json_extract(j.payload, '$.orderId') IS NOT o.id
      OR json_extract(j.payload, '$.number') IS NOT o.number
      OR json_extract(j.payload, '$.totalMinor') IS NOT o.total_minor
      OR json_extract(j.payload, '$.changeMinor') IS NOT o.change_minor
      OR json_extract(j.payload, '$.buyerContactId') IS NOT o.buyer_contact_id
      OR ${payloadList('lines', saleLineRow.fields)} IS NOT (SELECT json_group_array(json_array(id, kind, label, quantity, unit_price_minor, total_minor, vat_rate_bp, vat_minor))
           FROM (SELECT * FROM order_lines WHERE order_id = o.id ORDER BY line_no))
      OR ${payloadList('tickets', saleTicketRow.fields)} IS NOT (SELECT json_group_array(json_array(id, order_line_id, barcode))
           FROM (SELECT t.* FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE l.order_id = o.id ORDER BY l.line_no, t.id))
      OR ${payloadList('vouchers', saleVoucherRow.fields)} IS NOT (SELECT json_group_array(json_array(id, order_line_id, code, value_minor))
           FROM (SELECT v.* FROM vouchers v JOIN order_lines l ON l.id = v.order_line_id WHERE l.order_id = o.id ORDER BY l.line_no, v.id))
      OR ${payloadList('payments', salePaymentRow.fields)} IS NOT (SELECT json_group_array(json_array(id, method_id, amount_minor, tendered_minor, change_minor, rounding_minor, to_credit_minor))
           FROM (SELECT * FROM payments WHERE order_id = o.id ORDER BY seq))
   ORDER BY j.till_id, j.seq LIMIT 1`,
  // a sale's seats per performance (entries before the field carry none): its tickets counted
  `SELECT j.till_id, j.seq, j.id FROM orders o CROSS JOIN journal j ON j.id = o.entry_id
   WHERE json_type(j.payload, '$.seats') IS NOT NULL
     AND ${payloadList('seats', seatRow.fields)} IS NOT (SELECT json_group_array(json_array(performance_id, n))
           FROM (SELECT t.performance_id, COUNT(*) AS n FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE l.order_id = o.id
                 GROUP BY t.performance_id ORDER BY t.performance_id))
   ORDER BY j.till_id, j.seq LIMIT 1`,
  // a refund's seats given back: its refunded tickets counted per performance
  `SELECT j.till_id, j.seq, j.id FROM refunds r CROSS JOIN journal j ON j.id = r.entry_id
   WHERE json_type(j.payload, '$.seats') IS NOT NULL
     AND ${payloadList('seats', seatRow.fields)} IS NOT (SELECT json_group_array(json_array(performance_id, n))
           FROM (SELECT t.performance_id, COUNT(*) AS n FROM refund_tickets rt JOIN tickets t ON t.id = rt.ticket_id WHERE rt.refund_id = r.id
                 GROUP BY t.performance_id ORDER BY t.performance_id))
   ORDER BY j.till_id, j.seq LIMIT 1`,
  // a refund: its lines, tickets, vouchers and payments, sorted by id as the entry is
  `SELECT j.till_id, j.seq, j.id FROM refunds r CROSS JOIN journal j ON j.id = r.entry_id
   WHERE json_extract(j.payload, '$.refundId') IS NOT r.id
      OR json_extract(j.payload, '$.orderId') IS NOT r.order_id
      OR json_extract(j.payload, '$.totalMinor') IS NOT r.total_minor
      OR json_extract(j.payload, '$.reason') IS NOT r.reason
      OR ${payloadList('lines', refundLineRow.fields)} IS NOT (SELECT json_group_array(json_array(order_line_id, quantity, amount_minor, vat_minor))
           FROM (SELECT * FROM refund_lines WHERE refund_id = r.id ORDER BY order_line_id))
      OR json(json_extract(j.payload, '$.tickets')) IS NOT (SELECT json_group_array(ticket_id) FROM (SELECT ticket_id FROM refund_tickets WHERE refund_id = r.id ORDER BY ticket_id))
      OR json(json_extract(j.payload, '$.vouchers')) IS NOT (SELECT json_group_array(voucher_id) FROM (SELECT voucher_id FROM refund_vouchers WHERE refund_id = r.id ORDER BY voucher_id))
      OR ${payloadList('payments', refundPaymentRow.fields)} IS NOT (SELECT json_group_array(json_array(method_id, amount_minor, rounding_minor))
           FROM (SELECT * FROM refund_payments WHERE refund_id = r.id ORDER BY method_id))
   ORDER BY j.till_id, j.seq LIMIT 1`,
  `SELECT j.till_id, j.seq, j.id FROM till_sessions s CROSS JOIN journal j ON j.id = s.entry_id
   WHERE json_extract(j.payload, '$.sessionId') IS NOT s.id OR json_extract(j.payload, '$.number') IS NOT s.number
      OR json_extract(j.payload, '$.floatMinor') IS NOT s.float_minor OR j.session_id IS NOT s.id
   ORDER BY j.till_id, j.seq LIMIT 1`,
  `SELECT j.till_id, j.seq, j.id FROM cash_movements m CROSS JOIN journal j ON j.id = m.entry_id
   WHERE json_extract(j.payload, '$.amountMinor') IS NOT m.amount_minor OR json_extract(j.payload, '$.reason') IS NOT m.reason
      OR j.type IS NOT m.kind OR j.session_id IS NOT m.session_id
   ORDER BY j.till_id, j.seq LIMIT 1`,
  // a customer-account movement: its amount is its posting's, its time and till its entry's
  `SELECT j.till_id, j.seq, j.id FROM account_movements m CROSS JOIN journal j ON j.id = m.entry_id
   LEFT JOIN postings p ON p.entry_id = m.entry_id AND p.account_id = m.account_id
   WHERE p.amount_minor IS NOT m.amount_minor OR m.at_ms IS NOT j.created_at_ms OR m.till_id IS NOT j.till_id OR m.entry_type IS NOT j.type
   ORDER BY j.till_id, j.seq LIMIT 1`,
  // the deferred account: installments a sale scheduled (`deferredItems` in version 1), invoices, settlements, payer changes
  `SELECT j.till_id, j.seq, j.id FROM orders o CROSS JOIN journal j ON j.id = o.entry_id
   WHERE ${payloadList('installments', saleInstallmentRow.fields, 'deferredItems', true)} IS NOT (SELECT json_group_array(json_array(id, payment_id, seq, count, due_date, amount_minor))
           FROM (SELECT i.* FROM deferred_items i WHERE i.order_id = o.id ORDER BY i.rowid))
   ORDER BY j.till_id, j.seq LIMIT 1`,
  `SELECT j.till_id, j.seq, j.id FROM invoices v CROSS JOIN journal j ON j.id = v.entry_id
   WHERE json_extract(j.payload, '$.invoiceId') IS NOT v.id OR json_extract(j.payload, '$.number') IS NOT v.number
      OR json_extract(j.payload, '$.kind') IS NOT v.kind OR json_extract(j.payload, '$.contactId') IS NOT v.contact_id
      OR json_extract(j.payload, '$.totalMinor') IS NOT v.total_minor OR json_extract(j.payload, '$.reference') IS NOT v.reference
      OR json_extract(j.payload, '$.dueDate') IS NOT v.due_date OR json_extract(j.payload, '$.cancelsInvoiceId') IS NOT COALESCE({{elsewhere:invoice_id}}, v.cancels_invoice_id)
      OR json_extract(j.payload, '$.cancelsElsewhere.number') IS NOT {{elsewhere:invoice_number}}
      OR json_extract(j.payload, '$.refundId') IS NOT v.refund_id
      OR ${payloadList('installments', invoiceInstallmentRow.fields, 'items', false, ownInstallments)} IS NOT (SELECT json_group_array(json_array(item_id, amount_minor)) FROM (SELECT * FROM invoice_items WHERE invoice_id = v.id ORDER BY rowid))
   ORDER BY j.till_id, j.seq LIMIT 1`,
  `SELECT j.till_id, j.seq, j.id FROM settlements x CROSS JOIN journal j ON j.id = x.entry_id
   WHERE json_extract(j.payload, '$.settlementId') IS NOT x.id OR json_extract(j.payload, '$.contactId') IS NOT x.contact_id
      OR json_extract(j.payload, '$.methodId') IS NOT x.method_id OR json_extract(j.payload, '$.amountMinor') IS NOT x.amount_minor
      OR json_extract(j.payload, '$.toCreditMinor') IS NOT x.to_credit_minor OR json_extract(j.payload, '$.reference') IS NOT x.reference
      OR ${payloadList('allocations', allocationRow.fields, 'allocations', false, ownInstallments)} IS NOT (SELECT json_group_array(json_array(item_id, amount_minor)) FROM (SELECT * FROM settlement_allocations WHERE settlement_id = x.id ORDER BY rowid))
   ORDER BY j.till_id, j.seq LIMIT 1`,
  `SELECT j.till_id, j.seq, j.id FROM payer_changes p CROSS JOIN journal j ON j.id = p.entry_id
   WHERE json_extract(j.payload, '$.paymentId') IS NOT p.payment_id OR json_extract(j.payload, '$.fromContactId') IS NOT p.from_contact_id
      OR json_extract(j.payload, '$.toContactId') IS NOT p.to_contact_id
   ORDER BY j.till_id, j.seq LIMIT 1`,
  `SELECT j.till_id, j.seq, j.id FROM session_closings c CROSS JOIN journal j ON j.id = c.entry_id
   WHERE json_extract(j.payload, '$.zNumber') IS NOT c.z_number OR json_extract(j.payload, '$.sessionId') IS NOT c.session_id
   ORDER BY j.till_id, j.seq LIMIT 1`,
];

/** Rows edited after their entry sealed them: Z reports always; the rest in the deep check. */
export function alteredRow(db: Db, options: { deep: boolean; restored?: readonly RestoredRange[] }): RowProblem | null {
  const restored = options.restored ?? [];
  const found = [alteredClosing(db, restored), alteredInvoiceDocument(db, restored)];
  if (options.deep) {
    // a journal from before migration 017 has no credit note of another till's invoice: nothing credited elsewhere
    const hasElsewhere = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'credited_elsewhere'").get() !== undefined;
    const elsewhere = (_: string, column: string) => (hasElsewhere ? `(SELECT e.${column} FROM credited_elsewhere e WHERE e.credit_note_id = v.id)` : 'NULL');
    for (const sql of deepChecks) found.push(db.prepare(sql.replace(/\{\{elsewhere:(\w+)\}\}/g, elsewhere)).get() as EntryRef | undefined);
  }
  const entry = first(found);
  return entry ? { reason: 'row_altered', tillId: entry.till_id, seq: entry.seq, entryId: entry.id, detail: 'a row written with this entry differs from what the entry sealed' } : null;
}
