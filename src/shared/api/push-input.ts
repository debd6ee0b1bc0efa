// The push's body read on its hot path (issue 15 point 6: a till catching up its offline
// day sends 100 000 events in batches of 500). zod reads an event's twelve fields in about
// 2 µs — a millisecond a batch, on the thread every push shares. A batch whose every event
// is exactly what SyncEvent accepts (each field present, of its type and characters, within
// its bounds, no other key) and that carries no contact record is taken as it is, checked
// here field by field with SyncEvent's limits (a fixed-length text by its length and a
// search for a character it may not hold, four times faster than an anchored pattern);
// anything else — a missing signature (zod's default), a field out of bounds, records — is
// read by zod, which answers the refusal. The two agree on every input (push-input.test.ts,
// a property test against zod).
import type { z } from 'zod';
import { timestampMsMax } from '../limits.ts';
import { idLengthMax, idPattern } from './schemas.ts';
import { eventPayloadBytesMax, eventTypeLengthMax, PushInput, pushEventsMax, type SyncEvent } from './sync-schemas.ts';

/** PushInput's reading of `raw`: the batch as sent when every event is plain (isPlainSyncEvent) and it has no records, else zod's. */
export function parsePushInput(raw: unknown): z.ZodSafeParseResult<z.output<typeof PushInput>> {
  if (isPlainBatch(raw)) return { success: true, data: { tillId: raw.tillId, events: raw.events, records: [] } };
  return PushInput.safeParse(raw);
}

function isPlainBatch(raw: unknown): raw is { tillId: string; events: SyncEvent[] } {
  if (!isObject(raw)) return false;
  const { tillId, events, records } = raw as { tillId?: unknown; events?: unknown; records?: unknown };
  if (!isId(tillId) || !Array.isArray(events) || events.length > pushEventsMax) return false;
  if (records !== undefined && !(Array.isArray(records) && records.length === 0)) return false;
  // an index loop: every() would call a closure per event
  for (let i = 0; i < events.length; i += 1) if (!isPlainSyncEvent(events[i])) return false;
  return true;
}

/** SyncEvent's fields: a plain event has these and no other. */
const syncEventFieldCount = 12;

/**
 * Whether zod's SyncEvent reads `e` as it is: its twelve fields present and valid, and no
 * other (a missing signature is zod's to default, another key zod's to strip), so that the
 * event zod answers is equal to it.
 */
export function isPlainSyncEvent(e: unknown): e is SyncEvent {
  if (!isObject(e) || Object.keys(e).length !== syncEventFieldCount) return false;
  const event = e as Record<keyof SyncEvent, unknown>;
  return (
    isText(event.id, 26, notUlid) &&
    isId(event.tillId) &&
    isSafeIntegerIn(event.seq, 1, Number.MAX_SAFE_INTEGER) &&
    isTextWithin(event.type, 1, eventTypeLengthMax) &&
    isSafeIntegerIn(event.createdAtMs, 0, timestampMsMax) &&
    isId(event.userId) &&
    (event.sessionId === null || isId(event.sessionId)) &&
    isTextWithin(event.payload, 2, eventPayloadBytesMax) &&
    isText(event.prevHash, 64, notHex) &&
    isText(event.hash, 64, notHex) &&
    isSafeIntegerIn(event.format, 1, Number.MAX_SAFE_INTEGER) &&
    (event.signature === null || isText(event.signature, 86, notBase64url))
  );
}

/** A character a ULID, a hash (hex digits) or a signature (base64url) may not hold. */
const notUlid = /[^0-9A-HJKMNP-TV-Z]/;
const notHex = /[^0-9a-f]/;
const notBase64url = /[^A-Za-z0-9_-]/;

/** A text of `length` characters without one `excluded` finds. */
function isText(value: unknown, length: number, excluded: RegExp): value is string {
  return isString(value) && value.length === length && !excluded.test(value);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/** A text of `min` to `max` characters. */
function isTextWithin(value: unknown, min: number, max: number): value is string {
  return isString(value) && value.length >= min && value.length <= max;
}

function isId(value: unknown): value is string {
  return isTextWithin(value, 1, idLengthMax) && idPattern.test(value);
}

function isSafeIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}
