// The first start without demo data (issue 16 point 1): until an administrator exists the
// window asks for the institution, invoicing, this till and its point of sale, and the
// first administrator with the PIN they choose; then the login. Set up, it is the login.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SetupInput } from '../../shared/api/configuration-schemas.ts';
import { call } from '../api-client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { LoginScreen } from '../screens/login-screen.tsx';
import { useSystem } from '../stores/system-store.ts';
import { check, type Problems } from './config-form.ts';
import { TextField, useSave } from './config-ui.tsx';
import { newPinProblems } from './change-pin-form.tsx';
import { checkInstitution, emptyInstitution, InstitutionFields, InvoicingFields, type InstitutionDraft } from './institution-fields.tsx';

interface SetupDraft {
  tillId: string;
  tillName: string;
  pointOfSaleName: string;
  adminName: string;
  pin: string;
  again: string;
}

function checkSetup(institution: InstitutionDraft, setup: SetupDraft) {
  const checked = checkInstitution(institution);
  const pinProblems = newPinProblems(setup.pin, setup.again);
  const extra: Problems = {};
  if (pinProblems.newPin) extra['administrator.pin'] = pinProblems.newPin;
  if (pinProblems.again) extra.again = pinProblems.again;
  const input = {
    institution: checked.ok ? checked.institution : {},
    invoicing: checked.ok ? checked.invoicing : null,
    till: { tillId: setup.tillId, name: setup.tillName, pointOfSaleName: setup.pointOfSaleName },
    administrator: { name: setup.adminName, pin: setup.pin },
  };
  const result = check(SetupInput, input, extra);
  if (checked.ok) return result;
  // the institution's own problems by its fields' names (the schema's would say "institution.…")
  const problems = Object.fromEntries(Object.entries(result.ok ? {} : result.problems).filter(([path]) => !path.startsWith('institution')));
  return { ok: false as const, problems: { ...checked.problems, ...problems } };
}

function SetupForm(props: { tillId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [institution, setInstitution] = useState<InstitutionDraft>(emptyInstitution);
  const [setup, setSetup] = useState<SetupDraft>({ tillId: props.tillId, tillName: '', pointOfSaleName: '', adminName: '', pin: '', again: '' });
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const set = (patch: Partial<SetupDraft>) => setSetup((s) => ({ ...s, ...patch }));
  const submit = async () => {
    const checked = checkSetup(institution, setup);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    if ((await save.run('setup.complete', checked.value)).ok) props.onDone();
  };
  return (
    <form className="setup-form" noValidate onSubmit={(event) => { event.preventDefault(); void submit(); }}>
      <InstitutionFields draft={institution} problems={problems} set={(patch) => setInstitution((d) => ({ ...d, ...patch }))} />
      <InvoicingFields draft={institution} problems={problems} set={(patch) => setInstitution((d) => ({ ...d, ...patch }))} />
      <fieldset className="config-fieldset">
        <legend>{t('config.setup.tillLegend')}</legend>
        <div className="form-grid">
          <TextField id="setup-till-id" label={t('config.setup.tillId')} value={setup.tillId} onChange={(tillId) => set({ tillId })} problem={problems['till.tillId']} />
          <TextField id="setup-till-name" label={t('config.setup.tillName')} value={setup.tillName} onChange={(tillName) => set({ tillName })} problem={problems['till.name']} className="span-2" />
          <TextField id="setup-pos" label={t('config.setup.pointOfSale')} value={setup.pointOfSaleName} onChange={(pointOfSaleName) => set({ pointOfSaleName })} problem={problems['till.pointOfSaleName']} className="span-3" />
        </div>
      </fieldset>
      <fieldset className="config-fieldset">
        <legend>{t('config.setup.adminLegend')}</legend>
        <div className="form-grid">
          <TextField id="setup-admin" label={t('config.setup.adminName')} value={setup.adminName} onChange={(adminName) => set({ adminName })} problem={problems['administrator.name']} className="span-2" />
          <TextField id="setup-pin" label={t('config.pin.new')} type="password" inputMode="numeric" value={setup.pin} onChange={(pin) => set({ pin })} problem={problems['administrator.pin']} hint={t('config.pin.rule')} />
          <TextField id="setup-pin-again" label={t('config.pin.again')} type="password" inputMode="numeric" value={setup.again} onChange={(again) => set({ again })} problem={problems.again} />
        </div>
      </fieldset>
      <ErrorAlert error={save.error} testId="setup-error" />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={save.isBusy}>
          {t('config.setup.submit')}
        </button>
      </div>
    </form>
  );
}

/** The set-up while this till has no administrator, else the login. */
export function LoginOrSetup() {
  const { t } = useTranslation();
  const loadSystem = useSystem((s) => s.load);
  const [status, setStatus] = useState<{ isSetUp: boolean; tillId: string } | null>(null);
  useEffect(() => {
    void call('setup.status', {}).then((result) => {
      // a till whose services do not know the set-up (older) goes to the login
      setStatus(result.ok ? result.value : { isSetUp: true, tillId: '' });
    });
  }, []);
  if (!status) return <main className="login"><p className="muted">{t('app.loading')}</p></main>;
  if (status.isSetUp) return <LoginScreen />;
  return (
    <main className="screen setup">
      <div className="setup-card">
        <h1>{t('config.setup.title')}</h1>
        <p className="muted">{t('config.setup.intro')}</p>
        <SetupForm tillId={status.tillId} onDone={() => void loadSystem().then(() => setStatus({ isSetUp: true, tillId: status.tillId }))} />
      </div>
    </main>
  );
}
