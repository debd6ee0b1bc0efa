// The push pipeline (pipeline.ts) against a simulated server that takes one till's batches in
// turn, as push.ts does on its row lock: a batch whose first seq is not the head + 1 when
// its turn comes is refused sync_gap and writes nothing. Each batch meets a fault drawn by
// fast-check — lost before the server, refused, answer lost after the commit, delivered
// after the batch sent behind it (overtaken), sent twice — and the loop calls the pipeline
// again after a failure, as the sync loop does after its backoff. Every event is stored once,
// in order, without a gap; the till acknowledges only what the server holds; records go once
// with the first batch of a round; and two batches were in flight at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gapExpectedSeq, pushJournal, SyncRefusal, type OutgoingBatch, type PushAnswer, type PushLine } from './pipeline.ts';

type Fault = 'pass' | 'lost-before' | 'refused' | 'lost-after' | 'overtaken' | 'twice';
const faults: Fault[] = ['pass', 'lost-before', 'refused', 'lost-after', 'overtaken', 'twice'];

interface Batch extends OutgoingBatch {
  firstSeq: number;
  records: number[];
}

/** The server's side: its head, the seqs it stored in order, the records it took; one batch taken at a time. */
class Server {
  head = 0;
  readonly stored: number[] = [];
  readonly records: number[] = [];
  private turn: Promise<void> = Promise.resolve();

  /** One batch in its turn, as push.ts under the till's row lock. */
  take(batch: Batch): Promise<PushAnswer> {
    const answer = this.turn.then(() => this.apply(batch));
    this.turn = answer.then(
      () => {},
      () => {},
    );
    return answer;
  }

  private apply(batch: Batch): PushAnswer {
    const statuses: PushAnswer['statuses'] = [];
    const fresh: number[] = [];
    for (let seq = batch.firstSeq; batch.lastSeq !== null && seq <= batch.lastSeq; seq += 1) {
      if (seq <= this.head) statuses.push({ id: `e${seq}`, status: 'exists' });
      else if (seq !== this.head + fresh.length + 1) throw new SyncRefusal('sync_gap', 'gap', { expectedSeq: this.head + 1, seq });
      else {
        fresh.push(seq);
        statuses.push({ id: `e${seq}`, status: 'created' });
      }
    }
    this.stored.push(...fresh);
    this.head += fresh.length;
    this.records.push(...batch.records);
    return { statuses, head: { seq: this.head, hash: `h${this.head}` }, serverTimeMs: 0 };
  }
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function run(events: number, recordCount: number, batchSize: number, plan: readonly Fault[]): Promise<{ server: Server; ackedSeq: number; recordsAcked: number; inFlightMax: number; failedCycles: number }> {
  const server = new Server();
  let ackedSeq = 0;
  let recordsAcked = 0;
  let sends = 0;
  let inFlight = 0;
  let inFlightMax = 0;
  /** The batch whose delivery waits for the one sent after it. */
  let overtaken: (() => void) | null = null;
  const line: PushLine<Batch> = {
    ackedSeq: () => ackedSeq,
    batchAfter: (afterSeq, isFirst) => {
      const lastSeq = Math.min(afterSeq + batchSize, events);
      const records = isFirst ? Array.from({ length: Math.min(batchSize, recordCount - recordsAcked) }, (_, i) => recordsAcked + i + 1) : [];
      if (lastSeq === afterSeq && records.length === 0) return null;
      return { firstSeq: afterSeq + 1, lastSeq: lastSeq === afterSeq ? null : lastSeq, records, hasRecords: records.length > 0 };
    },
    send: async (batch) => {
      // the plan's faults befall the first sends; the line then heals (else a loss could repeat for ever)
      const fault = plan[sends++] ?? 'pass';
      inFlight += 1;
      inFlightMax = Math.max(inFlightMax, inFlight);
      try {
        await tick();
        // the batch sent before this one, held back, reaches the server just after it
        const release = overtaken;
        overtaken = null;
        // (or after a moment when nothing follows it)
        if (fault === 'overtaken') await new Promise<void>((resolve) => {
          overtaken = resolve;
          setTimeout(resolve, 5);
        });
        const delivered = fault === 'lost-before' || fault === 'refused' ? null : server.take(batch);
        release?.();
        if (fault === 'twice') void server.take(batch).catch(() => {});
        if (fault === 'lost-before') throw new Error('fetch failed (connection reset)');
        if (fault === 'refused') throw new SyncRefusal('sync_server_busy', 'refused');
        const answer = await delivered!;
        if (fault === 'lost-after') throw new Error('fetch failed (socket hang up)');
        return answer;
      } finally {
        inFlight -= 1;
      }
    },
    take: (batch, answer) => {
      if (batch.lastSeq !== null && answer.head.seq < batch.lastSeq) throw new SyncRefusal('sync_chain_broken', 'short');
      if (batch.lastSeq !== null) ackedSeq = batch.lastSeq;
      if (batch.records.length > 0) recordsAcked = batch.records.at(-1)!;
    },
    rewind: (error, ackedAtSendSeq) => {
      const expected = gapExpectedSeq(error);
      if (expected === null || expected > ackedAtSendSeq) return false;
      ackedSeq = expected - 1;
      return true;
    },
  };
  // the sync loop: a failed cycle is tried again (after its backoff) until everything is acknowledged
  let failedCycles = 0;
  for (;;) {
    try {
      await pushJournal(line);
      break;
    } catch (error) {
      failedCycles += 1;
      // an overtaken batch left waiting when its follower failed before the server: let it through
      (overtaken as (() => void) | null)?.();
      overtaken = null;
      expect(gapExpectedSeq(error), 'a gap reached the loop: the pipeline should have sent again').toBeNull();
    }
  }
  return { server, ackedSeq, recordsAcked, inFlightMax, failedCycles };
}

describe('the push pipeline, two batches in flight', () => {
  it('stores every event once, in order, and acknowledges only what the server holds, whatever befalls each batch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 7 }), fc.array(fc.constantFrom(...faults), { maxLength: 16 }), async (events, records, batchSize, plan) => {
        const { server, ackedSeq, recordsAcked } = await run(events, records, batchSize, plan);
        expect(server.stored).toEqual(Array.from({ length: events }, (_, i) => i + 1));
        expect([server.head, ackedSeq]).toEqual([events, events]);
        // records once each, in order, though a lost answer may send them again (an upsert: the same body)
        expect([...new Set(server.records)]).toEqual(Array.from({ length: records }, (_, i) => i + 1));
        expect(recordsAcked).toBe(records);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps two batches in flight on a line without faults, and sends each once', async () => {
    const { server, inFlightMax, failedCycles } = await run(50, 3, 5, []);
    expect(failedCycles).toBe(0);
    expect(server.stored).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(server.records).toEqual([1, 2, 3]);
    expect(inFlightMax).toBe(2);
  });

  it('sends again, without a failure, a batch that reached the server before the one before it', async () => {
    // every second batch is held back until the next one has reached the server
    const { server, failedCycles } = await run(40, 0, 4, Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'overtaken' : 'pass')));
    expect(failedCycles).toBe(0);
    expect(server.stored).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});
