// The catalogue as the administrator sees it (issue 16): every event with its tariffs and
// performances (closed and retired ones too), items and gift vouchers, with what was sold.
import type { OutputOf } from '../../shared/api/contract.ts';
import { ok, type Result } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import type { Ctx, TillContext } from '../kernel/context.ts';
import { configVersionOf } from '../sync-client/index.ts';
import { vatRatesOf } from '../../shared/domain/configuration-rules.ts';
import { eventRecord, itemRecord, performanceRecord, storedInstitution, tariffRecord, voucherProductRecord } from './records.ts';

type EventConfig = OutputOf<'events.save'>;

/** Tickets sold here, and by the other channels as far as this till knows. */
export function seatsSold(db: Db, performanceId: string): { here: number; elsewhere: number } {
  const here = (stmt(db, 'SELECT sold FROM performance_stock WHERE performance_id = ?').get(performanceId) as { sold: number } | undefined)?.sold ?? 0;
  const elsewhere = (stmt(db, 'SELECT COALESCE(SUM(sold), 0) AS sold FROM known_seats WHERE performance_id = ?').get(performanceId) as { sold: number }).sold;
  return { here, elsewhere };
}

/** A ticket of it was ever sold, here (even refunded since) or at another channel. */
export function performanceHasSales(db: Db, performanceId: string): boolean {
  return stmt(db, 'SELECT 1 FROM order_lines WHERE performance_id = ? LIMIT 1').get(performanceId) !== undefined || seatsSold(db, performanceId).elsewhere > 0;
}

export function tariffHasSales(db: Db, tariffId: string): boolean {
  return stmt(db, 'SELECT 1 FROM order_lines WHERE tariff_id = ? LIMIT 1').get(tariffId) !== undefined;
}

export function tariffConfig(till: TillContext, id: string): OutputOf<'tariffs.save'> {
  const t = tariffRecord(till.db, id)!;
  return { id: t.id, eventId: t.eventId, code: t.code, name: t.name, priceMinor: t.priceMinor, isActive: t.active ?? true, hasSales: tariffHasSales(till.db, id), version: configVersionOf(till.db, 'tariff', id) };
}

export function performanceConfig(till: TillContext, id: string): OutputOf<'performances.save'> {
  const p = performanceRecord(till.db, id)!;
  return {
    id: p.id,
    eventId: p.eventId,
    startsAt: p.startsAt,
    hall: p.hall,
    capacity: p.capacity,
    isOnSale: p.isOnSale ?? true,
    soldHere: seatsSold(till.db, id).here,
    hasSales: performanceHasSales(till.db, id),
    version: configVersionOf(till.db, 'performance', id),
  };
}

export function eventConfig(till: TillContext, id: string): EventConfig {
  const e = eventRecord(till.db, id)!;
  const tariffs = stmt(till.db, 'SELECT id FROM tariffs WHERE event_id = ? ORDER BY sort, name').all(id) as { id: string }[];
  const performances = stmt(till.db, 'SELECT id FROM performances WHERE event_id = ? ORDER BY starts_at, id').all(id) as { id: string }[];
  return {
    id: e.id,
    name: e.name,
    venueId: e.venueId,
    vatRateBp: e.vatRateBp,
    tariffs: tariffs.map((t) => tariffConfig(till, t.id)),
    performances: performances.map((p) => performanceConfig(till, p.id)),
    version: configVersionOf(till.db, 'event', id),
  };
}

export function itemConfig(till: TillContext, id: string): OutputOf<'items.save'> {
  const i = itemRecord(till.db, id)!;
  return { id: i.id, name: i.name, priceMinor: i.priceMinor, vatRateBp: i.vatRateBp, isActive: i.active, version: configVersionOf(till.db, 'item', id) };
}

export function voucherProductConfig(till: TillContext, id: string): OutputOf<'voucherProducts.save'> {
  const v = voucherProductRecord(till.db, id)!;
  return { id: v.id, name: v.name, valueMinor: v.valueMinor, isActive: v.active, version: configVersionOf(till.db, 'voucherProduct', id) };
}

const idsOf = (db: Db, sql: string) => (stmt(db, sql).all() as { id: string }[]).map((r) => r.id);

export function catalogueAll(ctx: Ctx): Result<OutputOf<'catalogue.all'>> {
  const institution = storedInstitution(ctx.db)!;
  return ok({
    currency: institution.currency,
    vatRatesBp: vatRatesOf(institution),
    venues: stmt(ctx.db, 'SELECT id, name, city FROM venues ORDER BY name').all() as { id: string; name: string; city: string }[],
    events: idsOf(ctx.db, 'SELECT id FROM events ORDER BY sort, name').map((id) => eventConfig(ctx, id)),
    items: idsOf(ctx.db, 'SELECT id FROM items ORDER BY active DESC, sort, name').map((id) => itemConfig(ctx, id)),
    voucherProducts: idsOf(ctx.db, 'SELECT id FROM voucher_products ORDER BY active DESC, sort, value_minor').map((id) => voucherProductConfig(ctx, id)),
  });
}
