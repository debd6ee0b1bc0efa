// The sync loop of one till: enrol when a code waits (with the till's public signing
// keys), push the journal past the acknowledged seq in batches (the same ids every time,
// for ever, with capped backoff that starts again from its first step whenever the server's
// head moves), then pull what changed since the cursor. Every step's
// outcome is written to sync_state in its own short transaction; no SQLite transaction
// ever spans a network call.
import { z } from 'zod';
import { EnrolOutput, PullOutput, PushOutput, pushEventsMax, type SyncEvent } from '../../shared/api/sync-schemas.ts';
import { ok } from '../../shared/result.ts';
import { stmt } from '../kernel/db/connection.ts';
import { transact } from '../kernel/tx.ts';
import type { JournalRow } from '../kernel/ledger/journal.ts';
import { journalHead } from '../kernel/ledger/ledger.ts';
import { genesisHash } from '../kernel/ledger/journal.ts';
import { signingKeysOf } from '../kernel/ledger/keys.ts';
import { recordAudit } from '../kernel/audit.ts';
import type { TillContext } from '../kernel/context.ts';
import { applyPull, queuedRecords } from './records.ts';
import { syncState, updateSyncState } from './state.ts';

export interface SyncClientOptions {
  fetch: typeof fetch;
  /** Time between two cycles when all went well. */
  intervalMs: number;
  /** The first retry's delay after a failure; it doubles up to backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  batchSize: number;
  requestTimeoutMs: number;
  log: (message: string, error?: unknown) => void;
  /** The language of the server's refusal messages the till keeps and shows. */
  language: 'fr' | 'en';
}

export const defaultSyncOptions: SyncClientOptions = {
  fetch: (...args) => fetch(...args),
  intervalMs: 3_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  batchSize: pushEventsMax,
  requestTimeoutMs: 15_000,
  log: (message, error) => console.error(`[guichet sync] ${message}`, error ?? ''),
  language: 'fr',
};

/** The server answered with a refusal (4xx): it is reachable but will not take this. */
export class SyncRefusal extends Error {
  override name = 'SyncRefusal';
  constructor(readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

const Envelope = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) })]);

export class SyncClient {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  /** Failed cycles since the server last showed progress: the backoff's step. */
  private failures = 0;

  constructor(private readonly till: TillContext, private readonly options: SyncClientOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs a cycle as soon as the current one (if any) ends. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** One full cycle now (tests and `sync.now` await it); never throws. */
  async runOnce(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.cycle().finally(() => {
      this.running = null;
    });
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce().then(() => {
        if (this.again) {
          this.again = false;
          this.schedule(0);
        } else this.schedule(this.nextDelay());
      });
    }, delayMs);
    this.timer.unref?.();
  }

  private nextDelay(): number {
    if (this.failures === 0) return this.options.intervalMs;
    const { backoffBaseMs, backoffMaxMs } = this.options;
    const delay = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (this.failures - 1));
    return delay + Math.floor(Math.random() * backoffBaseMs);
  }

  private async cycle(): Promise<void> {
    const db = this.till.db;
    if (!db.open) return;
    const state = syncState(db);
    if (!state.server_url || (!state.token && !state.pending_code)) return;
    updateSyncState(db, { last_attempt_ms: this.till.clock.nowMs() });
    try {
      if (state.pending_code) await this.enrol(state.server_url, state.pending_code);
      await this.push();
      await this.pull();
      this.failures = 0;
      updateSyncState(db, { online: 1, last_success_ms: this.till.clock.nowMs(), last_error_code: null, last_error_message: null });
    } catch (error) {
      if (!db.open) return; // the till closed during the cycle; the next start resumes
      this.failures += 1;
      const refusal = error instanceof SyncRefusal;
      const code = refusal ? error.code : 'sync_server_unreachable';
      const message = describeError(error);
      updateSyncState(db, { online: 0, last_error_code: code, last_error_message: message });
      if (this.failures === 1 || refusal) this.options.log(`sync failed (${code}): ${message}`);
    }
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const state = syncState(this.till.db);
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': this.options.language };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (state.token) headers.authorization = `Bearer ${state.token}`;
    const response = await this.options.fetch(new URL(path, state.server_url!), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.requestTimeoutMs),
    });
    const text = await response.text();
    if (response.status >= 500) throw new Error(`server answered ${response.status}`);
    let parsed: z.infer<typeof Envelope>;
    try {
      parsed = Envelope.parse(JSON.parse(text));
    } catch {
      throw new Error(`server answered ${response.status} with no readable body`);
    }
    if (!parsed.ok) throw new SyncRefusal(parsed.error.code, parsed.error.message, parsed.error.details);
    return parsed.value;
  }

  private async enrol(serverUrl: string, code: string): Promise<void> {
    const db = this.till.db;
    const head = journalHead(db, this.till.tillId);
    const tillName = (stmt(db, 'SELECT name FROM tills WHERE id = ?').get(this.till.tillId) as { name: string } | undefined)?.name ?? this.till.tillId;
    let answer: z.infer<typeof EnrolOutput>;
    try {
      // the server registers the till's public keys: from the first one's mark on it takes only signed events
      const signingKeys = signingKeysOf(db, this.till.tillId).map((k) => ({ fromSeq: k.from_seq, publicKey: k.public_key }));
      answer = EnrolOutput.parse(await this.request('POST', '/v1/enrol', { code, tillId: this.till.tillId, tillName, head, signingKeys }));
    } catch (error) {
      // a refused code is spent or wrong: forget it (the administrator gives a new one)
      if (error instanceof SyncRefusal) updateSyncState(db, { pending_code: null, server_url: syncState(db).token ? serverUrl : null });
      throw error;
    }
    const acked = answer.head;
    if (acked.seq > head.seq || (acked.seq > 0 && hashAt(this.till, acked.seq) !== acked.hash)) {
      updateSyncState(db, { pending_code: null });
      throw new SyncRefusal('sync_chain_broken', `the server holds another journal for till ${this.till.tillId} (seq ${acked.seq})`, { seq: acked.seq });
    }
    transact(db, () => {
      updateSyncState(db, { token: answer.token, pending_code: null, enrolled_at_ms: this.till.clock.nowMs(), acked_seq: acked.seq, acked_hash: acked.hash, pull_cursor: '0' });
      recordAudit(this.till, { userId: 'system', action: 'sync.enrolled', details: { serverUrl, ackedSeq: acked.seq } });
      return ok(null);
    });
  }

  private async push(): Promise<void> {
    const db = this.till.db;
    for (;;) {
      const state = syncState(db);
      const rows = stmt(db, 'SELECT * FROM journal WHERE till_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(this.till.tillId, state.acked_seq, this.options.batchSize) as JournalRow[];
      const records = queuedRecords(db, state.records_acked, this.options.batchSize);
      if (rows.length === 0 && records.length === 0) return;
      let answer: z.infer<typeof PushOutput>;
      try {
        answer = PushOutput.parse(await this.request('POST', '/v1/push', { tillId: this.till.tillId, events: rows.map(toWire), records: records.map((r) => r.record) }));
      } catch (error) {
        const from = rewindTo(error, state.acked_seq);
        if (from === null) throw error;
        // the server holds less of this journal than it once acknowledged (restored from an
        // older backup): the till still has every event, so it sends them again from there
        this.options.log(`the server holds this journal up to ${from} only, after acknowledging ${state.acked_seq}: sending again from ${from + 1}`);
        updateSyncState(db, { acked_seq: from, acked_hash: from === 0 ? genesisHash : hashAt(this.till, from)! });
        continue;
      }
      const last = rows.at(-1);
      if (last && (answer.head.seq < last.seq || hashAt(this.till, answer.head.seq) !== answer.head.hash)) {
        throw new SyncRefusal('sync_chain_broken', `the server's head (${answer.head.seq}) does not match this journal`, { seq: answer.head.seq });
      }
      // progress (the server holds more than the till knew, even if the answer that told it
      // so was lost): the line works, so a later loss waits the first step, not a grown one
      if (answer.head.seq > state.acked_seq) this.failures = 0;
      updateSyncState(db, {
        ...(last ? { acked_seq: last.seq, acked_hash: last.hash } : {}),
        ...(records.length > 0 ? { records_acked: records.at(-1)!.seq } : {}),
      });
    }
  }

  private async pull(): Promise<void> {
    for (;;) {
      const cursor = syncState(this.till.db).pull_cursor;
      const page = PullOutput.parse(await this.request('GET', `/v1/pull?cursor=${cursor}`));
      applyPull(this.till.db, this.till.tillId, page, this.till.clock.nowMs());
      if (!page.more) return;
    }
  }
}

/** fetch's own message is only "fetch failed": its cause says why (connect ECONNREFUSED 10.0.0.5:8787). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return cause && !error.message.includes(cause) ? `${error.message} (${cause})` : error.message;
}

/** Where to resend from when the server asks for an event it had acknowledged, else null. */
export function rewindTo(error: unknown, ackedSeq: number): number | null {
  if (!(error instanceof SyncRefusal) || error.code !== 'sync_gap') return null;
  const expected = error.details?.expectedSeq;
  return typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 1 && expected <= ackedSeq ? expected - 1 : null;
}

function hashAt(till: TillContext, seq: number): string | undefined {
  return (stmt(till.db, 'SELECT hash FROM journal WHERE till_id = ? AND seq = ?').get(till.tillId, seq) as { hash: string } | undefined)?.hash;
}

export function toWire(row: JournalRow): SyncEvent {
  return {
    id: row.id,
    tillId: row.till_id,
    seq: row.seq,
    type: row.type,
    createdAtMs: row.created_at_ms,
    userId: row.user_id,
    sessionId: row.session_id,
    payload: row.payload,
    prevHash: row.prev_hash,
    hash: row.hash,
    format: row.format,
    signature: row.signature ?? null,
  };
}
