// The catalogue as the till sells it: events, performances with remaining seats, tariffs,
// items and gift vouchers; and the pricing of a basket against it.
import { assertNever } from '../../shared/assert.ts';
import { ok, refuse, type Refusal, type Result } from '../../shared/result.ts';
import type { OutputOf } from '../../shared/api/contract.ts';
import type { BasketLine } from '../../shared/domain/types.ts';
import { priceLine } from '../../shared/domain/vat.ts';
import { boundedProductMinor, boundedSumMinor } from '../../shared/money/bounded.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { institutionOf } from '../kernel/config.ts';
import type { TillContext } from '../kernel/context.ts';

/**
 * Seats left to sell here: the capacity minus this till's own sales (performance_stock)
 * minus what the other channels had sold at the last pull (known_seats; offline, nothing
 * newer is known). One statement: it runs for every performance of every sale.
 */
const seatsJoin = `performances p LEFT JOIN performance_stock s ON s.performance_id = p.id LEFT JOIN known_seats k ON k.performance_id = p.id`;
const remainingSql = 'p.capacity - COALESCE(s.sold, 0) - COALESCE(SUM(k.sold), 0)';

export function getCatalogue(till: TillContext): Result<OutputOf<'catalogue.get'>> {
  const db = till.db;
  const events = stmt(db, 'SELECT id, name, vat_rate_bp FROM events ORDER BY sort, name').all() as { id: string; name: string; vat_rate_bp: number }[];
  // a retired tariff and a performance closed for sale are no longer offered (issue 16)
  const tariffs = stmt(db, 'SELECT id, event_id, code, name, price_minor FROM tariffs WHERE active = 1 ORDER BY sort, price_minor DESC').all() as {
    id: string; event_id: string; code: string; name: string; price_minor: number;
  }[];
  const performances = stmt(
    db,
    // never below 0 on screen: channels selling offline may together have oversold a hall
    `SELECT p.id, p.event_id, p.starts_at, p.hall, p.capacity, MAX(0, ${remainingSql}) AS remaining
     FROM ${seatsJoin} WHERE p.is_on_sale = 1 GROUP BY p.id ORDER BY p.starts_at`,
  ).all() as { id: string; event_id: string; starts_at: string; hall: string; capacity: number; remaining: number }[];
  const items = stmt(db, 'SELECT id, name, price_minor, vat_rate_bp FROM items WHERE active = 1 ORDER BY sort, name').all() as {
    id: string; name: string; price_minor: number; vat_rate_bp: number;
  }[];
  const vouchers = stmt(db, 'SELECT id, name, value_minor FROM voucher_products WHERE active = 1 ORDER BY sort, value_minor').all() as {
    id: string; name: string; value_minor: number;
  }[];
  return ok({
    currency: institutionOf(db).currency,
    events: events.map((e) => ({
      id: e.id,
      name: e.name,
      vatRateBp: e.vat_rate_bp,
      tariffs: tariffs.filter((t) => t.event_id === e.id).map((t) => ({ id: t.id, code: t.code, name: t.name, priceMinor: t.price_minor })),
      performances: performances
        .filter((p) => p.event_id === e.id)
        .map((p) => ({ id: p.id, startsAt: p.starts_at, hall: p.hall, capacity: p.capacity, remaining: p.remaining })),
    })),
    items: items.map((i) => ({ id: i.id, name: i.name, priceMinor: i.price_minor, vatRateBp: i.vat_rate_bp })),
    voucherProducts: vouchers.map((v) => ({ id: v.id, name: v.name, valueMinor: v.value_minor })),
  });
}

/** A basket line priced against the catalogue, with what the order row needs. */
export interface PricedBasketLine {
  index: number;
  kind: 'ticket' | 'item' | 'voucher';
  performanceId: string | null;
  tariffId: string | null;
  itemId: string | null;
  voucherProductId: string | null;
  label: string;
  detail: string;
  quantity: number;
  unitPriceMinor: number;
  totalMinor: number;
  vatRateBp: number;
  vatMinor: number;
  netMinor: number;
  eventName: string;
  tariffName: string;
  startsAt: string;
  hall: string;
}

/** "2026-12-05T20:00:00+01:00" → "2026-12-05 20:00", the same in every language. */
export function performanceDetail(startsAt: string, hall: string): string {
  return `${startsAt.slice(0, 10)} ${startsAt.slice(11, 16)} · ${hall}`;
}

/**
 * Prices every line. Checks, in order: the basket is not empty, each product exists
 * (and a tariff belongs to its performance's event) and its price × quantity stays within
 * amountMinorMax, so does the basket's total, then capacity per performance over the
 * whole basket.
 */
export function priceBasket(till: TillContext, lines: readonly BasketLine[]): Result<PricedBasketLine[]> {
  const db = till.db;
  if (lines.length === 0) return refuse('basket_empty');
  const priced: PricedBasketLine[] = [];
  for (const [index, line] of lines.entries()) {
    const result = priceOne(till, index, line);
    if (!result.ok) return result;
    priced.push(result.value);
  }
  const basket = boundedSumMinor(priced.map((l) => l.totalMinor), 'lines');
  if (!basket.ok) return basket;
  const seatsByPerformance = new Map<string, number>();
  for (const line of priced) {
    if (line.performanceId) seatsByPerformance.set(line.performanceId, (seatsByPerformance.get(line.performanceId) ?? 0) + line.quantity);
  }
  for (const [performanceId, seats] of seatsByPerformance) {
    const remaining = remainingSeats(db, performanceId);
    if (seats > remaining) return refuse('capacity_exceeded', { performanceId, remaining: Math.max(remaining, 0), requested: seats });
  }
  return ok(priced);
}

export function remainingSeats(db: Db, performanceId: string): number {
  const row = stmt(db, `SELECT ${remainingSql} AS remaining FROM ${seatsJoin} WHERE p.id = ? GROUP BY p.id`).get(performanceId) as { remaining: number } | undefined;
  return row?.remaining ?? 0;
}

/**
 * A priced line, every field named once: spreading a base object and overriding some of
 * its fields turns the result into a dictionary-mode object (~5 KB per line, the
 * sale's largest allocation), where one literal keeps one shape.
 */
function pricedLine(
  index: number,
  quantity: number,
  fields: Pick<PricedBasketLine, 'kind' | 'label' | 'detail' | 'unitPriceMinor' | 'totalMinor' | 'vatRateBp' | 'vatMinor' | 'netMinor'> &
    Partial<Pick<PricedBasketLine, 'performanceId' | 'tariffId' | 'itemId' | 'voucherProductId' | 'eventName' | 'tariffName' | 'startsAt' | 'hall'>>,
): PricedBasketLine {
  return {
    index,
    kind: fields.kind,
    performanceId: fields.performanceId ?? null,
    tariffId: fields.tariffId ?? null,
    itemId: fields.itemId ?? null,
    voucherProductId: fields.voucherProductId ?? null,
    label: fields.label,
    detail: fields.detail,
    quantity,
    unitPriceMinor: fields.unitPriceMinor,
    totalMinor: fields.totalMinor,
    vatRateBp: fields.vatRateBp,
    vatMinor: fields.vatMinor,
    netMinor: fields.netMinor,
    eventName: fields.eventName ?? '',
    tariffName: fields.tariffName ?? '',
    startsAt: fields.startsAt ?? '',
    hall: fields.hall ?? '',
  };
}

// The rows a basket is priced from are configuration: read once per product, kept in the
// till's configuration cache until the catalogue changes (kernel/config.ts).
const performanceOf = (till: TillContext, id: string) =>
  till.config.memo(`catalogue.performance:${id}`, () =>
    stmt(
      till.db,
      'SELECT p.id, p.event_id, p.starts_at, p.hall, p.is_on_sale, e.name AS event_name, e.vat_rate_bp FROM performances p JOIN events e ON e.id = p.event_id WHERE p.id = ?',
    ).get(id) as { id: string; event_id: string; starts_at: string; hall: string; is_on_sale: number; event_name: string; vat_rate_bp: number } | undefined,
  );
const tariffOf = (till: TillContext, id: string) =>
  till.config.memo(`catalogue.tariff:${id}`, () => stmt(till.db, 'SELECT id, event_id, name, price_minor FROM tariffs WHERE id = ? AND active = 1').get(id) as { id: string; event_id: string; name: string; price_minor: number } | undefined);
const itemOf = (till: TillContext, id: string) =>
  till.config.memo(`catalogue.item:${id}`, () => stmt(till.db, 'SELECT id, name, price_minor, vat_rate_bp FROM items WHERE id = ? AND active = 1').get(id) as { id: string; name: string; price_minor: number; vat_rate_bp: number } | undefined);
const voucherProductOf = (till: TillContext, id: string) =>
  till.config.memo(`catalogue.voucherProduct:${id}`, () => stmt(till.db, 'SELECT id, name, value_minor FROM voucher_products WHERE id = ? AND active = 1').get(id) as { id: string; name: string; value_minor: number } | undefined);

function priceOne(till: TillContext, index: number, line: BasketLine): Result<PricedBasketLine> | Refusal {
  switch (line.kind) {
    case 'ticket': {
      const perf = performanceOf(till, line.performanceId);
      if (!perf) return refuse('performance_not_found', { performanceId: line.performanceId });
      if (perf.is_on_sale !== 1) return refuse('performance_closed', { performanceId: line.performanceId });
      const tariff = tariffOf(till, line.tariffId);
      if (!tariff) return refuse('tariff_not_found', { tariffId: line.tariffId });
      if (tariff.event_id !== perf.event_id) return refuse('tariff_not_for_performance', { tariffId: line.tariffId, performanceId: line.performanceId });
      const bounded = boundedProductMinor(tariff.price_minor, line.quantity, `lines.${index}`);
      if (!bounded.ok) return bounded;
      const price = priceLine(tariff.price_minor, line.quantity, perf.vat_rate_bp);
      return ok(
        pricedLine(index, line.quantity, {
          kind: 'ticket',
          performanceId: perf.id,
          tariffId: tariff.id,
          label: `${perf.event_name} — ${tariff.name}`,
          detail: performanceDetail(perf.starts_at, perf.hall),
          unitPriceMinor: tariff.price_minor,
          totalMinor: price.totalMinor,
          vatRateBp: perf.vat_rate_bp,
          vatMinor: price.vatMinor,
          netMinor: price.netMinor,
          eventName: perf.event_name,
          tariffName: tariff.name,
          startsAt: perf.starts_at,
          hall: perf.hall,
        }),
      );
    }
    case 'item': {
      const item = itemOf(till, line.itemId);
      if (!item) return refuse('item_not_found', { itemId: line.itemId });
      const bounded = boundedProductMinor(item.price_minor, line.quantity, `lines.${index}`);
      if (!bounded.ok) return bounded;
      const price = priceLine(item.price_minor, line.quantity, item.vat_rate_bp);
      return ok(
        pricedLine(index, line.quantity, {
          kind: 'item',
          itemId: item.id,
          label: item.name,
          detail: '',
          unitPriceMinor: item.price_minor,
          totalMinor: price.totalMinor,
          vatRateBp: item.vat_rate_bp,
          vatMinor: price.vatMinor,
          netMinor: price.netMinor,
        }),
      );
    }
    case 'voucher': {
      const product = voucherProductOf(till, line.voucherProductId);
      if (!product) return refuse('voucher_product_not_found', { voucherProductId: line.voucherProductId });
      // a gift voucher is a liability, not a sale: no VAT until it is spent
      const bounded = boundedProductMinor(product.value_minor, line.quantity, `lines.${index}`);
      if (!bounded.ok) return bounded;
      const totalMinor = bounded.value;
      return ok(
        pricedLine(index, line.quantity, {
          kind: 'voucher',
          voucherProductId: product.id,
          label: product.name,
          detail: '',
          unitPriceMinor: product.value_minor,
          totalMinor,
          vatRateBp: 0,
          vatMinor: 0,
          netMinor: totalMinor,
        }),
      );
    }
    default:
      return assertNever(line);
  }
}
