// The administrator's Synchronisation screen (DESIGN C13, C14): where the till stands with
// the ledger server, a sync on demand, and enrolment by the server's address and a one-time
// code. Enrolment runs in the background on the till's side: this screen follows the
// status the header polls, and shows a refusal by its code in the UI language.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import type { SyncStatus } from '../../shared/api/sync-contract.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Money } from '../components/money.tsx';
import { useFormat } from '../format.ts';
import { useSync } from '../stores/sync-store.ts';
import { checkEnrolmentCode, checkServerUrl, syncErrorText, syncStateOf, type SyncState } from '../sync-view.ts';

const stateLabels: Record<SyncState, `sync.indicator.${SyncState}`> = {
  online: 'sync.indicator.online',
  offline: 'sync.indicator.offline',
  notEnrolled: 'sync.indicator.notEnrolled',
  enrolling: 'sync.indicator.enrolling',
};

function LastError({ error }: { error: NonNullable<SyncStatus['lastError']> }) {
  const format = useFormat();
  return (
    <p className="alert alert-error" role="alert" data-testid="sync-error" data-code={error.code}>
      {syncErrorText(error, format)}
    </p>
  );
}

function StatePanel({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const format = useFormat();
  const isRequested = useSync((s) => s.isRequested);
  const syncNow = useSync((s) => s.syncNow);
  const [error, setError] = useState<ApiError | null>(null);
  const [asked, setAsked] = useState(false);
  const state = syncStateOf(status);
  const when = (atMs: number | null) => (atMs === null ? t('sync.screen.never') : format.dateTime(atMs));
  return (
    <section className="panel" aria-labelledby="sync-state-title" data-testid="sync-state-panel">
      <h2 id="sync-state-title" className="panel-title">
        {t('sync.screen.stateTitle')}
      </h2>
      <dl className="sync-facts">
        <dt>{t('sync.screen.till')}</dt>
        <dd data-testid="sync-till-id">{status.tillId}</dd>
        <dt>{t('sync.screen.state')}</dt>
        <dd>
          <span className="sync-state-tag" data-state={state} data-testid="sync-screen-state">
            <span className={`sync-dot sync-dot-${state}`} aria-hidden="true" />
            {t(stateLabels[state])}
          </span>
        </dd>
        <dt>{t('sync.screen.server')}</dt>
        <dd data-testid="sync-server-url">{status.serverUrl ?? t('sync.screen.none')}</dd>
        <dt>{t('sync.screen.enrolled')}</dt>
        <dd data-testid="sync-enrolled">{t(status.enrolled ? 'sync.screen.enrolledYes' : 'sync.screen.enrolledNo')}</dd>
        <dt>{t('sync.screen.ackedSeq')}</dt>
        <dd data-testid="sync-acked-seq">{status.ackedSeq}</dd>
        <dt>{t('sync.screen.waitingEvents')}</dt>
        <dd data-testid="sync-waiting-events">{status.waitingEvents}</dd>
        <dt>{t('sync.screen.waitingRecords')}</dt>
        <dd>{status.waitingRecords}</dd>
        <dt>{t('sync.screen.lastSuccess')}</dt>
        <dd>{when(status.lastSuccessMs)}</dd>
        <dt>{t('sync.screen.lastAttempt')}</dt>
        <dd>{when(status.lastAttemptMs)}</dd>
        <dt>{t('sync.screen.offlineCap')}</dt>
        <dd>
          <Money minor={status.offlineCapMinor} testId="sync-offline-cap" />
        </dd>
      </dl>
      <p className="muted small">{t('sync.screen.offlineCapHint')}</p>
      {status.restoring && (
        <p className="alert alert-info" role="status" data-testid="sync-restoring">
          {t('sync.screen.restoring', { tillId: status.restoring.tillId, restored: status.restoring.restoredSeq, target: status.restoring.targetSeq })}
        </p>
      )}
      {status.lastError && <LastError error={status.lastError} />}
      <ErrorAlert error={error} testId="sync-now-error" />
      <div className="sync-actions">
        <button
          type="button"
          className="button"
          disabled={status.serverUrl === null || isRequested}
          onClick={() => {
            setAsked(true);
            void syncNow().then(setError);
          }}
        >
          {t('sync.screen.syncNow')}
        </button>
        {asked && isRequested && (
          <span className="muted small" role="status">
            {t('sync.screen.syncRequested')}
          </span>
        )}
      </div>
    </section>
  );
}

type Problems = { url: string | null; code: string | null };

function ServerUrlField(props: { value: string; problem: string | null; onChange: (text: string) => void }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field-label">{t('sync.screen.serverUrl')}</span>
      <input
        className="input"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('sync.screen.serverUrlPlaceholder')}
        value={props.value}
        aria-invalid={props.problem !== null}
        aria-describedby={props.problem ? 'sync-url-problem' : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.problem && (
        <span id="sync-url-problem" className="field-problem" role="alert">
          {props.problem}
        </span>
      )}
    </label>
  );
}

function EnrolCodeField(props: { value: string; problem: string | null; onChange: (text: string) => void }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field-label">{t('sync.screen.code')}</span>
      <input
        className="input sync-code-input"
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="characters"
        maxLength={40}
        placeholder="XXXX-XXXX-XXXX-XXXX"
        value={props.value}
        aria-invalid={props.problem !== null}
        aria-describedby={props.problem ? 'sync-code-hint sync-code-problem' : 'sync-code-hint'}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <span id="sync-code-hint" className="field-hint">
        {t('sync.screen.codeHint')}
      </span>
      {props.problem && (
        <span id="sync-code-problem" className="field-problem" role="alert">
          {props.problem}
        </span>
      )}
    </label>
  );
}

function EnrolPanel({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const enrol = useSync((s) => s.enrol);
  const [urlText, setUrlText] = useState(status.serverUrl ?? '');
  const [codeText, setCodeText] = useState('');
  const [problems, setProblems] = useState<Problems>({ url: null, code: null });
  const [error, setError] = useState<ApiError | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [isSending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const url = checkServerUrl(urlText);
    const code = checkEnrolmentCode(codeText);
    setProblems({
      url: url.ok ? null : t(`sync.screen.urlProblems.${url.problem}`),
      code: code.ok ? null : t(`sync.screen.codeProblems.${code.problem}`, { characters: code.badCharacters, count: code.badCharacters.split(' ').filter(Boolean).length }),
    });
    if (!url.ok || !code.ok) return;
    setCodeText(code.code);
    setSending(true);
    const refusal = await enrol(url.url, code.code);
    setSending(false);
    setError(refusal);
    if (!refusal) {
      setSentTo(url.url);
      setCodeText('');
    }
  };

  const isWaiting = status.enrolling && status.lastError === null;
  return (
    <section className="panel" aria-labelledby="sync-enrol-title" data-testid="sync-enrol-panel">
      <h2 id="sync-enrol-title" className="panel-title">
        {t(status.enrolled ? 'sync.screen.reenrolTitle' : 'sync.screen.enrolTitle')}
      </h2>
      <p className="muted">{t(status.enrolled ? 'sync.screen.reenrolIntro' : 'sync.screen.enrolIntro')}</p>
      <form className="sync-form" noValidate onSubmit={(event) => void submit(event)}>
        <ServerUrlField value={urlText} problem={problems.url} onChange={setUrlText} />
        <EnrolCodeField value={codeText} problem={problems.code} onChange={setCodeText} />
        <ErrorAlert error={error} testId="sync-enrol-error" />
        <div className="sync-actions">
          <button type="submit" className="button button-primary" disabled={isSending}>
            {t('sync.screen.enrol')}
          </button>
        </div>
      </form>
      {sentTo && <EnrolOutcome status={status} sentTo={sentTo} isWaiting={isWaiting} />}
    </section>
  );
}

/** What became of the code just sent: waiting for the server, enrolled, or refused. */
function EnrolOutcome(props: { status: SyncStatus; sentTo: string; isWaiting: boolean }) {
  const { t } = useTranslation();
  const { status } = props;
  if (props.isWaiting) {
    return (
      <div className="alert" role="status" data-testid="sync-enrol-progress">
        <strong>{t('sync.screen.enrolling', { url: props.sentTo })}</strong> {t('sync.screen.enrollingHint')}
      </div>
    );
  }
  if (status.enrolled && !status.enrolling && status.lastError === null) {
    return (
      <p className="alert alert-success" role="status" data-testid="sync-enrol-done">
        {t('sync.screen.enrolledDone', { url: status.serverUrl ?? props.sentTo })}
      </p>
    );
  }
  if (status.lastError) {
    // unreachable: the code is kept and tried again; refused: the code is spent or wrong
    return (
      <p className="muted small" data-testid={status.enrolling ? 'sync-enrol-retrying' : 'sync-enrol-failed'}>
        {t(status.enrolling ? 'sync.screen.enrolRetrying' : 'sync.screen.enrolFailed')}
      </p>
    );
  }
  return null;
}

export function SyncScreen() {
  const { t } = useTranslation();
  const status = useSync((s) => s.status);
  const error = useSync((s) => s.error);
  return (
    <main className="screen sync-screen" aria-labelledby="sync-title">
      <div className="screen-head">
        <h1 id="sync-title">{t('sync.screen.title')}</h1>
      </div>
      <p className="muted">{t('sync.screen.intro')}</p>
      <ErrorAlert error={error} testId="sync-status-error" />
      {status && (
        <div className="sync-panels">
          <StatePanel status={status} />
          <EnrolPanel status={status} />
        </div>
      )}
    </main>
  );
}
