// The sale answers its order from the plan it wrote (sale-view.ts), not by reading it
// back: for any basket and any way of paying, that answer is exactly what orders.get
// reads afterwards.
import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../shared/api/contract.ts';
import { roundToCashStep } from '../../shared/money/cash.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

type Line = InputOf<'sales.checkout'>['lines'][number];
type Way = { kind: 'card' } | { kind: 'cashAndCard'; cashMinor: number } | { kind: 'deferred'; methodId: string; invoice: boolean } | { kind: 'credit' } | { kind: 'voucher' };

const performances = [['e-misanthrope-p1', 'e-misanthrope'], ['e-misanthrope-p2', 'e-misanthrope'], ['e-quatuor-p1', 'e-quatuor']] as const;
const lineArb: fc.Arbitrary<Line> = fc.oneof(
  fc.record({ performance: fc.constantFrom(...performances), tariff: fc.constantFrom('plein', 'reduit', 'enfant'), quantity: fc.integer({ min: 1, max: 3 }) }).map(
    ({ performance: [performanceId, eventId], tariff, quantity }): Line => ({ kind: 'ticket', performanceId, tariffId: `${eventId}-${tariff}`, quantity }),
  ),
  fc.record({ itemId: fc.constantFrom('i-programme', 'i-affiche', 'i-sac'), quantity: fc.integer({ min: 1, max: 2 }) }).map((l): Line => ({ kind: 'item', ...l })),
  fc.record({ voucherProductId: fc.constantFrom('vp-50', 'vp-100'), quantity: fc.integer({ min: 1, max: 2 }) }).map((l): Line => ({ kind: 'voucher', ...l })),
);
const wayArb: fc.Arbitrary<Way> = fc.oneof(
  fc.constant<Way>({ kind: 'card' }),
  fc.integer({ min: 1, max: 3000 }).map((cashMinor): Way => ({ kind: 'cashAndCard', cashMinor })),
  fc.record({ methodId: fc.constantFrom('pm-deferred', 'pm-deferred-3'), invoice: fc.boolean() }).map((w): Way => ({ kind: 'deferred', ...w })),
  fc.constant<Way>({ kind: 'credit' }),
  fc.constant<Way>({ kind: 'voucher' }),
);

/** A gift voucher of 100.– bought by card, to pay with. */
function boughtVoucher(t: TestTill): string {
  const lines: Line[] = [{ kind: 'voucher', voucherProductId: 'vp-100', quantity: 1 }];
  return t.must('sales.checkout', { requestId: ulid(), lines, buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 10000 }] }).vouchers[0]!.code;
}

function checkoutInput(t: TestTill, lines: Line[], way: Way): InputOf<'sales.checkout'> {
  const totalMinor = t.must('sales.quote', { lines }).totalMinor;
  const base = { requestId: ulid(), lines, buyerContactId: null };
  switch (way.kind) {
    case 'card':
      return { ...base, payments: [{ methodId: 'pm-card', amountMinor: totalMinor }] };
    case 'cashAndCard': {
      const cashDueMinor = roundToCashStep(Math.min(way.cashMinor, totalMinor), 5);
      const cardMinor = totalMinor - Math.min(way.cashMinor, totalMinor);
      // the cash handed over: the next 10.– note, so that change and rounding happen
      const payments = [{ methodId: 'pm-cash', amountMinor: Math.ceil(Math.max(cashDueMinor, 5) / 1000) * 1000 }];
      return { ...base, payments: cardMinor > 0 ? [{ methodId: 'pm-card', amountMinor: cardMinor }, ...payments] : payments };
    }
    case 'deferred':
      return { ...base, buyerContactId: 'c-mairie', invoiceDeferred: way.invoice, payments: [{ methodId: way.methodId, amountMinor: totalMinor }] };
    case 'credit':
      return { ...base, buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-credit', amountMinor: totalMinor }] };
    case 'voucher': {
      const voucherMinor = Math.min(totalMinor, 10000);
      const payments = [{ methodId: 'pm-voucher', amountMinor: voucherMinor, reference: boughtVoucher(t) }];
      return { ...base, payments: totalMinor > voucherMinor ? [...payments, { methodId: 'pm-card', amountMinor: totalMinor - voucherMinor }] : payments };
    }
  }
}

describe('the sale’s answer', () => {
  it('is what orders.get reads back, for any basket and any way of paying', () => {
    const t = testTill();
    t.must('sessions.open', { float: [{ valueMinor: 10000, count: 5 }] });
    t.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-card', amountMinor: 5_000_000 }, 'supervisor');
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 4 }), wayArb, (lines, way) => {
        const sold = t.must('sales.checkout', checkoutInput(t, lines, way));
        expect(sold).toEqual(t.must('orders.get', { orderId: sold.id }));
      }),
      { numRuns: 60 },
    );
  });
});
