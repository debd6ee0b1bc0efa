// The push's hot path against zod: an event is taken as it is exactly when zod's SyncEvent
// reads it unchanged, and a batch reads as PushInput reads it — on valid events, on each
// field replaced by a value near or past its bounds, and on a key missing or added.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timestampMsMax } from '../limits.ts';
import { isPlainSyncEvent, parsePushInput } from './push-input.ts';
import { eventPayloadBytesMax, PushInput, pushEventsMax, SyncEvent } from './sync-schemas.ts';

const chars = (alphabet: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max });
const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const hex = '0123456789abcdef';
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// as JSON.parse makes them: plain objects (fast-check's records have no prototype)
const validEvent = fc
  .record({
    id: chars(crockford, 26, 26),
    tillId: chars(base64url, 1, 64),
    seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    type: fc.string({ minLength: 1, maxLength: 40 }),
    createdAtMs: fc.integer({ min: 0, max: timestampMsMax }),
    userId: chars(base64url, 1, 64),
    sessionId: fc.option(chars(base64url, 1, 64), { nil: null }),
    payload: fc.string({ minLength: 2, maxLength: 300 }),
    prevHash: chars(hex, 64, 64),
    hash: chars(hex, 64, 64),
    format: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    signature: fc.option(chars(base64url, 86, 86), { nil: null }),
  })
  .map((event) => ({ ...event }));

/** Values a field may be given that break one bound or another, and a few that keep them. */
const oddValue = fc.oneof(
  fc.constantFrom(null, undefined, true, 0, -0, -1, 1, 1.5, 2 ** 53, -(2 ** 53), timestampMsMax, timestampMsMax + 1, '', ' ', '0', [], {}, 'a'.repeat(65), 'é'),
  fc.string({ maxLength: 90 }),
  chars(crockford, 25, 27),
  chars(hex + 'A', 63, 65),
  chars(base64url + '=+/', 85, 87),
  fc.integer(),
  fc.double(),
);

const fields = Object.keys(SyncEvent.shape) as (keyof SyncEvent)[];

/** A valid event with one field given an odd value, removed, or a key added. */
const oddEvent = fc.tuple(validEvent, fc.constantFrom(...fields), oddValue, fc.constantFrom('replace', 'remove', 'add')).map(([event, field, value, how]) => {
  const odd: Record<string, unknown> = { ...event };
  if (how === 'replace') odd[field] = value;
  else if (how === 'remove') delete odd[field];
  else odd.extra = value;
  return odd;
});

/** Whether zod's SyncEvent reads `value` unchanged. */
function zodReadsUnchanged(value: unknown): boolean {
  const parsed = SyncEvent.safeParse(value);
  if (!parsed.success) return false;
  try {
    expect(parsed.data).toStrictEqual(value);
    return true;
  } catch {
    return false;
  }
}

describe('isPlainSyncEvent', () => {
  it('takes every valid event as zod reads it', () => {
    fc.assert(
      fc.property(validEvent, (event) => {
        expect(isPlainSyncEvent(event)).toBe(true);
        expect(SyncEvent.parse(event)).toStrictEqual(event);
      }),
      { numRuns: 500 },
    );
  });

  it('takes an event exactly when zod reads it unchanged', () => {
    fc.assert(
      fc.property(oddEvent, (event) => {
        expect(isPlainSyncEvent(event)).toBe(zodReadsUnchanged(event));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves to zod a missing signature (its default), a key more, a payload past its bound and a seq that is not an integer', () => {
    const event = fc.sample(validEvent, 1)[0]!;
    const { signature: _signature, ...unsigned } = event;
    expect(isPlainSyncEvent(unsigned)).toBe(false);
    expect(SyncEvent.parse(unsigned).signature).toBeNull();
    expect(isPlainSyncEvent({ ...event, extra: 1 })).toBe(false);
    expect(isPlainSyncEvent({ ...event, payload: 'x'.repeat(eventPayloadBytesMax + 1) })).toBe(false);
    expect(isPlainSyncEvent({ ...event, seq: 1.5 })).toBe(false);
    expect(isPlainSyncEvent({ ...event, hash: event.hash.toUpperCase() + 'A' })).toBe(false);
  });
});

describe('parsePushInput', () => {
  const batch = fc.record(
    {
      tillId: fc.oneof(chars(base64url, 1, 64), oddValue),
      events: fc.array(fc.oneof({ weight: 5, arbitrary: validEvent }, { weight: 1, arbitrary: oddEvent }), { maxLength: 6 }),
      records: fc.constantFrom(undefined, [], [{ kind: 'contact', id: 'c-1', body: {} }], 'none'),
    },
    { requiredKeys: ['tillId', 'events'] },
  ).map((input) => ({ ...input }));

  it('reads every batch as PushInput does: the same data, or the same refusal', () => {
    fc.assert(
      fc.property(batch, (input) => {
        const fast = parsePushInput(input);
        const slow = PushInput.safeParse(input);
        expect(fast.success).toBe(slow.success);
        if (fast.success && slow.success) expect(fast.data).toStrictEqual(slow.data);
        if (!fast.success && !slow.success) expect(fast.error.issues).toStrictEqual(slow.error.issues);
      }),
      { numRuns: 1500 },
    );
  });

  it('takes a batch of plain events as sent, and refuses one event more than a batch holds', () => {
    const events = fc.sample(validEvent, 3);
    const parsed = parsePushInput({ tillId: 'G1', events });
    expect(parsed.success && parsed.data.events[0]).toBe(events[0]);
    const tooMany = parsePushInput({ tillId: 'G1', events: Array.from({ length: pushEventsMax + 1 }, () => events[0]) });
    expect(tooMany.success).toBe(false);
  });
});
