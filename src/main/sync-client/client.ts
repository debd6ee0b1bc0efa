// The sync loop of one till: enrol when a code waits (with the till's public signing
// keys), push the journal past the acknowledged seq in batches, two in flight (pipeline.ts;
// the same ids every time, for ever, with capped backoff that starts again from its first
// step whenever the server's head moves), then pull what changed since the cursor. Every
// step's outcome is written to sync_state in its own short transaction; no SQLite
// transaction ever spans a network call.
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { ConfigChangeRecord, type ConfigHistoryQuery, ConfigurationInput, ConfigurationOutput, enrolProofText, EnrolOutput, HoldOutput, type HoldInput, PullOutput, PushOutput, pushEventsMax, TillId, type SyncEvent } from '../../shared/api/sync-schemas.ts';
import { isErrorCode, type ErrorCode } from '../../shared/api/errors.ts';
import { errorMessage } from '../../shared/i18n/messages.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { stmt } from '../kernel/db/connection.ts';
import { transact } from '../kernel/tx.ts';
import type { JournalRow } from '../kernel/ledger/journal.ts';
import { journalHead } from '../kernel/ledger/ledger.ts';
import { genesisHash, signedFormat } from '../kernel/ledger/journal.ts';
import { signingKeysOf } from '../kernel/ledger/keys.ts';
import { sealedRowsSql } from '../kernel/ledger/seals.ts';
import { recordAudit } from '../kernel/audit.ts';
import type { TillContext } from '../kernel/context.ts';
import { journalEntries, setTillId } from '../kernel/till-identity.ts';
import { applyPull, queuedRecords, type QueuedRecord } from './records.ts';
import { beginRestore, restoreStateOf, RestoreRefused, runRestore, type RestoreDeps } from './restore.ts';
import { keepLastErrorDetails, syncState, updateSyncState } from './state.ts';
import { gapExpectedSeq, pushJournal, SyncRefusal, type PushAnswer } from './pipeline.ts';
import { sendIssuedDocuments } from './documents.ts';
import { InvoiceDocumentHeld } from '../../shared/api/document-schemas.ts';

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
  /** Where a restored till makes its new signing key (openTill gives its key folder); null: no restore here. */
  keys: RestoreDeps['keys'];
}

/** How long a request made while someone waits at the screen (another till's invoice document) may take before the till answers offline. */
export const interactiveRequestTimeoutMs = 5_000;

export const defaultSyncOptions: SyncClientOptions = {
  fetch: (...args) => fetch(...args),
  intervalMs: 3_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  batchSize: pushEventsMax,
  requestTimeoutMs: 15_000,
  log: (message, error) => console.error(`[guichet sync] ${message}`, error ?? ''),
  language: 'fr',
  keys: null,
};

export { SyncRefusal };

const Envelope = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) })]);

export class SyncClient {
  private timer: NodeJS.Timeout | null = null;
  /** The timer is the one poke asked for (no delay): a burst of sales re-arms nothing. */
  private isTimerDueNow = false;
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
    else if (!(this.timer && this.isTimerDueNow)) this.schedule(0);
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
    this.isTimerDueNow = delayMs === 0;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.isTimerDueNow = false;
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
      await this.restoreIfAsked();
      await this.push();
      // the issued documents of the entries the server now holds; never throws (documents.ts)
      await sendIssuedDocuments(this.till, (method, path, body) => this.request(method, path, body), this.options.log);
      await this.pull();
      this.failures = 0;
      updateSyncState(db, { online: 1, last_success_ms: this.till.clock.nowMs(), last_error_code: null, last_error_message: null });
      keepLastErrorDetails(db, null);
    } catch (error) {
      if (!db.open) return; // the till closed during the cycle; the next start resumes
      this.failures += 1;
      const refusal = error instanceof SyncRefusal;
      const code = refusal ? error.code : 'sync_server_unreachable';
      const message = describeError(error);
      updateSyncState(db, { online: 0, last_error_code: code, last_error_message: message });
      // the details, so that the screen words the refusal again in its own language
      keepLastErrorDetails(db, refusal ? (error.details ?? null) : null);
      if (this.failures === 1 || refusal) this.options.log(`sync failed (${code}): ${message}`);
    }
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = this.options.requestTimeoutMs): Promise<unknown> {
    const state = syncState(this.till.db);
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': this.options.language };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (state.token) headers.authorization = `Bearer ${state.token}`;
    const response = await this.options.fetch(new URL(path, state.server_url!), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
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

  /**
   * A configuration change sent to the server before anything is written here (issue 16,
   * ADR 0012): what the server stored, or why not — its refusal as it gave it, or
   * configuration_offline when it cannot be reached. Never throws.
   */
  async sendConfiguration(input: z.input<typeof ConfigurationInput>): Promise<Result<z.infer<typeof ConfigurationOutput>>> {
    try {
      return ok(ConfigurationOutput.parse(await this.request('POST', '/v1/configuration', input)));
    } catch (error) {
      if (error instanceof SyncRefusal && isErrorCode(error.code)) return refuse(error.code, error.details);
      return refuse('configuration_offline', { reason: describeError(error) });
    }
  }

  /**
   * The changes made at any till to one configuration record, as the server audited them
   * (issue 16): its refusal as it gave it, or configuration_offline when it cannot be reached.
   */
  async configurationHistory(query: z.infer<typeof ConfigHistoryQuery>): Promise<Result<z.infer<typeof ConfigChangeRecord>[]>> {
    try {
      const path = `/v1/configuration/history?kind=${encodeURIComponent(query.kind)}&id=${encodeURIComponent(query.id)}`;
      return ok(z.array(ConfigChangeRecord).parse(await this.request('GET', path)));
    } catch (error) {
      if (error instanceof SyncRefusal && isErrorCode(error.code)) return refuse(error.code, error.details);
      return refuse('configuration_offline', { reason: describeError(error) });
    }
  }

  /**
   * A hold on a shared account (issue 15 point 2): granted or not, as the server answered;
   * null when the server cannot be reached (this till then counts as offline). Never throws.
   */
  async requestHold(input: HoldInput): Promise<Result<HoldOutput | null>> {
    try {
      return ok(HoldOutput.parse(await this.request('POST', '/v1/holds', input)));
    } catch (error) {
      if (error instanceof SyncRefusal && isErrorCode(error.code)) return refuse(error.code, error.details);
      updateSyncState(this.till.db, { online: 0, last_error_code: 'sync_server_unreachable', last_error_message: describeError(error) });
      return ok(null);
    }
  }

  /**
   * Another till's invoice document as the server holds it (issue 15): the server's refusal
   * as it gave it (not sent yet, unknown), an answer that breaks the wire invalid, or null
   * when the server cannot be reached. Never throws.
   */
  async invoiceDocument(invoiceId: string): Promise<Result<InvoiceDocumentHeld | null>> {
    try {
      // a supervisor waits at the screen: an unanswered server is offline sooner than for the loop
      const timeoutMs = Math.min(this.options.requestTimeoutMs, interactiveRequestTimeoutMs);
      return ok(InvoiceDocumentHeld.parse(await this.request('GET', `/v1/documents/invoices/${encodeURIComponent(invoiceId)}`, undefined, timeoutMs)));
    } catch (error) {
      if (error instanceof SyncRefusal && isErrorCode(error.code)) return refuse(error.code, error.details);
      if (error instanceof z.ZodError) return refuse('invoice_document_invalid', { invoice: invoiceId, invoiceId, reason: 'the server’s answer is not an invoice document' });
      return ok(null);
    }
  }

  /**
   * Enrols with the code that waits (ADR 0011). A code for another id: a fresh till (no
   * entry yet) takes the code's id and name and asks again; a till with entries keeps its
   * own and the refusal stands. A refusal forgets the code; an answer lost on the way keeps
   * it, and the next cycle asks again with the same code and the proof that this machine
   * holds the key it enrolled with. A replacement code makes the till restore its journal.
   */
  private async enrol(serverUrl: string, code: string): Promise<void> {
    let answer: z.infer<typeof EnrolOutput>;
    try {
      answer = await this.askEnrolment(code).catch((error: unknown) => {
        if (error instanceof SyncRefusal && error.code === 'enrolment_till_mismatch' && this.takeCodeIdentity(error.details)) return this.askEnrolment(code);
        throw error;
      });
    } catch (error) {
      // a refused code is spent, wrong or for another till: forget it (the administrator gives a new one)
      if (error instanceof SyncRefusal) updateSyncState(this.till.db, { pending_code: null, server_url: syncState(this.till.db).token ? serverUrl : null });
      throw error;
    }
    if (answer.restore) return this.acceptReplacement(serverUrl, answer);
    const db = this.till.db;
    const head = journalHead(db, this.till.tillId);
    const acked = answer.head;
    if (acked.seq > head.seq || (acked.seq > 0 && hashAt(this.till, acked.seq) !== acked.hash)) {
      updateSyncState(db, { pending_code: null });
      throw this.refusal('sync_chain_broken', { seq: acked.seq });
    }
    transact(db, () => {
      updateSyncState(db, { token: answer.token, pending_code: null, enrolled_at_ms: this.till.clock.nowMs(), acked_seq: acked.seq, acked_hash: acked.hash, pull_cursor: '0' });
      recordAudit(this.till, { userId: 'system', action: 'sync.enrolled', details: { serverUrl, ackedSeq: acked.seq } });
      return ok(null);
    });
  }

  /** POST /v1/enrol with the till's id, name, head and keys, and the proof for a retried code. */
  private async askEnrolment(code: string): Promise<z.infer<typeof EnrolOutput>> {
    const db = this.till.db;
    const tillId = this.till.tillId;
    const head = journalHead(db, tillId);
    const tillName = (stmt(db, 'SELECT name FROM tills WHERE id = ?').get(tillId) as { name: string } | undefined)?.name ?? tillId;
    // the server registers the till's public keys: from the first one's mark on it takes only signed events
    const signingKeys = signingKeysOf(db, tillId).map((k) => ({ fromSeq: k.from_seq, publicKey: k.public_key }));
    const proof = this.till.signer?.sign(createHash('sha256').update(enrolProofText(code, tillId)).digest('hex'));
    return EnrolOutput.parse(await this.request('POST', '/v1/enrol', { code, tillId, tillName, head, signingKeys, ...(proof ? { proof } : {}) }));
  }

  /** A fresh till takes the id and name the code was made for; one with entries keeps its own (false). */
  private takeCodeIdentity(details: Record<string, unknown> | undefined): boolean {
    const tillId = TillId.safeParse(details?.codeTillId);
    if (!tillId.success || journalEntries(this.till.db) > 0) return false;
    const tillName = typeof details?.codeTillName === 'string' && details.codeTillName !== '' ? details.codeTillName : `Guichet ${tillId.data}`;
    const taken = setTillId(this.till, { tillId: tillId.data, tillName });
    if (taken.ok) this.options.log(`this fresh till takes the id ${tillId.data} its enrolment code was made for`);
    return taken.ok;
  }

  /**
   * A replacement code: this fresh machine is the replaced till now. It keeps the token and
   * the server's head as the restore's target, and writes nothing else until the journal
   * is back (the ledger refuses: till_restoring).
   */
  private acceptReplacement(serverUrl: string, answer: z.infer<typeof EnrolOutput>): void {
    const db = this.till.db;
    transact(db, () => {
      updateSyncState(db, { token: answer.token, pending_code: null, enrolled_at_ms: this.till.clock.nowMs(), acked_seq: 0, acked_hash: genesisHash, pull_cursor: '0' });
      beginRestore(db, { tillId: this.till.tillId, serverUrl, target: answer.head, askedAtMs: this.till.clock.nowMs() });
      recordAudit(this.till, { userId: 'system', action: 'sync.enrolled', details: { serverUrl, ackedSeq: 0, restoreTo: answer.head.seq } });
      return ok(null);
    });
    this.options.log(`till ${this.till.tillId} enrolled on this machine as a replacement: its journal (up to ${answer.head.seq}) is restored from the server`);
  }

  /** A refusal the till makes itself, worded in its language like the server's. */
  private refusal(code: ErrorCode, details: Record<string, unknown>): SyncRefusal {
    const message = errorMessage(code, details, { language: this.options.language, currency: this.till.config.institution().currency, country: this.till.config.institution().country });
    return new SyncRefusal(code, message, details);
  }

  /**
   * A replaced till's journal brought back before anything else (restore.ts): the
   * configuration first (its performances, methods and contacts name the restored rows),
   * then the journal page by page, then the records again from the start.
   */
  private async restoreIfAsked(): Promise<void> {
    const restoring = restoreStateOf(this.till.db);
    if (!restoring) return;
    await this.pull();
    try {
      await runRestore(this.till, restoring, {
        request: (method, path, body) => this.request(method, path, body),
        keys: this.options.keys,
        pageSize: this.options.batchSize,
        log: (message) => this.options.log(message),
      });
    } catch (error) {
      if (error instanceof RestoreRefused) throw this.refusal(error.refusal.error.code, error.refusal.error.details ?? {});
      throw error;
    }
  }

  /** The journal past the acknowledged seq, two batches in flight (pipeline.ts), then the queued records. */
  private async push(): Promise<void> {
    const db = this.till.db;
    const tillId = this.till.tillId;
    await pushJournal<OutgoingPush>({
      ackedSeq: () => syncState(db).acked_seq,
      batchAfter: (afterSeq, isFirst) => {
        const rows = this.sealedBatch(afterSeq);
        const records = isFirst ? queuedRecords(db, syncState(db).records_acked, this.options.batchSize) : [];
        return rows.length === 0 && records.length === 0 ? null : { rows, records, lastSeq: rows.at(-1)?.seq ?? null, hasRecords: records.length > 0 };
      },
      send: async ({ rows, records }) => PushOutput.parse(await this.request('POST', '/v1/push', { tillId, events: rows.map(toWire), records: records.map((r) => r.record) })),
      take: (batch, answer) => this.takePushAnswer(batch, answer),
      rewind: (error, ackedAtSendSeq) => {
        const from = rewindTo(error, ackedAtSendSeq);
        if (from === null) return false;
        // the server holds less of this journal than it once acknowledged (restored from an
        // older backup): the till still has every event, so it sends them again from there
        this.options.log(`the server holds this journal up to ${from} only, after acknowledging ${ackedAtSendSeq}: sending again from ${from + 1}`);
        updateSyncState(db, { acked_seq: from, acked_hash: from === 0 ? genesisHash : hashAt(this.till, from)! });
        return true;
      },
    });
  }

  /** A push's answer: the server's head must hold the batch's events as this journal has them. */
  private takePushAnswer({ rows, records }: OutgoingPush, answer: PushAnswer): void {
    const db = this.till.db;
    const last = rows.at(-1);
    if (last && (answer.head.seq < last.seq || hashAt(this.till, answer.head.seq) !== answer.head.hash)) {
      throw this.refusal('sync_chain_broken', { seq: answer.head.seq });
    }
    // progress (the server holds more than the till knew, even if the answer that told it
    // so was lost): the line works, so a later loss waits the first step, not a grown one
    if (answer.head.seq > syncState(db).acked_seq) this.failures = 0;
    updateSyncState(db, {
      ...(last ? { acked_seq: last.seq, acked_hash: last.hash } : {}),
      ...(records.length > 0 ? { records_acked: records.at(-1)!.seq } : {}),
    });
  }

  /**
   * The next events to push, ending on a signed one (ADR 0015: the server checks the
   * batch's last signature, which vouches for the events before it through their hashes).
   * Its last event is sealed now if it is not yet; an entry the till's key cannot seal (an
   * older key's, lost before it sealed its tail) ends no batch: the batch stops at the last
   * signed event before it, or waits for the next entry, which the till's key seals.
   */
  private sealedBatch(afterSeq: number): JournalRow[] {
    const { db, tillId } = this.till;
    const rows = stmt(db, `${sealedRowsSql} WHERE j.till_id = ? AND j.seq > ? ORDER BY j.seq LIMIT ?`).all(tillId, afterSeq, this.options.batchSize) as JournalRow[];
    const last = rows.at(-1);
    if (!last || last.signature !== null || last.format !== signedFormat) return rows;
    if (this.till.sealer.seal(last.seq)) {
      const sealed = stmt(db, 'SELECT signature FROM journal_seals WHERE till_id = ? AND seq = ?').get(tillId, last.seq) as { signature: string };
      return [...rows.slice(0, -1), { ...last, signature: sealed.signature }];
    }
    const end = rows.findLastIndex((r) => r.signature !== null || r.format !== signedFormat);
    return rows.slice(0, end + 1);
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
  const expected = gapExpectedSeq(error);
  return expected !== null && expected <= ackedSeq ? expected - 1 : null;
}

interface OutgoingPush {
  rows: JournalRow[];
  records: QueuedRecord[];
  lastSeq: number | null;
  hasRecords: boolean;
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
