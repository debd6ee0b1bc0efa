// A user changes their own PIN with the one they have: from the login screen at any time,
// and there by force after an administrator reset it (login answers pin_change_required).
// The new PIN is checked by the shared rule before sending and typed twice.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangePinInput } from '../../shared/api/configuration-schemas.ts';
import { pinProblem } from '../../shared/domain/configuration-rules.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { check, type Problems } from './config-form.ts';
import { TextField, useSave } from './config-ui.tsx';

const digitsOnly = (text: string) => text.replace(/\D/g, '').slice(0, 8);

/** The problems of a new PIN typed twice (the shared rule, then the two agreeing). */
export function newPinProblems(pin: string, again: string): Problems {
  const problems: Problems = {};
  const rule = pinProblem(pin);
  if (rule) problems.newPin = { key: rule };
  else if (pin !== again) problems.again = { key: 'pinsDiffer' };
  return problems;
}

export function ChangePinForm(props: { userId: string; userName: string; isForced: boolean; currentPin?: string; onDone: (newPin: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState(props.currentPin ?? '');
  const [newPin, setNewPin] = useState('');
  const [again, setAgain] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const submit = async () => {
    const checked = check(ChangePinInput, { userId: props.userId, pin, newPin }, newPinProblems(newPin, again));
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    const done = await save.run('auth.changePin', checked.value);
    if (done.ok) props.onDone(newPin);
  };
  return (
    <form
      className="change-pin"
      data-testid="change-pin"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2 className="section-title">{t('config.pin.title', { name: props.userName })}</h2>
      {props.isForced && <p className="alert alert-info" role="status">{t('config.pin.forced')}</p>}
      {!props.currentPin && (
        <TextField id="pin-current" label={t('config.pin.current')} type="password" inputMode="numeric" value={pin} onChange={(v) => setPin(digitsOnly(v))} problem={problems.pin} autoFocus />
      )}
      <TextField id="pin-new" label={t('config.pin.new')} type="password" inputMode="numeric" value={newPin} onChange={(v) => setNewPin(digitsOnly(v))} problem={problems.newPin} hint={t('config.pin.rule')} autoFocus={Boolean(props.currentPin)} />
      <TextField id="pin-again" label={t('config.pin.again')} type="password" inputMode="numeric" value={again} onChange={(v) => setAgain(digitsOnly(v))} problem={problems.again} />
      <ErrorAlert error={save.error} testId="change-pin-error" />
      <div className="actions">
        <button type="button" className="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={save.isBusy}>
          {t('config.pin.submit')}
        </button>
      </div>
    </form>
  );
}
