// Server migrations on a database migrated by the previous server. 2: the web shop's own
// seat count (shop_stock) becomes the WEB channel's seats, published for the tills' pull.
// 3: the events stored before tills signed keep a null signature, and no till has a key
// (each is enrolled again: sync_key_missing until then, tested in server.test.ts).
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { migrate, migrations } from './migrations.ts';
import { openPglite, type Store } from './store.ts';

let store: Store | undefined;
afterAll(async () => {
  await store?.close();
});

it('moves the web shop’s seats into seats_sold as channel WEB and publishes them as seats records', async () => {
  store = await openPglite('memory://');
  expect(await migrate(store.db, 1, migrations.slice(0, 1))).toEqual({ applied: [1] });
  await sql`INSERT INTO shop_stock (performance_id, sold) VALUES ('e-contes-p1', 5), ('e-quatuor-p1', 0), ('e-misanthrope-p1', 2)`.execute(store.db);
  expect(await migrate(store.db, 2, migrations.slice(0, 2))).toEqual({ applied: [2] });
  const seats = await store.db.selectFrom('seats_sold').selectAll().orderBy('performance_id').execute();
  expect(seats).toEqual([
    { performance_id: 'e-contes-p1', channel: 'WEB', sold: 5 },
    { performance_id: 'e-misanthrope-p1', channel: 'WEB', sold: 2 },
  ]);
  const records = await store.db.selectFrom('records').select(['kind', 'id', 'body']).where('kind', '=', 'seats').orderBy('version').execute();
  expect(records.map((r) => [r.id, JSON.parse(r.body)])).toEqual([
    ['e-contes-p1', { performanceId: 'e-contes-p1', channels: [{ channel: 'WEB', sold: 5 }] }],
    ['e-misanthrope-p1', { performanceId: 'e-misanthrope-p1', channels: [{ channel: 'WEB', sold: 2 }] }],
  ]);
  await expect(sql`SELECT 1 FROM shop_stock`.execute(store.db)).rejects.toThrow(/shop_stock/);
  expect(await migrate(store.db, 3, migrations.slice(0, 2))).toEqual({ applied: [] });
});

it('keeps the events stored before tills signed, unsigned, and registers no key', async () => {
  const before = await openPglite('memory://');
  try {
    expect(await migrate(before.db, 1, migrations.slice(0, 2))).toEqual({ applied: [1, 2] });
    await before.db.insertInto('tills').values({ id: 'G1', name: 'Caisse 1', head_seq: 1, head_hash: 'a'.repeat(64) }).execute();
    await sql`INSERT INTO events (id, till_id, seq, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format, received_at_ms)
      VALUES ('01JDQ6Z3F1A2B3C4D5E6F7G8H9', 'G1', 1, 'sale', 1, 'u-cashier', NULL, '{"postings":[]}', ${'0'.repeat(64)}, ${'a'.repeat(64)}, 1, 2)`.execute(before.db);
    expect(await migrate(before.db, 3, migrations.slice(0, 3))).toEqual({ applied: [3] });
    expect(await before.db.selectFrom('events').select(['id', 'signature']).execute()).toEqual([{ id: '01JDQ6Z3F1A2B3C4D5E6F7G8H9', signature: null }]);
    expect(await before.db.selectFrom('till_keys').selectAll().execute()).toEqual([]);
    // the journal stays append-only: the new column is no way to edit an event
    await expect(sql`UPDATE events SET signature = ${'x'.repeat(86)}`.execute(before.db)).rejects.toThrow(/append-only/);
  } finally {
    await before.close();
  }
});
