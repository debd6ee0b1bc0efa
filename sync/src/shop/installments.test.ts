// The web shop's deferred account (seed 000 online) on PGlite and on a real PostgreSQL 15:
// a B2B contact pays by compte d'attente within its limit with the 3-installment schedule
// and is refused above it, lists its open installments (a till's too) and pays one by card;
// the server's own journal verifies; a till pulling afterwards gets the new balances.
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash, genesisHash, type JournalFields } from '../ledger/journal.ts';
import { postingsOf } from '../ledger/postings.ts';
import { verifyChain, verifyServerJournal } from '../ledger/server-journal.ts';
import { admin, call, testEngines, type TestEngine } from '../testing/harness.ts';
import type { TestCluster } from '../testing/postgres.ts';
import { useTestCluster } from '../testing/cluster-hooks.ts';
import { balanceOf, enrolled, order, pay, seats, shopKeyFor, snapshot, startShop, type ShopFixture } from './shop-testing.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

interface Installment {
  id: string;
  orderId: string;
  seq: number;
  count: number;
  dueDate: string;
  amountMinor: number;
  openMinor: number;
}

describe.each(testEngines)('the web shop on %s: deferred account and installments', (engine: TestEngine) => {
  let f: ShopFixture;
  let cardOnlyKey: string;
  let schoolOrder: { orderId: string; installments: Installment[] };
  beforeAll(async () => {
    f = await startShop(engine, cluster);
    const cardOnly = { kind: 'pointOfSale', id: 'pos-card', body: { id: 'pos-card', name: 'Carte seule', methodIds: ['pm-card'] } };
    expect((await admin(f.server.url, 'PUT', '/records', { records: [cardOnly] })).ok).toBe(true);
    cardOnlyKey = await shopKeyFor(f.server, 'pos-card');
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('lets a B2B contact pay by compte d’attente within its limit, in three installments, and refuses it above (seed 000, vente)', async () => {
    // 10 seats at 38.– = 380.– on an account allowed 2 000.–
    const answer = await f.shop('POST', '/orders', order('c-ecole', [seats('e-quatuor-p1', 10)], [pay('pm-deferred-3', 38000)]));
    expect(answer).toMatchObject({ status: 200, ok: true, value: { totalMinor: 38000, payments: [{ methodId: 'pm-deferred-3', type: 'deferred', appliedMinor: 38000 }] } });
    schoolOrder = answer.value;
    // the shared schedule: equal shares, the centimes that do not divide to the first; 30 days apart from 30 days after the sale
    expect(schoolOrder.installments.map((i) => [i.seq, i.count, i.dueDate, i.amountMinor, i.openMinor])).toEqual([
      [1, 3, '2026-12-24', 12667, 12667],
      [2, 3, '2027-01-23', 12667, 12667],
      [3, 3, '2027-02-22', 12666, 12666],
    ]);
    expect(await balanceOf(f.server, 'deferred:c-ecole')).toBe(38000);
    const payload = JSON.parse((await f.server.store.db.selectFrom('events').select('payload').where('id', '=', answer.value.eventId).executeTakeFirstOrThrow()).payload);
    expect(payload.v).toBe(2);
    expect(payload.installments).toEqual(schoolOrder.installments.map((i) => ({ id: i.id, paymentId: answer.value.payments[0].id, seq: i.seq, count: i.count, dueDate: i.dueDate, amountMinor: i.amountMinor })));
    expect(payload.postings).toContainEqual(['deferred:c-ecole', 38000]);

    // 1 620.– left: 36 seats at 45.– take exactly that, one seat more is refused with the headroom
    const before = await snapshot(f.server);
    const above = await f.shop('POST', '/orders', order('c-ecole', [seats('e-misanthrope-p1', 37)], [pay('pm-deferred', 37 * 4500)]));
    expect(above).toMatchObject({ status: 422, error: { code: 'deferred_limit_exceeded', details: { availableMinor: 162_000 } } });
    expect(above.error?.message).toMatch(/1\D?620/);
    expect(await snapshot(f.server)).toEqual(before);
    expect(await f.shop('POST', '/orders', order('c-dupont', [seats('e-misanthrope-p1', 1)], [pay('pm-deferred', 4500)]))).toMatchObject({ error: { code: 'deferred_not_authorised' } });
    const atLimit = await f.shop('POST', '/orders', order('c-ecole', [seats('e-misanthrope-p1', 36)], [pay('pm-deferred', 36 * 4500)]));
    expect(atLimit.ok).toBe(true);
    // without tracking: one installment at the institution's payment term (30 days)
    expect(atLimit.value.installments.map((i: Installment) => [i.seq, i.count, i.dueDate, i.amountMinor])).toEqual([[1, 1, '2026-12-24', 162_000]]);
    expect(await balanceOf(f.server, 'deferred:c-ecole')).toBe(200_000);
    expect(await f.shop('POST', '/orders', order('c-ecole', [seats('e-misanthrope-p1', 1)], [pay('pm-deferred', 4500)]))).toMatchObject({ error: { code: 'deferred_limit_exceeded', details: { availableMinor: 0 } } });
  });

  it("lists a contact's open installments, a till's with the web shop's, oldest due first", async () => {
    const journal = f.till.journal;
    const installmentId = ulid();
    journal.append('sale', [['deferred:c-ecole', 0 + 5000], ['revenue:810', -5000]], { orderId: ulid(), buyerContactId: 'c-ecole', deferredItems: [[installmentId, ulid(), 1, 1, '2026-12-01', 5000]] });
    await f.push();
    const list = await f.shop('GET', '/contacts/c-ecole/installments');
    expect(list.ok).toBe(true);
    expect(list.value.map((i: Installment) => [i.dueDate, i.openMinor])).toEqual([
      ['2026-12-01', 5000],
      ['2026-12-24', 12667],
      ['2026-12-24', 162_000],
      ['2027-01-23', 12667],
      ['2027-02-22', 12666],
    ]);
    expect((await f.shop('GET', '/contacts/c-amis/installments')).value).toEqual([]);
    expect(await f.shop('GET', '/contacts/c-nobody/installments')).toMatchObject({ status: 404, error: { code: 'contact_not_found' } });
    expect(await f.shop('GET', '/contacts/c-ecole/installments', undefined, cardOnlyKey)).toMatchObject({ status: 422, error: { code: 'method_not_authorised' } });
  });

  it('pays one installment online by card: a deferred_settle in the server journal, the projection marks it paid (seed 000)', async () => {
    const first = schoolOrder.installments[0]!;
    const cardBefore = await balanceOf(f.server, 'till:WEB:pm-card');
    const request = { requestId: ulid(), methodId: 'pm-card' };
    const paid = await f.shop('POST', `/installments/${first.id}/pay`, request);
    expect(paid).toMatchObject({ status: 200, ok: true, value: { contactId: 'c-ecole', methodId: 'pm-card', amountMinor: 12667, installment: { id: first.id, openMinor: 0 }, deferredOutstandingMinor: 205_000 - 12667 } });
    expect(await balanceOf(f.server, 'deferred:c-ecole')).toBe(205_000 - 12667);
    expect(await balanceOf(f.server, 'till:WEB:pm-card')).toBe(cardBefore + 12667);
    const row = await f.server.store.db.selectFrom('installments').select(['paid_minor', 'cancelled_minor']).where('id', '=', first.id).executeTakeFirstOrThrow();
    expect([Number(row.paid_minor), Number(row.cancelled_minor)]).toEqual([12667, 0]);
    const event = await f.server.store.db.selectFrom('events').selectAll().where('id', '=', paid.value.eventId).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ till_id: 'WEB', type: 'deferred_settle' });
    expect(JSON.parse(event.payload)).toMatchObject({ contactId: 'c-ecole', methodId: 'pm-card', amountMinor: 12667, toCreditMinor: 0, v: 2, allocations: [{ installmentId: first.id, amountMinor: 12667 }], postings: [['deferred:c-ecole', -12667], ['till:WEB:pm-card', 12667]] });
    const open = (await f.shop('GET', '/contacts/c-ecole/installments')).value as Installment[];
    expect(open.map((i) => i.id)).not.toContain(first.id);
    expect(open).toHaveLength(4);

    // the same request again: the first answer, nothing written; another body: refused
    const after = await snapshot(f.server);
    expect(await f.shop('POST', `/installments/${first.id}/pay`, request)).toEqual(paid);
    expect(await f.shop('POST', `/installments/${schoolOrder.installments[1]!.id}/pay`, request)).toMatchObject({ status: 409, error: { code: 'request_conflict' } });
    expect(await snapshot(f.server)).toEqual(after);
  });

  describe('refuses to pay an installment, writing nothing', () => {
    const rows: [string, () => [string, unknown, string?], number, string][] = [
      ['one already paid', () => [schoolOrder.installments[0]!.id, { requestId: ulid(), methodId: 'pm-card' }], 409, 'installment_not_open'],
      ['an unknown installment', () => [ulid(), { requestId: ulid(), methodId: 'pm-card' }], 404, 'installment_not_found'],
      ['by a method that moves no money (the deferred account itself)', () => [schoolOrder.installments[1]!.id, { requestId: ulid(), methodId: 'pm-deferred' }], 422, 'method_not_for_accounts'],
      ['by the credit balance', () => [schoolOrder.installments[1]!.id, { requestId: ulid(), methodId: 'pm-credit' }], 422, 'method_not_for_accounts'],
      ['in cash, which the web shop does not authorise', () => [schoolOrder.installments[1]!.id, { requestId: ulid(), methodId: 'pm-cash' }], 422, 'method_not_authorised'],
      ['by an unknown method', () => [schoolOrder.installments[1]!.id, { requestId: ulid(), methodId: 'pm-nope' }], 404, 'method_not_found'],
      ['where the shop does not offer the deferred account', () => [schoolOrder.installments[1]!.id, { requestId: ulid(), methodId: 'pm-card' }, cardOnlyKey], 422, 'method_not_authorised'],
      ['without a request id', () => [schoolOrder.installments[1]!.id, { methodId: 'pm-card' }], 400, 'invalid_input'],
      ['with a malformed installment id', () => ['a.b', { requestId: ulid(), methodId: 'pm-card' }], 400, 'invalid_input'],
    ];
    it.each(rows)('%s', async (_, make, status, code) => {
      const before = await snapshot(f.server);
      const [id, body, key] = make();
      const answer = await f.shop('POST', `/installments/${id}/pay`, body, key);
      expect(answer).toMatchObject({ status, ok: false, error: { code } });
      expect(await snapshot(f.server)).toEqual(before);
    });
  });

  it("keeps the server's journal a chain that verifies with its key, in sequence, each event balanced, the head at its end", async () => {
    const rows = await f.server.store.db.selectFrom('events').selectAll().where('till_id', '=', 'WEB').orderBy('seq').execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    let previous = { seq: 0, hash: genesisHash };
    for (const r of rows) {
      const fields: JournalFields = { format: r.format, tillId: r.till_id, seq: Number(r.seq), id: r.id, type: r.type, createdAtMs: Number(r.created_at_ms), userId: r.user_id, sessionId: r.session_id, prevHash: r.prev_hash, payload: r.payload };
      expect(fields.seq).toBe(previous.seq + 1);
      expect(fields.prevHash).toBe(previous.hash);
      expect(r.hash).toBe(entryHash(f.server.ctx.journalKey, fields));
      expect(postingsOf(r.payload).ok).toBe(true);
      previous = { seq: fields.seq, hash: r.hash };
    }
    const head = await f.server.store.db.selectFrom('tills').select(['head_seq', 'head_hash']).where('id', '=', 'WEB').executeTakeFirstOrThrow();
    expect({ seq: Number(head.head_seq), hash: head.head_hash }).toEqual(previous);
    // another key does not verify it: the hash is the server's signature
    const first = rows[0]!;
    expect(entryHash(Buffer.alloc(32), { format: first.format, tillId: first.till_id, seq: 1, id: first.id, type: first.type, createdAtMs: Number(first.created_at_ms), userId: first.user_id, sessionId: first.session_id, prevHash: first.prev_hash, payload: first.payload })).not.toBe(first.hash);
    // the server's own verifier agrees, in pages, and names the first bad entry of a tampered copy
    expect(await verifyServerJournal(f.server.store.db, f.server.ctx.journalKey, 2)).toEqual({ ok: true, count: rows.length, head: previous });
    const entries = rows.map((r) => ({ format: r.format, tillId: r.till_id, seq: Number(r.seq), id: r.id, type: r.type, createdAtMs: Number(r.created_at_ms), userId: r.user_id, sessionId: r.session_id, prevHash: r.prev_hash, payload: r.payload, hash: r.hash }));
    const key = f.server.ctx.journalKey;
    const edited = entries.map((e, i) => (i === 1 ? { ...e, payload: e.payload.replace(/"totalMinor":\d+/, '"totalMinor":1') } : e));
    expect(verifyChain(edited, key)).toEqual({ ok: false, seq: 2, reason: 'the hash does not match the entry' });
    expect(verifyChain(entries.filter((_, i) => i !== 1), key)).toMatchObject({ ok: false, seq: 3 });
    expect(verifyChain(entries, Buffer.alloc(32))).toMatchObject({ ok: false, seq: 1 });
    // orders are numbered without gaps
    const numbers = rows.filter((r) => r.type === 'sale').map((r) => JSON.parse(r.payload).number);
    expect(numbers).toEqual(numbers.map((_, i) => `WEB-${String(i + 1).padStart(6, '0')}`));
    // every balance is the sum of its postings
    const sums = await f.server.store.db.selectFrom('postings').select(['account_id', (eb) => eb.fn.sum<string>('amount_minor').as('total')]).groupBy('account_id').execute();
    for (const s of sums) expect(await balanceOf(f.server, s.account_id)).toBe(Number(s.total));
  });

  it('gives a till pulling afterwards the balances, installments and seats the web shop moved', async () => {
    const token = await enrolled(f.server, 'T2');
    let cursor = '0';
    for (;;) {
      const page = await call(f.server.url, 'GET', `/v1/pull?cursor=${cursor}`, { token });
      cursor = page.value.cursor;
      if (!page.value.more) break;
    }
    const paid = await f.shop('POST', '/orders', order('c-mairie', [seats('e-contes-p1', 2)], [pay('pm-deferred', 3600)]));
    expect(paid.ok).toBe(true);
    const page = await call(f.server.url, 'GET', `/v1/pull?cursor=${cursor}`, { token });
    expect(page.ok).toBe(true);
    expect(page.value.records).toEqual([
      { kind: 'balance', id: 'deferred:c-mairie', body: { accountId: 'deferred:c-mairie', kind: 'deferred', contactId: 'c-mairie', balanceMinor: 3600 } },
      // the order's installment, for every till (issue 15 point 3)
      { kind: 'installment', id: expect.any(String), body: expect.objectContaining({ channel: 'WEB', contactId: 'c-mairie', amountMinor: 3600, paidMinor: 0, orderNumber: expect.stringMatching(/^WEB-/) }) },
      // the order's movement on the school's deferred account, for every till's account screens (issue 15 point 4)
      { kind: 'movement', id: expect.stringMatching(/:deferred:c-mairie$/), body: expect.objectContaining({ accountId: 'deferred:c-mairie', kind: 'deferred', entryType: 'sale', amountMinor: 3600, tillId: 'WEB', methodId: 'pm-deferred', orderNumber: expect.stringMatching(/^WEB-/) }) },
      // the seats last: records and movements are published in one statement since the push's round trips were cut
      { kind: 'seats', id: 'e-contes-p1', body: { performanceId: 'e-contes-p1', channels: [{ channel: 'WEB', sold: 2 }] } },
    ]);
    expect(page.value.tillHead).toEqual({ seq: 0, hash: genesisHash });
    // and the installment paid earlier reached the tills as the school's balance
    const all = await call(f.server.url, 'GET', '/v1/pull?cursor=0', { token });
    const school = (all.value.records as { kind: string; id: string; body: { balanceMinor: number } }[]).find((r) => r.kind === 'balance' && r.id === 'deferred:c-ecole');
    expect(school?.body.balanceMinor).toBe(205_000 - 12667);
  });
});
