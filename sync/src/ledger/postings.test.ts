// An event's postings read once: the pairs postingsOf checked are what the event's schema
// would have read (decodeEventJson does not read them again when given them), and a payload
// whose postings do not hold is refused before any schema reads it.
import { describe, expect, it } from 'vitest';
import { decodeEventJson } from '../../../src/shared/domain/events.ts';
import { TestJournal } from '../testing/journal.ts';
import { postingsOf } from './postings.ts';

describe('postingsOf', () => {
  const journal = new TestJournal('P1');
  const sale = journal.ticketSale([['perf-1', 2]]);
  const events = [journal.cashSale(4500), journal.creditSale('c-1', 2500), journal.deferredSale('c-2', 1200), sale, journal.ticketRefund(sale, [['perf-1', 1]]), journal.fund('c-1', 5000)];

  it("answers the pairs as checked: decoding with them is decoding the payload's own", () => {
    for (const event of events) {
      const read = postingsOf(event.payload);
      if (!read.ok) throw new Error(read.reason);
      expect(read.pairs).toEqual(JSON.parse(event.payload).postings);
      const withPairs = decodeEventJson(event.type, read.data, read.pairs);
      expect(withPairs.ok).toBe(true);
      expect(withPairs).toEqual(decodeEventJson(event.type, JSON.parse(event.payload)));
    }
  });

  it('refuses postings that do not sum to zero, an amount that is not an integer, an account that is not kind:id', () => {
    const payload = (postings: unknown) => JSON.stringify({ postings });
    expect(postingsOf(payload([['revenue:810', -100], ['till:P1:pm-cash', 99]]))).toEqual({ ok: false, reason: 'the postings sum to -1, not zero' });
    expect(postingsOf(payload([['revenue:810', -1.5], ['till:P1:pm-cash', 1.5]]))).toMatchObject({ ok: false, reason: expect.stringMatching(/not an integer/) });
    expect(postingsOf(payload([['revenue', -1], ['till:P1:pm-cash', 1]]))).toMatchObject({ ok: false, reason: expect.stringMatching(/not kind:id/) });
  });
});
