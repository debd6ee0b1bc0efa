// The pieces every configuration page is made of: a field with its problem under it, a
// search box over a list, a page's head, a list's loading and a question before retiring.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/result.ts';
import { call } from '../api-client.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import type { FieldProblem, Problems } from './config-form.ts';

/** A translation by a key made at run time (a problem's key, a kind's name). */
export function useLooseT(): (key: string, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  return t as unknown as (key: string, values?: Record<string, string | number>) => string;
}

export function ProblemText(props: { id: string; problem: FieldProblem | undefined }) {
  const tl = useLooseT();
  if (!props.problem) return null;
  const key = props.problem.key.includes('.') ? props.problem.key : `config.problems.${props.problem.key}`;
  return (
    <span className="field-problem" role="alert" id={`${props.id}-problem`} data-testid="field-problem">
      {tl(key, props.problem.values)}
    </span>
  );
}

export function Field(props: { id: string; label: string; problem?: FieldProblem | undefined; hint?: string; children: ReactNode; className?: string }) {
  return (
    <div className={`field${props.problem ? ' has-problem' : ''}${props.className ? ` ${props.className}` : ''}`}>
      <label className="field-label" htmlFor={props.id}>
        {props.label}
      </label>
      {props.children}
      {props.hint && <span className="field-hint">{props.hint}</span>}
      <ProblemText id={props.id} problem={props.problem} />
    </div>
  );
}

/** A text input bound to a draft's field, marked invalid with its problem under it. */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: FieldProblem | undefined;
  hint?: string;
  placeholder?: string;
  type?: 'text' | 'password' | 'email';
  inputMode?: 'numeric' | 'decimal' | 'text';
  className?: string;
  autoFocus?: boolean;
  disabled?: boolean;
}) {
  // a problem named at the last check goes once the field is typed in again (the next check names it anew)
  const [isEdited, setEdited] = useState(false);
  useEffect(() => setEdited(false), [props.problem]);
  const problem = isEdited ? undefined : props.problem;
  return (
    <Field id={props.id} label={props.label} problem={problem} {...(props.hint ? { hint: props.hint } : {})} {...(props.className ? { className: props.className } : {})}>
      <input
        id={props.id}
        className="input"
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        autoComplete="off"
        autoFocus={props.autoFocus}
        disabled={props.disabled}
        value={props.value}
        onChange={(e) => {
          setEdited(true);
          props.onChange(e.target.value);
        }}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${props.id}-problem` : undefined}
      />
    </Field>
  );
}

export function CheckField(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean }) {
  return (
    <label className="check">
      <input type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}

/** The problem of a field by its path, for a field component. */
export function problemAt(problems: Problems, path: string): FieldProblem | undefined {
  return problems[path];
}

export function SearchBox(props: { id: string; value: string; onChange: (value: string) => void; label: string }) {
  return (
    <input
      id={props.id}
      type="search"
      className="input input-search config-search"
      placeholder={props.label}
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/** Rows whose text holds every word typed (any case, any accents). */
export function searchRows<T>(rows: readonly T[], query: string, text: (row: T) => string): T[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...rows];
  return rows.filter((row) => {
    const haystack = fold(text(row));
    return words.every((w) => haystack.includes(w));
  });
}

export function PageHead(props: { title: string; intro?: string; children?: ReactNode }) {
  return (
    <div className="screen-head config-head">
      <div>
        <h2 className="config-title">{props.title}</h2>
        {props.intro && <p className="muted small">{props.intro}</p>}
      </div>
      {props.children && <div className="actions">{props.children}</div>}
    </div>
  );
}

/** A method's answer read at once and again on demand (after a save). */
export function useLoaded<M extends MethodName>(method: M, input: InputOf<M>) {
  const [value, setValue] = useState<OutputOf<M> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(async () => {
    const result = await call(method, input);
    if (result.ok) {
      setValue(result.value);
      setError(null);
    } else setError(result.error);
    // read again for the method only: a page's input is a constant of the page
  }, [method]);
  useEffect(() => {
    void load();
  }, [load]);
  return { value, error, load };
}

/** A save: busy while it runs, the services' refusal kept to show, the answer handed on. */
export function useSave() {
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async <M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>> => {
    setBusy(true);
    setError(null);
    const result = await call(method, input);
    setBusy(false);
    if (!result.ok) setError(result.error);
    return result;
  };
  return { isBusy, error, setError, run };
}

/** A retire (or close, deactivate) button that asks first, naming what goes. */
export function RetireButton(props: { label: string; question: string; confirmLabel: string; onConfirm: () => Promise<ApiError | null>; disabled?: boolean }) {
  const { t } = useTranslation();
  const [isAsking, setAsking] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = async () => {
    setBusy(true);
    const refusal = await props.onConfirm();
    setBusy(false);
    if (refusal) setError(refusal);
    else setAsking(false);
  };
  return (
    <>
      <button type="button" className="button button-small button-danger-outline" disabled={props.disabled} onClick={() => { setError(null); setAsking(true); }}>
        {props.label}
      </button>
      {isAsking && (
        <ConfirmDialog title={t('config.confirmTitle')} text={props.question} confirmLabel={props.confirmLabel} isBusy={isBusy} error={error} onConfirm={() => void confirm()} onCancel={() => setAsking(false)} />
      )}
    </>
  );
}

/** The refusal a form gives itself when a field is wrong (shown in a confirmation window). */
export function formRefusal(message: string): ApiError {
  return { code: 'invalid_input', message };
}

export function Saved(props: { text: string | null }) {
  if (!props.text) return null;
  return (
    <p className="alert alert-success" role="status" data-testid="config-saved">
      {props.text}
    </p>
  );
}
