// The header's sync indicator, on every screen (the login screen included): online or
// offline (or not enrolled), the events waiting, when the last sync succeeded; the exact
// time, the server and the last error in a tooltip on hover or focus; a click syncs now.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { SyncStatus } from '../../shared/api/sync-contract.ts';
import { useFormat, type Formatters } from '../format.ts';
import { useAuth } from '../stores/auth-store.ts';
import { useBasket } from '../stores/basket-store.ts';
import { syncPollMs, useSync } from '../stores/sync-store.ts';
import { formatRelativeTime, syncErrorText, syncStateOf, type SyncState } from '../sync-view.ts';
import { useTooltip, type Placement } from '../use-tooltip.tsx';

const stateLabels: Record<SyncState, `sync.indicator.${SyncState}`> = {
  online: 'sync.indicator.online',
  offline: 'sync.indicator.offline',
  notEnrolled: 'sync.indicator.notEnrolled',
  enrolling: 'sync.indicator.enrolling',
};

/** Polls sync.status while mounted, and at once after each sale (a new event waits). */
function useSyncPolling(): void {
  const refresh = useSync((s) => s.refresh);
  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), syncPollMs);
    const unsubscribe = useBasket.subscribe((state, previous) => {
      if (state.lastOrder && state.lastOrder !== previous.lastOrder) void refresh();
    });
    return () => {
      window.clearInterval(timer);
      unsubscribe();
    };
  }, [refresh]);
}

function TooltipLines(props: { status: SyncStatus; isLoggedIn: boolean; isRequested: boolean; t: TFunction; format: Formatters }) {
  const { status, t, format } = props;
  return (
    <>
      {props.isRequested && <span className="sync-tooltip-line sync-tooltip-hint">{t('sync.indicator.requested')}</span>}
      <span className="sync-tooltip-line">{t('sync.indicator.waitingLong', { count: status.waitingEvents })}</span>
      {status.waitingRecords > 0 && <span className="sync-tooltip-line">{t('sync.indicator.recordsWaiting', { count: status.waitingRecords })}</span>}
      <span className="sync-tooltip-line">
        {status.lastSuccessMs === null ? t('sync.indicator.noSuccess') : t('sync.indicator.lastSuccess', { time: format.dateTime(status.lastSuccessMs) })}
      </span>
      {status.lastAttemptMs !== null && status.lastAttemptMs !== status.lastSuccessMs && (
        <span className="sync-tooltip-line">{t('sync.indicator.lastAttempt', { time: format.dateTime(status.lastAttemptMs) })}</span>
      )}
      <span className="sync-tooltip-line">{status.serverUrl ? t('sync.indicator.server', { url: status.serverUrl }) : t('sync.indicator.noServer')}</span>
      {status.lastError && (
        <span className="sync-tooltip-line sync-tooltip-error" data-testid="sync-last-error" data-code={status.lastError.code}>
          {t('sync.indicator.lastError', { message: syncErrorText(status.lastError, format) })}
        </span>
      )}
      {status.serverUrl && (
        <span className="sync-tooltip-line sync-tooltip-hint">{t(props.isLoggedIn ? 'sync.indicator.clickToSync' : 'sync.indicator.loginToSync')}</span>
      )}
    </>
  );
}

const tooltipWidthPx = 360;

/** The wide tooltip starts under the indicator's centre, kept 8 px inside the window. */
function placeWide(element: HTMLElement): Placement {
  const box = element.getBoundingClientRect();
  const left = Math.min(Math.max(box.left + box.width / 2 - tooltipWidthPx / 2, 8), window.innerWidth - tooltipWidthPx - 8);
  return { top: box.bottom + 6, left };
}

export function SyncIndicator() {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useSync((s) => s.status);
  const error = useSync((s) => s.error);
  const isRequested = useSync((s) => s.isRequested);
  const syncNow = useSync((s) => s.syncNow);
  const refresh = useSync((s) => s.refresh);
  const isLoggedIn = useAuth((s) => s.user !== null);
  const { anchor, tooltip } = useTooltip<HTMLButtonElement>(placeWide);
  useSyncPolling();

  if (!status) {
    return error ? (
      <span className="sync-indicator" data-testid="sync-indicator" data-state="unknown" title={t('sync.indicator.statusUnavailable', { message: format.error(error) })}>
        <span className="sync-dot" aria-hidden="true" />
        {t('sync.indicator.unknown')}
      </span>
    ) : null;
  }
  const state = syncStateOf(status);
  const nowMs = Date.now();
  const when = status.lastSuccessMs === null ? t('sync.indicator.never') : t('sync.indicator.last', { when: formatRelativeTime(nowMs - status.lastSuccessMs, format.locale, t('sync.indicator.justNow')) });
  return (
    <span className="sync-indicator-wrap">
      <button
        type="button"
        className="sync-indicator"
        data-testid="sync-indicator"
        data-state={state}
        data-waiting={status.waitingEvents}
        aria-busy={isRequested || undefined}
        onClick={() => void (isLoggedIn ? syncNow() : refresh())}
        {...anchor}
      >
        <span className={`sync-dot sync-dot-${state}`} aria-hidden="true" />
        <span className="sync-lines">
          <span className="sync-state" data-testid="sync-state">{t(stateLabels[state])}</span>
          <span className="sync-detail">
            <span className="sync-waiting" data-testid="sync-waiting">{t('sync.indicator.waiting', { count: status.waitingEvents })}</span>
            <span className="sync-when" data-testid="sync-when">{when}</span>
          </span>
        </span>
      </button>
      {/* read out when the state or the count changes, not every time "2 min" becomes "3 min" */}
      <span className="visually-hidden" role="status" aria-live="polite">
        {t('sync.indicator.announce', { state: t(stateLabels[state]), count: status.waitingEvents })}
      </span>
      {tooltip(<TooltipLines status={status} isLoggedIn={isLoggedIn} isRequested={isRequested} t={t} format={format} />, 'tooltip sync-tooltip', { width: tooltipWidthPx })}
    </span>
  );
}
