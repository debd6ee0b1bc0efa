// The journal event types the server knows (sync/src/ledger/event-types.ts) are the till's
// (entryTypes): a batch with one event of each is taken, balances moved; a payload its
// type's schema does not read (src/shared/domain/events.ts) or a type the server does not
// know refuses the batch whole, nothing stored, rather than storing what no projection reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTypes } from '../../src/main/kernel/ledger/journal.ts';
import { eventTypes } from '../src/ledger/event-types.ts';
import { tillEntryTypes } from '../../src/shared/domain/events.ts';
import type { RunningServer } from '../src/server.ts';
import { admin, call, startTestServer } from '../src/testing/harness.ts';
import { TestJournal } from '../src/testing/journal.ts';

describe('the journal event types on the server', () => {
  let server: RunningServer;
  let token: string;
  const logs: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({ engine: 'pglite', logs });
    const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId: 'T1' });
    const journal = new TestJournal('T1');
    const enrolled = await call(server.url, 'POST', '/v1/enrol', { body: { code: code.value.code, tillId: 'T1', tillName: '', head: journal.head, signingKeys: journal.signingKeys } });
    token = enrolled.value.token;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const events = async () => (await server.store.db.selectFrom('events').select(['type']).where('till_id', '=', 'T1').orderBy('seq').execute()).map((e) => e.type);
  const push = (journal: TestJournal, from: number) => call(server.url, 'POST', '/v1/push', { token, body: { tillId: 'T1', events: journal.events.slice(from) } });

  it("are the till's entry types, each once", () => {
    expect([...eventTypes].sort()).toEqual([...entryTypes].sort());
    expect(new Set(eventTypes).size).toBe(eventTypes.length);
  });

  it('takes one event of each type', async () => {
    const journal = new TestJournal('T1');
    const cash = 'till:T1:pm-cash';
    const sale = journal.cashSale(1000);
    const orderId = (JSON.parse(sale.payload) as { orderId: string }).orderId;
    journal.append('session_open', [[cash, 100], ['safe:T1:pm-cash', -100]], { sessionId: 's-1' });
    journal.append('pay_in', [[cash, 200], ['safe:T1:pm-cash', -200]]);
    journal.append('pay_out', [[cash, -50], ['safe:T1:pm-cash', 50]]);
    journal.append('refund', [[cash, -300], ['revenue:810', 300]], { orderId });
    journal.fund('c-dupont', 500);
    journal.append('credit_payout', [['credit:c-dupont', 200], [cash, -200]], { contactId: 'c-dupont' });
    journal.append('print', []);
    journal.append('reprint', []);
    journal.append('drawer_open', [], { reason: 'change' });
    journal.append('invoice_issued', [], { invoiceId: 'i-1' });
    journal.append('payer_changed', [], { toContactId: 'c-ecole' });
    journal.append('deferred_settle', [[cash, 100], ['deferred:c-ecole', -100]], { allocations: [] });
    journal.append('session_close', [[cash, -1350], ['safe:T1:pm-cash', 1350]]);
    // every type a till writes: the server's own (installment_overpaid) is refused from a till, below
    expect(new Set(journal.events.map((e) => e.type))).toEqual(new Set(tillEntryTypes));

    const answer = await push(journal, 0);
    expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
    expect(await events()).toEqual(journal.events.map((e) => e.type));
    const till = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', cash).executeTakeFirstOrThrow();
    expect(Number(till.balance_minor)).toBe(0);
    expect(logs.filter((l) => l.startsWith('projection:'))).toEqual([]);
  });

  /** The stored chain of T1 as a journal to append to. */
  const storedJournal = async () => {
    const journal = new TestJournal('T1');
    const stored = await server.store.db.selectFrom('events').selectAll().where('till_id', '=', 'T1').orderBy('seq').execute();
    journal.events.push(...stored.map((r) => ({ id: r.id, tillId: r.till_id, seq: Number(r.seq), type: r.type, createdAtMs: Number(r.created_at_ms), userId: r.user_id, sessionId: r.session_id, payload: r.payload, prevHash: r.prev_hash, hash: r.hash, format: r.format, signature: r.signature })));
    return { journal, from: stored.length };
  };
  const balances = async () => (await server.store.db.selectFrom('balances').select(['account_id', 'balance_minor']).orderBy('account_id').execute()).map((b) => [b.account_id, String(b.balance_minor)]);

  it.each([
    ['a payer change without its payment', (j: TestJournal) => j.appendRaw('payer_changed', [], { orderId: 'o-1', fromContactId: 'c-amis', toContactId: 'c-ecole', openMinor: 0 }), /payer_changed payload \(version 1\) does not hold at paymentId/],
    ['a sale whose line is an object in a version 1 payload', (j: TestJournal) => j.append('sale', [['till:T1:pm-cash', 100], ['revenue:810', -100]], { lines: [{ id: 'l-1' }] }), /sale payload \(version 1\) does not hold at lines\.0/],
    ['a version 2 sale whose line is a tuple', (j: TestJournal) => j.appendRaw('sale', [['till:T1:pm-cash', 100], ['revenue:810', -100]], { v: 2, orderId: 'o-2', number: 'T1-000009', buyerContactId: null, totalMinor: 100, changeMinor: 0, lines: [['l-1', 'item', 'Programme', 1, 100, 100, 260, 3]], tickets: [], vouchers: [], payments: [], installments: [] }), /sale payload \(version 2\) does not hold at lines\.0/],
    ['a payload of a version the server does not know', (j: TestJournal) => j.append('pay_in', [['till:T1:pm-cash', 100], ['safe:T1:pm-cash', -100]], { v: 3 }), /version 3 is not one this version reads/],
    ["the server's own entry (an installment's excess moved to credit)", (j: TestJournal) => j.append('installment_overpaid', [['deferred:c-ecole', 100], ['credit:c-ecole', -100]]), /the server's own entry/],
    ['an amount written as text', (j: TestJournal) => j.append('credit_fund', [['till:T1:pm-cash', 100], ['credit:c-dupont', -100]], { amountMinor: '100' }), /credit_fund payload \(version 1\) does not hold at amountMinor/],
  ])('refuses a batch carrying %s (sync_event_invalid), storing and moving nothing', async (_name, write, reason) => {
    const { journal, from } = await storedJournal();
    const before = { events: await events(), balances: await balances() };
    journal.cashSale(700);
    const invalid = write(journal);
    const answer = await call(server.url, 'POST', '/v1/push', { token, body: { tillId: 'T1', events: journal.events.slice(from) } });
    expect(answer).toMatchObject({ status: 422, ok: false, error: { code: 'sync_event_invalid', details: { id: invalid.id, reason: expect.stringMatching(reason) } } });
    expect({ events: await events(), balances: await balances() }).toEqual(before);
  });

  it('refuses a batch carrying a type it does not know, whole, storing nothing', async () => {
    const journal = new TestJournal('T1');
    const before = await events();
    // replay the stored chain, then a good sale and an event of an unknown type
    const stored = await server.store.db.selectFrom('events').selectAll().where('till_id', '=', 'T1').orderBy('seq').execute();
    journal.events.push(...stored.map((r) => ({ id: r.id, tillId: r.till_id, seq: Number(r.seq), type: r.type, createdAtMs: Number(r.created_at_ms), userId: r.user_id, sessionId: r.session_id, payload: r.payload, prevHash: r.prev_hash, hash: r.hash, format: r.format, signature: r.signature })));
    journal.cashSale(700);
    const unknown = journal.append('credit_deposit', [['till:T1:pm-cash', 5000], ['credit:c-dupont', -5000]], { contactId: 'c-dupont' });
    const answer = await push(journal, stored.length);
    expect(answer).toMatchObject({ status: 422, ok: false, error: { code: 'sync_event_invalid', details: { id: unknown.id, reason: expect.stringContaining('credit_deposit') } } });
    expect(await events()).toEqual(before);
    // without it the batch goes through
    journal.events.pop();
    expect((await push(journal, stored.length)).value.statuses).toEqual([{ id: journal.events.at(-1)!.id, status: 'created' }]);
  });
});
