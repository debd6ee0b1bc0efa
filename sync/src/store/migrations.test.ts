// Server migration 2 on a database migrated by the previous server: the web shop's own seat
// count (shop_stock) becomes the WEB channel's seats, published for the tills' pull.
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
  expect(await migrate(store.db, 2)).toEqual({ applied: [2] });
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
  expect(await migrate(store.db, 3)).toEqual({ applied: [] });
});
