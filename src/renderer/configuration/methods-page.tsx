// The payment methods page (seed 000 "Création du mode de règlement", seed 003): each method
// with its type and flags, "avec suivi" and its rule for a deferred method, the points of
// sale that authorise it; create, change, retire (asked first; never deleted).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { PaymentMethodSaveInput, type PaymentMethodConfig } from '../../shared/api/configuration-schemas.ts';
import { paymentMethodTypes } from '../../shared/api/schemas.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { check, wholeNumber, type Problems } from './config-form.ts';
import { CheckField, Field, PageHead, RetireButton, Saved, SearchBox, TextField, searchRows, useLoaded, useLooseT, useSave } from './config-ui.tsx';
import { useConfig } from './config-store.ts';

type Method = z.output<typeof PaymentMethodConfig>;
type MethodType = (typeof paymentMethodTypes)[number];

interface MethodDraft {
  methodId: string | null;
  name: string;
  type: MethodType;
  mayPay: boolean;
  mayRefund: boolean;
  givesChange: boolean;
  isTracked: boolean;
  installments: string;
  intervalDays: string;
  firstDueOffsetDays: string;
}

const newMethod: MethodDraft = { methodId: null, name: '', type: 'card', mayPay: true, mayRefund: true, givesChange: false, isTracked: false, installments: '1', intervalDays: '30', firstDueOffsetDays: '30' };

function draftOf(m: Method): MethodDraft {
  return {
    methodId: m.id,
    name: m.name,
    type: m.type,
    mayPay: m.mayPay,
    mayRefund: m.mayRefund,
    givesChange: m.givesChange,
    isTracked: m.tracking !== null,
    installments: String(m.tracking?.installments ?? 1),
    intervalDays: String(m.tracking?.intervalDays ?? 30),
    firstDueOffsetDays: String(m.tracking?.firstDueOffsetDays ?? 30),
  };
}

function checkMethod(d: MethodDraft) {
  const tracking = d.type === 'deferred' && d.isTracked ? { installments: wholeNumber(d.installments), intervalDays: wholeNumber(d.intervalDays), firstDueOffsetDays: wholeNumber(d.firstDueOffsetDays) } : null;
  return check(PaymentMethodSaveInput, { ...(d.methodId ? { methodId: d.methodId } : {}), name: d.name, type: d.type, mayPay: d.mayPay, mayRefund: d.mayRefund, givesChange: d.givesChange, tracking });
}

function MethodList(props: { methods: readonly Method[]; selectedId: string | null; onPick: (m: Method) => void }) {
  const { t } = useTranslation();
  const tl = useLooseT();
  const [query, setQuery] = useState('');
  const rows = searchRows(props.methods, query, (m) => `${m.name} ${tl(`config.methodTypes.${m.type}`)}`);
  return (
    <div className="config-list">
      <SearchBox id="methods-search" value={query} onChange={setQuery} label={t('config.search')} />
      <table className="table config-table" data-testid="methods-table">
        <thead>
          <tr>
            <th scope="col">{t('config.methods.name')}</th>
            <th scope="col">{t('config.methods.type')}</th>
            <th scope="col">{t('config.methods.pointsOfSale')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id} className={`${m.id === props.selectedId ? 'is-selected' : ''}${m.isActive ? '' : ' is-inactive'}`} data-name={m.name}>
              <th scope="row">
                <button type="button" className="link" onClick={() => props.onPick(m)}>{m.name}</button>
                {!m.isActive && <span className="tag">{t('config.retired')}</span>}
              </th>
              <td>{tl(`config.methodTypes.${m.type}`)}{m.tracking && ` · ${t('config.methods.tracked')}`}</td>
              <td className="num">{m.pointOfSaleIds.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty">{t('config.noneFound')}</p>}
    </div>
  );
}

function TrackingFields(props: { draft: MethodDraft; problems: Problems; set: (patch: Partial<MethodDraft>) => void }) {
  const { t } = useTranslation();
  const { draft, problems, set } = props;
  return (
    <fieldset className="config-fieldset">
      <legend>{t('config.methods.trackingLegend')}</legend>
      <CheckField label={t('config.methods.isTracked')} checked={draft.isTracked} onChange={(isTracked) => set({ isTracked })} />
      {draft.isTracked && (
        <div className="form-grid">
          <TextField id="method-installments" label={t('config.methods.installments')} value={draft.installments} onChange={(installments) => set({ installments })} problem={problems['tracking.installments']} inputMode="numeric" />
          <TextField id="method-interval" label={t('config.methods.intervalDays')} value={draft.intervalDays} onChange={(intervalDays) => set({ intervalDays })} problem={problems['tracking.intervalDays']} inputMode="numeric" />
          <TextField id="method-first-due" label={t('config.methods.firstDueOffsetDays')} value={draft.firstDueOffsetDays} onChange={(firstDueOffsetDays) => set({ firstDueOffsetDays })} problem={problems['tracking.firstDueOffsetDays']} inputMode="numeric" />
        </div>
      )}
    </fieldset>
  );
}

function MethodForm(props: { draft: MethodDraft; method: Method | null; onSaved: (m: Method) => void; onRetired: () => void }) {
  const { t } = useTranslation();
  const tl = useLooseT();
  const showHistory = useConfig((s) => s.showHistory);
  const [draft, setDraft] = useState(props.draft);
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const set = (patch: Partial<MethodDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const { method } = props;
  const submit = async () => {
    const checked = checkMethod(draft);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    const answer = await save.run('paymentMethods.save', checked.value);
    if (answer.ok) props.onSaved(answer.value);
  };
  const retire = async () => {
    if (!method) return null;
    const answer = await save.run('paymentMethods.retire', { methodId: method.id, unauthorise: true });
    if (!answer.ok) return answer.error;
    props.onRetired();
    return null;
  };
  return (
    <form className="config-form" noValidate aria-label={t('config.methods.form')} onSubmit={(event) => { event.preventDefault(); void submit(); }}>
      <h3 className="section-title">{method ? method.name : t('config.methods.new')}</h3>
      <TextField id="method-name" label={t('config.methods.name')} value={draft.name} onChange={(name) => set({ name })} problem={problems.name} />
      <Field id="method-type" label={t('config.methods.type')} problem={problems.type} {...(method?.isUsed ? { hint: t('config.methods.typeUsed') } : {})}>
        <select id="method-type" className="input" value={draft.type} disabled={method?.isUsed} onChange={(e) => set({ type: e.target.value as MethodType })}>
          {paymentMethodTypes.map((type) => (
            <option key={type} value={type}>{tl(`config.methodTypes.${type}`)}</option>
          ))}
        </select>
      </Field>
      <div className="checks">
        <CheckField label={t('config.methods.mayPay')} checked={draft.mayPay} onChange={(mayPay) => set({ mayPay })} />
        <CheckField label={t('config.methods.mayRefund')} checked={draft.mayRefund} onChange={(mayRefund) => set({ mayRefund })} />
        <CheckField label={t('config.methods.givesChange')} checked={draft.givesChange} onChange={(givesChange) => set({ givesChange })} />
      </div>
      {draft.type === 'deferred' && <TrackingFields draft={draft} problems={problems} set={set} />}
      <ErrorAlert error={save.error} testId="config-error" />
      <div className="actions">
        {method && (
          <button type="button" className="button button-small" onClick={() => showHistory({ kind: 'method', id: method.id, label: method.name })}>{t('config.history.open')}</button>
        )}
        {method?.isActive && (
          <RetireButton
            label={t('config.methods.retire')}
            question={method.pointOfSaleIds.length > 0 ? t('config.methods.retireAuthorised', { name: method.name, count: method.pointOfSaleIds.length }) : t('config.methods.retireQuestion', { name: method.name })}
            confirmLabel={t('config.methods.retire')}
            onConfirm={retire}
          />
        )}
        <button type="submit" className="button button-primary" disabled={save.isBusy}>{t('config.save')}</button>
      </div>
    </form>
  );
}

export function MethodsPage() {
  const { t } = useTranslation();
  const loaded = useLoaded('paymentMethods.all', {});
  const [selected, setSelected] = useState<{ key: number; method: Method | null }>({ key: 0, method: null });
  const [saved, setSaved] = useState<string | null>(null);
  // another record chosen: the last save's message goes
  const pick = (method: Method | null) => {
    setSaved(null);
    setSelected((s) => ({ key: s.key + 1, method }));
  };
  return (
    <section className="config-page" data-testid="config-methods">
      <PageHead title={t('config.pages.methods')} intro={t('config.methods.intro')}>
        <button type="button" className="button button-small" onClick={() => pick(null)}>{t('config.methods.add')}</button>
      </PageHead>
      <ErrorAlert error={loaded.error} />
      <Saved text={saved} />
      <div className="config-split">
        <MethodList methods={loaded.value ?? []} selectedId={selected.method?.id ?? null} onPick={pick} />
        <MethodForm
          key={selected.key}
          draft={selected.method ? draftOf(selected.method) : newMethod}
          method={selected.method}
          onSaved={(m) => { pick(m); setSaved(t('config.savedName', { name: m.name })); void loaded.load(); }}
          onRetired={() => { pick(null); setSaved(t('config.retiredName', { name: selected.method?.name ?? '' })); void loaded.load(); }}
        />
      </div>
    </section>
  );
}
