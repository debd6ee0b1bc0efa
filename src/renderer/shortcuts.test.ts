// Every screen has its own key, and no key opens two screens (or shadows a selling key).
import { describe, expect, it } from 'vitest';
import { chordLabel, helpChord, screenShortcuts, sellingChords } from './shortcuts.ts';
import { screens } from './stores/ui-store.ts';

describe('screen shortcuts', () => {
  it('give every screen one key of its own', () => {
    expect(screenShortcuts.map((s) => s.screen).sort()).toEqual([...screens].sort());
    const labels = [...screenShortcuts.map((s) => chordLabel(s.chord)), chordLabel(helpChord), ...Object.values(sellingChords).map(chordLabel)];
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('open the compte d’attente with Alt+A, for whoever may read it', () => {
    expect(screenShortcuts.find((s) => s.screen === 'deferred')).toEqual({ screen: 'deferred', chord: { code: 'KeyA', alt: true }, permission: 'deferred:read' });
  });
});
