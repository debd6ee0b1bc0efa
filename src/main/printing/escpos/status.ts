// Reading a printer's state back: the replies to DLE EOT 1–4 and the 4-byte automatic
// status back frames (GS a), demultiplexed from one byte stream, into one status model.
// No answer is a state of its own, never mistaken for "ready".
import type { z } from 'zod';
import { assertNever } from '../../../shared/assert.ts';
import type { PrinterStatus as PrinterStatusSchema } from '../../../shared/api/printing-schemas.ts';

export type PrinterStatus = z.infer<typeof PrinterStatusSchema>;
export type DrawerSensor = 'none' | 'open_high' | 'open_low';

/** A DLE EOT reply is one byte 0xx1xx10; an ASB frame starts with 0xx1xx00. */
export const isRealtimeReply = (b: number): boolean => (b & 0x93) === 0x12;
export const isAsbHeader = (b: number): boolean => (b & 0x93) === 0x10;

export type StatusEvent = { kind: 'reply'; byte: number } | { kind: 'asb'; bytes: [number, number, number, number] };

/** Splits what a printer sends into DLE EOT replies and ASB frames; XON/XOFF and noise are dropped. */
export class StatusDemux {
  private frame: number[] = [];
  push(chunk: Uint8Array): StatusEvent[] {
    const events: StatusEvent[] = [];
    for (const b of chunk) {
      if (this.frame.length > 0) {
        this.frame.push(b);
        if (this.frame.length === 4) {
          events.push({ kind: 'asb', bytes: this.frame as [number, number, number, number] });
          this.frame = [];
        }
      } else if (isRealtimeReply(b)) events.push({ kind: 'reply', byte: b });
      else if (isAsbHeader(b)) this.frame = [b];
    }
    return events;
  }
}

const bit = (b: number, n: number): boolean => ((b >> n) & 1) === 1;

export interface RealtimeReplies {
  printer: number | null;
  offline: number | null;
  error: number | null;
  paper: number | null;
}

export function unknownStatus(state: PrinterStatus['state'], detail: string | null, atMs: number | null): PrinterStatus {
  return { state, isOnline: null, isCoverOpen: null, paper: null, isDrawerOpen: null, drawerPinHigh: null, errors: [], source: 'none', detail, checkedAtMs: atMs };
}

function drawerOpen(pinHigh: boolean, sensor: DrawerSensor): boolean | null {
  return sensor === 'none' ? null : sensor === 'open_high' ? pinHigh : !pinHigh;
}

/** The status from DLE EOT 1 (printer), 2 (offline cause), 3 (error cause) and 4 (paper). */
export function statusFromReplies(r: RealtimeReplies, sensor: DrawerSensor, atMs: number): PrinterStatus {
  if (r.printer === null) return unknownStatus('no_answer', 'no reply to DLE EOT 1', atMs);
  const errors: PrinterStatus['errors'] = [];
  if (r.error !== null) {
    if (bit(r.error, 2)) errors.push('mechanical');
    if (bit(r.error, 3)) errors.push('autocutter');
    if (bit(r.error, 5)) errors.push('unrecoverable');
    if (bit(r.error, 6)) errors.push('auto_recoverable');
  }
  const paper = r.paper === null ? (r.offline !== null && bit(r.offline, 5) ? 'out' : null) : bit(r.paper, 5) || bit(r.paper, 6) ? 'out' : bit(r.paper, 2) || bit(r.paper, 3) ? 'near_end' : 'ok';
  const pinHigh = bit(r.printer, 2);
  return summarise({
    isOnline: !bit(r.printer, 3),
    isCoverOpen: r.offline === null ? null : bit(r.offline, 2),
    paper,
    isDrawerOpen: drawerOpen(pinHigh, sensor),
    drawerPinHigh: pinHigh,
    errors: r.offline !== null && bit(r.offline, 6) && errors.length === 0 ? ['mechanical'] : errors,
    source: 'dle_eot',
    detail: null,
    checkedAtMs: atMs,
  });
}

/** The status from an automatic status back frame. */
export function statusFromAsb(bytes: readonly number[], sensor: DrawerSensor, atMs: number): PrinterStatus {
  const [b1, b2, b3] = [bytes[0]!, bytes[1]!, bytes[2]!];
  const errors: PrinterStatus['errors'] = [];
  if (bit(b2, 2)) errors.push('mechanical');
  if (bit(b2, 3)) errors.push('autocutter');
  if (bit(b2, 5)) errors.push('unrecoverable');
  if (bit(b2, 6)) errors.push('auto_recoverable');
  const pinHigh = bit(b1, 2);
  return summarise({
    isOnline: !bit(b1, 3),
    isCoverOpen: bit(b1, 5),
    paper: bit(b3, 2) || bit(b3, 3) ? 'out' : bit(b3, 0) || bit(b3, 1) ? 'near_end' : 'ok',
    isDrawerOpen: drawerOpen(pinHigh, sensor),
    drawerPinHigh: pinHigh,
    errors,
    source: 'asb',
    detail: null,
    checkedAtMs: atMs,
  });
}

/** The light a screen shows: the worst thing first. */
function summarise(s: Omit<PrinterStatus, 'state'>): PrinterStatus {
  const state: PrinterStatus['state'] = s.isCoverOpen
    ? 'cover_open'
    : s.paper === 'out'
      ? 'paper_out'
      : s.errors.length > 0
        ? 'error'
        : s.isOnline === false
          ? 'offline'
          : s.paper === 'near_end'
            ? 'paper_near_end'
            : 'ready';
  return { state, ...s };
}

/**
 * What the queue does with a job after asking the printer, before writing a byte of it:
 * send it; wait for a person to load paper or close the cover (polled); or wait for a
 * printer that did not answer (backoff) — with status reading on, silence is never taken
 * for "ready". A drawer pulse goes out whatever the paper says: the printer answered, so it
 * takes a real-time pulse (see realtimeDrawerPulse).
 */
export function verdictBeforeSending(status: PrinterStatus, isDrawer: boolean): 'send' | 'wait_not_ready' | 'wait_silent' {
  switch (status.state) {
    case 'ready':
    case 'paper_near_end':
    case 'not_supported':
      return 'send';
    case 'paper_out':
    case 'cover_open':
    case 'offline':
    case 'error':
      return isDrawer ? 'send' : 'wait_not_ready';
    case 'no_answer':
    case 'unreachable':
    case 'unknown':
      return 'wait_silent';
    default:
      return assertNever(status.state, 'printer state');
  }
}

/**
 * Whether the printer's answer after a job was written confirms it printed: it says it is
 * printing (or, for a drawer pulse, it answered at all), or status reading is off for it.
 * Anything else leaves the job in doubt for a person.
 */
export function confirmsPrinted(status: PrinterStatus, isDrawer: boolean): boolean {
  switch (status.state) {
    case 'ready':
    case 'paper_near_end':
    case 'not_supported':
      return true;
    case 'paper_out':
    case 'cover_open':
    case 'offline':
    case 'error':
      return isDrawer;
    case 'no_answer':
    case 'unreachable':
    case 'unknown':
      return false;
    default:
      return assertNever(status.state, 'printer state');
  }
}

/** Whether the printer answered and is printing: a plain ESC p is acted on at once. */
export function isPrinting(status: PrinterStatus): boolean {
  return status.state === 'ready' || status.state === 'paper_near_end';
}
