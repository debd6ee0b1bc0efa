// Seats across channels on the ledger server, on PGlite and on a real PostgreSQL 15: the
// seats of pushed sales and refunds counted per performance and channel and published as
// `seats` records; entries without seats counted as zero; a push whose seats are negative,
// not whole or do not match its tickets refused whole with nothing stored; and the web
// shop refusing seats the tills sold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/shared/api/sync-schemas.ts';
import type { RunningServer } from './server.ts';
import { enrolled, order, pay, seats as seatsLine, shopKeyFor } from './shop/shop-testing.ts';
import { call, startTestServer, TestClock, testEngines, type TestEngine } from './testing/harness.ts';
import { TestJournal } from './testing/journal.ts';
import type { TestCluster } from './testing/postgres.ts';
import { useTestCluster } from './testing/cluster-hooks.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

interface Till {
  token: string;
  journal: TestJournal;
  pushed: number;
}

describe.each(testEngines)('seats across channels on %s', (engine: TestEngine) => {
  let server: RunningServer;
  let clock: TestClock;
  let a: Till;
  let b: Till;
  let shopKey: string;

  const till = async (tillId: string): Promise<Till> => ({ token: await enrolled(server, tillId), journal: new TestJournal(tillId, () => clock.nowMs()), pushed: 0 });
  const send = (t: Till, events: SyncEvent[] = t.journal.events.slice(t.pushed)) => call(server.url, 'POST', '/v1/push', { token: t.token, body: { tillId: t.journal.tillId, events } });
  const push = async (t: Till) => {
    const answer = await send(t);
    expect(answer.ok).toBe(true);
    t.pushed = t.journal.events.length;
  };
  /** seats_sold as `performance/channel=sold`, sorted. */
  const sold = async (performanceId: string) => {
    const rows = await server.store.db.selectFrom('seats_sold').selectAll().where('performance_id', '=', performanceId).execute();
    return rows.map((r) => `${r.channel}=${r.sold}`).sort();
  };
  /** The seats record of a performance as a till pulls it. */
  const pulled = async (performanceId: string) => {
    const all: { kind: string; id: string; body: unknown }[] = [];
    let cursor = '0';
    for (;;) {
      const page = await call(server.url, 'GET', `/v1/pull?cursor=${cursor}`, { token: a.token });
      all.push(...page.value.records);
      cursor = page.value.cursor;
      if (!page.value.more) break;
    }
    return all.filter((r) => r.kind === 'seats' && r.id === performanceId).map((r) => r.body);
  };

  beforeAll(async () => {
    clock = new TestClock();
    server = await startTestServer({ engine, cluster, clock });
    a = await till('S1');
    b = await till('S2');
    shopKey = await shopKeyFor(server, 'pos-web');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('counts the seats of each till per performance and publishes one record per performance, every channel in it', async () => {
    a.journal.ticketSale([['e-quatuor-p1', 3], ['e-quatuor-p2', 1]]);
    a.journal.ticketSale([['e-quatuor-p1', 2]]);
    await push(a);
    b.journal.ticketSale([['e-quatuor-p1', 4]]);
    await push(b);
    expect(await sold('e-quatuor-p1')).toEqual(['S1=5', 'S2=4']);
    expect(await sold('e-quatuor-p2')).toEqual(['S1=1']);
    expect(await pulled('e-quatuor-p1')).toEqual([{ performanceId: 'e-quatuor-p1', channels: [{ channel: 'S1', sold: 5 }, { channel: 'S2', sold: 4 }] }]);
    // pushed again: exists, counted once
    expect((await send(a, a.journal.events)).value.statuses.map((s: { status: string }) => s.status)).toEqual(['exists', 'exists']);
    expect(await sold('e-quatuor-p1')).toEqual(['S1=5', 'S2=4']);
  });

  it('gives seats back on a refund, to the refunding channel only, never below zero', async () => {
    const sale = b.journal.ticketSale([['e-misanthrope-p3', 6]]);
    b.journal.ticketRefund(sale, [['e-misanthrope-p3', 2]]);
    await push(b);
    expect(await sold('e-misanthrope-p3')).toEqual(['S2=4']);
    expect(await pulled('e-misanthrope-p3')).toEqual([{ performanceId: 'e-misanthrope-p3', channels: [{ channel: 'S2', sold: 4 }] }]);
    // a refund of seats this channel's entries never counted takes no other channel's seats
    a.journal.ticketRefund(sale, [['e-misanthrope-p3', 3]]);
    await push(a);
    expect(await sold('e-misanthrope-p3')).toEqual(['S1=0', 'S2=4']);
    b.journal.ticketRefund(sale, [['e-misanthrope-p3', 4]]);
    await push(b);
    expect(await pulled('e-misanthrope-p3')).toEqual([{ performanceId: 'e-misanthrope-p3', channels: [] }]);
  });

  it('counts entries without seats (written before the field) as zero', async () => {
    a.journal.cashSale(2000);
    const lineId = 'L1';
    a.journal.append('sale', [['till:S1:pm-cash', 2000], ['revenue:810', -2000]], {
      orderId: 'O-OLD',
      buyerContactId: null,
      lines: [[lineId, 'ticket', 'e-misanthrope-p2', 2, 1000, 2000, 810, 0]],
      tickets: [['T1', lineId, '4000000000000001'], ['T2', lineId, '4000000000000002']],
    });
    await push(a);
    expect(await sold('e-misanthrope-p2')).toEqual([]);
  });

  describe('refuses a push whose seats do not hold, storing nothing', () => {
    const p = 'e-quatuor-p2';
    const cases: [string, (j: TestJournal) => void][] = [
      ['a negative count', (j) => j.ticketSale([[p, 2]], { seats: [[p, -2]] })],
      ['a count of zero', (j) => j.ticketSale([[p, 2]], { seats: [[p, 2], ['e-quatuor-p1', 0]] })],
      ['a count that is not whole', (j) => {
        // canonical JSON writes no fractions: the payload as a faulty till could send it
        const sale = j.ticketSale([[p, 2]]);
        sale.payload = sale.payload.replace(`"seats":[["${p}",2]]`, `"seats":[["${p}",1.5],["${p}z",0.5]]`);
        expect(sale.payload).toContain('1.5');
      }],
      ['a count that is text', (j) => j.ticketSale([[p, 2]], { seats: [[p, '2']] })],
      ['seats that are not a list', (j) => j.ticketSale([[p, 2]], { seats: { [p]: 2 } })],
      ['a pair of three', (j) => j.ticketSale([[p, 2]], { seats: [[p, 2, 1]] })],
      ['no performance', (j) => j.ticketSale([[p, 2]], { seats: [['', 2]] })],
      ['unsorted', (j) => j.ticketSale([['e-quatuor-p1', 1], [p, 1]], { seats: [[p, 1], ['e-quatuor-p1', 1]] })],
      ['a performance twice', (j) => j.ticketSale([[p, 2]], { seats: [[p, 1], [p, 1]] })],
      ['more seats than tickets', (j) => j.ticketSale([[p, 2]], { seats: [[p, 3]] })],
      ['fewer seats than tickets', (j) => j.ticketSale([[p, 2]], { seats: [[p, 1]] })],
      ['seats for tickets that are not there', (j) => j.append('sale', [['till:S1:pm-cash', 100], ['revenue:810', -100]], { orderId: 'o', tickets: [], seats: [[p, 1]] })],
      ['seats that differ from the ticket lines', (j) => j.ticketSale([[p, 2]], { tickets: [['t1', 'l1', 'x'], ['t2', 'l1', 'x'], ['t3', 'l1', 'x']], seats: [[p, 3]] })],
      ['a refund giving back more than its tickets', (j) => j.ticketRefund(j.ticketSale([[p, 2]]), [[p, 1]], { seats: [[p, 2]] })],
      ['a refund giving back a negative count', (j) => j.ticketRefund(j.ticketSale([[p, 2]]), [[p, 1]], { seats: [[p, -1]] })],
    ];
    it.each(cases)('%s', async (_, write) => {
      const probe = new TestJournal('S1', () => clock.nowMs());
      // the bad entry chained after what S1 pushed, after one good sale in the same batch
      probe.events.push(...a.journal.events);
      probe.ticketSale([[p, 1]]);
      write(probe);
      const before = await state();
      const answer = await send(a, probe.events.slice(a.pushed));
      expect(answer).toMatchObject({ status: 422, ok: false, error: { code: 'sync_seats_invalid' } });
      expect(answer.error?.message).toMatch(/^Les places de l’événement/);
      expect(await state()).toEqual(before);
    });

    async function state() {
      const db = server.store.db;
      const events = await db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const version = await db.selectFrom('records').select((eb) => eb.fn.max('version').as('v')).executeTakeFirstOrThrow();
      const seats = await db.selectFrom('seats_sold').selectAll().orderBy('performance_id').orderBy('channel').execute();
      return { events: Number(events.n), version: String(version.v), seats: seats.map((s) => `${s.performance_id}/${s.channel}=${s.sold}`) };
    }
  });

  it('the web shop sells the capacity minus every channel’s seats, its own included, and its seats reach the tills', async () => {
    const shop = (quantity: number) => call(server.url, 'POST', '/v1/shop/orders', { token: shopKey, body: order('c-muller', [seatsLine('e-contes-p1', quantity)], [pay('pm-card', quantity * 1800)]) });
    // the studio has 12 seats: S1 sold 7, S2 sold 4
    a.journal.ticketSale([['e-contes-p1', 7]]);
    await push(a);
    const bSale = b.journal.ticketSale([['e-contes-p1', 4]]);
    await push(b);
    expect(await shop(2)).toMatchObject({ status: 409, ok: false, error: { code: 'capacity_exceeded', details: { performanceId: 'e-contes-p1', remaining: 1, requested: 2 } } });
    expect((await shop(1)).ok).toBe(true);
    expect(await sold('e-contes-p1')).toEqual(['S1=7', 'S2=4', 'WEB=1']);
    expect(await shop(1)).toMatchObject({ error: { code: 'capacity_exceeded', details: { remaining: 0, requested: 1 } } });
    // a till gives two seats back: the shop may sell those two, not a third
    b.journal.ticketRefund(bSale, [['e-contes-p1', 2]]);
    await push(b);
    expect(await shop(3)).toMatchObject({ error: { code: 'capacity_exceeded', details: { remaining: 2, requested: 3 } } });
    expect((await shop(2)).ok).toBe(true);
    expect(await pulled('e-contes-p1')).toEqual([
      { performanceId: 'e-contes-p1', channels: [{ channel: 'S1', sold: 7 }, { channel: 'S2', sold: 2 }, { channel: 'WEB', sold: 3 }] },
    ]);
  });
});
