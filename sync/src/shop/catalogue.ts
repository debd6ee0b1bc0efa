// What a web-shop request reads of the server's master data: the point of sale's
// authorised methods, the institution, a basket priced from the tariff, performance,
// event, item and voucher product records with the seats left (the performance's capacity
// minus what every channel sold, as the server knows it: ledger/seats.ts), and the
// catalogue the shop shows. Pricing and VAT are the shared rules the till uses (priceLine).
import type { z } from 'zod';
import { assert, assertNever } from '../../../src/shared/assert.ts';
import { Institution } from '../../../src/shared/api/schemas.ts';
import type { MethodRecord, RecordKind } from '../../../src/shared/api/sync-records.ts';
import type { ShopBasketLine } from '../../../src/shared/api/shop-schemas.ts';
import { priceLine } from '../../../src/shared/domain/vat.ts';
import { boundedProductMinor, boundedSumMinor } from '../../../src/shared/money/bounded.ts';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import { seatsSoldAll } from '../ledger/seats.ts';
import { readRecord, readRecords, type RecordBody } from '../records.ts';
import type { Db } from '../store/store.ts';
import { transaction, type Trx } from '../store/tx.ts';
import type { ServerContext } from '../context.ts';
import type { ShopCatalogue } from './outputs.ts';

export type Method = z.infer<typeof MethodRecord>;
export type BasketLine = z.infer<typeof ShopBasketLine>;

/** The methods a point of sale authorises: named in its methodIds and active. */
export async function authorisedMethods(db: Db | Trx, pointOfSaleId: string): Promise<Map<string, Method>> {
  const pos = await readRecord(db, 'pointOfSale', pointOfSaleId);
  const methods = await readRecords(db, 'method', pos?.methodIds ?? []);
  return new Map([...methods].filter(([, m]) => m.active));
}

export function hasMethodOfType(methods: ReadonlyMap<string, Method>, type: Method['type']): boolean {
  return [...methods.values()].some((m) => m.type === type);
}

export async function institutionOf(db: Db | Trx): Promise<z.infer<typeof Institution>> {
  const setting = await readRecord(db, 'setting', 'institution');
  assert(setting, 'the server holds the institution setting (seeded or written by the administrator)');
  return Institution.parse(JSON.parse(setting.value));
}

export interface PricedLine {
  kind: 'ticket' | 'item' | 'voucher';
  performanceId: string | null;
  tariffId: string | null;
  itemId: string | null;
  voucherProductId: string | null;
  label: string;
  quantity: number;
  unitPriceMinor: number;
  totalMinor: number;
  vatRateBp: number;
  vatMinor: number;
  netMinor: number;
}

/**
 * Prices every line. Checks, in order (the till's): each product exists (and a tariff
 * belongs to its performance's event) and its price × quantity, and the basket's total,
 * stay within amountMinorMax, then the seats asked per performance over the whole
 * basket against the capacity minus the seats of every channel, the shop's own included.
 * The shop's own count moves only with a shop order, which holds the journal's lock as
 * this one does; a till's push may add seats a moment later: a till's sale is never refused.
 */
export async function priceBasket(trx: Trx, lines: readonly BasketLine[]): Promise<Result<PricedLine[]>> {
  const ticketLines = lines.filter((l) => l.kind === 'ticket');
  const performances = await readRecords(trx, 'performance', ticketLines.map((l) => l.performanceId));
  const products: BasketProducts = {
    performances,
    tariffs: await readRecords(trx, 'tariff', ticketLines.map((l) => l.tariffId)),
    events: await readRecords(trx, 'event', [...performances.values()].map((p) => p.eventId)),
    items: await readRecords(trx, 'item', lines.flatMap((l) => (l.kind === 'item' ? [l.itemId] : []))),
    voucherProducts: await readRecords(trx, 'voucherProduct', lines.flatMap((l) => (l.kind === 'voucher' ? [l.voucherProductId] : []))),
  };
  const priced: PricedLine[] = [];
  for (const [index, line] of lines.entries()) {
    const one = pricedLineOf(products, line, `lines.${index}`);
    if (!one.ok) return one;
    priced.push(one.value);
  }
  const basket = boundedSumMinor(priced.map((l) => l.totalMinor), 'lines');
  if (!basket.ok) return basket;
  const seats = seatsByPerformance(priced);
  const sold = await seatsSoldAll(trx, [...seats.keys()]);
  for (const [performanceId, requested] of seats) {
    const remaining = performances.get(performanceId)!.capacity - (sold.get(performanceId) ?? 0);
    if (requested > remaining) return refuse('capacity_exceeded', { performanceId, remaining: Math.max(remaining, 0), requested });
  }
  return ok(priced);
}

interface BasketProducts {
  performances: Map<string, RecordBody<'performance'>>;
  tariffs: Map<string, RecordBody<'tariff'>>;
  events: Map<string, RecordBody<'event'>>;
  items: Map<string, RecordBody<'item'>>;
  voucherProducts: Map<string, RecordBody<'voucherProduct'>>;
}

const noProduct = { performanceId: null, tariffId: null, itemId: null, voucherProductId: null };

/** One line priced from its product's record (the till's pricing and VAT), or why not. */
function pricedLineOf(products: BasketProducts, line: BasketLine, field: string): Result<PricedLine> {
  switch (line.kind) {
    case 'item': {
      const item = products.items.get(line.itemId);
      if (!item || !item.active) return refuse('item_not_found', { itemId: line.itemId });
      const bounded = boundedProductMinor(item.priceMinor, line.quantity, field);
      if (!bounded.ok) return bounded;
      const price = priceLine(item.priceMinor, line.quantity, item.vatRateBp);
      return ok({ ...noProduct, kind: 'item', itemId: item.id, label: item.name, quantity: line.quantity, unitPriceMinor: item.priceMinor, vatRateBp: item.vatRateBp, ...price });
    }
    case 'voucher': {
      const product = products.voucherProducts.get(line.voucherProductId);
      if (!product || !product.active) return refuse('voucher_product_not_found', { voucherProductId: line.voucherProductId });
      const bounded = boundedProductMinor(product.valueMinor, line.quantity, field);
      if (!bounded.ok) return bounded;
      // a gift voucher is a liability, not a sale: no VAT until it is spent (the till's rule)
      const totalMinor = bounded.value;
      return ok({ ...noProduct, kind: 'voucher', voucherProductId: product.id, label: product.name, quantity: line.quantity, unitPriceMinor: product.valueMinor, vatRateBp: 0, totalMinor, vatMinor: 0, netMinor: totalMinor });
    }
    case 'ticket': {
      const performance = products.performances.get(line.performanceId);
      const event = performance ? products.events.get(performance.eventId) : undefined;
      if (!performance || !event || performance.isDeleted) return refuse('performance_not_found', { performanceId: line.performanceId });
      // closed for sale, or a tariff retired, at the box office's configuration (issue 16): the web shop sells them no more either
      if (performance.isOnSale === false) return refuse('performance_closed', { performanceId: line.performanceId });
      const tariff = products.tariffs.get(line.tariffId);
      if (!tariff || tariff.active === false) return refuse('tariff_not_found', { tariffId: line.tariffId });
      if (tariff.eventId !== performance.eventId) return refuse('tariff_not_for_performance', { tariffId: line.tariffId, performanceId: line.performanceId });
      const bounded = boundedProductMinor(tariff.priceMinor, line.quantity, field);
      if (!bounded.ok) return bounded;
      const price = priceLine(tariff.priceMinor, line.quantity, event.vatRateBp);
      const label = `${event.name} — ${tariff.name}`;
      return ok({ ...noProduct, kind: 'ticket', performanceId: performance.id, tariffId: tariff.id, label, quantity: line.quantity, unitPriceMinor: tariff.priceMinor, vatRateBp: event.vatRateBp, ...price });
    }
    default:
      return assertNever(line, 'basket line');
  }
}

function seatsByPerformance(lines: readonly PricedLine[]): Map<string, number> {
  const seats = new Map<string, number>();
  for (const l of lines) if (l.performanceId) seats.set(l.performanceId, (seats.get(l.performanceId) ?? 0) + l.quantity);
  return seats;
}

/** Every record of a kind (the catalogue's master data is small: events, tariffs, performances, items). */
async function allRecords<K extends RecordKind>(trx: Trx, kind: K): Promise<RecordBody<K>[]> {
  const rows = await trx.selectFrom('records').select('body').where('kind', '=', kind).orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.body) as RecordBody<K>);
}

const bySortThenName = <T extends { sort: number; name: string }>(a: T, b: T) => a.sort - b.sort || a.name.localeCompare(b.name);

/**
 * What the web shop sells, read in one snapshot: events with their venue, tariffs (price,
 * the event's VAT) and performances (date, hall, capacity, the seats every channel sold as
 * the server holds them, and what is left), active items and voucher products.
 */
export async function shopCatalogue(ctx: ServerContext): Promise<Result<ShopCatalogue>> {
  return transaction(
    ctx.db,
    async (trx) => {
      const institution = await institutionOf(trx);
      const venues = new Map((await allRecords(trx, 'venue')).map((v) => [v.id, v]));
      // what the box office closed for sale or retired is not offered (issue 16)
      const tariffs = (await allRecords(trx, 'tariff')).filter((t) => t.active !== false);
      const performances = (await allRecords(trx, 'performance')).filter((p) => p.isOnSale !== false && !p.isDeleted).sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
      const sold = await seatsSoldAll(trx, performances.map((p) => p.id));
      const events = (await allRecords(trx, 'event')).sort(bySortThenName).map((e) => ({
        id: e.id,
        name: e.name,
        venue: venues.get(e.venueId) ?? null,
        vatRateBp: e.vatRateBp,
        tariffs: tariffs
          .filter((t) => t.eventId === e.id)
          .sort((a, b) => a.sort - b.sort || b.priceMinor - a.priceMinor)
          .map((t) => ({ id: t.id, code: t.code, name: t.name, priceMinor: t.priceMinor, vatRateBp: e.vatRateBp })),
        performances: performances
          .filter((p) => p.eventId === e.id)
          .map((p) => {
            const seatsSold = sold.get(p.id) ?? 0;
            return { id: p.id, startsAt: p.startsAt, hall: p.hall, capacity: p.capacity, seatsSold, seatsLeft: Math.max(p.capacity - seatsSold, 0) };
          }),
      }));
      const items = (await allRecords(trx, 'item')).filter((i) => i.active).sort(bySortThenName);
      const voucherProducts = (await allRecords(trx, 'voucherProduct')).filter((v) => v.active).sort((a, b) => a.sort - b.sort || a.valueMinor - b.valueMinor);
      return ok({
        currency: institution.currency,
        asOfMs: ctx.clock.nowMs(),
        events,
        items: items.map((i) => ({ id: i.id, name: i.name, priceMinor: i.priceMinor, vatRateBp: i.vatRateBp })),
        voucherProducts: voucherProducts.map((v) => ({ id: v.id, name: v.name, valueMinor: v.valueMinor })),
      });
    },
    { isolation: 'repeatable read', readOnly: true },
  );
}
