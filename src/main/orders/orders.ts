// Orders after the sale: the list and an order's detail, as any till shows them. The list
// is searched by order number, the buyer's name, or a ticket's barcode (a ticket handed
// back and scanned: its order, with that ticket named, issue 17).
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { stmt } from '../kernel/db/connection.ts';
import { todayOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { contactName } from '../../shared/domain/contact-name.ts';
import { orderView } from './order-view.ts';

interface SummaryRow {
  id: string;
  number: string;
  created_at_ms: number;
  total_minor: number;
  buyer_name: string | null;
  buyer_first_name: string | null;
  refunded_minor: number;
  ticket_id: string | null;
}

export function listOrders(ctx: Ctx, input: ParsedInputOf<'orders.list'>): Result<OutputOf<'orders.list'>> {
  const query = input.query?.trim() ?? '';
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // a barcode is matched whole (tickets.barcode is unique and indexed), a name or number in part
  const rows = stmt(
    ctx.db,
    `SELECT o.id, o.number, o.created_at_ms, o.total_minor, c.name AS buyer_name, c.first_name AS buyer_first_name,
            COALESCE((SELECT SUM(r.total_minor) FROM refunds r WHERE r.order_id = o.id), 0) AS refunded_minor,
            t.id AS ticket_id
     FROM orders o LEFT JOIN contacts c ON c.id = o.buyer_contact_id
     LEFT JOIN (SELECT tk.id, l.order_id FROM tickets tk JOIN order_lines l ON l.id = tk.order_line_id WHERE tk.barcode = @q) t ON t.order_id = o.id
     WHERE o.till_id = @till AND (@q = '' OR t.id IS NOT NULL OR o.number LIKE @p ESCAPE '\\' OR c.name LIKE @p ESCAPE '\\' OR c.first_name LIKE @p ESCAPE '\\')
     ORDER BY o.created_at_ms DESC, o.id DESC LIMIT @limit`,
  ).all({ till: ctx.tillId, q: query, p: pattern, limit: input.limit ?? 50 }) as SummaryRow[];
  return ok(
    rows.map((r) => ({
      id: r.id,
      number: r.number,
      createdAtMs: r.created_at_ms,
      // a person as everywhere else: "Marie Dupont" (first name first)
      buyerName: r.buyer_name === null ? '' : contactName({ name: r.buyer_name, firstName: r.buyer_first_name ?? '' }),
      totalMinor: r.total_minor,
      refundedMinor: r.refunded_minor,
      ticketId: r.ticket_id,
    })),
  );
}

export function getOrder(ctx: Ctx, input: ParsedInputOf<'orders.get'>): Result<OutputOf<'orders.get'>> {
  const exists = stmt(ctx.db, 'SELECT 1 FROM orders WHERE id = ?').get(input.orderId);
  return exists ? ok(orderView(ctx.db, input.orderId, todayOf(ctx))) : refuse('order_not_found', { orderId: input.orderId });
}
