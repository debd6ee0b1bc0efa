// Shared vouchers and holds at the server (issue 15 point 2), on PGlite and PostgreSQL: a
// voucher sold at one till is published to every till as a `voucher` record with its
// remaining value; a hold is granted while the voucher has the amount, others' open holds
// deducted, refused with what is available otherwise, idempotent by its request id,
// consumed by the till's pushed event that spends the voucher, lapsed after two minutes;
// a voucher two tills spent offline past its value is published overspent; a code two
// tills minted is kept twice, never dropped. An installment is held the same way and
// published paid after the settlement that pays it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { holdTtlMs } from '../../src/shared/api/sync-schemas.ts';
import { admin, call, startTestServer, TestClock, testEngines, type TestEngine } from './testing/harness.ts';
import { TestJournal, testSigningKeys } from './testing/journal.ts';
import type { TestCluster } from './testing/postgres.ts';
import { useTestCluster } from './testing/cluster-hooks.ts';
import type { RunningServer } from './server.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

describe.each(testEngines)('shared vouchers and holds on %s', (engine: TestEngine) => {
  let server: RunningServer;
  let clock: TestClock;
  const tokens = new Map<string, string>();
  const journals = new Map<string, TestJournal>();
  beforeAll(async () => {
    clock = new TestClock();
    server = await startTestServer({ engine, cluster, clock });
    for (const tillId of ['H1', 'H2']) {
      const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Caisse ${tillId}` });
      const answer = await call(server.url, 'POST', '/v1/enrol', { body: { code: code.value.code, tillId, tillName: `Caisse ${tillId}`, head: { seq: 0, hash: '0'.repeat(64) }, signingKeys: testSigningKeys(tillId) } });
      expect(answer.ok).toBe(true);
      tokens.set(tillId, answer.value.token as string);
      journals.set(tillId, new TestJournal(tillId, () => clock.nowMs()));
    }
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const journal = (tillId: string) => journals.get(tillId)!;
  const push = async (tillId: string) => {
    const j = journal(tillId);
    const head = await server.store.db.selectFrom('tills').select('head_seq').where('id', '=', tillId).executeTakeFirstOrThrow();
    const answer = await call(server.url, 'POST', '/v1/push', { token: tokens.get(tillId)!, body: { tillId, events: j.events.slice(Number(head.head_seq)) } });
    expect(answer.ok).toBe(true);
  };
  const hold = (tillId: string, accountId: string, amountMinor: number, requestId = ulid()) =>
    call(server.url, 'POST', '/v1/holds', { token: tokens.get(tillId)!, body: { requestId, accountId, amountMinor } });
  /** The voucher records a till pulls from the start. */
  const pulledVouchers = async (tillId: string) => {
    const page = await call(server.url, 'GET', '/v1/pull?cursor=0&limit=1000', { token: tokens.get(tillId)! });
    expect(page.ok).toBe(true);
    return (page.value.records as { kind: string; id: string; body: Record<string, unknown> }[]).filter((r) => r.kind === 'voucher').map((r) => r.body);
  };
  const sellVoucher = (tillId: string, voucherId: string, code: string, valueMinor: number) =>
    journal(tillId).append('sale', [[`till:${tillId}:pm-cash`, valueMinor], [`voucher:${voucherId}`, -valueMinor]], { vouchers: [[voucherId, ulid(), code, valueMinor]] });
  const spendVoucher = (tillId: string, voucherId: string, amountMinor: number) =>
    journal(tillId).append('sale', [[`voucher:${voucherId}`, amountMinor], ['revenue:810', -amountMinor]]);

  it('publishes a voucher sold at one till to every till, with its remaining value', async () => {
    sellVoucher('H1', 'v-50', 'GV-AAAA-BBBB', 5000);
    await push('H1');
    expect(await pulledVouchers('H2')).toEqual([expect.objectContaining({ id: 'v-50', code: 'GV-AAAA-BBBB', valueMinor: 5000, remainingMinor: 5000, overspentMinor: 0, channel: 'H1' })]);
  });

  it('grants a hold while the voucher has the amount, refuses with what is left, and answers a repeated request the same', async () => {
    const requestId = ulid();
    const granted = await hold('H2', 'voucher:v-50', 3000, requestId);
    expect(granted.value).toMatchObject({ isGranted: true, availableMinor: 5000, expiresAtMs: clock.nowMs() + holdTtlMs });
    expect(await hold('H1', 'voucher:v-50', 3000)).toMatchObject({ ok: true, value: { isGranted: false, holdId: null, availableMinor: 2000 } });
    expect((await hold('H2', 'voucher:v-50', 3000, requestId)).value).toMatchObject({ isGranted: true, holdId: granted.value.holdId, expiresAtMs: granted.value.expiresAtMs });
    expect(await hold('H2', 'voucher:v-50', 2000, requestId)).toMatchObject({ ok: false, error: { code: 'request_conflict' } });
    expect(await hold('H2', 'voucher:v-none', 100)).toMatchObject({ ok: false, error: { code: 'voucher_not_found', details: { voucherId: 'v-none' } } });
    expect(await hold('H2', 'installment:i-none', 100)).toMatchObject({ ok: false, error: { code: 'installment_not_found' } });
    expect(await hold('H2', 'credit:c-dupont', 100)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('consumes the hold with the event that spends the voucher, and lets a hold lapse after two minutes', async () => {
    spendVoucher('H2', 'v-50', 3000);
    await push('H2');
    const consumed = await server.store.db.selectFrom('holds' as never).selectAll().execute();
    expect(consumed).toEqual([expect.objectContaining({ till_id: 'H2', consumed_by_event: journal('H2').events.at(-1)!.id })]);
    expect(await pulledVouchers('H1')).toEqual([expect.objectContaining({ id: 'v-50', remainingMinor: 2000 })]);
    // 20.– left: H1 holds it all, then nobody may hold more until it lapses
    expect((await hold('H1', 'voucher:v-50', 2000)).value).toMatchObject({ isGranted: true, availableMinor: 2000 });
    expect((await hold('H2', 'voucher:v-50', 100)).value).toMatchObject({ isGranted: false, availableMinor: 0 });
    clock.advance(holdTtlMs + 1);
    expect((await hold('H2', 'voucher:v-50', 2000)).value).toMatchObject({ isGranted: true, availableMinor: 2000 });
  });

  it('publishes a voucher spent offline past its value as overspent', async () => {
    // both tills were offline: each spent the 20.– it knew
    spendVoucher('H1', 'v-50', 2000);
    spendVoucher('H2', 'v-50', 2000);
    await push('H1');
    await push('H2');
    expect(await pulledVouchers('H1')).toEqual([expect.objectContaining({ id: 'v-50', remainingMinor: 0, overspentMinor: 2000 })]);
  });

  it('holds an installment for a settlement, consumed by the settlement that pays it, and publishes it paid', async () => {
    // H1 sold 60.– on account to the school, in one installment
    journal('H1').append('sale', [[`deferred:c-ecole`, 6000], ['revenue:810', -6000]], { buyerContactId: 'c-ecole', deferredItems: [['inst-1', 'pay-1', 1, 1, '2026-12-24', 6000]] });
    await push('H1');
    expect((await hold('H2', 'installment:inst-1', 6000)).value).toMatchObject({ isGranted: true, availableMinor: 6000 });
    expect((await hold('H1', 'installment:inst-1', 100)).value).toMatchObject({ isGranted: false, availableMinor: 0 });
    journal('H2').append('deferred_settle', [['till:H2:pm-cheque', 6000], ['deferred:c-ecole', -6000]], { contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 6000, allocations: [['inst-1', 6000]] });
    await push('H2');
    const holds = await server.store.db.selectFrom('holds' as never).selectAll().where('account_id' as never, '=', 'installment:inst-1' as never).execute();
    expect(holds).toEqual([expect.objectContaining({ till_id: 'H2', consumed_by_event: journal('H2').events.at(-1)!.id })]);
    const page = await call(server.url, 'GET', '/v1/pull?cursor=0&limit=1000', { token: tokens.get('H1')! });
    const installment = (page.value.records as { kind: string; id: string; body: Record<string, unknown> }[]).find((r) => r.kind === 'installment' && r.id === 'inst-1');
    expect(installment?.body).toMatchObject({ channel: 'H1', contactId: 'c-ecole', amountMinor: 6000, paidMinor: 6000, overpaidMinor: 0 });
    expect((await hold('H1', 'installment:inst-1', 100)).value).toMatchObject({ isGranted: false, availableMinor: 0 });
  });

  it('keeps a voucher whose code another till minted too, under its own id', async () => {
    sellVoucher('H2', 'v-twin', 'GV-AAAA-BBBB', 1000);
    await push('H2');
    const vouchers = await server.store.db.selectFrom('vouchers').select(['id', 'code', 'till_id']).where('code', '=', 'GV-AAAA-BBBB').orderBy('id').execute();
    expect(vouchers).toEqual([{ id: 'v-50', code: 'GV-AAAA-BBBB', till_id: 'H1' }, { id: 'v-twin', code: 'GV-AAAA-BBBB', till_id: 'H2' }]);
    expect((await pulledVouchers('H1')).map((v) => v.id)).toEqual(['v-50', 'v-twin']);
  });
});
