// A ticket line's stored detail shown in the language's date format (issue 17 point 7).
import { describe, expect, it } from 'vitest';
import { lineDetailShown } from './line-detail.ts';

describe('a line detail as shown', () => {
  it('formats the start of a ticket line and leaves any other detail as stored', () => {
    const shown = (startsAt: string) => `[${startsAt}]`;
    expect(lineDetailShown('2026-12-08 20:00 · Grande salle', shown)).toBe('[2026-12-08T20:00] · Grande salle');
    expect(lineDetailShown('Valable un an', shown)).toBe('Valable un an');
  });
});
