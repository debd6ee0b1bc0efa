// Seats across channels with two real tills, the web shop and the ledger server (PGlite in a
// folder, so that it can be stopped and started again on its port): till A sells most of the
// studio (12 seats) and syncs; till B, once it has pulled, is refused beyond what is left,
// and so is the web shop; a refund gives seats back to every channel after a sync; while the
// server is away a till knows only what it last pulled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server.ts';
import { admin, call, testAdminKey } from '../src/testing/harness.ts';
import { checkHistory, openTestTill, synced, waitFor, type TestTill } from './tills.ts';

const studio = 'e-contes-p1';
const seats = (quantity: number) => [{ kind: 'ticket' as const, performanceId: studio, tariffId: 'e-contes-plein', quantity }];
const sell = (t: TestTill, quantity: number) => t.call('sales.checkout', { requestId: ulid(), lines: seats(quantity), buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: quantity * 1800 }] });
const remaining = (t: TestTill) => t.must('catalogue.get', {}).events.flatMap((e) => e.performances).find((p) => p.id === studio)!.remaining;
const localSold = (t: TestTill) => (t.till.context.db.prepare('SELECT COALESCE(SUM(sold), 0) AS n FROM performance_stock WHERE performance_id = ?').get(studio) as { n: number }).n;

describe('two tills and the web shop selling one small hall', () => {
  const folder = mkdtempSync(join(tmpdir(), 'guichet-server-'));
  let server: RunningServer;
  let port = 0;
  let a: TestTill;
  let b: TestTill;
  let shopKey = '';
  const start = async () => {
    server = await startServer({ dataDir: folder, port, adminKey: testAdminKey, log: () => {} });
    port = server.port;
  };
  const shop = (quantity: number) => call(server.url, 'POST', '/v1/shop/orders', { token: shopKey, body: { requestId: ulid(), contactId: 'c-muller', lines: seats(quantity), payments: [{ methodId: 'pm-card', amountMinor: quantity * 1800 }] } });
  const serverSeats = async () => (await server.store.db.selectFrom('seats_sold').selectAll().where('performance_id', '=', studio).orderBy('channel').execute()).map((r) => `${r.channel}=${r.sold}`);

  beforeAll(async () => {
    await start();
    a = openTestTill('G1');
    b = openTestTill('G2');
    for (const [t, tillId] of [[a, 'G1'], [b, 'G2']] as const) {
      const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Caisse ${tillId}` });
      t.must('sync.enrol', { serverUrl: server.url, code: code.value.code }, 'administrator');
      await synced(t);
      t.must('sessions.open', { float: [] }, 'supervisor');
    }
    shopKey = (await admin(server.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key;
  }, 60_000);
  afterAll(async () => {
    a?.dispose();
    b?.dispose();
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('till B, after its pull, is refused beyond what till A left; the shop too', async () => {
    expect(remaining(b)).toBe(12);
    expect(sell(a, 9).ok).toBe(true);
    await synced(a);
    expect(await serverSeats()).toEqual(['G1=9']);
    await waitFor(() => remaining(b) === 3, 'till B to pull the seats till A sold');

    const before = localSold(b);
    expect(sell(b, 4)).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { performanceId: studio, remaining: 3, requested: 4 } } });
    expect(localSold(b)).toBe(before);
    expect(b.must('sync.status', {}).waitingEvents).toBe(0); // nothing journaled
    expect(sell(b, 2).ok).toBe(true);
    await synced(b);
    expect(await serverSeats()).toEqual(['G1=9', 'G2=2']);

    expect(await shop(2)).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { remaining: 1, requested: 2 } } });
    expect((await shop(1)).ok).toBe(true);
    expect(await serverSeats()).toEqual(['G1=9', 'G2=2', 'WEB=1']);

    await waitFor(() => remaining(a) === 0, 'till A to pull the seats of till B and the shop');
    expect(sell(a, 1)).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { remaining: 0, requested: 1 } } });
    await waitFor(() => remaining(b) === 0, 'till B to pull the shop’s seat');
    expect(sell(b, 1)).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { remaining: 0, requested: 1 } } });
  });

  it('a refund gives seats back to every channel once synced; offline a till knows only its last pull', async () => {
    await server.close(); // the network is cut
    await waitFor(() => !a.must('sync.status', {}).online && !b.must('sync.status', {}).online, 'both tills to see the cut');
    const order = a.must('orders.list', {})[0]!;
    const detail = a.must('orders.get', { orderId: order.id });
    a.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: detail.lines[0]!.id, quantity: 3 }], payments: [{ methodId: 'pm-card', amountMinor: 3 * 1800 }], reason: 'Annulé' });
    expect(remaining(a)).toBe(3); // its own seats are counted at once
    expect(remaining(b)).toBe(0); // B cannot know while the server is away
    expect(sell(b, 1)).toMatchObject({ ok: false, error: { code: 'capacity_exceeded' } });

    await start(); // the network is back
    await synced(a);
    expect(await serverSeats()).toEqual(['G1=6', 'G2=2', 'WEB=1']);
    await waitFor(() => remaining(b) === 3, 'till B to learn the seats given back');
    expect(sell(b, 3).ok).toBe(true);
    await synced(b);
    expect(await shop(1)).toMatchObject({ ok: false, error: { code: 'capacity_exceeded', details: { remaining: 0 } } });
    await checkHistory(server.store.db, a);
    await checkHistory(server.store.db, b);
  });
});
