// A printer's status as a light with its words, what the printer reported, when it was
// read, and a button that asks the printer again (the answer is polled until it comes).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { useFormat } from '../format.ts';
import { isReadSince, statusFacts, statusTone, type Printer, type PrinterStatus } from '../printing-view.ts';
import { ErrorAlert } from './error-alert.tsx';

/** How long a refresh waits for the printer's answer (the back end times out before that). */
const refreshWaitMs = 6000;
const refreshPollMs = 300;

export function StatusLight(props: { status: PrinterStatus; testId?: string }) {
  const { t } = useTranslation();
  const tone = statusTone(props.status.state);
  return (
    <span className={`status-light status-${tone}`} data-testid={props.testId} data-state={props.status.state}>
      <span className="status-dot" aria-hidden="true" />
      {t(`printers.status.states.${props.status.state}`)}
    </span>
  );
}

export function PrinterStatusView(props: { printer: Printer; onStatus: (status: PrinterStatus) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { printer } = props;
  const status = printer.status;
  const [isReading, setReading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [noReply, setNoReply] = useState(false);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const refresh = async () => {
    setReading(true);
    setError(null);
    setNoReply(false);
    const since = status.checkedAtMs;
    const asked = await call('printers.status', { printerId: printer.id, refresh: true });
    const deadline = Date.now() + refreshWaitMs;
    let latest = asked;
    while (latest.ok && !isReadSince(latest.value, since) && Date.now() < deadline && alive.current) {
      await new Promise((resolve) => setTimeout(resolve, refreshPollMs));
      latest = await call('printers.status', { printerId: printer.id, refresh: false });
    }
    if (!alive.current) return;
    setReading(false);
    if (!latest.ok) return setError(latest.error);
    if (!isReadSince(latest.value, since)) setNoReply(true);
    props.onStatus(latest.value);
  };

  const facts = statusFacts(status);
  return (
    <div className="printer-status" data-testid="printer-status">
      <div className="printer-status-line">
        <StatusLight status={status} testId="printer-state" />
        <span className="muted small">
          {status.checkedAtMs === null ? t('printers.status.never') : t('printers.status.checkedAt', { time: format.dateTime(status.checkedAtMs) })}
        </span>
        <button type="button" className="button button-small" onClick={() => void refresh()} disabled={isReading}>
          {isReading ? t('printers.status.refreshing') : t('printers.status.refresh')}
        </button>
      </div>
      {(facts.length > 0 || status.errors.length > 0 || status.detail) && (
        <ul className="status-facts">
          {facts.map((fact) => (
            <li key={fact} className={`status-fact fact-${fact}`}>
              {t(`printers.status.${fact}`)}
            </li>
          ))}
          {status.errors.map((e) => (
            <li key={e} className="status-fact fact-error">
              {t(`printers.status.errors.${e}`)}
            </li>
          ))}
          {status.detail && <li className="status-fact muted">{status.detail}</li>}
        </ul>
      )}
      {noReply && <p className="alert small" role="status">{t('printers.status.noReply')}</p>}
      <ErrorAlert error={error} />
    </div>
  );
}
