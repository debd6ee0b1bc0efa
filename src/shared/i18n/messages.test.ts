// Refusals in words: a noun that follows a number agrees with it (issue 17 point 7), by the
// language's plural rules (French says 0 and 1 in the singular).
import { describe, expect, it } from 'vitest';
import { errorMessage } from './messages.ts';

const fr = { language: 'fr', currency: 'CHF', country: 'CH', timeZone: 'Europe/Zurich' } as const;
const en = { ...fr, language: 'en' } as const;

describe('a refusal’s noun after its number', () => {
  it('says place or places, seat or seats, without “(s)”', () => {
    const says = (ctx: typeof fr | typeof en, remaining: number) => errorMessage('capacity_exceeded', { remaining, requested: 20 }, ctx);
    expect([0, 1, 12].map((n) => says(fr, n))).toEqual([
      'Jauge dépassée : il reste 0 place pour cette représentation.',
      'Jauge dépassée : il reste 1 place pour cette représentation.',
      'Jauge dépassée : il reste 12 places pour cette représentation.',
    ]);
    expect([0, 1, 12].map((n) => says(en, n))).toEqual([
      'Capacity exceeded: 0 seats left for this performance.',
      'Capacity exceeded: 1 seat left for this performance.',
      'Capacity exceeded: 12 seats left for this performance.',
    ]);
  });
});
