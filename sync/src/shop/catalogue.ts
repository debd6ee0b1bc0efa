// What a web-shop request reads of the server's master data: the point of sale's
// authorised methods, the institution, and a basket priced from the tariff, performance,
// event and item records with the seats left (the performance's capacity minus what every
// channel sold, as the server knows it: ledger/seats.ts). Pricing and VAT are the shared
// rules the till uses (priceLine).
import type { z } from 'zod';
import { assert } from '../../../src/shared/assert.ts';
import { Institution } from '../../../src/shared/api/schemas.ts';
import type { MethodRecord, ShopBasketLine } from '../../../src/shared/api/sync-schemas.ts';
import { priceLine } from '../../../src/shared/domain/vat.ts';
import { boundedProductMinor, boundedSumMinor } from '../../../src/shared/money/bounded.ts';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import { seatsSoldAll } from '../ledger/seats.ts';
import { readRecord, readRecords } from '../records.ts';
import type { Db } from '../store/store.ts';
import type { Trx } from '../store/tx.ts';

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
  kind: 'ticket' | 'item';
  performanceId: string | null;
  tariffId: string | null;
  itemId: string | null;
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
  const tariffs = await readRecords(trx, 'tariff', ticketLines.map((l) => l.tariffId));
  const events = await readRecords(trx, 'event', [...performances.values()].map((p) => p.eventId));
  const items = await readRecords(trx, 'item', lines.flatMap((l) => (l.kind === 'item' ? [l.itemId] : [])));
  const priced: PricedLine[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.kind === 'item') {
      const item = items.get(line.itemId);
      if (!item || !item.active) return refuse('item_not_found', { itemId: line.itemId });
      const bounded = boundedProductMinor(item.priceMinor, line.quantity, `lines.${index}`);
      if (!bounded.ok) return bounded;
      const price = priceLine(item.priceMinor, line.quantity, item.vatRateBp);
      priced.push({ kind: 'item', performanceId: null, tariffId: null, itemId: item.id, label: item.name, quantity: line.quantity, unitPriceMinor: item.priceMinor, vatRateBp: item.vatRateBp, ...price });
      continue;
    }
    const performance = performances.get(line.performanceId);
    const event = performance ? events.get(performance.eventId) : undefined;
    if (!performance || !event) return refuse('performance_not_found', { performanceId: line.performanceId });
    const tariff = tariffs.get(line.tariffId);
    if (!tariff) return refuse('tariff_not_found', { tariffId: line.tariffId });
    if (tariff.eventId !== performance.eventId) return refuse('tariff_not_for_performance', { tariffId: line.tariffId, performanceId: line.performanceId });
    const bounded = boundedProductMinor(tariff.priceMinor, line.quantity, `lines.${index}`);
    if (!bounded.ok) return bounded;
    const price = priceLine(tariff.priceMinor, line.quantity, event.vatRateBp);
    priced.push({
      kind: 'ticket',
      performanceId: performance.id,
      tariffId: tariff.id,
      itemId: null,
      label: `${event.name} — ${tariff.name}`,
      quantity: line.quantity,
      unitPriceMinor: tariff.priceMinor,
      vatRateBp: event.vatRateBp,
      ...price,
    });
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

function seatsByPerformance(lines: readonly PricedLine[]): Map<string, number> {
  const seats = new Map<string, number>();
  for (const l of lines) if (l.performanceId) seats.set(l.performanceId, (seats.get(l.performanceId) ?? 0) + l.quantity);
  return seats;
}
