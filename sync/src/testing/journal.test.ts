// The tests' journal writes what the server reads: for every type a till writes, the
// neutral payload of either version decodes by its type's schema, in that version, into
// the same objects.
import { describe, expect, it } from 'vitest';
import { decodeEvent, tillEntryTypes } from '../../../src/shared/domain/events.ts';
import { TestJournal } from './journal.ts';

describe('TestJournal', () => {
  it.each(tillEntryTypes)('writes a %s payload the schema reads, in version 1 or 2, as the same objects', (type) => {
    const decoded = ([1, 2] as const).map((version) => {
      const journal = new TestJournal('J1', () => Date.UTC(2026, 10, 24, 9, 0, 0), 1, version);
      const event = journal.append(type, [['revenue:810', -100], ['till:J1:pm-cash', 100]], { ...idsOf(type) });
      const read = decodeEvent(type, event.payload);
      if (!read.ok) throw new Error(read.reason);
      expect(read.event.version).toBe(version);
      return read.event.data;
    });
    expect(decoded[1]).toEqual(decoded[0]);
  });
});

/** The ids payloadOfV1 draws afresh for each payload, fixed so that both versions' payloads hold the same facts. */
function idsOf(type: string): Record<string, string> {
  const fixed = { sessionId: 's-1', orderId: 'o-1', refundId: 'r-1', jobId: 'j-1', invoiceId: 'i-1', paymentId: 'p-1', settlementId: 'st-1', installmentId: 'in-1' };
  const fields: Record<string, (keyof typeof fixed)[]> = {
    session_open: ['sessionId'],
    sale: ['orderId'],
    refund: ['refundId', 'orderId'],
    session_close: ['sessionId'],
    print: ['jobId'],
    reprint: ['jobId'],
    drawer_open: ['jobId'],
    invoice_issued: ['invoiceId'],
    payer_changed: ['paymentId', 'orderId'],
    deferred_settle: ['settlementId'],
  };
  return Object.fromEntries((fields[type] ?? []).map((key) => [key, fixed[key]]));
}
