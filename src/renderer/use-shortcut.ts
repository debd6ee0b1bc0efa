// Binds a key chord to an action while a component is shown; quiet behind a modal window.
import { useEffect, useRef } from 'react';
import { isModalOpen } from './components/modal.tsx';
import { matches, type Chord } from './shortcuts.ts';

function isEditingText(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target.value !== '' : false;
}

export function useShortcut(chord: Chord | null, action: () => void, options: { yieldToText?: boolean } = {}): void {
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  });
  const yieldToText = options.yieldToText ?? false;
  const code = chord?.code;
  const alt = chord?.alt ?? false;
  const ctrl = chord?.ctrl ?? false;
  useEffect(() => {
    if (!code) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!matches(event, { code, alt, ctrl }) || isModalOpen()) return;
      // Ctrl+Backspace inside a filled field deletes a word there, as it always does
      if (yieldToText && isEditingText(event.target)) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [code, alt, ctrl, yieldToText]);
}

/** A numbered family of chords (Alt+1 … Alt+9): one listener, the index to the action. */
export function useNumberedShortcuts(chordOf: (index: number) => Chord, count: number, action: (index: number) => void): void {
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  });
  useEffect(() => {
    const chords = Array.from({ length: count }, (_, i) => chordOf(i));
    const onKeyDown = (event: KeyboardEvent) => {
      if (isModalOpen()) return;
      const index = chords.findIndex((chord) => matches(event, chord));
      if (index === -1) return;
      event.preventDefault();
      latest.current(index);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [chordOf, count]);
}
