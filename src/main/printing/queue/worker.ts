// The print queue's worker: takes due jobs after their transaction has committed, one at
// a time per printer (a due drawer pulse first: it never waits behind a document), each on
// a connection of its own; checks the printer's status, writes the bytes, checks again, and
// records the outcome with its trace and journal entry. A printer that is off or silent is
// retried with a capped backoff; one out of paper or with its cover open is polled and the
// job says why it waits; bytes that may have left without the printer confirming them
// leave the job in doubt for a person. Nothing is sent twice by the queue itself, and
// nothing is called printed that the printer did not confirm (unless its status reading is
// off).
import type { TillContext } from '../../kernel/context.ts';
import { confirmsPrinted, unknownStatus, verdictBeforeSending, type PrinterStatus } from '../escpos/status.ts';
import { StatusChannel } from '../transports/status-channel.ts';
import { transportFor, type TransportDeps } from '../transports/open.ts';
import { TransportError, withTimeout, type Connection } from '../transports/transport.ts';
import { claimJob, dueJobs, inTransaction, jobById, nextDueAtMs, recordJobEvent, recoverInterrupted, setJob, type EventName, type JobRow, type JobStatus } from './jobs-store.ts';
import { journalPrint } from './journal-print.ts';
import { printerById, setPrinterStatus, type PrinterConfig } from './printers-store.ts';
import { drawerPulseFor, renderContextOf, renderJob } from './render-job.ts';

export interface WorkerOptions {
  language: 'fr' | 'en';
  transports: TransportDeps;
  /** How long a printer has to answer a status question. */
  statusTimeoutMs: number;
  /**
   * How long a printer has to answer the first question after a job was written (plus the
   * job's allowance, see msPerByte): the question waits behind the job in its buffer.
   */
  confirmTimeoutMs: number;
  /** How long writing a job may take (plus its allowance) before it is left in doubt. */
  writeTimeoutMs: number;
  /** A job's allowance per byte, for the head and the wire (a serial line gets twice its wire time if that is more). */
  msPerByte: number;
  /** Backoff of a printer that cannot be reached or does not answer: base × 2^(attempt − 1), capped. */
  retryBaseMs: number;
  retryCapMs: number;
  /** How often a printer out of paper or with its cover open is asked again. */
  notReadyPollMs: number;
  log: (message: string, error?: unknown) => void;
}

export const defaultWorkerOptions: Omit<WorkerOptions, 'transports' | 'log' | 'language'> = {
  statusTimeoutMs: 800,
  confirmTimeoutMs: 10_000,
  writeTimeoutMs: 30_000,
  msPerByte: 2,
  retryBaseMs: 1000,
  retryCapMs: 30_000,
  notReadyPollMs: 3000,
};

export function retryDelayMs(attempts: number, baseMs: number, capMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 20), capMs);
}

export class PrintWorker {
  private stopped = false;
  private busy = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running = new Set<Promise<void>>();

  constructor(private readonly till: TillContext, private readonly options: WorkerOptions) {}

  start(): void {
    const { db, clock, ids } = this.till;
    const recovered = inTransaction(db, () => recoverInterrupted(db, clock.nowMs(), () => ids.ulid()));
    if (recovered > 0) this.options.log(`print queue: ${recovered} job(s) interrupted by the last stop`);
    this.poke();
  }

  /** Stops taking jobs; a job in flight is abandoned where it stands (the next start recovers it). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.running]);
  }

  poke(): void {
    if (this.stopped) return;
    try {
      this.pump();
    } catch (error) {
      this.options.log('print queue: pump failed', error);
    }
  }

  isBusy(printerId: string): boolean {
    return this.busy.has(printerId);
  }

  private pump(): void {
    const now = this.till.clock.nowMs();
    for (const job of dueJobs(this.till.db, now)) {
      if (this.busy.has(job.printer_id)) continue;
      this.busy.add(job.printer_id);
      const run = this.process(job.id)
        .catch((error: unknown) => this.options.log(`print queue: job ${job.id} failed`, error))
        .finally(() => {
          this.busy.delete(job.printer_id);
          this.running.delete(run);
          this.poke();
        });
      this.running.add(run);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const due = nextDueAtMs(this.till.db);
    if (due === null || this.stopped) return;
    this.timer = setTimeout(() => this.poke(), Math.max(due - this.till.clock.nowMs(), 10));
    this.timer.unref?.();
  }

  private event(job: JobRow, event: EventName, details: Record<string, unknown> = {}): void {
    recordJobEvent(this.till.db, { id: this.till.ids.ulid(), jobId: job.id, atMs: this.till.clock.nowMs(), event, printerId: job.printer_id, details });
  }

  /** Moves a job in one transaction, unless the worker was stopped meanwhile. */
  private settle(job: JobRow, status: JobStatus, event: EventName, fields: { reason?: string | null; nextAtMs?: number | null; details?: Record<string, unknown> } = {}): void {
    if (this.stopped) return;
    const now = this.till.clock.nowMs();
    inTransaction(this.till.db, () => {
      setJob(this.till.db, job.id, { status, phase: null, reason: fields.reason ?? null, next_attempt_at_ms: fields.nextAtMs ?? null }, now);
      this.event(job, event, { reason: fields.reason ?? null, ...fields.details });
    });
  }

  private claim(jobId: string): { job: JobRow; printer: PrinterConfig } | null {
    const { db, clock } = this.till;
    return inTransaction(db, () => {
      const job = jobById(db, jobId);
      const printer = job ? printerById(db, job.printer_id) : null;
      if (!job || !printer || !claimJob(db, jobId, clock.nowMs())) return null;
      if (job.expires_at_ms !== null && job.expires_at_ms <= clock.nowMs()) {
        setJob(db, jobId, { status: 'expired', phase: null, reason: 'too_late' }, clock.nowMs());
        this.event(job, 'expired');
        return null;
      }
      this.event(job, 'attempt', { attempt: job.attempts + 1 });
      return { job: { ...job, attempts: job.attempts + 1 }, printer };
    });
  }

  private async process(jobId: string): Promise<void> {
    const claimed = this.claim(jobId);
    if (!claimed) return;
    const { job, printer } = claimed;
    const ctx = renderContextOf(this.till.db, this.options.language);
    let bytes: ReturnType<typeof renderJob>;
    try {
      bytes = renderJob(this.till.db, job, printer, ctx, this.till.clock.nowMs());
    } catch (error) {
      this.options.log(`print queue: job ${job.id} could not be rendered`, error);
      return this.settle(job, 'in_doubt', 'in_doubt', { reason: 'render_failed' });
    }
    if (!bytes.ok) return this.settle(job, 'in_doubt', 'in_doubt', { reason: bytes.error.code });
    let conn: Connection;
    try {
      conn = await (await transportFor(printer.id, printer.connection, this.options.transports)).open();
    } catch (error) {
      return this.waitAfterFailure(job, printer, error);
    }
    try {
      await this.send(job, printer, conn, bytes.value);
    } finally {
      await conn.close().catch(() => {});
    }
  }

  private async send(job: JobRow, printer: PrinterConfig, conn: Connection, rendered: Uint8Array): Promise<void> {
    const channel = new StatusChannel(conn);
    const isDrawer = job.kind === 'drawer';
    const before = await this.readStatus(channel, printer, this.options.statusTimeoutMs);
    if (this.stopped) return;
    const verdict = verdictBeforeSending(before, isDrawer);
    if (verdict === 'wait_not_ready') return this.settle(job, 'waiting', 'waiting', { reason: before.state, nextAtMs: this.till.clock.nowMs() + this.options.notReadyPollMs });
    if (verdict === 'wait_silent') return this.settle(job, 'waiting', 'waiting', { reason: before.state, nextAtMs: this.till.clock.nowMs() + this.backoffMs(job) });
    const bytes = isDrawer ? drawerPulseFor(printer, before) : rendered;
    const allowanceMs = this.allowanceMs(printer, bytes.length);
    inTransaction(this.till.db, () => setJob(this.till.db, job.id, { phase: 'writing' }, this.till.clock.nowMs()));
    try {
      await withTimeout(conn.write(bytes), this.options.writeTimeoutMs + allowanceMs, `writing job ${job.id}`);
    } catch (error) {
      const code = error instanceof TransportError ? error.code : 'io_error';
      return this.settle(job, 'in_doubt', 'in_doubt', { reason: code, details: { message: (error as Error).message } });
    }
    const after = await this.readStatus(channel, printer, Math.max(this.options.statusTimeoutMs, this.options.confirmTimeoutMs + allowanceMs));
    if (this.stopped) return;
    if (!confirmsPrinted(after, isDrawer)) return this.settle(job, 'in_doubt', 'in_doubt', { reason: after.state, details: { bytes: bytes.length } });
    this.markPrinted(job, printer, bytes, after);
  }

  /** Time a job's bytes may take through the wire and the head, on top of the fixed timeouts. */
  private allowanceMs(printer: PrinterConfig, byteCount: number): number {
    const wireMsPerByte = printer.connection.transport === 'serial' ? 20_000 / printer.connection.baudRate : 0;
    return Math.ceil(byteCount * Math.max(wireMsPerByte, this.options.msPerByte));
  }

  private backoffMs(job: JobRow): number {
    return retryDelayMs(job.attempts, this.options.retryBaseMs, this.options.retryCapMs);
  }

  private async readStatus(channel: StatusChannel, printer: PrinterConfig, firstTimeoutMs: number): Promise<PrinterStatus> {
    let status: PrinterStatus;
    try {
      status = await channel.read(printer.statusMode, printer.drawerSensor, this.options.statusTimeoutMs, this.till.clock.nowMs(), firstTimeoutMs);
    } catch (error) {
      status = unknownStatus('unreachable', error instanceof TransportError ? error.code : 'io_error', this.till.clock.nowMs());
    }
    setPrinterStatus(this.till, printer.id, status);
    return status;
  }

  private waitAfterFailure(job: JobRow, printer: PrinterConfig, error: unknown): void {
    const code = error instanceof TransportError ? error.code : 'io_error';
    if (!(error instanceof TransportError)) this.options.log(`print queue: ${printer.name}`, error);
    setPrinterStatus(this.till, printer.id, unknownStatus('unreachable', code, this.till.clock.nowMs()));
    this.settle(job, 'waiting', 'waiting', { reason: code, nextAtMs: this.till.clock.nowMs() + this.backoffMs(job) });
  }

  private markPrinted(job: JobRow, printer: PrinterConfig, bytes: Uint8Array, status: PrinterStatus): void {
    const { db, clock } = this.till;
    const now = clock.nowMs();
    inTransaction(db, () => {
      setJob(db, job.id, { status: 'printed', phase: null, reason: null, next_attempt_at_ms: null, printed_at_ms: now }, now);
      this.event(job, 'printed', { bytes: bytes.length, status: status.state });
      journalPrint(this.till, job, printer.id, bytes, now, null);
    });
  }
}
