// A till's push with two batches in flight (issue 15 point 6): the batch of the events after
// the last one sent goes out while the answer to that one is on its way, so that the server
// parses and checks it while PostgreSQL writes and commits the one before. The server takes
// one till's batches in turn on its row lock; a batch that gets the lock before the events
// just before it are stored is refused sync_gap (nothing written) and sent again. On any
// failure every batch in flight is waited for and its answer taken, then the first failure
// decides: sent again from what the server holds, or thrown to the loop (its backoff).
// Pure: the till's client (client.ts) and the bench (bench/cases/sync-server.ts) give it
// their journal and their line.
import type { z } from 'zod';
import type { PushOutput } from '../../shared/api/sync-schemas.ts';

export type PushAnswer = z.infer<typeof PushOutput>;

/** Batches of one till sent before the answer to the first of them came back. */
export const pushesInFlightMax = 2;

/** The server answered with a refusal (4xx): it is reachable but will not take this. */
export class SyncRefusal extends Error {
  override name = 'SyncRefusal';
  constructor(readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

/** The seq the server asked for in a sync_gap refusal, else null. */
export function gapExpectedSeq(error: unknown): number | null {
  if (!(error instanceof SyncRefusal) || error.code !== 'sync_gap') return null;
  const expected = error.details?.expectedSeq;
  return typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 1 ? expected : null;
}

export interface OutgoingBatch {
  /** The seq of its last event; null for a batch of records only. */
  lastSeq: number | null;
  hasRecords: boolean;
}

/** What the pipeline needs of a till: its journal in batches, its line to the server and its acknowledgement. */
export interface PushLine<B extends OutgoingBatch> {
  /** The last seq the server acknowledged, as the till stores it. */
  ackedSeq(): number;
  /**
   * The events after `afterSeq`, one batch; the first batch of a round also carries the
   * queued records (later ones never: records go once, in order). Null: nothing to send.
   */
  batchAfter(afterSeq: number, isFirst: boolean): B | null;
  send(batch: B): Promise<PushAnswer>;
  /** Checks an answer against the journal and stores its acknowledgement; throws on one that does not fit. */
  take(batch: B, answer: PushAnswer): void;
  /**
   * A refusal the till answers by sending again from an earlier seq (the server holds less
   * than it acknowledged when the batch was sent, `ackedAtSendSeq`): true when it rewound.
   */
  rewind(error: unknown, ackedAtSendSeq: number): boolean;
}

interface InFlight<B> {
  batch: B;
  /** The acknowledged seq when it was sent. */
  ackedAtSendSeq: number;
  answer: Promise<Settled>;
}

type Settled = { ok: true; value: PushAnswer } | { ok: false; error: unknown };

const settle = (sent: Promise<PushAnswer>): Promise<Settled> =>
  sent.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

/** Pushes until the server holds the journal and the queued records; throws what the loop must back off from. */
export async function pushJournal<B extends OutgoingBatch>(line: PushLine<B>, inFlightMax = pushesInFlightMax): Promise<void> {
  while (await pushRound(line, inFlightMax));
}

/** One round from the acknowledged seq: true when it sent something (another round may have more). */
async function pushRound<B extends OutgoingBatch>(line: PushLine<B>, inFlightMax: number): Promise<boolean> {
  const inFlight: InFlight<B>[] = [];
  let cursor = line.ackedSeq();
  let isOpen = true;
  let hasSent = false;
  for (;;) {
    while (isOpen && inFlight.length < inFlightMax) {
      const batch = line.batchAfter(cursor, !hasSent);
      if (!batch) break;
      hasSent = true;
      inFlight.push({ batch, ackedAtSendSeq: line.ackedSeq(), answer: settle(line.send(batch)) });
      if (batch.lastSeq === null) isOpen = false; // records only: no event follows
      else cursor = batch.lastSeq;
    }
    const oldest = inFlight.shift();
    if (!oldest) return hasSent;
    const settled = await oldest.answer;
    const failure = settled.ok ? taken(line, oldest.batch, settled.value) : settled.error;
    if (failure === null) continue;
    // every batch in flight answered and taken before the failure decides: the server's head is then known
    const failures = [{ flight: oldest, error: failure }];
    for (const flight of inFlight) {
      const other = await flight.answer;
      const error = other.ok ? taken(line, flight.batch, other.value) : other.error;
      if (error !== null) failures.push({ flight, error });
    }
    // a batch of events only whose answer was lost while a later answer says the server holds them lost nothing
    const standing = failures.filter(({ flight }) => flight.batch.hasRecords || flight.batch.lastSeq === null || flight.batch.lastSeq > line.ackedSeq());
    if (standing.length === 0) return true;
    const { flight, error } = standing[0]!;
    if (line.rewind(error, flight.ackedAtSendSeq)) return true;
    // the batch got the server's lock before the events before it were stored (sent
    // together, or the line let it overtake them): they are stored now, send it again
    const expected = gapExpectedSeq(error);
    if (expected !== null && expected > flight.ackedAtSendSeq && expected <= line.ackedSeq()) return true;
    throw error;
  }
}

/** The answer taken, or why it could not be. */
function taken<B extends OutgoingBatch>(line: PushLine<B>, batch: B, answer: PushAnswer): unknown {
  try {
    line.take(batch, answer);
    return null;
  } catch (error) {
    return error ?? new Error('the answer could not be taken');
  }
}
