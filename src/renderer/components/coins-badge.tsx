// The coins sign beside a contact who has a credit balance (seed 003): hovering or
// focusing it shows the amount in a tooltip; screen readers read the amount in its label.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format.ts';
import { useTooltip } from '../use-tooltip.tsx';

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

export function CoinsBadge(props: { amountMinor: number; testId?: string; showAmount?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { anchor, tooltip } = useTooltip<HTMLSpanElement>();
  if (props.amountMinor === 0) return null;
  const label = t('credit.coins', { amount: format.money(props.amountMinor) });
  return (
    <span className="coins-wrap">
      <span
        className={`coins${props.amountMinor < 0 ? ' is-negative' : ''}`}
        role="img"
        tabIndex={0}
        aria-label={label}
        data-testid={props.testId ?? 'coins'}
        data-minor={props.amountMinor}
        {...anchor}
      >
        <CoinsIcon />
        {props.showAmount && <span className="coins-amount">{format.money(props.amountMinor)}</span>}
      </span>
      {tooltip(label)}
    </span>
  );
}
