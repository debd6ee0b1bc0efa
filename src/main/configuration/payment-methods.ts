// Payment methods as the administrator configures them (seed 000 "Création du mode de
// règlement", seed 003 "Paramétrage"): a method of each type of C2 with its flags, a deferred
// one "avec suivi" with its installments' rule, retired but never deleted once used.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import type { Ctx, TillContext } from '../kernel/context.ts';
import { configVersionOf } from '../sync-client/index.ts';
import type { ConfigPlan } from './change.ts';
import { nameTakenBy, nextSort } from './names.ts';
import { methodRecord, pointOfSaleRecord, type BodyOf, type ConfigRecord } from './records.ts';

type MethodConfig = OutputOf<'paymentMethods.save'>;

/** A payment, a refund, a settlement or a ledger account used it: its type can no longer change. */
function isMethodUsed(db: Db, methodId: string): boolean {
  return (stmt(
    db,
    `SELECT EXISTS (SELECT 1 FROM payments WHERE method_id = @id) OR EXISTS (SELECT 1 FROM refund_payments WHERE method_id = @id)
       OR EXISTS (SELECT 1 FROM settlements WHERE method_id = @id) OR EXISTS (SELECT 1 FROM accounts WHERE method_id = @id) AS used`,
  ).get({ id: methodId }) as { used: number }).used === 1;
}

function pointsOfSaleAuthorising(db: Db, methodId: string): { id: string; name: string }[] {
  return stmt(db, 'SELECT p.id, p.name FROM pos_payment_methods pm JOIN points_of_sale p ON p.id = pm.point_of_sale_id WHERE pm.method_id = ? ORDER BY p.name').all(methodId) as { id: string; name: string }[];
}

export function methodConfig(till: TillContext, methodId: string): MethodConfig {
  const m = methodRecord(till.db, methodId)!;
  return {
    id: m.id,
    name: m.name,
    type: m.type,
    mayPay: m.mayPay,
    mayRefund: m.mayRefund,
    givesChange: m.givesChange,
    tracking: m.tracking,
    isActive: m.active,
    sort: m.sort,
    pointOfSaleIds: pointsOfSaleAuthorising(till.db, m.id).map((p) => p.id),
    isUsed: isMethodUsed(till.db, m.id),
    version: configVersionOf(till.db, 'method', m.id),
  };
}

export function listAllMethods(ctx: Ctx): Result<OutputOf<'paymentMethods.all'>> {
  const rows = stmt(ctx.db, 'SELECT id FROM payment_methods ORDER BY active DESC, sort, name').all() as { id: string }[];
  return ok(rows.map((r) => methodConfig(ctx, r.id)));
}


type SaveInput = ParsedInputOf<'paymentMethods.save'>;

/**
 * Checks, in order: the method exists (when named); its name is free; it pays or refunds;
 * only cash gives change; only deferred has installments tracking; a used method keeps
 * its type.
 */
export function checkSaveMethod(ctx: Ctx, input: SaveInput): Result<ConfigPlan<MethodConfig>> {
  const existing = input.methodId === undefined ? null : methodRecord(ctx.db, input.methodId);
  if (input.methodId !== undefined && !existing) return refuse('method_not_found', { methodId: input.methodId });
  if (nameTakenBy(ctx.db, 'payment_methods', input.name, existing?.id ?? null)) return refuse('name_taken', { field: 'name', kind: 'method', name: input.name });
  if (!input.mayPay && !input.mayRefund) return refuse('method_flags_invalid', { field: 'mayPay', rule: 'pays_or_refunds' });
  if (input.givesChange && input.type !== 'cash') return refuse('method_flags_invalid', { field: 'givesChange', rule: 'change_is_cash' });
  if (input.tracking && input.type !== 'deferred') return refuse('tracking_not_deferred', { field: 'tracking' });
  if (existing && existing.type !== input.type && isMethodUsed(ctx.db, existing.id)) return refuse('method_type_locked', { field: 'type', methodId: existing.id });
  const id = existing?.id ?? `pm-${ctx.ids.ulid().toLowerCase()}`;
  const sort = existing?.sort ?? nextSort(ctx.db, 'payment_methods');
  const body: BodyOf<'method'> = { id, name: input.name, type: input.type, mayPay: input.mayPay, mayRefund: input.mayRefund, givesChange: input.givesChange, tracking: input.tracking, active: existing?.active ?? true, sort };
  return ok({ records: [{ kind: 'method', id, body }], view: (till) => methodConfig(till, id) });
}

type RetireInput = ParsedInputOf<'paymentMethods.retire'>;

/**
 * Retiring leaves every order that used the method as it is; it pays no more. Checks: the
 * method exists; no point of sale authorises it, unless `unauthorise` (then it leaves
 * each of them in the same change). Retiring a retired method changes nothing.
 */
export function checkRetireMethod(ctx: Ctx, input: RetireInput): Result<ConfigPlan<MethodConfig>> {
  const method = methodRecord(ctx.db, input.methodId);
  if (!method) return refuse('method_not_found', { methodId: input.methodId });
  const view = (till: TillContext) => methodConfig(till, method.id);
  if (!method.active) return ok({ records: [], view });
  const authorising = pointsOfSaleAuthorising(ctx.db, method.id);
  if (authorising.length > 0 && !input.unauthorise) {
    return refuse('method_still_authorised', { methodId: method.id, pointOfSaleIds: authorising.map((p) => p.id), pointsOfSale: authorising.map((p) => p.name) });
  }
  const records: ConfigRecord[] = authorising.map((p) => {
    const pos = pointOfSaleRecord(ctx.db, p.id)!;
    return { kind: 'pointOfSale', id: p.id, body: { ...pos, methodIds: pos.methodIds.filter((id) => id !== method.id) } };
  });
  records.push({ kind: 'method', id: method.id, body: { ...method, active: false } });
  return ok({ records, view });
}
