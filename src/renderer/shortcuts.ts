// The keyboard shortcuts: one table drives both the handlers and the help overlay (F1).
// docs/keyboard.md describes the same set.
import type { Permission } from './types.ts';
import type { Screen } from './stores/ui-store.ts';

export interface Chord {
  /** KeyboardEvent.code ("F2", "KeyV", "Digit1", "Backspace"): layout-independent. */
  code: string;
  alt?: boolean;
  ctrl?: boolean;
}

export function matches(event: KeyboardEvent, chord: Chord): boolean {
  return event.code === chord.code && event.altKey === (chord.alt ?? false) && event.ctrlKey === (chord.ctrl ?? false) && !event.metaKey;
}

export function chordLabel(chord: Chord): string {
  const key = chord.code.replace(/^Key|^Digit/, '');
  return [chord.ctrl ? 'Ctrl' : '', chord.alt ? 'Alt' : '', key].filter(Boolean).join('+');
}

export interface ScreenShortcut {
  screen: Screen;
  chord: Chord;
  permission: Permission;
}

/** The screens, in the order of the navigation bar, with the key that opens each. */
export const screenShortcuts: readonly ScreenShortcut[] = [
  { screen: 'sell', chord: { code: 'KeyV', alt: true }, permission: 'sale:sell' },
  { screen: 'orders', chord: { code: 'KeyO', alt: true }, permission: 'order:read' },
  { screen: 'credit', chord: { code: 'KeyS', alt: true }, permission: 'credit:read' },
  { screen: 'deferred', chord: { code: 'KeyA', alt: true }, permission: 'deferred:read' },
  { screen: 'xReport', chord: { code: 'KeyX', alt: true }, permission: 'report:x' },
  { screen: 'closing', chord: { code: 'KeyC', alt: true }, permission: 'session:read' },
  { screen: 'zReports', chord: { code: 'KeyZ', alt: true }, permission: 'report:z' },
  { screen: 'accountReports', chord: { code: 'KeyR', alt: true }, permission: 'report:accounts' },
  { screen: 'audit', chord: { code: 'KeyJ', alt: true }, permission: 'audit:read' },
  { screen: 'sync', chord: { code: 'KeyN', alt: true }, permission: 'admin:configure' },
  { screen: 'printQueue', chord: { code: 'KeyP', alt: true }, permission: 'print:manage' },
  { screen: 'printers', chord: { code: 'KeyI', alt: true }, permission: 'devices:configure' },
  { screen: 'configuration', chord: { code: 'KeyG', alt: true }, permission: 'admin:configure' },
];

export const helpChord: Chord = { code: 'F1' };

export const sellingChords = {
  search: { code: 'F2' },
  buyer: { code: 'F4' },
  amount: { code: 'F8' },
  checkout: { code: 'F9' },
  removeLast: { code: 'Backspace', ctrl: true },
} as const satisfies Record<string, Chord>;

/** Alt+1 … Alt+9: the n-th payment method. */
export function methodChord(index: number): Chord {
  return { code: `Digit${index + 1}`, alt: true };
}

export const methodChordsMax = 9;
