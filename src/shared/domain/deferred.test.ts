import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, allocateSettlement, cancelInstallments, compareOldestFirst, dayIn, installmentSchedule, isCalendarDay } from './deferred.ts';
import { creditorReference, epcPayload, installmentReference, invoiceReference, isCreditorReference, isQrReference, mod10Recursive, qrReference, seriesDigits } from './payment-references.ts';

describe('calendar days', () => {
  it('adds days across months, years and daylight saving', () => {
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(isCalendarDay('2026-02-30')).toBe(false);
  });

  it('takes the day where the institution is', () => {
    expect(dayIn(Date.UTC(2026, 10, 24, 23, 30), 'Europe/Zurich')).toBe('2026-11-25');
    expect(dayIn(Date.UTC(2026, 10, 24, 22, 30), 'Europe/Zurich')).toBe('2026-11-24');
  });
});

describe('installment schedules', () => {
  const rule = { installments: 3, intervalDays: 30, firstDueOffsetDays: 30 };

  it('splits 100.00 into 33.34 + 33.33 + 33.33, a month apart', () => {
    expect(installmentSchedule(10000, 'CHF', '2026-11-24', rule, 30)).toEqual([
      { seq: 1, count: 3, dueDate: '2026-12-24', amountMinor: 3334 },
      { seq: 2, count: 3, dueDate: '2027-01-23', amountMinor: 3333 },
      { seq: 3, count: 3, dueDate: '2027-02-22', amountMinor: 3333 },
    ]);
  });

  it('without tracking: one installment at the payment term', () => {
    expect(installmentSchedule(4500, 'CHF', '2026-11-24', null, 30)).toEqual([{ seq: 1, count: 1, dueDate: '2026-12-24', amountMinor: 4500 }]);
  });

  it('always sums to the amount, every share positive, dates in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.record({ installments: fc.integer({ min: 1, max: 60 }), intervalDays: fc.integer({ min: 1, max: 366 }), firstDueOffsetDays: fc.integer({ min: 0, max: 366 }) }),
        (amount, r) => {
          const installments = installmentSchedule(amount, 'CHF', '2026-11-24', r, 30);
          expect(installments.reduce((a, i) => a + i.amountMinor, 0)).toBe(amount);
          expect(installments.every((i) => i.amountMinor > 0)).toBe(true);
          expect(installments.map((i) => i.seq)).toEqual(installments.map((_, k) => k + 1));
          for (let k = 1; k < installments.length; k += 1) expect(installments[k]!.dueDate > installments[k - 1]!.dueDate).toBe(true);
          expect(Math.max(...installments.map((i) => i.amountMinor)) - Math.min(...installments.map((i) => i.amountMinor))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('allocating a settlement', () => {
  const installments = [
    { id: 'b', dueDate: '2026-12-24', openMinor: 3333, saleAtMs: 0, seq: 2 },
    { id: 'a', dueDate: '2026-11-24', openMinor: 3334, saleAtMs: 0, seq: 1 },
    { id: 'c', dueDate: '2027-01-23', openMinor: 3333, saleAtMs: 0, seq: 3 },
  ];

  it('pays two orders due the same day one after the other: by due date, then sale time, then installment', () => {
    // ids that sort the other way round: order Z was sold first, its ids sort last
    const sameDay = [
      { id: 'a-2', dueDate: '2027-01-01', openMinor: 1000, saleAtMs: 2000, seq: 2 },
      { id: 'z-2', dueDate: '2027-01-01', openMinor: 1000, saleAtMs: 1000, seq: 2 },
      { id: 'a-1', dueDate: '2026-12-01', openMinor: 1000, saleAtMs: 2000, seq: 1 },
      { id: 'z-1', dueDate: '2026-12-01', openMinor: 1000, saleAtMs: 1000, seq: 1 },
      { id: 'z-3', dueDate: '2027-01-01', openMinor: 1000, saleAtMs: 1000, seq: 3 },
    ];
    expect(allocateSettlement(5000, sameDay).allocations.map((a) => a.installmentId)).toEqual(['z-1', 'a-1', 'z-2', 'z-3', 'a-2']);
    expect([...sameDay].sort(compareOldestFirst).map((i) => i.id)).toEqual(['z-1', 'a-1', 'z-2', 'z-3', 'a-2']);
  });

  it('pays the oldest first', () => {
    expect(allocateSettlement(5000, installments)).toEqual({ allocations: [{ installmentId: 'a', amountMinor: 3334 }, { installmentId: 'b', amountMinor: 1666 }], excessMinor: 0 });
  });

  it('pays the picked installments first', () => {
    expect(allocateSettlement(4000, installments, ['c'])).toEqual({ allocations: [{ installmentId: 'c', amountMinor: 3333 }, { installmentId: 'a', amountMinor: 667 }], excessMinor: 0 });
  });

  it('returns what exceeds the open installments', () => {
    expect(allocateSettlement(12000, installments).excessMinor).toBe(2000);
  });

  it('allocations and excess always sum to the settlement, and never exceed an installment', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.record({ id: fc.uuid(), dueDate: fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01'), openMinor: fc.integer({ min: 0, max: 100_000 }), saleAtMs: fc.integer({ min: 0, max: 10 }), seq: fc.integer({ min: 1, max: 3 }) }), { maxLength: 10 }),
        (amount, open) => {
          const result = allocateSettlement(amount, open);
          expect(result.allocations.reduce((a, x) => a + x.amountMinor, 0) + result.excessMinor).toBe(amount);
          for (const a of result.allocations) expect(a.amountMinor).toBeLessThanOrEqual(open.find((i) => i.id === a.installmentId)!.openMinor);
          expect(result.excessMinor).toBe(Math.max(0, amount - open.reduce((a, i) => a + i.openMinor, 0)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a refund cancels the furthest installments first', () => {
    expect(cancelInstallments(4000, installments)).toEqual([{ installmentId: 'c', amountMinor: 3333 }, { installmentId: 'b', amountMinor: 667 }]);
  });
});

describe('payment references', () => {
  it('builds Swiss QR references with their recursive modulo 10 check digit', () => {
    // the example of the SIX implementation guidelines
    expect(qrReference('21000000000313947143000901')).toBe('210000000003139471430009017');
    expect(isQrReference('210000000003139471430009017')).toBe(true);
    expect(isQrReference('210000000003139471430009018')).toBe(false);
    fc.assert(fc.property(fc.stringMatching(/^\d{1,26}$/), (digits) => {
      expect(isQrReference(qrReference(digits))).toBe(true);
    }));
    expect(mod10Recursive('')).toBe(0);
  });

  it('builds ISO 11649 creditor references', () => {
    expect(creditorReference('539007547034')).toBe('RF18539007547034');
    expect(isCreditorReference('RF18 5390 0754 7034')).toBe(true);
    expect(isCreditorReference('RF19539007547034')).toBe(false);
    fc.assert(fc.property(fc.stringMatching(/^[0-9A-Z]{1,21}$/), (body) => {
      expect(isCreditorReference(creditorReference(body))).toBe(true);
    }));
  });

  it('gives each installment of an invoice its own reference, never another invoice’s or installment’s', () => {
    expect(invoiceReference('qr', 'G1', 1)).toBe(qrReference('7110000000001'));
    expect(installmentReference('qr', 'G1', 1, 2)).toBe(qrReference('10000000711' + '0000000001' + '002'));
    expect(installmentReference('creditor', 'G1', 1, 2)).toBe(creditorReference('0000000711' + '00000001' + '002'));
    for (const scheme of ['qr', 'creditor'] as const) {
      fc.assert(
        fc.property(
          fc.constantFrom('G1', 'G2', 'WEB', 'B7'),
          fc.integer({ min: 1, max: 99_999_999 }),
          fc.integer({ min: 1, max: 999 }),
          fc.constantFrom('G1', 'G2', 'WEB', 'B7'),
          fc.integer({ min: 1, max: 99_999_999 }),
          fc.integer({ min: 1, max: 999 }),
          (seriesA, seqA, nA, seriesB, seqB, nB) => {
            const a = installmentReference(scheme, seriesA, seqA, nA);
            expect(scheme === 'qr' ? isQrReference(a) : isCreditorReference(a)).toBe(true);
            // an installment's reference is never an invoice's
            expect(a).not.toBe(invoiceReference(scheme, seriesB, seqB));
            const isSame = seriesDigits(seriesA) === seriesDigits(seriesB) && seqA === seqB && nA === nB;
            expect(a === installmentReference(scheme, seriesB, seqB, nB)).toBe(isSame);
          },
        ),
      );
    }
  });

  it('builds the EPC QR payload line by line', () => {
    expect(epcPayload({ bic: 'BNPAFRPP', name: 'Théâtre du Léman', iban: 'FR76 3000 4000 0312 3456 7890 143', amountMinor: 12550, reference: creditorReference('F1000042') }).split('\n')).toEqual([
      'BCD', '002', '1', 'SCT', 'BNPAFRPP', 'Théâtre du Léman', 'FR7630004000031234567890143', 'EUR125.50', '', creditorReference('F1000042'),
    ]);
  });
});
