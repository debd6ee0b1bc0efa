// The journal event types the server takes: the till's, whose list and payload schemas are
// shared (src/shared/domain/events.ts: entryTypes, decodeEvent), and of which the web shop
// writes two. A push carrying another type, or a payload its type's schema does not read
// in any version the server knows, is refused whole (sync_event_invalid), never stored
// half-understood: a till that writes a new type or a new payload version needs the server
// that knows it, upgraded first. Beyond its postings, which every type has, what each type
// does to the server is one case of a switch ending in assertNever: its projections
// (projections.ts) and its seats (seats.ts).
import { entryTypes, isEntryType, type EntryType } from '../../../src/shared/domain/events.ts';

export const eventTypes = entryTypes;
export type EventType = EntryType;
export const isEventType = isEntryType;
