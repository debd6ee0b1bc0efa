// The configuration forms' own checks: each wrong field named by the contract's schema or
// the shared rule, amounts and rates read as digits, a performance's start given its offset.
import { describe, expect, it } from 'vitest';
import { PaymentMethodSaveInput, TariffSaveInput, UserCreateInput } from '../../shared/api/configuration-schemas.ts';
import { amountField, check, percentField, percentText, startsAtOf, wholeNumber, type Problems } from './config-form.ts';
import { newPinProblems } from './change-pin-form.tsx';
import { checkInstitution, emptyInstitution } from './institution-fields.tsx';
import { searchRows } from './config-ui.tsx';

describe('check', () => {
  it('names each wrong field by its path, the first problem of each', () => {
    const result = check(PaymentMethodSaveInput, { name: '  ', type: 'cash', mayPay: true, mayRefund: true, givesChange: true, tracking: { installments: wholeNumber('x'), intervalDays: 0, firstDueOffsetDays: 400 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual({
      name: { key: 'required' },
      'tracking.installments': { key: 'notANumber' },
      'tracking.intervalDays': { key: 'tooSmall', values: { min: 1 } },
      'tracking.firstDueOffsetDays': { key: 'tooLarge', values: { max: 366 } },
    });
  });

  it('keeps the reason of a field the form read itself and passes a right input through parsed', () => {
    const problems: Problems = {};
    const priceMinor = amountField('12.345', 'CHF', 'priceMinor', problems);
    const wrong = check(TariffSaveInput, { eventId: 'e1', name: 'Plein', priceMinor }, problems);
    expect(wrong).toEqual({ ok: false, problems: { priceMinor: { key: 'moneyParse.too_many_decimals' } } });
    const right = check(TariffSaveInput, { eventId: 'e1', name: ' Plein ', priceMinor: amountField("1'234.50", 'CHF', 'priceMinor', {}) });
    expect(right).toEqual({ ok: true, value: { eventId: 'e1', name: 'Plein', priceMinor: 123450, isActive: true } });
  });

  it('a PIN is checked by the shared rule, then the two typed agree', () => {
    expect(newPinProblems('12345', '12345')).toEqual({ newPin: { key: 'pin_too_short' } });
    expect(newPinProblems('12a456', '')).toEqual({ newPin: { key: 'pin_invalid' } });
    expect(newPinProblems('123456', '123465')).toEqual({ again: { key: 'pinsDiffer' } });
    expect(newPinProblems('123456', '123456')).toEqual({});
    expect(check(UserCreateInput, { name: 'Léa', role: 'boss', pin: '123456' })).toEqual({ ok: false, problems: { role: { key: 'choose' } } });
  });
});

describe('numbers typed', () => {
  it('reads whole numbers and VAT rates as digits', () => {
    expect(wholeNumber(' 42 ')).toBe(42);
    expect(wholeNumber('4.2')).toBeNaN();
    const problems: Problems = {};
    expect([percentField('8.1', 'a', problems), percentField('2,6', 'b', problems), percentField('0', 'c', problems), percentField('100', 'd', problems)]).toEqual([810, 260, 0, 10000]);
    expect(problems).toEqual({});
    percentField('8.125', 'e', problems);
    expect(problems).toEqual({ e: { key: 'percent' } });
    expect([810, 260, 0, 10000, 1000, 5].map(percentText)).toEqual(['8.1', '2.6', '0', '100', '10', '0.05']);
  });

  it("gives a performance's start its time zone's offset, summer and winter", () => {
    expect(startsAtOf('2026-12-01T20:00', 'Europe/Zurich')).toBe('2026-12-01T20:00:00+01:00');
    expect(startsAtOf('2026-07-01T20:00', 'Europe/Zurich')).toBe('2026-07-01T20:00:00+02:00');
    expect(startsAtOf('', 'Europe/Zurich')).toBe('');
  });
});

describe('checkInstitution', () => {
  it('names a wrong IBAN, BIC, VAT number, time zone and cash step under their fields', () => {
    const result = checkInstitution({ ...emptyInstitution, name: 'Théâtre', vatNumber: 'CHE-12', timeZone: 'Mars/Base', cashStep: 'abc', hasInvoicing: true, iban: 'CH93 0076 2011 6238 5295 8', bic: 'XX', paymentTermDays: '30' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.problems).sort()).toEqual(['bic', 'cashStepMinor', 'iban', 'timeZone', 'vatNumber']);
    expect(result.problems.iban).toEqual({ key: 'iban_checksum' });
  });

  it('makes the institution and invoicing of a right draft', () => {
    const result = checkInstitution({ ...emptyInstitution, name: 'Théâtre', city: 'Lausanne', hasInvoicing: true, iban: 'CH93 0076 2011 6238 5295 7', bic: '', paymentTermDays: '30' });
    expect(result).toMatchObject({ ok: true, institution: { name: 'Théâtre', country: 'CH', cashStepMinor: 5, currency: 'CHF' }, invoicing: { iban: 'CH93 0076 2011 6238 5295 7', paymentTermDays: 30 } });
  });
});

describe('searchRows', () => {
  it('keeps the rows holding every word typed, whatever the case and accents', () => {
    const rows = ['Virement bancaire', 'Chèque', 'Facture en 3 fois', 'Carte bancaire'];
    expect(searchRows(rows, 'BANC', (r) => r)).toEqual(['Virement bancaire', 'Carte bancaire']);
    expect(searchRows(rows, 'cheque', (r) => r)).toEqual(['Chèque']);
    expect(searchRows(rows, 'carte banc', (r) => r)).toEqual(['Carte bancaire']);
    expect(searchRows(rows, '  ', (r) => r)).toEqual(rows);
    expect(searchRows(rows, 'twint', (r) => r)).toEqual([]);
  });
});
