// Orders after the sale: the list and an order's detail, as any till shows them.
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { stmt } from '../kernel/db/connection.ts';
import { todayOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { orderView } from './order-view.ts';

export function listOrders(ctx: Ctx, input: ParsedInputOf<'orders.list'>): Result<OutputOf<'orders.list'>> {
  const query = input.query?.trim() ?? '';
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = stmt(
    ctx.db,
    `SELECT o.id, o.number, o.created_at_ms, o.total_minor,
            COALESCE(TRIM(c.name || ' ' || c.first_name), '') AS buyer_name,
            COALESCE((SELECT SUM(r.total_minor) FROM refunds r WHERE r.order_id = o.id), 0) AS refunded_minor
     FROM orders o LEFT JOIN contacts c ON c.id = o.buyer_contact_id
     WHERE o.till_id = @till AND (@q = '' OR o.number LIKE @p ESCAPE '\\' OR c.name LIKE @p ESCAPE '\\' OR c.first_name LIKE @p ESCAPE '\\')
     ORDER BY o.created_at_ms DESC, o.id DESC LIMIT @limit`,
  ).all({ till: ctx.tillId, q: query, p: pattern, limit: input.limit ?? 50 }) as {
    id: string; number: string; created_at_ms: number; total_minor: number; buyer_name: string; refunded_minor: number;
  }[];
  return ok(rows.map((r) => ({ id: r.id, number: r.number, createdAtMs: r.created_at_ms, buyerName: r.buyer_name, totalMinor: r.total_minor, refundedMinor: r.refunded_minor })));
}

export function getOrder(ctx: Ctx, input: ParsedInputOf<'orders.get'>): Result<OutputOf<'orders.get'>> {
  const exists = stmt(ctx.db, 'SELECT 1 FROM orders WHERE id = ?').get(input.orderId);
  return exists ? ok(orderView(ctx.db, input.orderId, todayOf(ctx))) : refuse('order_not_found', { orderId: input.orderId });
}
