// Who may pay on account: a contact's "Gestion" panel (supervisors: may pay by compte
// d'attente, encours maximum autorisé) and the institution's default for new
// organisations (administrators). The services check the permissions again.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { parseMoney } from '../../shared/money/parse.ts';
import { call } from '../api-client.ts';
import { useFormat } from '../format.ts';
import type { Contact, DeferredDefaults } from '../types.ts';
import { ErrorAlert } from './error-alert.tsx';

/** An amount typed as "2000" or "2000.00": minor units, or the sentence that says what is wrong. */
function useAmountField(initialMinor: number): [string, (text: string) => void, () => number | string] {
  const { t } = useTranslation();
  const format = useFormat();
  const [text, setText] = useState(() => format.amount(initialMinor));
  const parse = () => {
    const parsed = parseMoney(text, format.currency);
    return parsed.ok ? parsed.amountMinor : t('payment.invalidAmount', { reason: t(`moneyParse.${parsed.reason}`) });
  };
  return [text, setText, parse];
}

export function ContactDeferredPanel(props: { contact: Contact; mayManage: boolean; onSaved: (contact: Contact) => void }) {
  const { t } = useTranslation();
  const { contact } = props;
  const [isAuthorised, setAuthorised] = useState(contact.deferredAuthorised);
  const [limitText, setLimitText, parseLimit] = useAmountField(contact.deferredLimitMinor);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isSaved, setSaved] = useState(false);
  const [isBusy, setBusy] = useState(false);

  const save = async () => {
    const limitMinor = parseLimit();
    if (typeof limitMinor === 'string') return setProblem(limitMinor);
    setBusy(true);
    const result = await call('contacts.setDeferred', { contactId: contact.id, authorised: isAuthorised, limitMinor });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setSaved(true);
    props.onSaved(result.value);
  };
  const edited = () => {
    setProblem(null);
    setError(null);
    setSaved(false);
  };

  return (
    <section className="deferred-manage" aria-labelledby="deferred-manage-title" data-testid="deferred-manage">
      <h3 id="deferred-manage-title" className="section-title">{t('deferred.manage.title')}</h3>
      {props.mayManage ? (
        <form
          className="deferred-manage-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <label className="check">
            <input type="checkbox" checked={isAuthorised} onChange={(event) => {
              setAuthorised(event.target.checked);
              edited();
            }} />
            {t('deferred.manage.authorised')}
          </label>
          <label className="field field-inline">
            <span className="field-label">{t('deferred.manage.limit')}</span>
            <input className="input input-amount" inputMode="decimal" autoComplete="off" value={limitText} onChange={(event) => {
              setLimitText(event.target.value);
              edited();
            }} />
          </label>
          <button type="submit" className="button button-small" disabled={isBusy}>
            {t('deferred.manage.save')}
          </button>
          {isSaved && (
            <span className="muted small" role="status">
              {t('deferred.manage.saved')}
            </span>
          )}
        </form>
      ) : (
        <p className="muted small" data-testid="deferred-manage-reason">{t('deferred.manage.supervisorOnly')}</p>
      )}
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorAlert error={error} />
    </section>
  );
}

function DefaultsForm(props: { defaults: DeferredDefaults; onSaved: (defaults: DeferredDefaults) => void }) {
  const { t } = useTranslation();
  const [isAuthorised, setAuthorised] = useState(props.defaults.organisationsAuthorised);
  const [limitText, setLimitText, parseLimit] = useAmountField(props.defaults.limitMinor);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isSaved, setSaved] = useState(false);

  const save = async () => {
    const limitMinor = parseLimit();
    if (typeof limitMinor === 'string') return setProblem(limitMinor);
    const result = await call('settings.setDeferredDefaults', { organisationsAuthorised: isAuthorised, limitMinor });
    if (!result.ok) return setError(result.error);
    setSaved(true);
    props.onSaved(result.value);
  };
  const edited = () => {
    setProblem(null);
    setError(null);
    setSaved(false);
  };

  return (
    <form
      className="deferred-defaults-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label className="check">
        <input type="checkbox" checked={isAuthorised} onChange={(event) => {
              setAuthorised(event.target.checked);
              edited();
            }} />
        {t('deferred.defaults.organisationsAuthorised')}
      </label>
      <label className="field">
        <span className="field-label">{t('deferred.defaults.limit')}</span>
        <input className="input input-amount" inputMode="decimal" autoComplete="off" value={limitText} onChange={(event) => {
              setLimitText(event.target.value);
              edited();
            }} />
      </label>
      {problem && (
        <p className="alert alert-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorAlert error={error} />
      <div className="actions">
        {isSaved && (
          <span className="muted small" role="status">
            {t('deferred.defaults.saved')}
          </span>
        )}
        <button type="submit" className="button button-small">
          {t('deferred.defaults.save')}
        </button>
      </div>
    </form>
  );
}

/** The institution parameter of seed 000 (administrators): new organisations may pay on account, up to a default limit. */
export function DeferredDefaultsPanel() {
  const { t } = useTranslation();
  const [defaults, setDefaults] = useState<DeferredDefaults | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    void call('settings.deferredDefaults', {}).then((result) => {
      if (result.ok) setDefaults(result.value);
      else setError(result.error);
    });
  }, []);
  return (
    <section className="deferred-defaults" aria-labelledby="deferred-defaults-title" data-testid="deferred-defaults">
      <h2 id="deferred-defaults-title" className="section-title">{t('deferred.defaults.title')}</h2>
      <p className="muted small">{t('deferred.defaults.intro')}</p>
      <ErrorAlert error={error} />
      {defaults && <DefaultsForm defaults={defaults} onSaved={setDefaults} />}
    </section>
  );
}
