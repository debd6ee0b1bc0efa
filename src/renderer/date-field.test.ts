// Dates typed in the app's language (issue 17 point 7), not the browser's.
import { describe, expect, it } from 'vitest';
import { isoDateOf, localDateTimeOf, shownDate, shownDateTime } from './date-field.ts';

describe('date fields in the app’s language', () => {
  it('show and read a date in fr-CH order with dots, and in fr-FR with slashes', () => {
    expect(shownDate('2026-12-31', 'fr-CH')).toBe('31.12.2026');
    expect(shownDate('2026-12-31', 'fr-FR')).toBe('31/12/2026');
    expect(isoDateOf('31.12.2026', 'fr-CH')).toBe('2026-12-31');
    expect(isoDateOf('1.2.2027', 'en-CH')).toBe('2027-02-01');
    expect(isoDateOf('31/12/2026', 'fr-FR')).toBe('2026-12-31');
  });

  it('refuse what is no calendar date, or a US order', () => {
    for (const text of ['31.02.2026', '12/31/2026', '2026', '', '1.1.26']) expect(isoDateOf(text, 'fr-CH'), text).toBeNull();
  });

  it('show and read a date with its time', () => {
    expect(shownDateTime('2026-12-31T20:00', 'fr-CH')).toBe('31.12.2026 20:00');
    expect(localDateTimeOf('31.12.2026 20:00', 'fr-CH')).toBe('2026-12-31T20:00');
    expect(localDateTimeOf('1.1.2027 9h30', 'fr-CH')).toBe('2027-01-01T09:30');
    expect(localDateTimeOf('31.12.2026 24:00', 'fr-CH')).toBeNull();
    expect(localDateTimeOf('31.12.2026', 'fr-CH')).toBeNull();
  });
});
