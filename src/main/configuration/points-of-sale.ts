// Points of sale and tills (issue 16): which methods a point of sale authorises ("le solde
// avoir est un mode de paiement comme les autres, à autoriser sur le point de vente"),
// which point of sale a till belongs to, and its order number prefix.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import type { Ctx, TillContext } from '../kernel/context.ts';
import { formerTillIds } from '../kernel/till-identity.ts';
import { configVersionOf } from '../sync-client/index.ts';
import type { ConfigPlan } from './change.ts';
import { nameTakenBy } from './names.ts';
import { methodRecord, pointOfSaleRecord, tillRecord } from './records.ts';

type PointOfSaleConfig = OutputOf<'pointsOfSale.save'>;
type TillConfig = OutputOf<'tills.save'>;

/** The tills of the box office: not the ids this till gave up at its set-up or enrolment. */
function boxOfficeTills<T extends { id: string }>(db: Db, rows: readonly T[]): T[] {
  const former = new Set(formerTillIds(db));
  return rows.filter((r) => !former.has(r.id));
}

function pointOfSaleConfig(till: TillContext, id: string): PointOfSaleConfig {
  const pos = pointOfSaleRecord(till.db, id)!;
  const tills = stmt(till.db, 'SELECT id FROM tills WHERE point_of_sale_id = ? ORDER BY id').all(id) as { id: string }[];
  return { ...pos, tillIds: boxOfficeTills(till.db, tills).map((t) => t.id), version: configVersionOf(till.db, 'pointOfSale', id) };
}

export function listPointsOfSale(ctx: Ctx): Result<OutputOf<'pointsOfSale.list'>> {
  const rows = stmt(ctx.db, 'SELECT id FROM points_of_sale ORDER BY name').all() as { id: string }[];
  return ok(rows.map((r) => pointOfSaleConfig(ctx, r.id)));
}

/**
 * Checks, in order: the point of sale exists (when named); its name is free; every method
 * it authorises exists and is not retired. A method named twice is authorised once.
 */
export function checkSavePointOfSale(ctx: Ctx, input: ParsedInputOf<'pointsOfSale.save'>): Result<ConfigPlan<PointOfSaleConfig>> {
  const existing = input.pointOfSaleId === undefined ? null : pointOfSaleRecord(ctx.db, input.pointOfSaleId);
  if (input.pointOfSaleId !== undefined && !existing) return refuse('point_of_sale_not_found', { pointOfSaleId: input.pointOfSaleId });
  if (nameTakenBy(ctx.db, 'points_of_sale', input.name, existing?.id ?? null)) return refuse('name_taken', { field: 'name', kind: 'pointOfSale', name: input.name });
  const methodIds = [...new Set(input.methodIds)];
  for (const [i, methodId] of methodIds.entries()) {
    const method = methodRecord(ctx.db, methodId);
    if (!method) return refuse('method_not_found', { field: `methodIds.${i}`, methodId });
    if (!method.active) return refuse('method_retired', { field: `methodIds.${i}`, methodId });
  }
  const id = existing?.id ?? `pos-${ctx.ids.ulid().toLowerCase()}`;
  return ok({ records: [{ kind: 'pointOfSale', id, body: { id, name: input.name, methodIds } }], view: (till) => pointOfSaleConfig(till, id) });
}

function hasOrders(db: Db, tillId: string): boolean {
  return stmt(db, 'SELECT 1 FROM orders WHERE till_id = ? LIMIT 1').get(tillId) !== undefined || stmt(db, 'SELECT 1 FROM invoices WHERE series = (SELECT order_prefix FROM tills WHERE id = ?) LIMIT 1').get(tillId) !== undefined;
}

function tillConfig(till: TillContext, id: string): TillConfig {
  const t = tillRecord(till.db, id)!;
  return { ...t, isThisTill: id === till.tillId, hasOrders: hasOrders(till.db, id), version: configVersionOf(till.db, 'till', id) };
}

export function listTills(ctx: Ctx): Result<OutputOf<'tills.list'>> {
  const rows = stmt(ctx.db, 'SELECT id FROM tills ORDER BY id').all() as { id: string }[];
  return ok(boxOfficeTills(ctx.db, rows).map((r) => tillConfig(ctx, r.id)));
}

/**
 * A till of the box office (this one, or another one its administrator names). Checks, in
 * order: the point of sale exists; the name and the prefix are no other till's; a till
 * that sold keeps its prefix (its order and invoice numbers stay one series).
 */
export function checkSaveTill(ctx: Ctx, input: ParsedInputOf<'tills.save'>): Result<ConfigPlan<TillConfig>> {
  if (!pointOfSaleRecord(ctx.db, input.pointOfSaleId)) return refuse('point_of_sale_not_found', { field: 'pointOfSaleId', pointOfSaleId: input.pointOfSaleId });
  if (nameTakenBy(ctx.db, 'tills', input.name, input.tillId)) return refuse('name_taken', { field: 'name', kind: 'till', name: input.name });
  if (stmt(ctx.db, 'SELECT 1 FROM tills WHERE order_prefix = ? AND id <> ?').get(input.orderPrefix, input.tillId)) return refuse('prefix_taken', { field: 'orderPrefix', prefix: input.orderPrefix });
  const existing = tillRecord(ctx.db, input.tillId);
  if (existing && existing.orderPrefix !== input.orderPrefix && hasOrders(ctx.db, input.tillId)) return refuse('prefix_locked', { field: 'orderPrefix', tillId: input.tillId });
  const body = { id: input.tillId, name: input.name, pointOfSaleId: input.pointOfSaleId, orderPrefix: input.orderPrefix };
  return ok({ records: [{ kind: 'till', id: input.tillId, body }], view: (till) => tillConfig(till, input.tillId) });
}
