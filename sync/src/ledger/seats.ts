// Seats across channels: what a sale or refund entry says it took or gave back per
// performance (`seats`, src/shared/domain/seats.ts, read by the event's schema in either
// version), checked against the entry's own tickets and lines, added up per performance
// and channel (the till's id; WEB for the web shop) in the batch's transaction, and
// published as one `seats` record per performance, which every till pulls to leave the
// other channels' seats out of what it sells.
// An entry without `seats` (written before the field) counts as zero: the server cannot
// tell its performances. A refund gives back at most what its channel has: a till sends
// refund seats only for a sale whose entry counted them, and the floor at zero keeps a
// refund of an uncounted sale from taking another sale's seats.
import { sql } from 'kysely';
import { channelSeatsMax, type SeatsRecord } from '../../../src/shared/api/sync-records.ts';
import type { z } from 'zod';
import { assertNever } from '../../../src/shared/assert.ts';
import { insertRecords, lockRecordVersions, type RecordWrite } from '../records.ts';
import type { Trx } from '../store/tx.ts';
import type { SaleEvent, JournalEvent } from '../../../src/shared/domain/events.ts';
import type { SeatCount } from '../../../src/shared/domain/seats.ts';

const performanceIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** An event as the seats read it: its channel and its decoded payload. */
export interface SeatedEvent {
  tillId: string;
  event: JournalEvent;
}

/** What an entry does to its channel's seats: a sale takes them, a refund gives them back; no other type carries seats. */
interface SeatMove {
  sign: 1 | -1;
  /** Absent on an entry written before the field: unknown, counted as zero. */
  seats: readonly SeatCount[] | undefined;
  /** How many tickets the entry sold or gave back. */
  tickets: number;
  /** A sale's payload, whose ticket lines the seats must match. */
  sale: SaleEvent | null;
}

function seatMove(event: JournalEvent): SeatMove | null {
  switch (event.type) {
    case 'sale':
      return { sign: 1, seats: event.data.seats, tickets: event.data.tickets.length, sale: event.data };
    case 'refund':
      return { sign: -1, seats: event.data.seats, tickets: event.data.tickets.length, sale: null };
    case 'session_open':
    case 'pay_in':
    case 'pay_out':
    case 'session_close':
    case 'credit_fund':
    case 'credit_payout':
    case 'print':
    case 'reprint':
    case 'drawer_open':
    case 'invoice_issued':
    case 'payer_changed':
    case 'deferred_settle':
    case 'installment_overpaid':
      return null;
    default:
      return assertNever(event, 'event type');
  }
}

/**
 * Why an entry's `seats` cannot be taken, or null. Its schema has read them as
 * performances and whole counts; checked here: each performance named as the catalogue
 * names them, each count from 1 to channelSeatsMax, sorted, each performance once; their
 * sum is the entry's ticket count and, for a sale, its ticket lines' quantities; where a
 * sale names each line's performance (the web shop's `products`), the count per performance.
 */
export function seatsProblem(event: JournalEvent): string | null {
  const move = seatMove(event);
  if (!move?.seats) return null;
  const seats = new Map<string, number>();
  let previous = '';
  let total = 0;
  for (const { performanceId, count } of move.seats) {
    if (!performanceIdPattern.test(performanceId)) return 'a seat count does not name a performance';
    if (count < 1 || count > channelSeatsMax) return `the seats of ${performanceId} are not a whole number from 1`;
    if (performanceId <= previous) return 'the seats are not sorted by performance, each once';
    previous = performanceId;
    seats.set(performanceId, count);
    total += count;
  }
  if (move.tickets !== total) return `the seats count ${total} tickets, the entry has ${move.tickets}`;
  return move.sale ? saleLinesProblem(move.sale, seats, total) : null;
}

/** A sale's ticket lines add up to its seats; where its products name each line's performance, per performance. */
function saleLinesProblem(sale: SaleEvent, seats: ReadonlyMap<string, number>, total: number): string | null {
  const quantities = new Map<string, number>();
  let ticketQuantity = 0;
  for (const line of sale.lines) {
    if (line.kind !== 'ticket') continue;
    quantities.set(line.id, line.quantity);
    ticketQuantity += line.quantity;
  }
  if (ticketQuantity !== total) return `the seats count ${total} tickets, the ticket lines ${ticketQuantity}`;
  if (!sale.products) return null;
  const perPerformance = new Map<string, number>();
  for (const product of sale.products) {
    if (product.performanceId === null) continue;
    perPerformance.set(product.performanceId, (perPerformance.get(product.performanceId) ?? 0) + (quantities.get(product.lineId) ?? 0));
  }
  for (const [performanceId, count] of perPerformance) if (seats.get(performanceId) !== count) return `the seats of ${performanceId} differ from its lines`;
  return null;
}

/**
 * Adds the events' seats to their channels (sales up, refunds down, never below zero) and
 * answers the performances whose count moved. Two statements per batch, whatever its size.
 */
export async function projectSeats(trx: Trx, events: readonly SeatedEvent[]): Promise<string[]> {
  const deltas = new Map<string, { performanceId: string; channel: string; delta: number }>();
  for (const event of events) {
    const move = seatMove(event.event);
    if (!move) continue;
    for (const { performanceId, count } of move.seats ?? []) {
      const key = `${performanceId}\u0000${event.tillId}`;
      const row = deltas.get(key) ?? { performanceId, channel: event.tillId, delta: 0 };
      row.delta += move.sign * count;
      deltas.set(key, row);
    }
  }
  if (deltas.size === 0) return [];
  // a channel's rows are written by one transaction at a time: its till's row (or the WEB journal's) is locked
  const rows = [...deltas.values()].sort((a, b) => (a.performanceId < b.performanceId ? -1 : a.performanceId > b.performanceId ? 1 : a.channel < b.channel ? -1 : 1));
  const performanceIds = rows.map((r) => r.performanceId);
  const channels = rows.map((r) => r.channel);
  await sql`
    INSERT INTO seats_sold (performance_id, channel, sold)
    SELECT * , 0 FROM unnest(${performanceIds}::text[], ${channels}::text[])
    ON CONFLICT (performance_id, channel) DO NOTHING`.execute(trx);
  await sql`
    UPDATE seats_sold s SET sold = GREATEST(s.sold + d.delta, 0)
    FROM unnest(${performanceIds}::text[], ${channels}::text[], ${rows.map((r) => r.delta)}::int4[]) AS d(performance_id, channel, delta)
    WHERE s.performance_id = d.performance_id AND s.channel = d.channel`.execute(trx);
  return [...new Set(performanceIds)];
}

type SeatsBody = z.infer<typeof SeatsRecord>;

/**
 * Publishes the seats of these performances, every channel's, as records. Read after the
 * record version lock is taken: a batch that moved another channel's count of the same
 * performance either committed before (and is read here) or publishes after this one.
 */
export async function publishSeats(trx: Trx, performanceIds: readonly string[], nowMs: number): Promise<void> {
  if (performanceIds.length === 0) return;
  await lockRecordVersions(trx);
  const rows = await trx.selectFrom('seats_sold').select(['performance_id', 'channel', 'sold']).where('performance_id', 'in', [...performanceIds]).where('sold', '>', 0).execute();
  const bodies = new Map<string, SeatsBody>(performanceIds.map((id) => [id, { performanceId: id, channels: [] }]));
  for (const r of rows) bodies.get(r.performance_id)!.channels.push({ channel: r.channel, sold: r.sold });
  const records: RecordWrite<'seats'>[] = [...bodies.values()]
    .sort((a, b) => (a.performanceId < b.performanceId ? -1 : 1))
    .map((body) => {
      body.channels.sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
      return { kind: 'seats', id: body.performanceId, body };
    });
  await insertRecords(trx, records, nowMs);
}

/** Seats sold of these performances by every channel, as the server knows them. */
export async function seatsSoldAll(trx: Trx, performanceIds: readonly string[]): Promise<Map<string, number>> {
  if (performanceIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('seats_sold')
    .select(['performance_id', (eb) => eb.fn.sum<string>('sold').as('sold')])
    .where('performance_id', 'in', [...performanceIds])
    .groupBy('performance_id')
    .execute();
  return new Map(rows.map((r) => [r.performance_id, Number(r.sold)]));
}
