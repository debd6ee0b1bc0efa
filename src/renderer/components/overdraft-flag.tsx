// The warning beside a contact whose account the ledger server flagged as overdrawn by
// several tills' offline sales (DESIGN C13): "Découvert", the amount in a tooltip on hover
// or focus, and in the label that screen readers read.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import { placeUnder, type Placement } from './coins-badge.tsx';

/** A warning triangle, drawn in currentColor. */
function WarningIcon() {
  return (
    <svg className="overdraft-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d="M12 2.5 1.5 21h21L12 2.5z" fill="currentColor" />
      <path d="M11 9h2v6h-2zM11 16.5h2v2h-2z" fill="#fff" />
    </svg>
  );
}

export function OverdraftFlag(props: { amountMinor: number; testId?: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tooltipId = useId();
  const ref = useRef<HTMLSpanElement>(null);
  const [placement, setPlacement] = useState<Placement | null>(null);
  if (props.amountMinor <= 0) return null;
  const text = t('sync.flag.tooltip', { amount: format.money(props.amountMinor) });
  const show = () => {
    if (ref.current) setPlacement(placeUnder(ref.current));
  };
  const hide = () => setPlacement(null);
  return (
    <span className="overdraft-wrap">
      <span
        ref={ref}
        className="overdraft-flag"
        role="img"
        tabIndex={0}
        aria-label={`${t('sync.flag.label')} — ${text}`}
        aria-describedby={placement ? tooltipId : undefined}
        data-testid={props.testId ?? 'overdraft-flag'}
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
        <WarningIcon />
        <span aria-hidden="true">{t('sync.flag.label')}</span>
      </span>
      {placement && (
        <span id={tooltipId} role="tooltip" className="tooltip tooltip-wrap" style={{ top: placement.top, left: placement.left }}>
          {text}
        </span>
      )}
    </span>
  );
}
