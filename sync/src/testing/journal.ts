// A till's journal as the tests write it: chained, HMAC-signed events in the till's exact
// format (canonical JSON payload with its postings), so that the server sees what a real
// till sends without a till running.
import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { SyncEvent } from '../../../src/shared/api/sync-schemas.ts';
import { canonicalJson, entryHash, genesisHash, journalFormat, type Json } from '../ledger/journal.ts';

const nextId = monotonicFactory();

export class TestJournal {
  readonly events: SyncEvent[] = [];
  private readonly key = randomBytes(32);

  constructor(readonly tillId: string, private readonly nowMs: () => number = () => Date.UTC(2026, 10, 24, 9, 0, 0)) {}

  get head(): { seq: number; hash: string } {
    const last = this.events.at(-1);
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: genesisHash };
  }

  /** Appends an event with these postings ([account, amount] pairs summing to zero). */
  append(type: string, postings: [string, number][], data: Record<string, Json> = {}): SyncEvent {
    const createdAtMs = this.nowMs();
    const fields = {
      format: journalFormat,
      tillId: this.tillId,
      seq: this.head.seq + 1,
      id: nextId(createdAtMs),
      type,
      createdAtMs,
      userId: 'u-cashier',
      sessionId: null,
      prevHash: this.head.hash,
      payload: canonicalJson({ ...data, postings: [...postings].sort((a, b) => (a[0] < b[0] ? -1 : 1)) }),
    };
    const event: SyncEvent = { ...fields, hash: entryHash(this.key, fields) };
    this.events.push(event);
    return event;
  }

  /** A cash sale of `amountMinor` (VAT left out: the server checks only that postings balance). */
  cashSale(amountMinor: number): SyncEvent {
    return this.append('sale', [[`till:${this.tillId}:pm-cash`, amountMinor], ['revenue:810', -amountMinor]], { orderId: nextId(), buyerContactId: null });
  }

  /** A sale paid by a contact's credit balance. */
  creditSale(contactId: string, amountMinor: number): SyncEvent {
    return this.append('sale', [[`credit:${contactId}`, amountMinor], ['revenue:810', -amountMinor]], { orderId: nextId(), buyerContactId: contactId });
  }

  /** A sale on a contact's deferred account. */
  deferredSale(contactId: string, amountMinor: number): SyncEvent {
    return this.append('sale', [[`deferred:${contactId}`, amountMinor], ['revenue:810', -amountMinor]], { orderId: nextId(), buyerContactId: contactId });
  }

  /**
   * A cash sale of tickets in the till's payload: one line per performance ([id, 'ticket',
   * label, quantity, unit price, total, VAT rate, VAT]), its tickets, and `seats` as the
   * till counts them (sorted by performance); `data` overrides any of it.
   */
  ticketSale(seats: [string, number][], data: Record<string, Json> = {}, unitMinor = 1000): SyncEvent {
    const lines = seats.map(([performanceId, quantity]) => [nextId(), 'ticket', performanceId, quantity, unitMinor, unitMinor * quantity, 810, 0]);
    const tickets = lines.flatMap((l) => Array.from({ length: l[3] as number }, () => [nextId(), l[0] as string, '4000000000000000']));
    const totalMinor = unitMinor * seats.reduce((a, [, n]) => a + n, 0);
    return this.append('sale', [[`till:${this.tillId}:pm-cash`, totalMinor], ['revenue:810', -totalMinor]], {
      orderId: nextId(),
      buyerContactId: null,
      lines,
      tickets,
      seats: [...seats].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
      ...data,
    });
  }

  /** A refund of `seats` of a ticket sale, paid back in cash; `data` overrides any of it. */
  ticketRefund(sale: SyncEvent, seats: [string, number][], data: Record<string, Json> = {}, unitMinor = 1000): SyncEvent {
    const totalMinor = unitMinor * seats.reduce((a, [, n]) => a + n, 0);
    const orderId = (JSON.parse(sale.payload) as { orderId: string }).orderId;
    const tickets = seats.flatMap(([, n]) => Array.from({ length: n }, () => nextId()));
    return this.append('refund', [[`till:${this.tillId}:pm-cash`, -totalMinor], ['revenue:810', totalMinor]], { refundId: nextId(), orderId, tickets, seats, ...data });
  }

  /** A deposit on a contact's credit balance, paid in cash. */
  fund(contactId: string, amountMinor: number): SyncEvent {
    return this.append('credit_deposit', [[`till:${this.tillId}:pm-cash`, amountMinor], [`credit:${contactId}`, -amountMinor]], { contactId });
  }
}
