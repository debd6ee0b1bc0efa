// The sale's payload written field by field (payload-json.ts) against the generic canonical
// JSON every entry was written with: byte for byte the same for any sale, and the same
// refusal (a throw) for what the generic way refuses. Journal bytes never change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { payloadOf, type PayloadPosting, type SaleEvent } from '../../../shared/domain/events.ts';
import { payloadJson, salePayloadJson } from './payload-json.ts';

// any text: lone surrogates, quotes, backslashes, control characters, non-BMP
const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('', '"', '\\', '\u2028', '\u0000\u001f', 'Réduit — plein'));
const int = fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -5, max: 5 }), fc.constantFrom(-0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER));

const line = fc.record({ id: text, kind: fc.constantFrom('ticket' as const, 'item' as const, 'voucher' as const), label: text, quantity: int, unitPriceMinor: int, totalMinor: int, vatRateBp: int, vatMinor: int });
const ticket = fc.record({ id: text, lineId: text, barcode: text });
const voucher = fc.record({ id: text, lineId: text, code: text, valueMinor: int });
const payment = fc.record({ id: text, methodId: text, amountMinor: int, tenderedMinor: int, changeMinor: int, roundingMinor: int, toCreditMinor: int });
const installment = fc.record({ id: text, paymentId: text, seq: int, count: int, dueDate: text, amountMinor: int });
const seat = fc.record({ performanceId: text, count: int });

/** A sale as the till writes it: every field, no web shop field. */
const sale: fc.Arbitrary<SaleEvent> = fc.record({
  orderId: text,
  number: text,
  buyerContactId: fc.option(text, { nil: null }),
  totalMinor: int,
  changeMinor: int,
  lines: fc.array(line, { maxLength: 5 }),
  tickets: fc.array(ticket, { maxLength: 5 }),
  vouchers: fc.array(voucher, { maxLength: 3 }),
  payments: fc.array(payment, { maxLength: 3 }),
  installments: fc.array(installment, { maxLength: 3 }),
  seats: fc.array(seat, { maxLength: 3 }),
});
const postings: fc.Arbitrary<PayloadPosting[]> = fc.array(fc.tuple(text, int), { maxLength: 8 });

/** The generic way's answer: its text, or that it throws. */
const generic = (data: unknown, p: unknown): string | 'throws' => {
  try {
    return canonicalJson(payloadOf(data as SaleEvent, p as PayloadPosting[]));
  } catch {
    return 'throws';
  }
};
const fast = (data: unknown, p: unknown): string | 'throws' => {
  try {
    return payloadJson('sale', data as SaleEvent, p as PayloadPosting[]);
  } catch {
    return 'throws';
  }
};

describe('a sale payload written field by field', () => {
  it('is byte for byte the canonical JSON of the payload, for any sale the till writes, and takes the fast way', () => {
    fc.assert(
      fc.property(sale, postings, (data, p) => {
        const written = salePayloadJson(data, p);
        expect(written).not.toBeNull();
        expect(written).toBe(canonicalJson(payloadOf(data, p)));
        expect(payloadJson('sale', data, p)).toBe(written);
      }),
      { numRuns: 2000 },
    );
  });

  it('goes the generic way for any other shape: the web shop fields, a missing or extra key, another type, a fraction', () => {
    const field = fc.constantFrom('orderId', 'number', 'buyerContactId', 'totalMinor', 'lines', 'tickets', 'vouchers', 'payments', 'installments', 'seats', 'pointOfSaleId', 'requestId', 'products', 'extra');
    const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.double(), text, int, fc.array(fc.anything(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
    fc.assert(
      fc.property(sale, postings, field, value, fc.boolean(), (data, p, key, v, isRowChange) => {
        const changed: Record<string, unknown> = { ...data };
        if (isRowChange && data.lines.length > 0) changed.lines = [{ ...data.lines[0]!, [key]: v }, ...data.lines.slice(1)];
        else if (v === undefined && key !== 'extra') delete changed[key];
        else changed[key] = v;
        expect(fast(changed, p)).toBe(generic(changed, p));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes postings that are not pairs of text and integer the generic way', () => {
    fc.assert(
      fc.property(sale, fc.array(fc.oneof(fc.tuple(text, int), fc.tuple(text, fc.double()), fc.tuple(int, int), fc.array(text, { maxLength: 3 })), { maxLength: 4 }), (data, p) => {
        expect(fast(data, p)).toBe(generic(data, p));
      }),
      { numRuns: 1000 },
    );
  });

  it('writes a real sale as the journal keeps it', () => {
    const data: SaleEvent = {
      orderId: '01KBQ3ZJ4A9H8Y5XW2N3V4T5S9', number: 'G1-000123', buyerContactId: null, totalMinor: 10000, changeMinor: 255,
      lines: [{ id: 'l1', kind: 'ticket', label: 'Le Misanthrope — Plein tarif', quantity: 2, unitPriceMinor: 3500, totalMinor: 7000, vatRateBp: 260, vatMinor: 181 }],
      tickets: [{ id: 't1', lineId: 'l1', barcode: '1234567890123' }],
      vouchers: [],
      payments: [{ id: 'p1', methodId: 'pm-cash', amountMinor: 10000, tenderedMinor: 10255, changeMinor: 255, roundingMinor: 0, toCreditMinor: 0 }],
      installments: [],
      seats: [{ performanceId: 'e-misanthrope-p1', count: 2 }],
    };
    expect(payloadJson('sale', data, [['cash:G1', 10000], ['revenue:ticket:260', -10000]])).toBe(
      '{"buyerContactId":null,"changeMinor":255,"installments":[],"lines":[{"id":"l1","kind":"ticket","label":"Le Misanthrope — Plein tarif","quantity":2,"totalMinor":7000,"unitPriceMinor":3500,"vatMinor":181,"vatRateBp":260}],'
        + '"number":"G1-000123","orderId":"01KBQ3ZJ4A9H8Y5XW2N3V4T5S9","payments":[{"amountMinor":10000,"changeMinor":255,"id":"p1","methodId":"pm-cash","roundingMinor":0,"tenderedMinor":10255,"toCreditMinor":0}],'
        + '"postings":[["cash:G1",10000],["revenue:ticket:260",-10000]],"seats":[{"count":2,"performanceId":"e-misanthrope-p1"}],"tickets":[{"barcode":"1234567890123","id":"t1","lineId":"l1"}],"totalMinor":10000,"v":2,"vouchers":[]}',
    );
  });
});
