// Vouchers sold before server migration 7 (ADR 0013): the server published a voucher record
// only with the batch that moved it, so a voucher sold before and not spent since was known
// at the till that sold it only. Migration 10 publishes them from the journal the server
// holds. Simulated on a real server (both engines): G1 sells a voucher and spends part of
// it; the server then loses the voucher's record and its projection row, as a store that
// predates migration 7 (or dropped a second code) has neither; G2, enrolled after, does not
// know the voucher. Migration 10 run again derives both from G1's sale event: G2 pulls the
// voucher and takes it for what is left of it, never more. And on a store migrated by a
// server before 7: both payload versions, a voucher the projection dropped on its code.
import { sql } from 'kysely';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputOf, OutputOf } from '../../src/shared/api/contract.ts';
import type { Result } from '../../src/shared/result.ts';
import type { RunningServer } from '../src/server.ts';
import { voucherStates } from '../src/shop/vouchers.ts';
import { migrate, migrations } from '../src/store/migrations.ts';
import { openPglite } from '../src/store/store.ts';
import { VoucherRecord } from '../../src/shared/api/sync-records.ts';
import { useTestCluster } from '../src/testing/cluster-hooks.ts';
import { admin, startTestServer, testEngines, type TestEngine } from '../src/testing/harness.ts';
import type { TestCluster } from '../src/testing/postgres.ts';
import { checkBalances, openTestTill, synced, waitFor, type TestTill } from './tills.ts';

const programme = (quantity: number) => [{ kind: 'item' as const, itemId: 'i-programme', quantity }];
const byVoucher = (code: string, amountMinor: number) => ({ methodId: 'pm-voucher', amountMinor, reference: code });

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

describe.each(testEngines)('vouchers the server never published, published by migration 10 on %s', (engine: TestEngine) => {
  let server: RunningServer;
  const tills: TestTill[] = [];
  afterAll(async () => {
    for (const t of tills) t.dispose();
    await server?.close();
  });

  const enrol = async (tillId: string) => {
    const t = openTestTill(tillId);
    tills.push(t);
    const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Caisse ${tillId}` });
    t.must('sync.enrol', { serverUrl: server.url, code: code.value.code }, 'administrator');
    await synced(t);
    t.must('sessions.open', { float: [] }, 'supervisor');
    return t;
  };
  const hold = async (t: TestTill, input: InputOf<'sales.hold'>) => {
    const login = t.till.dispatch('auth.login', { userId: 'u-cashier', pin: '123456' }, null) as Result<{ token: string }>;
    if (!login.ok) throw new Error('login');
    return (await t.till.dispatch.answer('sales.hold', input, login.value.token)) as Result<OutputOf<'sales.hold'>>;
  };
  const spend = async (t: TestTill, quantity: number, code: string) => {
    const requestId = ulid();
    const payments = [byVoucher(code, quantity * 500)];
    const held = await hold(t, { requestId, payments });
    if (!held.ok) return held;
    return t.call('sales.checkout', { requestId, lines: programme(quantity), buyerContactId: null, payments });
  };

  it('a voucher sold and part spent at G1, its record and projection lost, is known at G2 after migration 10 for what is left of it', async () => {
    server = await startTestServer({ engine, cluster, clock: { nowMs: () => Date.now() } });
    const g1 = await enrol('G1');
    const sold = g1.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 5000 }] });
    const { id: voucherId, code } = sold.vouchers[0]!;
    await synced(g1);
    // G1 spends 20.– of it (online: under a hold)
    await waitFor(() => g1.call('sales.quote', { lines: programme(4), payments: [byVoucher(code, 2000)] }).ok, 'G1 to know its voucher');
    expect(await spend(g1, 4, code)).toMatchObject({ ok: true, value: { totalMinor: 2000 } });
    await synced(g1);
    const published = await voucherStates(server.store.db, { ids: [voucherId] });
    expect(published).toMatchObject([{ id: voucherId, code, valueMinor: 5000, remainingMinor: 3000, overspentMinor: 0, channel: 'G1' }]);

    // a store from before migration 7: neither the record nor (its code once taken) the projection's row
    await sql`DELETE FROM records WHERE kind = 'voucher' AND id = ${voucherId}`.execute(server.store.db);
    await sql`DELETE FROM vouchers WHERE id = ${voucherId}`.execute(server.store.db);
    const g2 = await enrol('G2');
    expect(g2.call('sales.quote', { lines: programme(1), payments: [byVoucher(code, 500)] })).toMatchObject({ ok: false, error: { code: 'voucher_not_found' } });

    await sql`DELETE FROM server_migrations WHERE version = 10`.execute(server.store.db);
    expect((await migrate(server.store.db, Date.now())).applied).toEqual([10]);
    // the projection's row and the record are what the push would have written
    expect(await voucherStates(server.store.db, { ids: [voucherId] })).toEqual(published);
    const record = await server.store.db.selectFrom('records').select('body').where('kind', '=', 'voucher').where('id', '=', voucherId).executeTakeFirstOrThrow();
    expect(JSON.parse(record.body)).toEqual(published[0]);

    // G2 pulls it: 30.– left, not a franc more, spent there under a hold like any shared voucher
    await waitFor(() => g2.call('sales.quote', { lines: programme(1), payments: [byVoucher(code, 500)] }).ok, 'G2 to learn the voucher');
    expect(g2.call('sales.quote', { lines: programme(7), payments: [byVoucher(code, 3500)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient', details: { availableMinor: 3000 } } });
    expect(await spend(g2, 6, code)).toMatchObject({ ok: true, value: { totalMinor: 3000 } });
    await synced(g2);
    expect(await voucherStates(server.store.db, { ids: [voucherId] })).toMatchObject([{ remainingMinor: 0, overspentMinor: 0 }]);
    expect(await hold(g1, { requestId: ulid(), payments: [byVoucher(code, 500)] })).toMatchObject({ ok: false, error: { code: 'voucher_insufficient' } });
    // run once: migrating again publishes nothing more
    expect((await migrate(server.store.db, Date.now())).applied).toEqual([]);
    await checkBalances(server.store.db);
  });
});

describe('migration 10 on a store from before migration 7', () => {
  it('publishes every voucher of the sale events, version 1 and 2 payloads, the one dropped on a taken code too; a record already there is kept', async () => {
    const store = await openPglite('memory://');
    try {
      expect((await migrate(store.db, 1, migrations.slice(0, 6))).applied).toEqual([1, 2, 3, 4, 5, 6]);
      await store.db.insertInto('tills').values([
        { id: 'G1', name: 'Caisse 1', head_seq: 2, head_hash: 'a'.repeat(64) },
        { id: 'G2', name: 'Caisse 2', head_seq: 1, head_hash: 'b'.repeat(64) },
      ]).execute();
      const event = (id: string, tillId: string, seq: number, atMs: number, payload: unknown) =>
        sql`INSERT INTO events (id, till_id, seq, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format, received_at_ms)
          VALUES (${id}, ${tillId}, ${seq}, 'sale', ${atMs}, 'u-cashier', NULL, ${JSON.stringify(payload)}, ${'0'.repeat(64)}, ${'c'.repeat(64)}, 1, ${atMs + 1})`.execute(store.db);
      // G1's version 1 sale (tuples), G2's version 2 sale of a voucher minted with the same code, a later G1 sale already published
      await event('e-1', 'G1', 1, 1000, { orderId: 'o-1', number: 'G1-000001', vouchers: [['v-1', 'l-1', 'GV-AAAA-BBBB', 5000]], lines: [], tickets: [], payments: [] });
      await event('e-2', 'G2', 1, 2000, { v: 2, orderId: 'o-2', number: 'G2-000001', vouchers: [{ id: 'v-2', lineId: 'l-2', code: 'gv-aaaa-bbbb', valueMinor: 3000 }], lines: [], tickets: [], payments: [], installments: [] });
      await event('e-3', 'G1', 2, 3000, { v: 2, orderId: 'o-3', number: 'G1-000002', vouchers: [{ id: 'v-3', lineId: 'l-3', code: 'GV-CCCC-DDDD', valueMinor: 2000 }], lines: [], tickets: [], payments: [], installments: [] });
      // the old projection kept v-1 and v-3 and dropped v-2 (its code taken); v-1 spent 20.–, v-2 spent 35.– (5.– past its value)
      await sql`INSERT INTO vouchers (id, code, value_minor, till_id, event_id) VALUES ('v-1', 'GV-AAAA-BBBB', 5000, 'G1', 'e-1'), ('v-3', 'GV-CCCC-DDDD', 2000, 'G1', 'e-3')`.execute(store.db);
      await sql`INSERT INTO balances (account_id, balance_minor) VALUES ('voucher:v-1', -3000), ('voucher:v-2', 500), ('voucher:v-3', -2000)`.execute(store.db);
      const institution = { name: 'Théâtre', currency: 'CHF' };
      await sql`INSERT INTO records (kind, id, body, version, updated_at_ms) VALUES
        ('setting', 'institution', ${JSON.stringify({ key: 'institution', value: JSON.stringify(institution) })}, nextval('record_version'), 0),
        ('voucher', 'v-3', '{"kept":true}', nextval('record_version'), 0)`.execute(store.db);

      expect((await migrate(store.db, 2)).applied).toContain(10);
      const rows = await store.db.selectFrom('vouchers').select(['id', 'code', 'value_minor', 'till_id', 'event_id']).orderBy('id').execute();
      expect(rows.map((r) => [r.id, r.code, Number(r.value_minor), r.till_id, r.event_id])).toEqual([
        ['v-1', 'GV-AAAA-BBBB', 5000, 'G1', 'e-1'],
        ['v-2', 'GV-AAAA-BBBB', 3000, 'G2', 'e-2'],
        ['v-3', 'GV-CCCC-DDDD', 2000, 'G1', 'e-3'],
      ]);
      const records = await store.db.selectFrom('records').select(['id', 'body']).where('kind', '=', 'voucher').orderBy('id').execute();
      const bodies = records.map((r) => [r.id, JSON.parse(r.body)]);
      expect(bodies).toEqual([
        ['v-1', { id: 'v-1', code: 'GV-AAAA-BBBB', currency: 'CHF', valueMinor: 5000, remainingMinor: 3000, overspentMinor: 0, channel: 'G1', orderId: 'o-1', soldAtMs: 1000, expiresAtMs: null }],
        ['v-2', { id: 'v-2', code: 'GV-AAAA-BBBB', currency: 'CHF', valueMinor: 3000, remainingMinor: 0, overspentMinor: 500, channel: 'G2', orderId: 'o-2', soldAtMs: 2000, expiresAtMs: null }],
        ['v-3', { kept: true }],
      ]);
      // what a till's pull validates
      for (const [, body] of bodies.slice(0, 2)) expect(VoucherRecord.safeParse(body).success).toBe(true);
    } finally {
      await store.close();
    }
  });
});
