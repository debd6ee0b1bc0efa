// The catalogue's changes (issue 16): events, performances (date, hall, capacity; closed for
// sale, deleted only if nothing was sold), tariffs (a new price applies to new sales: an
// order keeps the prices it was sold at), items and gift vouchers.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { inputIssue } from '../../shared/api/input-issues.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import type { Ctx } from '../kernel/context.ts';
import type { ConfigPlan } from './change.ts';
import { eventConfig, itemConfig, performanceConfig, performanceHasSales, seatsSold, tariffConfig, voucherProductConfig } from './catalogue-view.ts';
import { nameTakenBy, nextSort } from './names.ts';
import { eventRecord, itemRecord, performanceRecord, storedInstitution, tariffRecord, venueRecord, voucherProductRecord, type ConfigRecord } from './records.ts';
import { unknownRate } from './vat.ts';

const newId = (ctx: Ctx, prefix: string) => `${prefix}-${ctx.ids.ulid().toLowerCase()}`;

/** The venue a new event takes: the one named, else the first known, else one made of the institution (the same change writes it). */
function venueFor(ctx: Ctx, venueId: string | undefined, records: ConfigRecord[]): Result<string> {
  if (venueId !== undefined) return venueRecord(ctx.db, venueId) ? ok(venueId) : refuse('venue_not_found', { field: 'venueId', venueId });
  const first = stmt(ctx.db, 'SELECT id FROM venues ORDER BY name LIMIT 1').get() as { id: string } | undefined;
  if (first) return ok(first.id);
  const institution = storedInstitution(ctx.db)!;
  const id = newId(ctx, 'v');
  records.push({ kind: 'venue', id, body: { id, name: institution.name, city: institution.address?.city ?? '' } });
  return ok(id);
}

/** Checks, in order: the event exists (when named); its name is free; its VAT rate is one of the institution's; its venue exists. */
export function checkSaveEvent(ctx: Ctx, input: ParsedInputOf<'events.save'>): Result<ConfigPlan<OutputOf<'events.save'>>> {
  const existing = input.eventId === undefined ? null : eventRecord(ctx.db, input.eventId);
  if (input.eventId !== undefined && !existing) return refuse('event_not_found', { eventId: input.eventId });
  if (nameTakenBy(ctx.db, 'events', input.name, existing?.id ?? null)) return refuse('name_taken', { field: 'name', kind: 'event', name: input.name });
  const rate = unknownRate(ctx, input.vatRateBp, 'vatRateBp');
  if (rate) return rate;
  const records: ConfigRecord[] = [];
  const venueId = input.venueId === undefined && existing ? ok(existing.venueId) : venueFor(ctx, input.venueId, records);
  if (!venueId.ok) return venueId;
  const id = existing?.id ?? newId(ctx, 'e');
  records.push({ kind: 'event', id, body: { id, name: input.name, venueId: venueId.value, vatRateBp: input.vatRateBp, sort: existing?.sort ?? nextSort(ctx.db, 'events') } });
  return ok({ records, view: (till) => eventConfig(till, id) });
}

/** The calendar date and time exist (no 30 February, no 24:30): Date.parse rolls them over instead. */
function isRealStart(startsAt: string): boolean {
  const [, y, mo, d, h, mi] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(startsAt)!.map(Number) as number[];
  const day = new Date(Date.UTC(y!, mo! - 1, d!));
  return day.getUTCMonth() === mo! - 1 && day.getUTCDate() === d && h! < 24 && mi! < 60 && !Number.isNaN(Date.parse(startsAt));
}

/** "2026-12-01T20:00:00+01:00": seconds always written, so that dates sort as text. */
function normalStart(startsAt: string): string {
  return /T\d{2}:\d{2}([+-]|Z)/.test(startsAt) ? startsAt.replace(/(T\d{2}:\d{2})/, '$1:00') : startsAt;
}

/**
 * Checks, in order: the event exists; the performance exists (when named); a performance
 * that sold stays with its event; its date is a real one; its capacity holds the seats
 * already sold here and elsewhere.
 */
export function checkSavePerformance(ctx: Ctx, input: ParsedInputOf<'performances.save'>): Result<ConfigPlan<OutputOf<'performances.save'>>> {
  if (!eventRecord(ctx.db, input.eventId)) return refuse('event_not_found', { field: 'eventId', eventId: input.eventId });
  const existing = input.performanceId === undefined ? null : performanceRecord(ctx.db, input.performanceId);
  if (input.performanceId !== undefined && !existing) return refuse('performance_not_found', { performanceId: input.performanceId });
  if (existing && existing.eventId !== input.eventId && performanceHasSales(ctx.db, existing.id)) return refuse('performance_has_sales', { field: 'eventId', performanceId: existing.id });
  const startsAt = normalStart(input.startsAt);
  if (!isRealStart(startsAt)) return refuse('invalid_input', inputIssue('startsAt', 'not a date that exists'));
  if (existing) {
    const sold = seatsSold(ctx.db, existing.id);
    if (input.capacity < sold.here + sold.elsewhere) return refuse('capacity_below_sold', { field: 'capacity', sold: sold.here + sold.elsewhere });
  }
  const id = existing?.id ?? newId(ctx, 'p');
  const body = { id, eventId: input.eventId, startsAt, hall: input.hall, capacity: input.capacity, isOnSale: existing?.isOnSale ?? true };
  return ok({ records: [{ kind: 'performance', id, body }], view: (till) => performanceConfig(till, id) });
}

export function checkSetOnSale(ctx: Ctx, input: ParsedInputOf<'performances.setOnSale'>): Result<ConfigPlan<OutputOf<'performances.setOnSale'>>> {
  const existing = performanceRecord(ctx.db, input.performanceId);
  if (!existing) return refuse('performance_not_found', { performanceId: input.performanceId });
  return ok({ records: [{ kind: 'performance', id: existing.id, body: { ...existing, isOnSale: input.isOnSale } }], view: (till) => performanceConfig(till, existing.id) });
}

/** Only a performance nothing was ever sold for (here, refunded or not, or at another channel); one that sold is closed instead. */
export function checkDeletePerformance(ctx: Ctx, input: ParsedInputOf<'performances.delete'>): Result<ConfigPlan<OutputOf<'performances.delete'>>> {
  const existing = performanceRecord(ctx.db, input.performanceId);
  if (!existing) return refuse('performance_not_found', { performanceId: input.performanceId });
  if (performanceHasSales(ctx.db, existing.id)) return refuse('performance_has_sales', { performanceId: existing.id });
  return ok({ records: [{ kind: 'performance', id: existing.id, body: { ...existing, isOnSale: false, isDeleted: true } }], view: () => ({ done: true as const }) });
}

/** A tariff's code from its name: "Tarif réduit" → "tarif-reduit", unique in its event. */
function codeFor(db: Db, eventId: string, name: string, exceptId: string | null): string {
  const base = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30) || 'tarif';
  for (let n = 1; ; n += 1) {
    const code = n === 1 ? base : `${base}-${n}`;
    if (!tariffCodeTaken(db, eventId, code, exceptId)) return code;
  }
}

function tariffCodeTaken(db: Db, eventId: string, code: string, exceptId: string | null): boolean {
  return stmt(db, 'SELECT 1 FROM tariffs WHERE event_id = ? AND code = ? AND id IS NOT ?').get(eventId, code, exceptId) !== undefined;
}

/**
 * Checks, in order: the event exists; the tariff exists and is the event's (when named); its
 * name and code are free in the event. The price is within bounds at the door; orders sold
 * before keep their own unit prices (order_lines), so nothing sold is rewritten.
 */
export function checkSaveTariff(ctx: Ctx, input: ParsedInputOf<'tariffs.save'>): Result<ConfigPlan<OutputOf<'tariffs.save'>>> {
  if (!eventRecord(ctx.db, input.eventId)) return refuse('event_not_found', { field: 'eventId', eventId: input.eventId });
  const existing = input.tariffId === undefined ? null : tariffRecord(ctx.db, input.tariffId);
  if (input.tariffId !== undefined && (!existing || existing.eventId !== input.eventId)) return refuse('tariff_not_found', { tariffId: input.tariffId });
  const exceptId = existing?.id ?? null;
  if (stmt(ctx.db, 'SELECT 1 FROM tariffs WHERE event_id = ? AND lower(trim(name)) = lower(trim(?)) AND id IS NOT ?').get(input.eventId, input.name, exceptId)) {
    return refuse('name_taken', { field: 'name', kind: 'tariff', name: input.name });
  }
  if (input.code !== undefined && tariffCodeTaken(ctx.db, input.eventId, input.code, exceptId)) return refuse('name_taken', { field: 'code', kind: 'tariff', name: input.code });
  const id = existing?.id ?? newId(ctx, 't');
  const code = input.code ?? existing?.code ?? codeFor(ctx.db, input.eventId, input.name, exceptId);
  const sort = existing?.sort ?? (stmt(ctx.db, 'SELECT COALESCE(MAX(sort), -1) + 1 AS next FROM tariffs WHERE event_id = ?').get(input.eventId) as { next: number }).next;
  const body = { id, eventId: input.eventId, code, name: input.name, priceMinor: input.priceMinor, sort, active: input.isActive };
  return ok({ records: [{ kind: 'tariff', id, body }], view: (till) => tariffConfig(till, id) });
}

/** Checks, in order: the item exists (when named); its name is free; its VAT rate is the institution's. */
export function checkSaveItem(ctx: Ctx, input: ParsedInputOf<'items.save'>): Result<ConfigPlan<OutputOf<'items.save'>>> {
  const existing = input.itemId === undefined ? null : itemRecord(ctx.db, input.itemId);
  if (input.itemId !== undefined && !existing) return refuse('item_not_found', { itemId: input.itemId });
  if (nameTakenBy(ctx.db, 'items', input.name, existing?.id ?? null)) return refuse('name_taken', { field: 'name', kind: 'item', name: input.name });
  const rate = unknownRate(ctx, input.vatRateBp, 'vatRateBp');
  if (rate) return rate;
  const id = existing?.id ?? newId(ctx, 'i');
  const body = { id, name: input.name, priceMinor: input.priceMinor, vatRateBp: input.vatRateBp, active: input.isActive, sort: existing?.sort ?? nextSort(ctx.db, 'items') };
  return ok({ records: [{ kind: 'item', id, body }], view: (till) => itemConfig(till, id) });
}

/** Checks, in order: the gift voucher type exists (when named); its name is free. Its value is positive and within bounds at the door. */
export function checkSaveVoucherProduct(ctx: Ctx, input: ParsedInputOf<'voucherProducts.save'>): Result<ConfigPlan<OutputOf<'voucherProducts.save'>>> {
  const existing = input.voucherProductId === undefined ? null : voucherProductRecord(ctx.db, input.voucherProductId);
  if (input.voucherProductId !== undefined && !existing) return refuse('voucher_product_not_found', { voucherProductId: input.voucherProductId });
  if (nameTakenBy(ctx.db, 'voucher_products', input.name, existing?.id ?? null)) return refuse('name_taken', { field: 'name', kind: 'voucherProduct', name: input.name });
  const id = existing?.id ?? newId(ctx, 'vp');
  const body = { id, name: input.name, valueMinor: input.valueMinor, active: input.isActive, sort: existing?.sort ?? nextSort(ctx.db, 'voucher_products') };
  return ok({ records: [{ kind: 'voucherProduct', id, body }], view: (till) => voucherProductConfig(till, id) });
}
