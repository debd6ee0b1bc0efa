// The journal event types the server takes: the till's (src/main/kernel/ledger/journal.ts
// entryTypes, which sync/test/event-types.test.ts holds this list to; the server imports
// only src/shared) and the web shop's, which are two of them. A push carrying another type
// is refused whole (sync_event_invalid), never stored half-understood: a till that writes
// a new type needs the server that knows it, upgraded first. Beyond its postings, which
// every type has, what each type does to the server is one case of a switch ending in
// assertNever: its projections (projections.ts) and its seats (seats.ts).
export const eventTypes = [
  'session_open',
  'pay_in',
  'pay_out',
  'sale',
  'refund',
  'session_close',
  'credit_fund',
  'credit_payout',
  'print',
  'reprint',
  'drawer_open',
  'invoice_issued',
  'payer_changed',
  'deferred_settle',
] as const;
export type EventType = (typeof eventTypes)[number];

export function isEventType(type: string): type is EventType {
  return (eventTypes as readonly string[]).includes(type);
}
