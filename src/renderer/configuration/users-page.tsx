// The users page: create a user with a role and a PIN they are told once, change a name or
// a role, deactivate (asked first; never deleted, their sales name them), and reset a PIN:
// the user chooses a new one at the next login. PINs are checked by the shared rule first.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { UserCreateInput, UserResetPinInput, UserSaveInput, type UserConfig } from '../../shared/api/configuration-schemas.ts';
import { roles, type Role } from '../../shared/permissions.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { check, type Problems } from './config-form.ts';
import { CheckField, Field, PageHead, RetireButton, Saved, SearchBox, TextField, searchRows, useLoaded, useSave, formRefusal } from './config-ui.tsx';
import { newPinProblems } from './change-pin-form.tsx';
import { useConfig } from './config-store.ts';

type User = z.output<typeof UserConfig>;

function RoleSelect(props: { value: Role; onChange: (role: Role) => void }) {
  const { t } = useTranslation();
  return (
    <Field id="user-role" label={t('config.users.role')}>
      <select id="user-role" className="input" value={props.value} onChange={(e) => props.onChange(e.target.value as Role)}>
        {roles.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
      </select>
    </Field>
  );
}

/** A PIN typed twice, with the path its rule's problem goes under. */
function PinFields(props: { pin: string; again: string; problems: Problems; onPin: (pin: string) => void; onAgain: (again: string) => void; label: string }) {
  const { t } = useTranslation();
  const digits = (v: string) => v.replace(/\D/g, '').slice(0, 8);
  return (
    <>
      <TextField id="user-pin" label={props.label} type="password" inputMode="numeric" value={props.pin} onChange={(v) => props.onPin(digits(v))} problem={props.problems.pin} hint={t('config.pin.rule')} />
      <TextField id="user-pin-again" label={t('config.pin.again')} type="password" inputMode="numeric" value={props.again} onChange={(v) => props.onAgain(digits(v))} problem={props.problems.again} />
    </>
  );
}

function pinExtra(pin: string, again: string): Problems {
  const p = newPinProblems(pin, again);
  return { ...(p.newPin ? { pin: p.newPin } : {}), ...(p.again ? { again: p.again } : {}) };
}

function NewUserForm(props: { onSaved: (user: User) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ name: '', role: 'cashier' as Role, pin: '', again: '' });
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const submit = async () => {
    const checked = check(UserCreateInput, { name: draft.name, role: draft.role, pin: draft.pin }, pinExtra(draft.pin, draft.again));
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    const answer = await save.run('users.create', checked.value);
    if (answer.ok) props.onSaved(answer.value);
  };
  return (
    <form className="config-form" noValidate aria-label={t('config.users.new')} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3 className="section-title">{t('config.users.new')}</h3>
      <TextField id="user-name" label={t('config.users.name')} value={draft.name} onChange={(name) => setDraft({ ...draft, name })} problem={problems.name} />
      <RoleSelect value={draft.role} onChange={(role) => setDraft({ ...draft, role })} />
      <PinFields pin={draft.pin} again={draft.again} problems={problems} onPin={(pin) => setDraft({ ...draft, pin })} onAgain={(again) => setDraft({ ...draft, again })} label={t('config.users.pin')} />
      <ErrorAlert error={save.error} testId="config-error" />
      <div className="actions"><button type="submit" className="button button-primary" disabled={save.isBusy}>{t('config.users.create')}</button></div>
    </form>
  );
}

function ResetPin(props: { user: User; onDone: (user: User) => void }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const reset = async () => {
    const checked = check(UserResetPinInput, { userId: props.user.id, pin }, pinExtra(pin, again));
    if (!checked.ok) {
      setProblems(checked.problems);
      return formRefusal(t('config.problems.invalid'));
    }
    setProblems({});
    const answer = await save.run('users.resetPin', checked.value);
    if (!answer.ok) return answer.error;
    setPin('');
    setAgain('');
    props.onDone(answer.value);
    return null;
  };
  return (
    <fieldset className="config-fieldset">
      <legend>{t('config.users.resetLegend')}</legend>
      <p className="muted small">{t('config.users.resetHint')}</p>
      <PinFields pin={pin} again={again} problems={problems} onPin={setPin} onAgain={setAgain} label={t('config.users.tempPin')} />
      <ErrorAlert error={save.error} testId="config-error" />
      <RetireButton label={t('config.users.reset')} question={t('config.users.resetQuestion', { name: props.user.name })} confirmLabel={t('config.users.reset')} onConfirm={reset} />
    </fieldset>
  );
}

function UserForm(props: { user: User; onSaved: (user: User) => void }) {
  const { t } = useTranslation();
  const showHistory = useConfig((s) => s.showHistory);
  const { user } = props;
  const [draft, setDraft] = useState({ name: user.name, role: user.role });
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const send = async (isActive: boolean) => {
    const checked = check(UserSaveInput, { userId: user.id, ...draft, isActive });
    if (!checked.ok) {
      setProblems(checked.problems);
      return formRefusal(t('config.problems.invalid'));
    }
    setProblems({});
    const answer = await save.run('users.save', checked.value);
    if (!answer.ok) return answer.error;
    props.onSaved(answer.value);
    return null;
  };
  return (
    <div className="config-form">
      <form noValidate aria-label={t('config.users.edit')} onSubmit={(e) => { e.preventDefault(); void send(user.isActive); }}>
        <h3 className="section-title">{user.name}</h3>
        <TextField id="user-name" label={t('config.users.name')} value={draft.name} onChange={(name) => setDraft({ ...draft, name })} problem={problems.name} />
        <RoleSelect value={draft.role} onChange={(role) => setDraft({ ...draft, role })} />
        <ErrorAlert error={save.error} testId="config-error" />
        <div className="actions">
          <button type="button" className="button button-small" onClick={() => showHistory({ kind: 'user', id: user.id, label: user.name })}>{t('config.history.open')}</button>
          {user.isActive ? (
            <RetireButton label={t('config.users.deactivate')} question={t('config.users.deactivateQuestion', { name: user.name })} confirmLabel={t('config.users.deactivate')} onConfirm={() => send(false)} />
          ) : (
            <button type="button" className="button button-small" onClick={() => void send(true)}>{t('config.reactivate')}</button>
          )}
          <button type="submit" className="button button-primary" disabled={save.isBusy}>{t('config.save')}</button>
        </div>
      </form>
      {user.isActive && <ResetPin user={user} onDone={props.onSaved} />}
    </div>
  );
}

/** What the list says of a user: deactivated, locked after wrong PINs, PIN to change, or active. */
function UserState(props: { user: User }) {
  const { t } = useTranslation();
  const u = props.user;
  if (!u.isActive) return <>{t('config.users.inactive')}</>;
  if (u.lockedUntilMs !== null && u.lockedUntilMs > Date.now()) return <>{t('config.users.locked')}</>;
  return <>{u.isPinChangeRequired ? t('config.users.pinToChange') : t('config.users.active')}</>;
}

export function UsersPage() {
  const { t } = useTranslation();
  const loaded = useLoaded('users.list', {});
  const [query, setQuery] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const [selected, setSelected] = useState<{ key: number; user: User | null }>({ key: 0, user: null });
  const [saved, setSaved] = useState<string | null>(null);
  // another user chosen: the last save's message goes
  const pick = (user: User | null) => {
    setSaved(null);
    setSelected((s) => ({ key: s.key + 1, user }));
  };
  const onSaved = (user: User) => {
    pick(user);
    setSaved(t('config.savedName', { name: user.name }));
    void loaded.load();
  };
  const rows = searchRows((loaded.value ?? []).filter((u) => showInactive || u.isActive), query, (u) => `${u.name} ${t(`roles.${u.role}`)}`);
  return (
    <section className="config-page" data-testid="config-users">
      <PageHead title={t('config.pages.users')} intro={t('config.users.intro')}>
        <button type="button" className="button button-small" onClick={() => pick(null)}>{t('config.users.add')}</button>
      </PageHead>
      <ErrorAlert error={loaded.error} />
      <Saved text={saved} />
      <div className="config-split">
        <div className="config-list">
          <SearchBox id="users-search" value={query} onChange={setQuery} label={t('config.search')} />
          <CheckField label={t('config.showInactive')} checked={showInactive} onChange={setShowInactive} />
          <table className="table config-table" data-testid="users-table">
            <thead><tr><th scope="col">{t('config.users.name')}</th><th scope="col">{t('config.users.role')}</th><th scope="col">{t('config.users.state')}</th></tr></thead>
            <tbody>
              {rows.map((u) => (
                <tr key={u.id} className={`${u.id === selected.user?.id ? 'is-selected' : ''}${u.isActive ? '' : ' is-inactive'}`} data-name={u.name}>
                  <th scope="row"><button type="button" className="link" onClick={() => pick(u)}>{u.name}</button></th>
                  <td>{t(`roles.${u.role}`)}</td>
                  <td><UserState user={u} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="empty">{t('config.noneFound')}</p>}
        </div>
        {selected.user ? <UserForm key={selected.key} user={selected.user} onSaved={onSaved} /> : <NewUserForm key={selected.key} onSaved={onSaved} />}
      </div>
    </section>
  );
}
