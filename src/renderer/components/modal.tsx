// A modal window on the native <dialog>: focus stays inside, Esc closes it (unless busy).
// Closed, it gives the focus back: to the window it was opened from (its first
// [data-autofocus], e.g. the sale confirmation's "next sale"), else to what had the focus
// before, so that the keyboard always lands somewhere on the sale.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Modal(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  isBusy?: boolean;
  wide?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]');
    first?.focus();
    return () => {
      dialog.close();
      giveFocusBack(dialog, before);
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal${props.wide ? ' modal-wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={props.testId}
      onCancel={(event) => {
        event.preventDefault();
        // a window opened from a window: Esc closes the top one only (React bubbles cancel up the tree)
        event.stopPropagation();
        if (!props.isBusy) props.onClose();
      }}
    >
      <h2 id={titleId} className="modal-title">
        {props.title}
      </h2>
      {props.children}
    </dialog>
  );
}

/** After a window closes: the window under it (its autofocus), else what had the focus, else the page's main search. */
function giveFocusBack(closed: HTMLDialogElement, before: HTMLElement | null): void {
  const under = [...document.querySelectorAll<HTMLDialogElement>('dialog[open]')].filter((d) => d !== closed).at(-1);
  if (under) {
    (under.querySelector<HTMLElement>('[data-autofocus]') ?? under).focus();
    return;
  }
  if (before?.isConnected && before !== document.body) before.focus();
}

/** Whether a modal window is open: screen shortcuts stay quiet behind it. */
export function isModalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}
