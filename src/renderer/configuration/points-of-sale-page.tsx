// The points of sale and tills page: which payment methods each point of sale authorises
// (the solde avoir is a method like the others, authorised here), and each till's name,
// point of sale and order number prefix (fixed once it sold).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { PointOfSaleSaveInput, TillSaveInput, type PaymentMethodConfig, type PointOfSaleConfig, type TillConfig } from '../../shared/api/configuration-schemas.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { check, type Problems } from './config-form.ts';
import { CheckField, Field, PageHead, Saved, SearchBox, TextField, searchRows, useLoaded, useLooseT, useSave } from './config-ui.tsx';
import { useConfig } from './config-store.ts';

type PointOfSale = z.output<typeof PointOfSaleConfig>;
type Till = z.output<typeof TillConfig>;
type Method = z.output<typeof PaymentMethodConfig>;

function PointOfSaleForm(props: { pointOfSale: PointOfSale | null; methods: readonly Method[]; onSaved: (p: PointOfSale) => void }) {
  const { t } = useTranslation();
  const tl = useLooseT();
  const showHistory = useConfig((s) => s.showHistory);
  const { pointOfSale } = props;
  const [name, setName] = useState(pointOfSale?.name ?? '');
  const [methodIds, setMethodIds] = useState<string[]>(pointOfSale?.methodIds ?? []);
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const submit = async () => {
    const checked = check(PointOfSaleSaveInput, { ...(pointOfSale ? { pointOfSaleId: pointOfSale.id } : {}), name, methodIds });
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    const answer = await save.run('pointsOfSale.save', checked.value);
    if (answer.ok) props.onSaved(answer.value);
  };
  const usable = props.methods.filter((m) => m.isActive || methodIds.includes(m.id));
  return (
    <form className="config-form" noValidate aria-label={t('config.pointsOfSale.form')} onSubmit={(event) => { event.preventDefault(); void submit(); }}>
      <h3 className="section-title">{pointOfSale ? pointOfSale.name : t('config.pointsOfSale.new')}</h3>
      <TextField id="pos-name" label={t('config.pointsOfSale.name')} value={name} onChange={setName} problem={problems.name} />
      <fieldset className="config-fieldset" data-testid="pos-methods">
        <legend>{t('config.pointsOfSale.methods')}</legend>
        <div className="checks checks-columns">
          {usable.map((m) => (
            <CheckField key={m.id} label={m.name === tl(`config.methodTypes.${m.type}`) ? m.name : `${m.name} (${tl(`config.methodTypes.${m.type}`)})`} checked={methodIds.includes(m.id)} onChange={(isOn) => setMethodIds(isOn ? [...methodIds, m.id] : methodIds.filter((id) => id !== m.id))} />
          ))}
        </div>
      </fieldset>
      <ErrorAlert error={save.error} testId="config-error" />
      <div className="actions">
        {pointOfSale && <button type="button" className="button button-small" onClick={() => showHistory({ kind: 'pointOfSale', id: pointOfSale.id, label: pointOfSale.name })}>{t('config.history.open')}</button>}
        <button type="submit" className="button button-primary" disabled={save.isBusy}>{t('config.save')}</button>
      </div>
    </form>
  );
}

function TillForm(props: { till: Till | null; pointsOfSale: readonly PointOfSale[]; onSaved: (till: Till) => void }) {
  const { t } = useTranslation();
  const { till } = props;
  const [draft, setDraft] = useState({ tillId: till?.id ?? '', name: till?.name ?? '', pointOfSaleId: till?.pointOfSaleId ?? props.pointsOfSale[0]?.id ?? '', orderPrefix: till?.orderPrefix ?? '' });
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = async () => {
    const checked = check(TillSaveInput, draft);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    const answer = await save.run('tills.save', checked.value);
    if (answer.ok) props.onSaved(answer.value);
  };
  return (
    <form className="config-form" noValidate aria-label={t('config.tills.form')} onSubmit={(event) => { event.preventDefault(); void submit(); }}>
      <h3 className="section-title">{till ? t('config.tills.titleOf', { id: till.id }) : t('config.tills.new')}</h3>
      <div className="form-grid">
        {!till && <TextField id="till-id" label={t('config.tills.id')} value={draft.tillId} onChange={(tillId) => set({ tillId })} problem={problems.tillId} />}
        <TextField id="till-name" label={t('config.tills.name')} value={draft.name} onChange={(name) => set({ name })} problem={problems.name} className="span-2" />
        <Field id="till-pos" label={t('config.tills.pointOfSale')} problem={problems.pointOfSaleId}>
          <select id="till-pos" className="input" value={draft.pointOfSaleId} onChange={(e) => set({ pointOfSaleId: e.target.value })}>
            {props.pointsOfSale.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </Field>
        <TextField id="till-prefix" label={t('config.tills.orderPrefix')} value={draft.orderPrefix} onChange={(orderPrefix) => set({ orderPrefix })} problem={problems.orderPrefix} disabled={till?.hasOrders ?? false} {...(till?.hasOrders ? { hint: t('config.tills.prefixFixed') } : {})} />
      </div>
      <ErrorAlert error={save.error} testId="config-error" />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={save.isBusy}>{t('config.save')}</button>
      </div>
    </form>
  );
}

type Chosen = { kind: 'pointOfSale'; pointOfSale: PointOfSale | null } | { kind: 'till'; till: Till | null };
type Selection = Chosen & { key: number };

function PointOfSaleList(props: { pointsOfSale: readonly PointOfSale[]; tills: readonly Till[]; methods: readonly Method[]; onPick: (s: Chosen) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const methodName = (id: string) => props.methods.find((m) => m.id === id)?.name ?? id;
  const rows = searchRows(props.pointsOfSale, query, (p) => `${p.name} ${p.methodIds.map(methodName).join(' ')} ${p.tillIds.join(' ')}`);
  return (
    <div className="config-list">
      <SearchBox id="pos-search" value={query} onChange={setQuery} label={t('config.search')} />
      <ul className="config-cards" data-testid="pos-list">
        {rows.map((p) => (
          <li key={p.id} className="config-card" data-name={p.name}>
            <button type="button" className="link strong" onClick={() => props.onPick({ kind: 'pointOfSale', pointOfSale: p })}>{p.name}</button>
            <p className="muted small">{p.methodIds.map(methodName).join(', ') || t('config.pointsOfSale.noMethods')}</p>
            <p className="small">
              {t('config.pointsOfSale.tills')}{' '}
              {props.tills.filter((till) => till.pointOfSaleId === p.id).map((till) => (
                <button key={till.id} type="button" className="chip" onClick={() => props.onPick({ kind: 'till', till })}>
                  {till.id} · {till.name}{till.isThisTill ? ` (${t('config.tills.thisTill')})` : ''}
                </button>
              ))}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function PointsOfSalePage() {
  const { t } = useTranslation();
  const pointsOfSale = useLoaded('pointsOfSale.list', {});
  const tills = useLoaded('tills.list', {});
  const methods = useLoaded('paymentMethods.all', {});
  const [selected, setSelected] = useState<Selection>({ key: 0, kind: 'pointOfSale', pointOfSale: null });
  const [saved, setSaved] = useState<string | null>(null);
  // another record chosen: the last save's message goes
  const pick = (s: Chosen) => {
    setSaved(null);
    setSelected((old) => ({ ...s, key: old.key + 1 }));
  };
  const onSaved = (name: string) => {
    setSaved(t('config.savedName', { name }));
    void pointsOfSale.load();
    void tills.load();
  };
  return (
    <section className="config-page" data-testid="config-points-of-sale">
      <PageHead title={t('config.pages.pointsOfSale')} intro={t('config.pointsOfSale.intro')}>
        <button type="button" className="button button-small" onClick={() => pick({ kind: 'pointOfSale', pointOfSale: null })}>{t('config.pointsOfSale.add')}</button>
        <button type="button" className="button button-small" onClick={() => pick({ kind: 'till', till: null })}>{t('config.tills.add')}</button>
      </PageHead>
      <ErrorAlert error={pointsOfSale.error ?? tills.error ?? methods.error} />
      <Saved text={saved} />
      <div className="config-split">
        <PointOfSaleList pointsOfSale={pointsOfSale.value ?? []} tills={tills.value ?? []} methods={methods.value ?? []} onPick={pick} />
        {selected.kind === 'pointOfSale' ? (
          <PointOfSaleForm key={selected.key} pointOfSale={selected.pointOfSale} methods={methods.value ?? []} onSaved={(p) => { pick({ kind: 'pointOfSale', pointOfSale: p }); onSaved(p.name); }} />
        ) : (
          <TillForm key={selected.key} till={selected.till} pointsOfSale={pointsOfSale.value ?? []} onSaved={(till) => { pick({ kind: 'till', till }); onSaved(till.name); }} />
        )}
      </div>
    </section>
  );
}
