// Model-based test of the web shop against the tills: random sequences of a till funding
// and spending credit balances (pushed), web orders part credit part card, orders on
// account and installments paid online, against a small reference model. The shop must
// refuse exactly what the model refuses; after every run each customer account equals the
// model, every balance equals the sum of its postings, the postings sum to zero, and the
// server's journal verifies. fast-check prints the seed of a failing run to replay it.
import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash, genesisHash } from '../ledger/journal.ts';
import { admin, testEngines, type TestEngine } from '../testing/harness.ts';
import type { TestCluster } from '../testing/postgres.ts';
import { useTestCluster } from '../testing/cluster-hooks.ts';
import { balanceOf, item, pay, startShop, type ShopFixture } from './shop-testing.ts';

const runs = Number(process.env.GUICHET_SHOP_RUNS ?? 6);
const itemPriceMinor = 500; // i-programme
const limitMinor = 6000;

type Op =
  | { op: 'fund'; who: number; amount: number }
  | { op: 'tillSpend'; who: number; amount: number }
  | { op: 'order'; who: number; qty: number; credit: number }
  | { op: 'onAccount'; who: number; qty: number }
  | { op: 'payInstallment'; pick: number };

const who = fc.integer({ min: 0, max: 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('fund' as const), who, amount: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ op: fc.constant('tillSpend' as const), who, amount: fc.integer({ min: 1, max: 3000 }) }),
  fc.record({ op: fc.constant('order' as const), who, qty: fc.integer({ min: 1, max: 6 }), credit: fc.integer({ min: 0, max: 3000 }) }),
  fc.record({ op: fc.constant('onAccount' as const), who, qty: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ op: fc.constant('payInstallment' as const), pick: fc.nat() }),
);

interface Model {
  contacts: [string, string];
  credit: Map<string, number>;
  outstanding: Map<string, number>;
  open: { id: string; contactId: string; openMinor: number }[];
}

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

const code = (answer: { ok: boolean; error?: { code: string } }) => (answer.ok ? null : answer.error!.code);

describe.each(testEngines)('the web shop and the tills against a reference model on %s', (engine: TestEngine) => {
  let f: ShopFixture;
  let run = 0;
  beforeAll(async () => {
    f = await startShop(engine, cluster);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  /** Two new contacts per run: the first may pay on account up to 60.–, the second may not. */
  async function freshModel(): Promise<Model> {
    run += 1;
    const contacts: [string, string] = [`c-model-${run}-a`, `c-model-${run}-b`];
    const records = contacts.map((id, i) => ({ kind: 'contact', id, body: { id, kind: 'organization', name: id, firstName: '', email: '', street: '', buildingNumber: '', postcode: '', city: '', country: 'CH', deferredAuthorised: i === 0, deferredLimitMinor: i === 0 ? limitMinor : 0 } }));
    expect((await admin(f.server.url, 'PUT', '/records', { records })).ok).toBe(true);
    return { contacts, credit: new Map(), outstanding: new Map(), open: [] };
  }

  async function step(m: Model, op: Op): Promise<void> {
    if (op.op === 'payInstallment') {
      if (m.open.length === 0) return;
      const target = m.open[op.pick % m.open.length]!;
      const answer = await f.shop('POST', `/installments/${target.id}/pay`, { requestId: ulid(), methodId: 'pm-card' });
      expect(code(answer)).toBe(null);
      m.outstanding.set(target.contactId, (m.outstanding.get(target.contactId) ?? 0) - target.openMinor);
      m.open.splice(m.open.indexOf(target), 1);
      return;
    }
    const contactId = m.contacts[op.who]!;
    const credit = m.credit.get(contactId) ?? 0;
    switch (op.op) {
      case 'fund':
        f.till.journal.fund(contactId, op.amount);
        await f.push();
        m.credit.set(contactId, credit + op.amount);
        return;
      case 'tillSpend':
        if (op.amount > credit) return; // online, the till refuses it itself
        f.till.journal.creditSale(contactId, op.amount);
        await f.push();
        m.credit.set(contactId, credit - op.amount);
        return;
      case 'order': {
        const total = op.qty * itemPriceMinor;
        const fromCredit = Math.min(op.credit, total);
        const payments = [...(fromCredit > 0 ? [pay('pm-credit', fromCredit)] : []), ...(total > fromCredit ? [pay('pm-card', total - fromCredit)] : [])];
        const answer = await f.shop('POST', '/orders', { requestId: ulid(), contactId, lines: [item('i-programme', op.qty)], payments });
        expect(code(answer)).toBe(fromCredit > credit ? 'credit_insufficient' : null);
        if (!answer.ok) return;
        m.credit.set(contactId, credit - fromCredit);
        expect(answer.value.creditBalanceMinor).toBe(credit - fromCredit);
        return;
      }
      case 'onAccount': {
        const total = op.qty * itemPriceMinor;
        const outstanding = m.outstanding.get(contactId) ?? 0;
        const answer = await f.shop('POST', '/orders', { requestId: ulid(), contactId, lines: [item('i-programme', op.qty)], payments: [pay('pm-deferred-3', total)] });
        const expected = op.who === 1 ? 'deferred_not_authorised' : total > limitMinor - outstanding ? 'deferred_limit_exceeded' : null;
        expect(code(answer)).toBe(expected);
        if (!answer.ok) return;
        m.outstanding.set(contactId, outstanding + total);
        const installments = answer.value.installments as { id: string; amountMinor: number }[];
        expect(installments.reduce((a, i) => a + i.amountMinor, 0)).toBe(total);
        for (const i of installments) m.open.push({ id: i.id, contactId, openMinor: i.amountMinor });
        return;
      }
    }
  }

  async function checkInvariants(m: Model): Promise<void> {
    for (const contactId of m.contacts) {
      expect(0 - (await balanceOf(f.server, `credit:${contactId}`))).toBe(m.credit.get(contactId) ?? 0);
      expect(await balanceOf(f.server, `deferred:${contactId}`)).toBe(m.outstanding.get(contactId) ?? 0);
      const open = await f.shop('GET', `/contacts/${contactId}/installments`);
      expect((open.value as { id: string; openMinor: number }[]).map((i) => [i.id, i.openMinor]).sort()).toEqual(m.open.filter((i) => i.contactId === contactId).map((i) => [i.id, i.openMinor]).sort());
    }
    const db = f.server.store.db;
    const sums = await db.selectFrom('postings').select(['account_id', (eb) => eb.fn.sum<string>('amount_minor').as('total')]).groupBy('account_id').execute();
    expect(sums.reduce((a, s) => a + BigInt(s.total), 0n)).toBe(0n);
    for (const s of sums) expect(await balanceOf(f.server, s.account_id)).toBe(Number(s.total));
    const events = await db.selectFrom('events').selectAll().where('till_id', '=', 'WEB').orderBy('seq').execute();
    let prevHash = genesisHash;
    for (const e of events) {
      expect(e.prev_hash).toBe(prevHash);
      const fields = { format: e.format, tillId: e.till_id, seq: Number(e.seq), id: e.id, type: e.type, createdAtMs: Number(e.created_at_ms), userId: e.user_id, sessionId: e.session_id, prevHash: e.prev_hash, payload: e.payload };
      expect(e.hash).toBe(entryHash(f.server.ctx.journalKey, fields));
      prevHash = e.hash;
    }
  }

  it('refuses exactly what the model refuses and ends where the model ends', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        const model = await freshModel();
        for (const op of ops) await step(model, op);
        await checkInvariants(model);
      }),
      { numRuns: runs },
    );
  }, 120_000);
});
