// Vouchers sold before server migration 7 (ADR 0013): the server published a voucher record
// only with the batch that moved it, so a voucher sold before and not spent since was known
// at the till that sold it only. Migration 10 publishes them from the journal the server
// holds. Simulated on a real server (both engines): G1 sells a voucher and spends part of
// it; the server then loses the voucher's record and its projection row, as a store that
// predates migration 7 (or dropped a second code) has neither; G2, enrolled after, does not
// know the voucher. Migration 10 run again derives both from G1's sale event: G2 pulls the
// voucher and takes it for what is left of it, never more.
import { sql } from 'kysely';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputOf, OutputOf } from '../../src/shared/api/contract.ts';
import type { Result } from '../../src/shared/result.ts';
import type { RunningServer } from '../src/server.ts';
import { voucherStates } from '../src/shop/vouchers.ts';
import { migrate } from '../src/store/migrations.ts';
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
