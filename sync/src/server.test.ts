// The ledger server over HTTP, on PGlite and on a real PostgreSQL 15: enrolment, push
// (created/exists, every refusal with nothing stored), balances, overdrafts, pull paging
// and the administrator's routes. The same tests run on both engines.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedEntryHash } from './ledger/journal.ts';
import { admin, call, startTestServer, TestClock, testEngines, type TestEngine } from './testing/harness.ts';
import { TestJournal, testSigningKeys } from './testing/journal.ts';
import type { TestCluster } from './testing/postgres.ts';
import { useTestCluster } from './testing/cluster-hooks.ts';
import type { RunningServer } from './server.ts';
import { sha256 } from './auth.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

async function enrolled(server: RunningServer, tillId: string): Promise<string> {
  const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Caisse ${tillId}` });
  expect(code.ok).toBe(true);
  const answer = await call(server.url, 'POST', '/v1/enrol', { body: { code: code.value.code, tillId, tillName: `Caisse ${tillId}`, head: { seq: 0, hash: '0'.repeat(64) }, signingKeys: testSigningKeys(tillId) } });
  expect(answer.ok).toBe(true);
  return answer.value.token as string;
}

const pushed = (server: RunningServer, token: string, journal: TestJournal, from = 0, to = journal.events.length) =>
  call(server.url, 'POST', '/v1/push', { token, body: { tillId: journal.tillId, events: journal.events.slice(from, to) } });

async function counts(server: RunningServer) {
  const events = await server.store.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const balances = await server.store.db.selectFrom('balances').selectAll().orderBy('account_id').execute();
  const records = await server.store.db.selectFrom('records').select((eb) => eb.fn.max('version').as('v')).executeTakeFirstOrThrow();
  return { events: Number(events.n), balances: balances.map((b) => `${b.account_id}=${b.balance_minor}`), version: String(records.v) };
}

describe.each(testEngines)('the ledger server on %s', (engine: TestEngine) => {
  let server: RunningServer;
  let clock: TestClock;
  beforeAll(async () => {
    clock = new TestClock();
    server = await startTestServer({ engine, cluster, clock });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers its health and seeds the demo master data once', async () => {
    const health = await call(server.url, 'GET', '/v1/health');
    expect(health).toMatchObject({ status: 200, ok: true, value: { engine } });
    const contacts = await server.store.db.selectFrom('records').select('id').where('kind', '=', 'contact').execute();
    expect(contacts.map((c) => c.id)).toContain('c-ecole');
  });

  it('enrols a till with a one-time code, once, for that till only, and revokes the older token on re-enrolment', async () => {
    expect((await call(server.url, 'POST', '/v1/admin/enrolment-codes', { body: { tillId: 'E1' } })).error?.code).toBe('not_authenticated');
    const code = (await admin(server.url, 'POST', '/enrolment-codes', { tillId: 'E1', tillName: 'Caisse E1' })).value.code as string;
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    const head = { seq: 0, hash: '0'.repeat(64) };
    const wrongTill = await call(server.url, 'POST', '/v1/enrol', { body: { code, tillId: 'E2', tillName: '', head, signingKeys: testSigningKeys('E2') } });
    // a code for another till id is not spent: it names both ids (ADR 0011)
    expect(wrongTill).toMatchObject({ status: 409, error: { code: 'enrolment_till_mismatch', details: { tillId: 'E2', codeTillId: 'E1' } } });
    const first = await call(server.url, 'POST', '/v1/enrol', { body: { code, tillId: 'E1', tillName: 'Caisse E1', head, signingKeys: testSigningKeys('E1') } });
    expect(first).toMatchObject({ status: 200, value: { tillId: 'E1', head } });
    const again = await call(server.url, 'POST', '/v1/enrol', { body: { code, tillId: 'E1', tillName: '', head, signingKeys: testSigningKeys('E1') } });
    expect(again.error).toMatchObject({ code: 'enrolment_code_invalid', message: 'Code d’enrôlement inconnu, déjà utilisé ou expiré.' });
    const inEnglish = await call(server.url, 'POST', '/v1/enrol', { body: { code, tillId: 'E1', tillName: '', head, signingKeys: testSigningKeys('E1') }, headers: { 'accept-language': 'en' } });
    expect(inEnglish.error?.message).toBe('Enrolment code unknown, already used or expired.');

    const journal = new TestJournal('E1', () => clock.nowMs());
    journal.cashSale(1000);
    expect((await pushed(server, first.value.token, journal)).ok).toBe(true);
    const second = await enrolled(server, 'E1');
    expect((await pushed(server, first.value.token, journal)).error?.code).toBe('token_revoked');
    expect((await pushed(server, second, journal)).value.statuses).toEqual([{ id: journal.events[0]!.id, status: 'exists' }]);

    expect((await admin(server.url, 'POST', '/tills/E1/revoke')).ok).toBe(true);
    expect((await pushed(server, second, journal))).toMatchObject({ status: 401, error: { code: 'token_revoked' } });
    expect((await admin(server.url, 'POST', '/tills/NOPE/revoke')).error?.code).toBe('till_not_found');
  });

  it('refuses an expired code', async () => {
    const code = (await admin(server.url, 'POST', '/enrolment-codes', { tillId: 'E3' })).value.code as string;
    clock.advance(25 * 3600_000);
    const late = await call(server.url, 'POST', '/v1/enrol', { body: { code, tillId: 'E3', tillName: '', head: { seq: 0, hash: '0'.repeat(64) }, signingKeys: testSigningKeys('E3') } });
    expect(late.error?.code).toBe('enrolment_code_invalid');
  });

  it('takes a batch once: created, then exists with the same head, balances moved once', async () => {
    const token = await enrolled(server, 'P1');
    const journal = new TestJournal('P1', () => clock.nowMs());
    journal.cashSale(2500);
    journal.fund('c-dupont', 5000);
    journal.creditSale('c-dupont', 1200);
    const first = await pushed(server, token, journal);
    expect(first.value.statuses.map((s: { status: string }) => s.status)).toEqual(['created', 'created', 'created']);
    expect(first.value.head).toEqual(journal.head);
    const second = await pushed(server, token, journal);
    expect(second.value.statuses.map((s: { status: string }) => s.status)).toEqual(['exists', 'exists', 'exists']);
    expect(second.value.head).toEqual(journal.head);
    const credit = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', 'credit:c-dupont').executeTakeFirstOrThrow();
    expect(Number(credit.balance_minor)).toBe(-3800);
    const cash = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', 'till:P1:pm-cash').executeTakeFirstOrThrow();
    expect(Number(cash.balance_minor)).toBe(7500);
    // an overlapping batch: the known part exists, the new part is created
    journal.cashSale(100);
    const overlap = await pushed(server, token, journal, 1);
    expect(overlap.value.statuses.map((s: { status: string }) => s.status)).toEqual(['exists', 'exists', 'created']);
  });

  it('takes unsigned events only below the signing mark the till enrolled with, and signed ones from it', async () => {
    const journal = new TestJournal('M1', () => clock.nowMs(), 3);
    for (let i = 0; i < 4; i += 1) journal.cashSale(100 + i);
    expect(journal.events.map((e) => [e.format, e.signature === null])).toEqual([[1, true], [1, true], [2, false], [2, false]]);
    const code = (await admin(server.url, 'POST', '/enrolment-codes', { tillId: 'M1' })).value.code as string;
    const enrol = (signingKeys: unknown) => call(server.url, 'POST', '/v1/enrol', { body: { code, tillId: 'M1', tillName: '', head: journal.head, signingKeys } });
    // a mark past the till's head, or a key that is no Ed25519 key: refused, the code stays unspent
    expect((await enrol([{ fromSeq: 6, publicKey: journal.signingKeys[0]!.publicKey }])).error?.code).toBe('enrolment_key_invalid');
    expect((await enrol([{ fromSeq: 3, publicKey: 'x'.repeat(42) }])).error?.code).toBe('invalid_input');
    expect((await enrol([])).error?.code).toBe('invalid_input');
    const token = (await enrol(journal.signingKeys)).value.token as string;
    const answer = await pushed(server, token, journal);
    expect(answer.value.statuses.map((s: { status: string }) => s.status)).toEqual(['created', 'created', 'created', 'created']);
    const stored = await server.store.db.selectFrom('events').select(['seq', 'signature']).where('till_id', '=', 'M1').orderBy('seq').execute();
    expect(stored.map((e) => e.signature)).toEqual(journal.events.map((e) => e.signature));
    // the administrator reads what the server holds of the till: its head and its keys
    const head = await admin(server.url, 'GET', '/tills/M1/head');
    expect(head.value).toMatchObject({ tillId: 'M1', head: journal.head, signingKeys: journal.signingKeys });
    expect((await admin(server.url, 'GET', '/tills/NOPE/head')).error?.code).toBe('till_not_found');
    expect((await admin(server.url, 'GET', '/tills/WEB/head')).error?.code).toBe('till_not_found');
    expect((await call(server.url, 'GET', '/v1/admin/tills/M1/head', { token })).error?.code).toBe('not_authenticated');
    // enrolled again (a replaced machine) with a new key: it may not claim the events held
    const again = (await admin(server.url, 'POST', '/enrolment-codes', { tillId: 'M1' })).value.code as string;
    const newKey = { fromSeq: 4, publicKey: testSigningKeys('M1-new')[0]!.publicKey };
    const claimed = await call(server.url, 'POST', '/v1/enrol', { body: { code: again, tillId: 'M1', tillName: '', head: journal.head, signingKeys: [journal.signingKeys[0], newKey] } });
    expect(claimed.error).toMatchObject({ code: 'enrolment_key_invalid' });
    const next = { fromSeq: 5, publicKey: newKey.publicKey };
    expect((await call(server.url, 'POST', '/v1/enrol', { body: { code: again, tillId: 'M1', tillName: '', head: journal.head, signingKeys: [journal.signingKeys[0], next] } })).ok).toBe(true);
    expect((await admin(server.url, 'GET', '/tills/M1/head')).value.signingKeys).toEqual([journal.signingKeys[0], next]);
  });

  it('refuses the pushes of a till enrolled before tills signed, until it is enrolled again with its key', async () => {
    // as a till enrolled by the previous server version: a token, no key
    const token = 'legacy-token-of-till-L9-0123456789';
    await server.store.db.insertInto('tills').values({ id: 'L9', name: 'Caisse L9', enrolled_at_ms: clock.nowMs() }).execute();
    await server.store.db.insertInto('till_tokens').values({ token_hash: sha256(token), till_id: 'L9', created_at_ms: clock.nowMs() }).execute();
    const journal = new TestJournal('L9', () => clock.nowMs(), 2);
    journal.cashSale(700);
    const before = await counts(server);
    expect(await pushed(server, token, journal)).toMatchObject({ status: 409, error: { code: 'sync_key_missing' } });
    expect(await counts(server)).toEqual(before);
    journal.cashSale(800);
    const code = (await admin(server.url, 'POST', '/enrolment-codes', { tillId: 'L9' })).value.code as string;
    const enrolled = await call(server.url, 'POST', '/v1/enrol', { body: { code, tillId: 'L9', tillName: '', head: journal.head, signingKeys: journal.signingKeys } });
    expect((await pushed(server, enrolled.value.token, journal)).value.statuses.map((s: { status: string }) => s.status)).toEqual(['created', 'created']);
  });

  describe('refuses a bad batch whole, storing nothing', () => {
    let token: string;
    let journal: TestJournal;
    beforeAll(async () => {
      token = await enrolled(server, 'R1');
      journal = new TestJournal('R1', () => clock.nowMs());
      journal.cashSale(1000);
      journal.cashSale(2000);
      expect((await pushed(server, token, journal)).ok).toBe(true);
    });

    const cases: [string, () => { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> }, number, string][] = [
      ['the same id with another content', () => ({ body: { tillId: 'R1', events: [{ ...journal.events[1]!, createdAtMs: journal.events[1]!.createdAtMs + 1 }] } }), 409, 'sync_event_conflict'],
      ['a new event reusing the id of one stored (the plain insert fails, the batch is stored again unless stored, then refused)', () => {
        const copy = cloneAhead(journal, 2);
        return { body: { tillId: 'R1', events: [{ ...copy.events[2]!, id: journal.events[0]!.id }, copy.events[3]!] } };
      }, 409, 'sync_event_conflict'],
      ['an id twice in the batch', () => {
        const copy = cloneAhead(journal, 2);
        return { body: { tillId: 'R1', events: [copy.events[2]!, { ...copy.events[3]!, id: copy.events[2]!.id }] } };
      }, 422, 'sync_event_invalid'],
      ['a gap in the sequence', () => {
        const copy = cloneAhead(journal, 2);
        return { body: { tillId: 'R1', events: copy.events.slice(3) } };
      }, 409, 'sync_gap'],
      ['a broken chain', () => {
        const copy = cloneAhead(journal, 1);
        return { body: { tillId: 'R1', events: [{ ...copy.events[2]!, prevHash: 'f'.repeat(64) }] } };
      }, 409, 'sync_chain_broken'],
      ["another till's events", () => {
        const other = new TestJournal('R2', () => clock.nowMs());
        other.cashSale(5);
        return { body: { tillId: 'R1', events: other.events } };
      }, 403, 'sync_foreign_till'],
      ["a batch in another till's name", () => ({ body: { tillId: 'R2', events: [] } }), 403, 'sync_foreign_till'],
      ['an event from the future', () => {
        const ahead = new TestJournal('R1', () => clock.nowMs() + 3600_000);
        ahead.events.push(...journal.events);
        ahead.cashSale(5);
        return { body: { tillId: 'R1', events: ahead.events.slice(2) } };
      }, 422, 'sync_event_from_future'],
      ['postings that do not balance', () => {
        const copy = cloneAhead(journal, 0);
        copy.append('sale', [['till:R1:pm-cash', 100], ['revenue:810', -99]]);
        return { body: { tillId: 'R1', events: copy.events.slice(2) } };
      }, 422, 'sync_event_invalid'],
      ['an event of a type the server does not know', () => {
        const copy = cloneAhead(journal, 1);
        copy.append('credit_deposit', [['till:R1:pm-cash', 5000], ['credit:c-dupont', -5000]], { contactId: 'c-dupont' });
        return { body: { tillId: 'R1', events: copy.events.slice(2) } };
      }, 422, 'sync_event_invalid'],
      ['a forged credit deposit of 999 000.– (a stolen token: right chain, signed by another key)', () => {
        const copy = cloneAhead(journal, 0);
        copy.append('credit_fund', [['till:R1:pm-cash', 99_900_000], ['credit:c-dupont', -99_900_000]], { contactId: 'c-dupont' }, generateKeyPairSync('ed25519').privateKey);
        return { body: { tillId: 'R1', events: copy.events.slice(2) } };
      }, 422, 'sync_signature_invalid'],
      ['a forged event after a genuine one in the same batch', () => {
        const copy = cloneAhead(journal, 1);
        copy.append('credit_fund', [['till:R1:pm-cash', 5000], ['credit:c-dupont', -5000]], { contactId: 'c-dupont' }, generateKeyPairSync('ed25519').privateKey);
        return { body: { tillId: 'R1', events: copy.events.slice(2) } };
      }, 422, 'sync_signature_invalid'],
      ['an event with its signature left out, past the signing mark', () => {
        const copy = cloneAhead(journal, 1);
        return { body: { tillId: 'R1', events: [{ ...copy.events[2]!, signature: null }] } };
      }, 422, 'sync_signature_invalid'],
      ['an event altered after it was signed, its hash computed again', () => {
        const copy = cloneAhead(journal, 1);
        const altered = { ...copy.events[2]!, createdAtMs: copy.events[2]!.createdAtMs - 86_400_000 };
        return { body: { tillId: 'R1', events: [{ ...altered, hash: signedEntryHash(altered) }] } };
      }, 422, 'sync_signature_invalid'],
      ['an event whose hash is not its SHA-256 (an HMAC written past the mark)', () => {
        const copy = cloneAhead(journal, 1);
        const event = copy.events[2]!;
        return { body: { tillId: 'R1', events: [{ ...event, format: 1, hash: createHmac('sha256', 'a key').update('x').digest('hex'), signature: null }] } };
      }, 422, 'sync_signature_invalid'],
      ['a malformed batch', () => ({ body: { tillId: 'R1', events: [{ id: 'x' }] } }), 400, 'invalid_input'],
      ['a body that is not JSON', () => ({ raw: '{"tillId":' }), 400, 'invalid_input'],
      ['a body that is not declared JSON', () => ({ raw: '{}', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type'],
      ['an oversized body', () => ({ raw: `{"tillId":"R1","events":[],"pad":"${'x'.repeat(5 * 1024 * 1024)}"}` }), 413, 'body_too_large'],
      ['a foreign token', () => ({ token: 'not-a-token-of-this-server-0000', body: { tillId: 'R1', events: [] } }), 401, 'not_authenticated'],
    ];
    it.each(cases)('%s', async (_, make, status, code) => {
      const before = await counts(server);
      const request = make();
      const answer = await call(server.url, 'POST', '/v1/push', { token, ...request });
      expect(answer).toMatchObject({ status, ok: false, error: { code } });
      expect(answer.error?.message.length).toBeGreaterThan(10);
      expect(await counts(server)).toEqual(before);
    });
  });

  it('flags an overdraft when tills selling offline take an account past what it allowed, and never refuses the sale', async () => {
    const [a, b] = [await enrolled(server, 'O1'), await enrolled(server, 'O2')];
    const ja = new TestJournal('O1', () => clock.nowMs());
    const jb = new TestJournal('O2', () => clock.nowMs());
    ja.fund('c-favre', 5000);
    expect((await pushed(server, a, ja)).ok).toBe(true);
    // both tills knew 50.– and spent 40.– each while offline
    ja.creditSale('c-favre', 4000);
    jb.creditSale('c-favre', 4000);
    expect((await pushed(server, a, ja)).ok).toBe(true);
    const late = await pushed(server, b, jb);
    expect(late.value.statuses).toEqual([{ id: jb.events[0]!.id, status: 'created' }]);
    // the school may owe 2 000.–: two tills take 1 500.– each
    ja.deferredSale('c-ecole', 150_000);
    jb.deferredSale('c-ecole', 150_000);
    expect((await pushed(server, a, ja)).ok).toBe(true);
    expect((await pushed(server, b, jb)).ok).toBe(true);
    const overdrafts = (await admin(server.url, 'GET', '/overdrafts')).value as { contactId: string; kind: string; excessMinor: number; tillId: string; eventId: string }[];
    expect(overdrafts.map((o) => [o.contactId, o.kind, o.excessMinor, o.tillId, o.eventId])).toEqual([
      ['c-favre', 'credit', 3000, 'O2', jb.events[0]!.id],
      ['c-ecole', 'deferred', 100_000, 'O2', jb.events[1]!.id],
    ]);
    // a till pulls the overdraft and the balances
    const page = await call(server.url, 'GET', '/v1/pull?cursor=0&limit=2000', { token: a });
    const kinds = (page.value.records as { kind: string; id: string; body: Record<string, unknown> }[]).filter((r) => r.kind === 'overdraft' || (r.kind === 'balance' && r.id === 'credit:c-favre'));
    expect(kinds.map((r) => [r.kind, r.body.excessMinor ?? r.body.balanceMinor])).toEqual([
      ['balance', 3000],
      ['overdraft', 3000],
      ['overdraft', 100_000],
    ]);
    expect(page.value.tillHead).toEqual(ja.head);
  });

  it('pulls records in pages from a cursor, with only its own till configuration', async () => {
    const token = await enrolled(server, 'L1');
    expect((await admin(server.url, 'PUT', '/tills/L1', { offlineCapMinor: 5000 })).ok).toBe(true);
    expect((await admin(server.url, 'PUT', '/tills/E1', { offlineCapMinor: 7000 })).ok).toBe(true);
    const seen: { kind: string; id: string }[] = [];
    let cursor = '0';
    let pages = 0;
    for (;;) {
      const page = await call(server.url, 'GET', `/v1/pull?cursor=${cursor}&limit=7`, { token });
      expect(page.ok).toBe(true);
      seen.push(...page.value.records);
      cursor = page.value.cursor;
      pages += 1;
      if (!page.value.more) break;
    }
    expect(pages).toBeGreaterThan(3);
    const configs = seen.filter((r) => r.kind === 'tillConfig');
    expect(configs).toEqual([{ kind: 'tillConfig', id: 'L1', body: { tillId: 'L1', offlineCapMinor: 5000 } }]);
    expect(seen.filter((r) => r.kind === 'contact').length).toBeGreaterThanOrEqual(7);
    const empty = await call(server.url, 'GET', `/v1/pull?cursor=${cursor}`, { token });
    expect(empty.value).toMatchObject({ records: [], cursor, more: false });
    expect((await call(server.url, 'GET', '/v1/pull?cursor=abc', { token })).error?.code).toBe('invalid_input');
  });

  it("takes the administrator's master data but not balances or overdrafts, and a till's contacts last writer wins", async () => {
    const refused = await admin(server.url, 'PUT', '/records', { records: [{ kind: 'balance', id: 'credit:c-dupont', body: { accountId: 'credit:c-dupont', kind: 'credit', contactId: 'c-dupont', balanceMinor: -100000 } }] });
    expect(refused).toMatchObject({ status: 403, error: { code: 'record_kind_not_allowed' } });
    const mismatch = await admin(server.url, 'PUT', '/records', { records: [{ kind: 'venue', id: 'v-1', body: { id: 'v-2', name: 'Salle', city: 'Genève' } }] });
    expect(mismatch.error?.code).toBe('invalid_input');
    expect((await admin(server.url, 'PUT', '/records', { records: [{ kind: 'venue', id: 'v-2', body: { id: 'v-2', name: 'Salle B', city: 'Genève' } }] })).ok).toBe(true);

    const token = await enrolled(server, 'C1');
    const contact = { id: 'c-new', kind: 'individual', name: 'Neuve', firstName: 'Anne', email: '', street: '', buildingNumber: '', postcode: '', city: '', country: 'CH', deferredAuthorised: false, deferredLimitMinor: 0 };
    const first = await call(server.url, 'POST', '/v1/push', { token, body: { tillId: 'C1', events: [], records: [{ kind: 'contact', id: 'c-new', body: contact }] } });
    expect(first.ok).toBe(true);
    await call(server.url, 'POST', '/v1/push', { token, body: { tillId: 'C1', events: [], records: [{ kind: 'contact', id: 'c-new', body: { ...contact, city: 'Nyon' } }] } });
    const stored = await server.store.db.selectFrom('records').select('body').where('kind', '=', 'contact').where('id', '=', 'c-new').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.body).city).toBe('Nyon');
    const tills = (await admin(server.url, 'GET', '/tills')).value as { tillId: string }[];
    expect(tills.map((t) => t.tillId)).toContain('C1');
    expect(tills.map((t) => t.tillId)).not.toContain('WEB');
  });
});

/** A copy of the journal's events with `extra` more cash sales chained after them. */
function cloneAhead(journal: TestJournal, extra: number): TestJournal {
  const copy = Object.create(TestJournal.prototype) as TestJournal;
  Object.assign(copy, { ...journal, events: [...journal.events] });
  for (let i = 0; i < extra; i += 1) copy.cashSale(10 + i);
  return copy;
}
