// A tooltip on hover or focus (the coins sign, the overdraft flag, the sync indicator):
// placed under its anchor and kept inside the window, named by aria-describedby while it
// shows, hidden by Esc before Esc closes anything else (WCAG 1.4.13).
import { useId, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';

/** Where the tooltip goes: under its anchor, kept inside the window. */
export interface Placement {
  top: number;
  left: number;
}

const tooltipHalfWidthPx = 120;

/** Centred under the anchor, for a tooltip of the default width. */
export function placeUnder(element: HTMLElement): Placement {
  const box = element.getBoundingClientRect();
  const centre = box.left + box.width / 2;
  const left = Math.min(Math.max(centre, tooltipHalfWidthPx), window.innerWidth - tooltipHalfWidthPx);
  return { top: box.bottom + 6, left };
}

export function useTooltip<E extends HTMLElement>(place: (element: HTMLElement) => Placement = placeUnder) {
  const id = useId();
  const ref = useRef<E>(null);
  const [placement, setPlacement] = useState<Placement | null>(null);
  const show = () => {
    if (ref.current) setPlacement(place(ref.current));
  };
  const hide = () => setPlacement(null);
  /** Spread on the element the tooltip describes. */
  const anchor = {
    ref,
    'aria-describedby': placement ? id : undefined,
    onMouseEnter: show,
    onMouseLeave: hide,
    onFocus: show,
    onBlur: hide,
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === 'Escape' && placement) {
        event.preventDefault();
        event.stopPropagation();
        hide();
      }
    },
  };
  /** The tooltip itself while it shows, else nothing. */
  const tooltip = (content: ReactNode, className = 'tooltip', style: CSSProperties = {}) =>
    placement && (
      <span id={id} role="tooltip" className={className} style={{ top: placement.top, left: placement.left, ...style }}>
        {content}
      </span>
    );
  return { anchor, tooltip };
}
