// Asks a printer for its status over an open connection: DLE EOT 1, 2, 4 (and 3 when it
// reports an error), or automatic status back; each question has a timeout, and a
// printer that stays silent is reported as such.
import { automaticStatusBack, realtimeStatusQuery } from '../escpos/commands.ts';
import { StatusDemux, statusFromAsb, statusFromReplies, unknownStatus, type DrawerSensor, type PrinterStatus, type RealtimeReplies } from '../escpos/status.ts';
import { TransportError, withTimeout, type Connection } from './transport.ts';

export type StatusMode = 'dle_eot' | 'asb' | 'none';

export class StatusChannel {
  private demux = new StatusDemux();
  private replies: number[] = [];
  private frames: number[][] = [];
  private wake: (() => void) | null = null;

  constructor(private readonly conn: Connection) {
    conn.onData((chunk) => {
      for (const e of this.demux.push(chunk)) {
        if (e.kind === 'reply') this.replies.push(e.byte);
        else this.frames.push(e.bytes);
      }
      this.wake?.();
    });
  }

  private async next<T>(take: () => T | undefined, timeoutMs: number): Promise<T | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = take();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Sends a question; false when the printer does not even take its bytes in time (it reads nothing). */
  private async ask(bytes: Uint8Array, timeoutMs: number): Promise<boolean> {
    try {
      await withTimeout(this.conn.write(bytes), timeoutMs, 'status question');
      return true;
    } catch (error) {
      if (error instanceof TransportError && error.code === 'timeout') return false;
      throw error;
    }
  }

  async query(n: 1 | 2 | 3 | 4, timeoutMs: number): Promise<number | null> {
    this.replies = [];
    if (!(await this.ask(realtimeStatusQuery(n), timeoutMs))) return null;
    return this.next(() => this.replies.shift(), timeoutMs);
  }

  /**
   * The printer's status. `firstTimeoutMs` is how long the first answer may take: longer
   * after a job was written, when the question waits behind the job's bytes in the
   * printer's full buffer.
   */
  async read(mode: StatusMode, sensor: DrawerSensor, timeoutMs: number, nowMs: number, firstTimeoutMs = timeoutMs): Promise<PrinterStatus> {
    if (mode === 'none' || !this.conn.canRead) return unknownStatus('not_supported', mode === 'none' ? null : 'this connection cannot read', nowMs);
    if (mode === 'asb') {
      this.frames = [];
      const frame = (await this.ask(automaticStatusBack(0x0f), firstTimeoutMs)) ? await this.next(() => this.frames.shift(), firstTimeoutMs) : null;
      if (frame) return statusFromAsb(frame, sensor, nowMs);
    }
    const r: RealtimeReplies = { printer: await this.query(1, firstTimeoutMs), offline: null, error: null, paper: null };
    if (r.printer === null) return unknownStatus('no_answer', 'no reply to DLE EOT 1', nowMs);
    r.offline = await this.query(2, timeoutMs);
    if (r.offline !== null && (r.offline & 0x40) !== 0) r.error = await this.query(3, timeoutMs);
    r.paper = await this.query(4, timeoutMs);
    return statusFromReplies(r, sensor, nowMs);
  }
}
