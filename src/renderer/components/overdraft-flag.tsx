// The warning beside a contact whose account the ledger server flagged as overdrawn by
// several tills' offline sales (DESIGN C13): "Découvert", the amount in a tooltip on hover
// or focus, and in the label that screen readers read.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import { useTooltip } from '../use-tooltip.tsx';

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
  const { anchor, tooltip } = useTooltip<HTMLSpanElement>();
  if (props.amountMinor <= 0) return null;
  const text = t('sync.flag.tooltip', { amount: format.money(props.amountMinor) });
  return (
    <span className="overdraft-wrap">
      <span
        className="overdraft-flag"
        role="img"
        tabIndex={0}
        aria-label={`${t('sync.flag.label')} — ${text}`}
        data-testid={props.testId ?? 'overdraft-flag'}
        data-minor={props.amountMinor}
        {...anchor}
      >
        <WarningIcon />
        <span aria-hidden="true">{t('sync.flag.label')}</span>
      </span>
      {tooltip(text, 'tooltip tooltip-wrap')}
    </span>
  );
}
