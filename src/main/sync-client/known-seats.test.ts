// Seats across channels at the till: a pull writes what the other channels sold per
// performance with its cursor, all or nothing; what is left to sell (the catalogue's
// `remaining` and the sale's capacity check) is the capacity minus this till's own sales
// minus those; a sale beyond it is refused and changes nothing.
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SyncRecord } from '../../shared/api/sync-records.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';
import { applyPull } from './records.ts';
import { syncState } from './state.ts';

const head = { seq: 0, hash: '0'.repeat(64) };
const seats = (performanceId: string, channels: [string, number][]): SyncRecord => ({
  kind: 'seats',
  id: performanceId,
  body: { performanceId, channels: channels.map(([channel, sold]) => ({ channel, sold })) },
});
/** The studio (capacity 12) in full-price seats. */
const contes = (quantity: number) => ({ kind: 'ticket' as const, performanceId: 'e-contes-p1', tariffId: 'e-contes-plein', quantity });

let t: TestTill;
const known = () => t.db.prepare('SELECT performance_id, channel, sold FROM known_seats ORDER BY performance_id, channel').all();
const remaining = (performanceId = 'e-contes-p1') =>
  t.must('catalogue.get', {}).events.flatMap((e) => e.performances).find((p) => p.id === performanceId)!.remaining;
const sell = (quantity: number) =>
  t.call('sales.checkout', { requestId: ulid(), lines: [contes(quantity)], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: quantity * 1800 }] });

beforeEach(() => {
  t = testTill();
  t.must('sessions.open', { float: [] });
  expect(t.context.tillId).toBe('G1');
});

describe('seats other channels sold, as the till last pulled them', () => {
  it('a pull writes the other channels with its cursor, never this till’s own channel, and a later record replaces them', () => {
    applyPull(t.db, 'G1', { records: [seats('e-contes-p1', [['G1', 9], ['G2', 4], ['WEB', 3]])], cursor: '41', tillHead: head }, 1000);
    expect(known()).toEqual([
      { performance_id: 'e-contes-p1', channel: 'G2', sold: 4 },
      { performance_id: 'e-contes-p1', channel: 'WEB', sold: 3 },
    ]);
    expect(syncState(t.db).pull_cursor).toBe('41');
    applyPull(t.db, 'G1', { records: [seats('e-contes-p1', [['G2', 1]])], cursor: '42', tillHead: head }, 2000);
    expect(known()).toEqual([{ performance_id: 'e-contes-p1', channel: 'G2', sold: 1 }]);
  });

  it('a page that fails part-way writes no seats and keeps the cursor', () => {
    const page = {
      records: [
        seats('e-contes-p1', [['G2', 4]]),
        { kind: 'tariff', id: 't-x', body: { id: 't-x', eventId: 'no-such-event', code: 'X', name: 'X', priceMinor: 100, sort: 0 } },
      ] as SyncRecord[],
      cursor: '50',
      tillHead: head,
    };
    expect(() => applyPull(t.db, 'G1', page, 1000)).toThrow(/FOREIGN KEY/);
    expect(known()).toEqual([]);
    expect(syncState(t.db).pull_cursor).toBe('0');
  });

  it('what is left is the capacity minus this till’s sales minus the other channels’, in the catalogue and at the sale', () => {
    expect(remaining()).toBe(12);
    expect(sell(2).ok).toBe(true);
    expect(remaining()).toBe(10);
    applyPull(t.db, 'G1', { records: [seats('e-contes-p1', [['G1', 2], ['G2', 5], ['WEB', 3]])], cursor: '7', tillHead: head }, 1000);
    expect(remaining()).toBe(2); // 12 − 2 here − 5 at G2 − 3 on the web; G1's 2 on the server are not counted twice
    expect(remaining('e-contes-p2')).toBe(12);

    const before = stateFingerprint(t.db);
    expect(sell(3)).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { performanceId: 'e-contes-p1', remaining: 2, requested: 3 } } });
    expect(t.call('sales.quote', { lines: [contes(3)] })).toMatchObject({ ok: false, error: { code: 'capacity_exceeded' } });
    expect(stateFingerprint(t.db)).toBe(before);
    expect(sell(2).ok).toBe(true);
    expect(remaining()).toBe(0);
    expect(sell(1)).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { remaining: 0, requested: 1 } } });
  });

  it('shows 0, never less, when the channels together oversold the hall while offline', () => {
    expect(sell(10).ok).toBe(true);
    applyPull(t.db, 'G1', { records: [seats('e-contes-p1', [['G2', 6]])], cursor: '9', tillHead: head }, 1000);
    expect(remaining()).toBe(0);
    expect(sell(1)).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { remaining: 0, requested: 1 } } });
  });
});

describe('the seats a till journals', () => {
  it('a sale counts its tickets per performance; a refund the ones it gives back', () => {
    const payloadOf = (type: string) => JSON.parse((t.db.prepare('SELECT payload FROM journal WHERE type = ? ORDER BY seq DESC').get(type) as { payload: string }).payload);
    const sale = t.must('sales.checkout', {
      requestId: ulid(),
      lines: [contes(2), { kind: 'ticket', performanceId: 'e-contes-p2', tariffId: 'e-contes-enfant', quantity: 3 }, contes(1), { kind: 'item', itemId: 'i-programme', quantity: 1 }],
      buyerContactId: null,
      payments: [{ methodId: 'pm-card', amountMinor: 3 * 1800 + 3 * 950 + 500 }],
    });
    expect(payloadOf('sale').seats).toEqual([{ performanceId: 'e-contes-p1', count: 3 }, { performanceId: 'e-contes-p2', count: 3 }]);
    t.must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[1]!.id, quantity: 2 }, { orderLineId: sale.lines[3]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 2 * 950 + 500 }], reason: 'Malade' });
    expect(payloadOf('refund').seats).toEqual([{ performanceId: 'e-contes-p2', count: 2 }]);
    const itemsOnly = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 500 }] });
    expect(itemsOnly.id).toBeTruthy();
    expect(payloadOf('sale').seats).toEqual([]);
  });

  it('a refund of a sale whose entry carried no seats (an older till) gives none back', () => {
    const sale = t.must('sales.checkout', { requestId: ulid(), lines: [contes(2)], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 3600 }] });
    // the sale as a till before the field wrote it (the journal's guard set aside for the test)
    for (const name of t.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'").pluck().all() as string[]) t.db.exec(`DROP TRIGGER ${name}`);
    t.db.prepare("UPDATE journal SET payload = json_remove(payload, '$.seats') WHERE id = (SELECT entry_id FROM orders WHERE id = ?)").run(sale.id);
    t.must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 1800 }], reason: 'Malade' });
    const refund = JSON.parse((t.db.prepare("SELECT payload FROM journal WHERE type = 'refund'").get() as { payload: string }).payload);
    expect(refund.tickets).toHaveLength(1);
    expect(refund.seats).toBeUndefined();
    expect(remaining()).toBe(11); // the till's own count gives the seat back all the same
  });
});
