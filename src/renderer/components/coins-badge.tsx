// The coins sign beside a contact who has a credit balance (seed 003): hovering or
// focusing it shows the amount in a tooltip; screen readers read the amount in its label.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';

/** Three stacked coins, drawn in currentColor. */
function CoinsIcon() {
  return (
    <svg className="coins-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <ellipse cx="9" cy="6" rx="6" ry="2.6" fill="currentColor" />
      <path d="M3 6v3.2c0 1.45 2.7 2.6 6 2.6s6-1.15 6-2.6V6c0 1.45-2.7 2.6-6 2.6S3 7.45 3 6z" fill="currentColor" opacity="0.8" />
      <path d="M3 10.6v3.2c0 1.45 2.7 2.6 6 2.6 .5 0 1-.03 1.45-.08v-3.2c-.46.05-.95.08-1.45.08-3.3 0-6-1.15-6-2.6z" fill="currentColor" opacity="0.65" />
      <ellipse cx="16" cy="13.4" rx="5.6" ry="2.4" fill="currentColor" />
      <path d="M10.4 13.4v3.3c0 1.33 2.5 2.4 5.6 2.4s5.6-1.07 5.6-2.4v-3.3c0 1.33-2.5 2.4-5.6 2.4s-5.6-1.07-5.6-2.4z" fill="currentColor" opacity="0.8" />
    </svg>
  );
}

/** Where the tooltip goes: under the sign, kept inside the window. */
export interface Placement {
  top: number;
  left: number;
}

const tooltipHalfWidthPx = 120;

export function placeUnder(element: HTMLElement): Placement {
  const box = element.getBoundingClientRect();
  const centre = box.left + box.width / 2;
  const left = Math.min(Math.max(centre, tooltipHalfWidthPx), window.innerWidth - tooltipHalfWidthPx);
  return { top: box.bottom + 6, left };
}

export function CoinsBadge(props: { amountMinor: number; testId?: string; showAmount?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tooltipId = useId();
  const ref = useRef<HTMLSpanElement>(null);
  const [placement, setPlacement] = useState<Placement | null>(null);
  if (props.amountMinor === 0) return null;
  const label = t('credit.coins', { amount: format.money(props.amountMinor) });
  const show = () => {
    if (ref.current) setPlacement(placeUnder(ref.current));
  };
  const hide = () => setPlacement(null);
  return (
    <span className="coins-wrap">
      <span
        ref={ref}
        className={`coins${props.amountMinor < 0 ? ' is-negative' : ''}`}
        role="img"
        tabIndex={0}
        aria-label={label}
        aria-describedby={placement ? tooltipId : undefined}
        data-testid={props.testId ?? 'coins'}
        data-minor={props.amountMinor}
        onMouseEnter={show}
        onMouseLeave={hide}
        onFocus={show}
        onBlur={hide}
        onKeyDown={(event) => {
          // Esc hides the tooltip first (WCAG 1.4.13), and only then closes a window
          if (event.key === 'Escape' && placement) {
            event.preventDefault();
            event.stopPropagation();
            hide();
          }
        }}
      >
        <CoinsIcon />
        {props.showAmount && <span className="coins-amount">{format.money(props.amountMinor)}</span>}
      </span>
      {placement && (
        <span id={tooltipId} role="tooltip" className="tooltip" style={{ top: placement.top, left: placement.left }}>
          {label}
        </span>
      )}
    </span>
  );
}
