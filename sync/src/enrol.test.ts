// Till identity at the server (issue 15 point 1, ADR 0011), on PGlite and PostgreSQL: each
// enrolment rule as a table of refusals that change nothing (codes, tokens, keys, tills as
// they were, the enrolled machine still pushing), a lost answer retried with the same code
// by the same machine, the same machine enrolled again, and a dead till replaced: marked,
// its journal read back in pages with its keys, the new key registered from head + 1, and
// the sequence carried on.
import { createHash, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolProofText, type SigningKey } from '../../src/shared/api/sync-schemas.ts';
import { genesisHash, signatureMessage } from './ledger/journal.ts';
import { admin, call, startTestServer, TestClock, testEngines, type TestEngine } from './testing/harness.ts';
import { publicKeyText, TestJournal, testSigningKeys, testTillKey } from './testing/journal.ts';
import type { TestCluster } from './testing/postgres.ts';
import { useTestCluster } from './testing/cluster-hooks.ts';
import type { RunningServer } from './server.ts';
import { push as pushEvents } from './push.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

const empty = { seq: 0, hash: genesisHash };

/** The proof a machine holding `key` gives that it is the one enrolling with `code` as `tillId`. */
function proofOf(key: KeyObject, code: string, tillId: string): string {
  const hash = createHash('sha256').update(enrolProofText(code, tillId)).digest('hex');
  return sign(null, signatureMessage(hash), key).toString('base64url');
}

describe.each(testEngines)('till identity at the server on %s', (engine: TestEngine) => {
  let server: RunningServer;
  let clock: TestClock;
  beforeAll(async () => {
    clock = new TestClock();
    server = await startTestServer({ engine, cluster, clock });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const codeFor = async (tillId: string, tillName = `Caisse ${tillId}`) => (await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName })).value.code as string;
  const enrolAs = (body: { code: string; tillId: string; keys: SigningKey[]; head?: { seq: number; hash: string }; proof?: string }, language = 'fr') =>
    call(server.url, 'POST', '/v1/enrol', { body: { code: body.code, tillId: body.tillId, tillName: '', head: body.head ?? empty, signingKeys: body.keys, proof: body.proof }, headers: { 'accept-language': language } });
  const push = (token: string, journal: TestJournal, from = 0) => call(server.url, 'POST', '/v1/push', { token, body: { tillId: journal.tillId, events: journal.events.slice(from) } });

  /** What an enrolment refusal must leave as it was. */
  async function state() {
    const db = server.store.db;
    const codes = await db.selectFrom('enrolment_codes').select(['till_id', 'used_at_ms', 'machine_key']).orderBy('code_hash').execute();
    const tokens = await db.selectFrom('till_tokens').select(['token_hash', 'revoked_at_ms']).orderBy('token_hash').execute();
    const keys = await db.selectFrom('till_keys').select(['till_id', 'public_key', 'from_seq', 'retired_at_ms']).orderBy('till_id').orderBy('public_key').execute();
    const tills = await db.selectFrom('tills').select(['id', 'name', 'enrolled_at_ms', 'revoked_at_ms', 'replaced_at_ms', 'head_seq']).orderBy('id').execute();
    return { codes, tokens, keys, tills };
  }

  it('refuses each broken rule with a typed error in French and English, changing nothing, and never cuts the enrolled machine off', async () => {
    const expired = await codeFor('I3');
    clock.advance(25 * 3600_000);
    // I1 enrolled on its machine, with a journal the server holds
    const journal = new TestJournal('I1', () => clock.nowMs());
    const i1Code = await codeFor('I1');
    const enrolled = await enrolAs({ code: i1Code, tillId: 'I1', keys: journal.signingKeys });
    expect(enrolled.value).toMatchObject({ tillId: 'I1', head: empty, restore: false });
    journal.cashSale(1000);
    expect((await push(enrolled.value.token, journal)).ok).toBe(true);
    // I2 marked replaced, its new machine not yet there
    const i2 = new TestJournal('I2', () => clock.nowMs());
    await enrolAs({ code: await codeFor('I2'), tillId: 'I2', keys: i2.signingKeys });
    const replaced = await admin(server.url, 'POST', '/tills/I2/replace');
    const other = testSigningKeys('another machine');
    const [i1Plain, i2Plain, i4Code] = [await codeFor('I1'), await codeFor('I2'), await codeFor('I4', 'Guichet 4')];

    const cases: { name: string; attempt: () => ReturnType<typeof enrolAs>; code: string; details?: Record<string, unknown> }[] = [
      { name: 'an unknown code', attempt: () => enrolAs({ code: 'AAAA-BBBB-CCCC-DDDD', tillId: 'I1', keys: other }), code: 'enrolment_code_invalid' },
      { name: 'an expired code', attempt: () => enrolAs({ code: expired, tillId: 'I3', keys: other }), code: 'enrolment_code_invalid' },
      { name: "a code for another till's id", attempt: () => enrolAs({ code: i4Code, tillId: 'T7Q2M', keys: other }), code: 'enrolment_till_mismatch', details: { tillId: 'T7Q2M', codeTillId: 'I4', codeTillName: 'Guichet 4' } },
      { name: 'a new machine for an enrolled till', attempt: () => enrolAs({ code: i1Plain, tillId: 'I1', keys: other }), code: 'till_already_enrolled', details: { tillId: 'I1' } },
      { name: 'a spent code from another machine', attempt: () => enrolAs({ code: i1Code, tillId: 'I1', keys: other }), code: 'enrolment_code_invalid' },
      { name: 'a replaced till with a plain code', attempt: () => enrolAs({ code: i2Plain, tillId: 'I2', keys: i2.signingKeys }), code: 'till_replaced', details: { tillId: 'I2' } },
      { name: 'a replacement code on a machine with a journal', attempt: () => enrolAs({ code: replaced.value.code, tillId: 'I2', keys: other, head: journal.head }), code: 'replacement_not_fresh', details: { tillId: 'I2', entries: 1 } },
    ];
    for (const c of cases) {
      const before = await state();
      const fr = await c.attempt();
      expect([c.name, fr.ok, fr.error?.code]).toEqual([c.name, false, c.code]);
      if (c.details) expect(fr.error?.details).toMatchObject(c.details);
      expect(fr.error?.message).not.toMatch(/\{\{|undefined/);
      const after = await state();
      // nothing changed (a code the attempt made for itself aside): no code spent, no token, key or till moved
      const spent = (codes: typeof before.codes) => codes.filter((r) => r.used_at_ms !== null);
      expect({ ...after, codes: spent(after.codes) }).toEqual({ ...before, codes: spent(before.codes) });
    }
    const english = await enrolAs({ code: i1Plain, tillId: 'I1', keys: other }, 'en');
    expect(english.error?.message).toBe('Till I1 is already enrolled on another machine: this enrolment does not cut it off. To replace a dead machine, the administrator first marks it replaced (POST /v1/admin/tills/I1/replace) and gives the replacement code.');
    const french = await enrolAs({ code: i4Code, tillId: 'T7Q2M', keys: other });
    expect(french.error?.message).toContain('Ce code est pour la caisse I4, pas pour la caisse T7Q2M.');
    // the enrolled machine was never cut off
    journal.cashSale(500);
    expect((await push(enrolled.value.token, journal, 1)).value.statuses).toEqual([{ id: journal.events[1]!.id, status: 'created' }]);
    // a till id is 1 to 8 capitals or digits
    for (const tillId of ['g1', 'TOOLONG12', 'G-1', '']) expect((await admin(server.url, 'POST', '/enrolment-codes', { tillId })).error?.code).toBe('invalid_input');
    expect((await admin(server.url, 'POST', '/tills/NOPE/replace')).error?.code).toBe('till_not_found');
    expect((await admin(server.url, 'POST', '/tills/WEB/replace')).error?.code).toBe('till_not_found');
  });

  it('answers a lost enrolment again to the same machine with the same code, and to no one else', async () => {
    const journal = new TestJournal('L2', () => clock.nowMs());
    const code = await codeFor('L2');
    const proof = proofOf(journal.signingKey, code, 'L2');
    const first = await enrolAs({ code, tillId: 'L2', keys: journal.signingKeys, proof });
    expect(first.ok).toBe(true);
    // the answer was lost: the till asks again, with the same code and its key's proof
    const again = await enrolAs({ code, tillId: 'L2', keys: journal.signingKeys, proof });
    expect(again.value).toMatchObject({ tillId: 'L2', head: empty, restore: false });
    expect(again.value.token).not.toBe(first.value.token);
    journal.cashSale(700);
    // the first answer's token stays valid: the same request delivered twice is answered
    // twice, and the till keeps whichever answer reached it
    expect((await push(first.value.token, journal)).value.statuses[0].status).toBe('created');
    expect((await push(again.value.token, journal)).value.statuses[0].status).toBe('exists');
    // without the proof, with another machine's proof, or another machine's keys: refused
    const stranger = testTillKey('stranger');
    expect((await enrolAs({ code, tillId: 'L2', keys: journal.signingKeys })).error?.code).toBe('enrolment_code_invalid');
    expect((await enrolAs({ code, tillId: 'L2', keys: journal.signingKeys, proof: proofOf(stranger, code, 'L2') })).error?.code).toBe('enrolment_code_invalid');
    expect((await enrolAs({ code, tillId: 'L2', keys: [{ fromSeq: 1, publicKey: publicKeyText(stranger) }], proof: proofOf(stranger, code, 'L2') })).error?.code).toBe('enrolment_code_invalid');
    // past the code's validity, not even the same machine
    clock.advance(25 * 3600_000);
    expect((await enrolAs({ code, tillId: 'L2', keys: journal.signingKeys, proof })).error?.code).toBe('enrolment_code_invalid');
    expect((await push(again.value.token, journal)).value.statuses[0].status).toBe('exists');
  });

  it('enrols the same machine again with a new code: a new token, the old one revoked, its journal kept', async () => {
    const journal = new TestJournal('S1', () => clock.nowMs());
    const first = await enrolAs({ code: await codeFor('S1'), tillId: 'S1', keys: journal.signingKeys });
    journal.cashSale(1200);
    journal.cashSale(300);
    await push(first.value.token, journal);
    const second = await enrolAs({ code: await codeFor('S1'), tillId: 'S1', keys: journal.signingKeys, head: journal.head });
    expect(second.value).toMatchObject({ head: journal.head, restore: false });
    expect((await push(first.value.token, journal)).error?.code).toBe('token_revoked');
    expect((await push(second.value.token, journal)).value.head).toEqual(journal.head);
  });

  it("refuses a dead machine's batch that passed the door before its till was replaced and reached the lock after: nothing stored", async () => {
    const dead = new TestJournal('R8', () => clock.nowMs());
    const token = (await enrolAs({ code: await codeFor('R8', 'Guichet 8'), tillId: 'R8', keys: dead.signingKeys })).value.token as string;
    dead.cashSale(100);
    await push(token, dead);
    const late = dead.cashSale(200);
    // the route checked the token (a live one) before the administrator marked the till replaced
    const tokenHash = createHash('sha256').update(token).digest('hex');
    await admin(server.url, 'POST', '/tills/R8/replace');
    const answer = await pushEvents(server.ctx, 'R8', { tillId: 'R8', events: dead.events, records: [] }, tokenHash);
    expect(answer.ok ? null : answer.error.code).toBe('token_revoked');
    const listed = (await admin(server.url, 'GET', '/tills')).value.find((t: { tillId: string }) => t.tillId === 'R8');
    expect(listed.head.seq).toBe(late.seq - 1);
  });

  it('replaces a dead till: its journal read back in pages with its keys, a new key from head + 1, the same sequence carried on', async () => {
    const dead = new TestJournal('R7', () => clock.nowMs());
    const token = (await enrolAs({ code: await codeFor('R7', 'Guichet 7'), tillId: 'R7', keys: dead.signingKeys })).value.token as string;
    for (let i = 0; i < 5; i += 1) dead.cashSale(100 * (i + 1));
    await push(token, dead);
    const replaced = await admin(server.url, 'POST', '/tills/R7/replace');
    expect(replaced.value).toMatchObject({ tillId: 'R7', head: dead.head, replacedAtMs: clock.nowMs() });
    expect((await push(token, dead)).error?.code).toBe('token_revoked');
    const listed = (await admin(server.url, 'GET', '/tills')).value.find((t: { tillId: string }) => t.tillId === 'R7');
    expect(listed).toMatchObject({ replacedAtMs: clock.nowMs(), revokedAtMs: clock.nowMs(), head: dead.head });

    // the new machine (a fresh key, an empty journal) enrols with the replacement code
    const fresh = testSigningKeys('R7 new machine');
    const enrolled = await enrolAs({ code: replaced.value.code, tillId: 'R7', keys: fresh });
    expect(enrolled.value).toMatchObject({ tillId: 'R7', head: dead.head, restore: true });
    const restoreToken = enrolled.value.token as string;
    // before its key is registered it pushes nothing signed by a key the server does not know
    const pages: unknown[][] = [];
    for (let from = 1; ; ) {
      const page = await call(server.url, 'GET', `/v1/journal?fromSeq=${from}&limit=2`, { token: restoreToken });
      expect(page.value).toMatchObject({ tillId: 'R7', head: dead.head, signingKeys: dead.signingKeys });
      pages.push(page.value.events);
      if (!page.value.more) break;
      from = page.value.events.at(-1).seq + 1;
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(dead.events);
    // its new key: registered from head + 1 only, with the head the server holds
    const next = { fromSeq: dead.head.seq + 1, publicKey: publicKeyText(testTillKey('R7 restored')) };
    const register = (head: { seq: number; hash: string }, signingKeys: SigningKey[]) => call(server.url, 'POST', '/v1/signing-keys', { token: restoreToken, body: { head, signingKeys } });
    expect((await register({ seq: 2, hash: dead.events[1]!.hash }, [...dead.signingKeys, next])).error?.code).toBe('sync_chain_broken');
    expect((await register(dead.head, [...dead.signingKeys, { ...next, fromSeq: 3 }])).error?.code).toBe('enrolment_key_invalid');
    expect((await register(dead.head, [...dead.signingKeys, next])).value).toEqual({ tillId: 'R7', signingKeys: [...dead.signingKeys, next] });
    expect((await register(dead.head, [...dead.signingKeys, next])).error?.code).toBe('till_already_enrolled');

    // the restored till carries on the same sequence, signed by its new key
    const carried = new TestJournal('R7', () => clock.nowMs());
    carried.events.push(...dead.events);
    Object.assign(carried, { signingKey: testTillKey('R7 restored') });
    const sale = carried.cashSale(900);
    expect(sale.seq).toBe(6);
    expect((await push(restoreToken, carried, 5)).value).toMatchObject({ statuses: [{ id: sale.id, status: 'created' }], head: { seq: 6, hash: sale.hash } });
    // the replacement is done: the code again, or another replacement-less code from another machine, cuts nothing off
    expect((await enrolAs({ code: replaced.value.code, tillId: 'R7', keys: testSigningKeys('third machine') })).error?.code).toBe('enrolment_code_invalid');
    expect((await enrolAs({ code: await codeFor('R7'), tillId: 'R7', keys: dead.signingKeys, head: dead.head })).error?.code).toBe('till_already_enrolled');
    const second = await admin(server.url, 'POST', '/tills/R7/replace');
    expect((await enrolAs({ code: second.value.code, tillId: 'R7', keys: fresh, head: { seq: 0, hash: genesisHash } })).value.restore).toBe(true);
  });
});
