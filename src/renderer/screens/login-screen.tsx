// Login: pick your name, type your PIN (keyboard or keypad). Wrong PINs and lockouts are
// refused by the services and shown here in the UI language.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Keypad } from '../components/keypad.tsx';
import { ChangePinForm } from '../configuration/change-pin-form.tsx';
import { useAuth } from '../stores/auth-store.ts';
import type { UserSummary } from '../types.ts';

const pinLengthMax = 8;

function UserList(props: { users: UserSummary[]; onPick: (user: UserSummary) => void }) {
  const { t } = useTranslation();
  if (props.users.length === 0) return <p className="muted">{t('login.noUsers')}</p>;
  return (
    <ul className="user-list" aria-label={t('login.chooseUser')}>
      {props.users.map((u, i) => (
        <li key={u.id}>
          <button type="button" className="user-card" onClick={() => props.onPick(u)} autoFocus={i === 0}>
            <span className="user-card-name">{u.name}</span>
            <span className="user-card-role">{t(`roles.${u.role}`)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function PinEntry(props: { user: UserSummary; onBack: () => void }) {
  const { t } = useTranslation();
  const login = useAuth((s) => s.login);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  // the PIN's own change: asked by the user, or forced after an administrator reset it (issue 16)
  const [pinChange, setPinChange] = useState<{ isForced: boolean; currentPin?: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const submit = async () => {
    if (isBusy || pin.length === 0) return;
    setBusy(true);
    const refusal = await login(props.user.id, pin);
    setBusy(false);
    if (refusal?.error.code === 'pin_change_required') {
      setPinChange({ isForced: true, currentPin: pin });
      setPin('');
    } else if (refusal) {
      setError(refusal.error);
      setPin('');
      input.current?.focus();
    }
  };
  const addDigit = (digit: string) => {
    setPin((p) => (p.length < pinLengthMax ? p + digit : p));
    input.current?.focus();
  };

  if (pinChange) {
    return (
      <ChangePinForm
        userId={props.user.id}
        userName={props.user.name}
        isForced={pinChange.isForced}
        {...(pinChange.currentPin ? { currentPin: pinChange.currentPin } : {})}
        onDone={(newPin) => {
          setPinChange(null);
          void login(props.user.id, newPin);
        }}
        onCancel={() => setPinChange(null)}
      />
    );
  }
  return (
    <form
      className="pin-entry"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="field-label" htmlFor="pin">
        {t('login.pinFor', { name: props.user.name })}
      </label>
      <input
        id="pin"
        ref={input}
        className="input input-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        autoFocus
        maxLength={pinLengthMax}
        value={pin}
        onChange={(event) => setPin(event.target.value.replace(/\D/g, '').slice(0, pinLengthMax))}
        onKeyDown={(event) => {
          if (event.key === 'Escape') props.onBack();
        }}
      />
      <p className="muted">{t('login.hint')}</p>
      <ErrorAlert error={error} testId="login-error" />
      <Keypad
        onDigit={addDigit}
        onErase={() => setPin((p) => p.slice(0, -1))}
        onClear={() => setPin('')}
        onSubmit={() => void submit()}
        isBusy={isBusy}
      />
      <button type="button" className="button button-ghost" onClick={props.onBack}>
        {t('login.changeUser')}
      </button>
      <button type="button" className="button button-ghost" onClick={() => setPinChange({ isForced: false })}>
        {t('config.pin.changeMine')}
      </button>
    </form>
  );
}

export function LoginScreen() {
  const { t } = useTranslation();
  const [users, setUsers] = useState<UserSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [picked, setPicked] = useState<UserSummary | null>(null);

  useEffect(() => {
    void call('auth.users', {}).then((result) => {
      if (result.ok) setUsers(result.value);
      else setError(result.error);
    });
  }, []);

  return (
    <main className="login">
      <section className="login-card" aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <ErrorAlert error={error} />
        {picked ? (
          <PinEntry user={picked} onBack={() => setPicked(null)} />
        ) : (
          <>
            <h2 className="section-title">{t('login.chooseUser')}</h2>
            {users ? <UserList users={users} onPick={setPicked} /> : <p className="muted">{t('app.loading')}</p>}
          </>
        )}
      </section>
    </main>
  );
}
