// A modal window on the native <dialog>: focus stays inside, Esc closes it (unless busy).
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
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]');
    first?.focus();
    return () => dialog.close();
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

/** Whether a modal window is open: screen shortcuts stay quiet behind it. */
export function isModalOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}
