// The header's sign that print jobs wait for a person (the printer refused them or they may
// not have printed), with their count; it leads to the print queue.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { attentionCount } from '../printing-view.ts';
import { useCan } from '../stores/auth-store.ts';
import { printQueuePollMs, usePrintQueue } from '../stores/print-queue-store.ts';
import { useUi } from '../stores/ui-store.ts';

export function PrintQueueIndicator() {
  const { t } = useTranslation();
  const mayManage = useCan('print:manage');
  const jobs = usePrintQueue((s) => s.jobs);
  const refresh = usePrintQueue((s) => s.refresh);
  const forget = usePrintQueue((s) => s.forget);
  const go = useUi((s) => s.go);
  useEffect(() => {
    if (!mayManage) return;
    void refresh();
    const timer = setInterval(() => void refresh(), printQueuePollMs);
    return () => {
      clearInterval(timer);
      forget();
    };
  }, [mayManage, refresh, forget]);
  const count = attentionCount(jobs);
  if (!mayManage || count === 0) return null;
  return (
    <button type="button" className="print-indicator" data-testid="print-indicator" data-count={count} onClick={() => go('printQueue')} aria-label={t('printQueue.indicator', { count })}>
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <path fill="currentColor" d="M6 2h12v5H6zM4 8h16a2 2 0 0 1 2 2v7h-4v5H6v-5H2v-7a2 2 0 0 1 2-2zm4 8v4h8v-4zm10-5a1 1 0 1 0 0 2 1 1 0 0 0 0-2z" />
      </svg>
      <span className="print-indicator-count">{t('printQueue.indicatorShort', { count })}</span>
    </button>
  );
}
