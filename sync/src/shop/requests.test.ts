// Migration 4 on a store written by the previous server: the web shop's stored requests,
// keyed by request id alone, are scoped by the point of sale that wrote them (their
// event's user) and their kind, and keep what they made (order, settlement) to be read back
// by it; a retry stored before compares as it did; two shops may then use one request id.
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { migrate, migrations } from '../store/migrations.ts';
import { openPglite, type Store } from '../store/store.ts';
import { transaction } from '../store/tx.ts';
import { ok } from '../../../src/shared/result.ts';
import { previousAnswer, rememberAnswer, requestHashOf, storedAnswer } from './requests.ts';

let store: Store | undefined;
afterAll(async () => {
  await store?.close();
});

const requestId = '01JDQ6Z3F1A2B3C4D5E6F7G8H9';

it('scopes the stored requests by point of sale and kind, keeping their answers and what they made', async () => {
  store = await openPglite('memory://');
  const db = store.db;
  expect(await migrate(db, 1, migrations.slice(0, 3))).toEqual({ applied: [1, 2, 3] });
  const event = (id: string, seq: number, type: string, pos: string) =>
    sql`INSERT INTO events (id, till_id, seq, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format, received_at_ms)
      VALUES (${id}, 'WEB', ${seq}, ${type}, 1, ${pos}, NULL, '{"postings":[]}', ${'0'.repeat(64)}, ${String(seq).repeat(64)}, 1, 2)`.execute(db);
  await event('01JDQ70000000000000000000A', 1, 'sale', 'pos-web');
  await event('01JDQ70000000000000000000B', 2, 'deferred_settle', 'pos-kiosk');
  const orderHash = requestHashOf('order', 'pos-web', { contactId: 'c-dupont' });
  await sql`INSERT INTO shop_requests (request_id, request_hash, kind, event_id, result, created_at_ms) VALUES
    (${requestId}, ${orderHash}, 'order', '01JDQ70000000000000000000A', '{"orderId":"01JDQ7ORDER0000000000000AA","number":"WEB-000001"}', 1),
    ('01JDQ6Z3F1A2B3C4D5E6F7G8HA', 'h2', 'installment_payment', '01JDQ70000000000000000000B', '{"settlementId":"01JDQ7SETTLE00000000000000"}', 1)`.execute(db);

  expect(await migrate(db, 4, migrations.slice(0, 4))).toEqual({ applied: [4] });
  const rows = await db.selectFrom('shop_requests').select(['point_of_sale_id', 'kind', 'request_id', 'object_id', 'event_id']).orderBy('request_id').execute();
  expect(rows).toEqual([
    { point_of_sale_id: 'pos-web', kind: 'order', request_id: requestId, object_id: '01JDQ7ORDER0000000000000AA', event_id: '01JDQ70000000000000000000A' },
    { point_of_sale_id: 'pos-kiosk', kind: 'installment_payment', request_id: '01JDQ6Z3F1A2B3C4D5E6F7G8HA', object_id: '01JDQ7SETTLE00000000000000', event_id: '01JDQ70000000000000000000B' },
  ]);
  // read back by what it made and by its id; a retry of the stored request answers it again
  expect(await storedAnswer(db, 'pos-web', 'order', { objectId: '01JDQ7ORDER0000000000000AA' })).toEqual({ orderId: '01JDQ7ORDER0000000000000AA', number: 'WEB-000001' });
  expect(await storedAnswer(db, 'pos-kiosk', 'order', { requestId })).toBeNull();
  const retried = await transaction(db, async (trx) => ok(await previousAnswer(trx, { pointOfSaleId: 'pos-web', kind: 'order', requestId }, orderHash)));
  expect(retried).toEqual({ ok: true, value: { ok: true, value: { orderId: '01JDQ7ORDER0000000000000AA', number: 'WEB-000001' } } });

  // another shop, and another kind of write, may use the same id; a contact journals no event
  await transaction(db, async (trx) => {
    await rememberAnswer(trx, { pointOfSaleId: 'pos-kiosk', kind: 'order', requestId, requestHash: 'h3', objectId: 'o-2', eventId: '01JDQ70000000000000000000B', nowMs: 3 }, { orderId: 'o-2' });
    await rememberAnswer(trx, { pointOfSaleId: 'pos-web', kind: 'contact', requestId, requestHash: 'h4', objectId: 'c-new', eventId: null, nowMs: 3 }, { id: 'c-new' });
    return ok(null);
  });
  expect(await storedAnswer(db, 'pos-kiosk', 'order', { requestId })).toEqual({ orderId: 'o-2' });
  expect(await storedAnswer(db, 'pos-web', 'contact', { objectId: 'c-new' })).toEqual({ id: 'c-new' });
  // but the same shop, kind and id twice is refused by the key
  await expect(rememberAnswer(db as never, { pointOfSaleId: 'pos-web', kind: 'contact', requestId, requestHash: 'h5', objectId: 'c-other', eventId: null, nowMs: 4 }, {})).rejects.toThrow(/duplicate key|shop_requests_pkey/);
});
