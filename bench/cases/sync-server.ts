// The ledger server catching up one till's offline day (DESIGN Quality bars: 100 000
// offline events of one till in under 10 s on PostgreSQL, and issue 15: at most 1.5× raw
// inserts of the same rows), their payloads in version 2 as a till writes them today (a
// version 1 payload, which only a journal written before versions carries, costs the
// server's schema about 2 µs more to read: docs/benchmarks.md): the events pushed over
// HTTP in batches of 500 by the till's sync client's own pipeline (two batches in flight;
// sent with node:http, see pushBatch), with every check (sequence, chain, signatures,
// postings), the balances and the records — against a baseline of raw inserts of the same
// event and posting rows into the same database in the same run. The PostgreSQL cluster is
// durable (fsync, synchronous_commit and full-page writes on): every batch's commit reaches
// the disk, as in production. Push and baseline alternate in turns of 20 batches, so that
// another process's load on the machine falls on both alike. PGlite, the embedded default,
// is measured on the same events for reference. Then a till's first pull of 100 000 contacts.
import http from 'node:http';
import { PushOutput, pushEventsMax, pullRecordsMax } from '../../src/shared/api/sync-schemas.ts';
import { sql } from 'kysely';
import { startTestServer, admin, call } from '../../sync/src/testing/harness.ts';
import { TestJournal, testSigningKeys } from '../../sync/src/testing/journal.ts';
import { startTestCluster } from '../../sync/src/testing/postgres.ts';
import { postingsOf } from '../../sync/src/ledger/postings.ts';
import type { RunningServer } from '../../sync/src/server.ts';
import { figure, type BenchCase, type Figure } from '../case.ts';
import { pushesInFlightMax, pushJournal, SyncRefusal, type PushAnswer } from '../../src/main/sync-client/index.ts';

const events = 100_000;
const contacts = 100_000;
const barSeconds = 10;
const ratioMax = 1.5;

/** A day of sales at one till: cash, card, and now and then a contact's credit balance, each payload in the version a till writes today. */
function offlineDay(tillId: string): TestJournal {
  const journal = new TestJournal(tillId, undefined, 1, 2);
  for (let i = 0; i < events; i += 1) {
    if (i % 10 === 0) journal.fund(`c-${i % 500}`, 5000);
    else if (i % 10 === 1) journal.creditSale(`c-${(i - 1) % 500}`, 2500);
    else journal.append('sale', [[`till:${tillId}:pm-${i % 2 ? 'cash' : 'card'}`, 4500], ['revenue:810', -4152], ['vat:810', -348]], { orderId: `o-${i}`, buyerContactId: null });
  }
  return journal;
}

async function enrol(server: RunningServer, tillId: string): Promise<string> {
  const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId });
  const answer = await call(server.url, 'POST', '/v1/enrol', { body: { code: code.value.code, tillId, tillName: tillId, head: { seq: 0, hash: '0'.repeat(64) }, signingKeys: testSigningKeys(tillId) } });
  return answer.value.token as string;
}

type Batch = TestJournal['events'];

/**
 * The till's side of the bench sends with node:http on a kept-alive connection rather than
 * the till's fetch: a till's HTTP client runs on the till, and here it would take the two
 * cores the server and PostgreSQL share (fetch's request and response objects and streams
 * cost ≈ 3 ms of this machine's CPU a batch, ≈ 0.08 of the ratio: docs/benchmarks.md).
 */
const tillAgent = new http.Agent({ keepAlive: true, maxSockets: pushesInFlightMax });

function postJson(url: string, path: string, token: string, body: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string; details?: Record<string, unknown> } }> {
  const text = JSON.stringify(body);
  const { hostname, port } = new URL(url);
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), authorization: `Bearer ${token}` };
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, path, method: 'POST', agent: tillAgent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
    request.end(text);
  });
}

/** One batch through the server, over HTTP with the till's token, its answer read as the sync client reads it. */
async function pushBatch(server: RunningServer, token: string, tillId: string, events: Batch): Promise<PushAnswer> {
  const answer = await postJson(server.url, '/v1/push', token, { tillId, events });
  if (!answer.ok) throw new SyncRefusal(answer.error!.code, answer.error!.message, answer.error!.details);
  return PushOutput.parse(answer.value);
}

/**
 * The day's batches `from` to `to` (excluded) pushed by the sync client's own pipeline
 * (src/main/sync-client/pipeline.ts: two batches in flight, as a till sends them); answers
 * the milliseconds it took and how many batches were sent.
 */
async function pushBatches(server: RunningServer, token: string, journal: TestJournal, from: number, to: number): Promise<{ ms: number; sent: number }> {
  const endSeq = Math.min(to * pushEventsMax, journal.events.length);
  let acked = from * pushEventsMax;
  let sent = 0;
  const started = performance.now();
  await pushJournal<{ events: Batch; lastSeq: number; hasRecords: false }>({
    ackedSeq: () => acked,
    batchAfter: (afterSeq) => {
      if (afterSeq >= endSeq) return null;
      const events = journal.events.slice(afterSeq, Math.min(afterSeq + pushEventsMax, endSeq));
      if (events[0]!.seq !== afterSeq + 1) throw new Error(`the journal's event ${afterSeq} is not seq ${afterSeq + 1}`);
      return { events, lastSeq: events.at(-1)!.seq, hasRecords: false };
    },
    send: ({ events }) => {
      sent += 1;
      return pushBatch(server, token, journal.tillId, events);
    },
    take: ({ lastSeq }, answer) => {
      if (answer.head.seq < lastSeq) throw new Error(`the server's head ${answer.head.seq} is short of ${lastSeq}`);
      acked = lastSeq;
    },
    rewind: () => false,
  });
  return { ms: performance.now() - started, sent };
}

interface RawBatch {
  events: Batch;
  postings: (readonly [string, string, string])[];
}

/** The rows the baseline writes, made before anything is timed: the day's events as another till's, with their postings. */
function rawBatches(journal: TestJournal): RawBatch[] {
  const batches: RawBatch[] = [];
  for (let i = 0; i < journal.events.length; i += pushEventsMax) {
    // every field named (a spread would make slow dictionary objects of them)
    const events = journal.events.slice(i, i + pushEventsMax).map((e) => ({
      id: `R${e.id.slice(1)}`,
      tillId: rawTillId,
      seq: e.seq,
      type: e.type,
      createdAtMs: e.createdAtMs,
      userId: e.userId,
      sessionId: e.sessionId,
      payload: e.payload,
      prevHash: e.prevHash,
      hash: e.hash,
      format: e.format,
      signature: e.signature,
    }));
    const postings = events.flatMap((e) => {
      const parsed = postingsOf(e.payload);
      return parsed.ok ? [...parsed.postings].map(([account, amount]) => [e.id, account, String(amount)] as const) : [];
    });
    batches.push({ events, postings });
  }
  return batches;
}

/**
 * A batch's rows written raw, in one transaction of one statement, as the push stores them
 * (events and postings, every column), without a check, a balance, a head or a record.
 */
async function insertBatch(server: RunningServer, { events, postings }: RawBatch): Promise<number> {
  const started = performance.now();
  await server.store.db.transaction().execute(async (trx) => {
    const col = <T>(pick: (e: Batch[number]) => T) => events.map(pick);
    await sql`
      WITH stored AS (
        INSERT INTO events (id, till_id, seq, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format, signature, received_at_ms)
        SELECT *, ${Date.now()}::int8 FROM unnest(${col((e) => e.id)}::text[], ${col((e) => e.tillId)}::text[], ${col((e) => e.seq)}::int8[], ${col((e) => e.type)}::text[],
          ${col((e) => e.createdAtMs)}::int8[], ${col((e) => e.userId)}::text[], ${col((e) => e.sessionId)}::text[], ${col((e) => e.payload)}::text[],
          ${col((e) => e.prevHash)}::text[], ${col((e) => e.hash)}::text[], ${col((e) => e.format)}::int4[], ${col((e) => e.signature)}::text[])
      )
      INSERT INTO postings (event_id, account_id, amount_minor)
      SELECT * FROM unnest(${postings.map((p) => p[0])}::text[], ${postings.map((p) => p[1])}::text[], ${postings.map((p) => p[2])}::int8[])`.execute(trx);
  });
  return performance.now() - started;
}

const rawTillId = 'RAW';
/** Batches pushed, then as many inserted raw, in turn: another process's load falls on both alike, and each pays for its own garbage. */
const turnBatches = 20;

/** The day pushed and inserted raw, in turns; answers both totals in seconds. */
async function catchUp(server: RunningServer, token: string, journal: TestJournal): Promise<{ seconds: number; raw: number; resent: number }> {
  await server.store.db.insertInto('tills').values({ id: rawTillId, name: 'raw' }).execute();
  const raw = rawBatches(journal);
  let pushMs = 0;
  let rawMs = 0;
  let sent = 0;
  for (let turn = 0; turn < raw.length; turn += turnBatches) {
    const pushed = await pushBatches(server, token, journal, turn, Math.min(turn + turnBatches, raw.length));
    pushMs += pushed.ms;
    sent += pushed.sent;
    for (let b = turn; b < Math.min(turn + turnBatches, raw.length); b += 1) rawMs += await insertBatch(server, raw[b]!);
  }
  // the push did its whole work: every event stored, the head at the last one
  const head = await server.store.db.selectFrom('tills').select(['head_seq', 'head_hash']).where('id', '=', journal.tillId).executeTakeFirstOrThrow();
  if (Number(head.head_seq) !== journal.head.seq || head.head_hash !== journal.head.hash) throw new Error(`the server's head is ${head.head_seq}, not ${journal.head.seq}`);
  return { seconds: pushMs / 1000, raw: rawMs / 1000, resent: sent - raw.length };
}

async function firstPull(server: RunningServer, token: string): Promise<{ seconds: number; raw: number; records: number }> {
  const records = Array.from({ length: contacts }, (_, i) => ({
    kind: 'contact',
    id: `bc-${i}`,
    body: { id: `bc-${i}`, kind: 'individual', name: `Contact ${i}`, firstName: 'Banc', email: '', street: '', buildingNumber: '', postcode: '', city: 'Genève', country: 'CH', deferredAuthorised: false, deferredLimitMinor: 0 },
  }));
  for (let i = 0; i < records.length; i += pullRecordsMax) await admin(server.url, 'PUT', '/records', { records: records.slice(i, i + pullRecordsMax) });
  const started = performance.now();
  let cursor = '0';
  let count = 0;
  for (;;) {
    const page = await call(server.url, 'GET', `/v1/pull?cursor=${cursor}`, { token });
    count += page.value.records.length;
    cursor = page.value.cursor;
    if (!page.value.more) break;
  }
  const seconds = (performance.now() - started) / 1000;
  // baseline: the same pages read raw from the same table, without HTTP, JSON or a snapshot
  const rawStarted = performance.now();
  let rawCursor = '0';
  for (;;) {
    const rows = await sql<{ version: string }>`SELECT kind, id, body, version::text AS version FROM records WHERE version > ${rawCursor}::int8 ORDER BY version LIMIT ${pullRecordsMax}::int4`.execute(server.store.db);
    if (rows.rows.length === 0) break;
    rawCursor = rows.rows.at(-1)!.version;
  }
  return { seconds, raw: (performance.now() - rawStarted) / 1000, records: count };
}

export const syncServerCase: BenchCase = {
  name: 'sync-server',
  description: `the ledger server taking ${events.toLocaleString('en')} offline events of one till (PostgreSQL 15, PGlite) and a first pull`,
  async run(options) {
    const figures: Figure[] = [];
    const journal = offlineDay('B1');
    options.log(`${events} events generated`);
    const cluster = await startTestCluster({ isDurable: true });
    try {
      const server = await startTestServer({ engine: 'postgresql', cluster });
      try {
        const token = await enrol(server, 'B1');
        const { seconds, raw, resent } = await catchUp(server, token, journal);
        options.log(`PostgreSQL (fsync on): ${seconds.toFixed(2)} s through the server, ${raw.toFixed(2)} s raw (${(seconds / raw).toFixed(2)}×; batches sent again after overtaking their predecessor: ${resent})`);
        const ratio = seconds / raw;
        figures.push(
          figure('sync.push_100k_postgres', 's', seconds, raw, {
            bar: { text: `< ${barSeconds} s and ≤ ${ratioMax}× raw`, isMet: seconds < barSeconds && ratio <= ratioMax },
            note: `fsync on; ${events / pushEventsMax} HTTP batches of ${pushEventsMax} (payloads in version 2, the till's side on node:http) with every check, balances and records; baseline: raw INSERTs of the same event and posting rows, same batches, same database, alternating with the push`,
          }),
        );
        const pulled = await firstPull(server, token);
        options.log(`first pull: ${pulled.records} records in ${pulled.seconds.toFixed(2)} s`);
        figures.push(figure('sync.first_pull_100k_contacts', 's', pulled.seconds, pulled.raw, { note: `${pulled.records} records (demo data, ${contacts} contacts, balances) in pages of ${pullRecordsMax} over HTTP; baseline: the same pages SELECTed raw` }));
      } finally {
        await server.close();
      }
    } finally {
      await cluster.stop();
    }
    const lite = await startTestServer({ engine: 'pglite' });
    try {
      const token = await enrol(lite, 'B1');
      const { seconds, raw } = await catchUp(lite, token, journal);
      options.log(`PGlite: ${seconds.toFixed(2)} s through the server, ${raw.toFixed(2)} s raw`);
      figures.push(figure('sync.push_100k_pglite', 's', seconds, raw, { note: 'the embedded default (in memory here), for reference; baseline: raw INSERTs of the same rows' }));
    } finally {
      await lite.close();
    }
    return figures;
  },
};
