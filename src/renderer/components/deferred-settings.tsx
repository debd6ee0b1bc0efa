// Who may pay on account: a contact's "Gestion" panel (supervisors: may pay by compte
// d'attente, encours maximum autorisé) and the institution's default for new
// organisations (administrators). The services check the permissions again.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import type { Result } from '../../shared/result.ts';
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

/**
 * Whether one may pay on account and up to what limit, as typed, and saving them: a
 * contact's or the institution's default. An edit forgets the last save's outcome.
 */
function useAuthorisationForm<T>(
  initial: { isAuthorised: boolean; limitMinor: number },
  save: (isAuthorised: boolean, limitMinor: number) => Promise<Result<T>>,
  onSaved: (value: T) => void,
) {
  const [isAuthorised, setAuthorised] = useState(initial.isAuthorised);
  const [limitText, setLimitText, parseLimit] = useAmountField(initial.limitMinor);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [isSaved, setSaved] = useState(false);
  const [isBusy, setBusy] = useState(false);

  const submit = async () => {
    const limitMinor = parseLimit();
    if (typeof limitMinor === 'string') return setProblem(limitMinor);
    setBusy(true);
    const result = await save(isAuthorised, limitMinor);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setSaved(true);
    onSaved(result.value);
  };
  const edited = () => {
    setProblem(null);
    setError(null);
    setSaved(false);
  };
  const onAuthorised = (checked: boolean) => {
    setAuthorised(checked);
    edited();
  };
  const onLimitText = (text: string) => {
    setLimitText(text);
    edited();
  };
  return { isAuthorised, onAuthorised, limitText, onLimitText, problem, error, isSaved, isBusy, submit };
}

type AuthorisationForm = ReturnType<typeof useAuthorisationForm>;

/** The check box and the limit of an authorisation form. */
function AuthorisationFields(props: { form: AuthorisationForm; authorisedLabel: string; limitLabel: string; limitClassName: string }) {
  const { form } = props;
  return (
    <>
      <label className="check">
        <input type="checkbox" checked={form.isAuthorised} onChange={(event) => form.onAuthorised(event.target.checked)} />
        {props.authorisedLabel}
      </label>
      <label className={props.limitClassName}>
        <span className="field-label">{props.limitLabel}</span>
        <input className="input input-amount" inputMode="decimal" autoComplete="off" value={form.limitText} onChange={(event) => form.onLimitText(event.target.value)} />
      </label>
    </>
  );
}

function ProblemAlert(props: { problem: string | null }) {
  return props.problem ? (
    <p className="alert alert-error" role="alert">
      {props.problem}
    </p>
  ) : null;
}

export function ContactDeferredPanel(props: { contact: Contact; mayManage: boolean; onSaved: (contact: Contact) => void }) {
  const { t } = useTranslation();
  const { contact } = props;
  const form = useAuthorisationForm(
    { isAuthorised: contact.deferredAuthorised, limitMinor: contact.deferredLimitMinor },
    (authorised, limitMinor) => call('contacts.setDeferred', { contactId: contact.id, authorised, limitMinor }),
    props.onSaved,
  );

  return (
    <section className="deferred-manage" aria-labelledby="deferred-manage-title" data-testid="deferred-manage">
      <h3 id="deferred-manage-title" className="section-title">{t('deferred.manage.title')}</h3>
      {props.mayManage ? (
        <form
          className="deferred-manage-form"
          onSubmit={(event) => {
            event.preventDefault();
            void form.submit();
          }}
        >
          <AuthorisationFields form={form} authorisedLabel={t('deferred.manage.authorised')} limitLabel={t('deferred.manage.limit')} limitClassName="field field-inline" />
          <button type="submit" className="button button-small" disabled={form.isBusy}>
            {t('deferred.manage.save')}
          </button>
          {form.isSaved && (
            <span className="muted small" role="status">
              {t('deferred.manage.saved')}
            </span>
          )}
        </form>
      ) : (
        <p className="muted small" data-testid="deferred-manage-reason">{t('deferred.manage.supervisorOnly')}</p>
      )}
      <ProblemAlert problem={form.problem} />
      <ErrorAlert error={form.error} />
    </section>
  );
}

function DefaultsForm(props: { defaults: DeferredDefaults; onSaved: (defaults: DeferredDefaults) => void }) {
  const { t } = useTranslation();
  const form = useAuthorisationForm(
    { isAuthorised: props.defaults.organisationsAuthorised, limitMinor: props.defaults.limitMinor },
    (organisationsAuthorised, limitMinor) => call('settings.setDeferredDefaults', { organisationsAuthorised, limitMinor }),
    props.onSaved,
  );

  return (
    <form
      className="deferred-defaults-form"
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit();
      }}
    >
      <AuthorisationFields form={form} authorisedLabel={t('deferred.defaults.organisationsAuthorised')} limitLabel={t('deferred.defaults.limit')} limitClassName="field" />
      <ProblemAlert problem={form.problem} />
      <ErrorAlert error={form.error} />
      <div className="actions">
        {form.isSaved && (
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
