// The screen says the institution's time (Zurich), whatever the zone of the computer or
// browser it runs on (issue 12, point 5).
import { afterEach, describe, expect, it } from 'vitest';
import { makeFormatters } from './format.ts';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const saleAtMs = Date.UTC(2026, 10, 24, 22, 5); // 23:05 in Zurich

describe.each(['UTC', 'America/New_York'])('on a computer in %s', (zone) => {
  it('shows an instant and a refusal’s time at the institution’s wall-clock time', () => {
    process.env.TZ = zone;
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
    const fr = makeFormatters('fr', 'CHF', 'CH', 'Europe/Zurich');
    expect(fr.dateTime(saleAtMs)).toMatch(/24 nov\. 2026.*23:05/);
    expect(fr.error({ code: 'user_locked', message: '', details: { untilMs: saleAtMs + 5 * 60_000 } })).toMatch(/réessayez à 23:10\.$/);
    expect(makeFormatters('en', 'CHF', 'CH', 'Europe/Zurich').dateTime(saleAtMs)).toMatch(/23:05/);
  });
});
