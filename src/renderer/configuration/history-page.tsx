// The history page: every change of one configuration record, newest first — who, when, at
// which till, its version, and each field before and after. The record is chosen here, or
// by a page's "Historique" button.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { configKinds, type ConfigChange, type ConfigKind } from '../../shared/api/configuration-schemas.ts';
import { assertNever } from '../../shared/assert.ts';
import { call } from '../api-client.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useFormat } from '../format.ts';
import { Field, PageHead, useLooseT } from './config-ui.tsx';
import { useConfig, type HistoryTarget } from './config-store.ts';

type Change = z.output<typeof ConfigChange>;
type Choice = { id: string; label: string };

/** The records of a kind the administrator may choose from. */
async function recordsOf(kind: ConfigKind): Promise<Choice[]> {
  switch (kind) {
    case 'institution':
      return [{ id: 'institution', label: '—' }];
    case 'method': {
      const r = await call('paymentMethods.all', {});
      return r.ok ? r.value.map((m) => ({ id: m.id, label: m.name })) : [];
    }
    case 'pointOfSale': {
      const r = await call('pointsOfSale.list', {});
      return r.ok ? r.value.map((p) => ({ id: p.id, label: p.name })) : [];
    }
    case 'till': {
      const r = await call('tills.list', {});
      return r.ok ? r.value.map((t) => ({ id: t.id, label: `${t.id} · ${t.name}` })) : [];
    }
    case 'user': {
      const r = await call('users.list', {});
      return r.ok ? r.value.map((u) => ({ id: u.id, label: u.name })) : [];
    }
    case 'event':
    case 'performance':
    case 'tariff':
    case 'item':
    case 'voucherProduct':
      return catalogueRecords(kind);
    default:
      return assertNever(kind, 'config kind');
  }
}

async function catalogueRecords(kind: 'event' | 'performance' | 'tariff' | 'item' | 'voucherProduct'): Promise<Choice[]> {
  const r = await call('catalogue.all', {});
  if (!r.ok) return [];
  const { events, items, voucherProducts } = r.value;
  if (kind === 'event') return events.map((e) => ({ id: e.id, label: e.name }));
  if (kind === 'performance') return events.flatMap((e) => e.performances.map((p) => ({ id: p.id, label: `${e.name} · ${p.startsAt.slice(0, 16).replace('T', ' ')} · ${p.hall}` })));
  if (kind === 'tariff') return events.flatMap((e) => e.tariffs.map((t) => ({ id: t.id, label: `${e.name} · ${t.name}` })));
  if (kind === 'item') return items.map((i) => ({ id: i.id, label: i.name }));
  return voucherProducts.map((v) => ({ id: v.id, label: v.name }));
}

function valueText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function ChangeCard(props: { change: Change }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { change } = props;
  const fields = [...new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})])];
  const changed = fields.filter((f) => valueText(change.before?.[f]) !== valueText(change.after?.[f]));
  return (
    <li className="config-card history-card" data-testid="history-change">
      <p className="strong">
        {format.dateTime(change.atMs)} · {change.userName} · {t('config.history.till', { till: change.tillId })}
        {change.version !== null && ` · v${change.version}`}
      </p>
      {change.before === null && <p className="muted small">{t('config.history.created')}</p>}
      <table className="table history-table">
        <thead><tr><th scope="col">{t('config.history.field')}</th><th scope="col">{t('config.history.before')}</th><th scope="col">{t('config.history.after')}</th></tr></thead>
        <tbody>
          {(change.before === null ? fields : changed).map((f) => (
            <tr key={f}><th scope="row">{f}</th><td>{valueText(change.before?.[f])}</td><td>{valueText(change.after?.[f])}</td></tr>
          ))}
        </tbody>
      </table>
    </li>
  );
}

function HistoryChooser(props: { target: HistoryTarget | null; onChoose: (target: HistoryTarget) => void }) {
  const { t } = useTranslation();
  const tl = useLooseT();
  const [kind, setKind] = useState<ConfigKind>(props.target?.kind ?? 'institution');
  const [choices, setChoices] = useState<Choice[]>([]);
  useEffect(() => {
    void recordsOf(kind).then(setChoices);
  }, [kind]);
  return (
    <div className="form-inline-row history-chooser">
      <Field id="history-kind" label={t('config.history.kind')}>
        <select id="history-kind" className="input" value={kind} onChange={(e) => setKind(e.target.value as ConfigKind)}>
          {configKinds.map((k) => <option key={k} value={k}>{tl(`config.history.kinds.${k}`)}</option>)}
        </select>
      </Field>
      <Field id="history-record" label={t('config.history.record')} className="grow">
        <select id="history-record" className="input" value={props.target?.kind === kind ? props.target.id : ''} onChange={(e) => { const c = choices.find((x) => x.id === e.target.value); if (c) props.onChoose({ kind, id: c.id, label: c.label }); }}>
          <option value="">{t('config.history.choose')}</option>
          {choices.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </select>
      </Field>
    </div>
  );
}

export function HistoryPage() {
  const { t } = useTranslation();
  const target = useConfig((s) => s.history);
  const showHistory = useConfig((s) => s.showHistory);
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [error, setError] = useState<Parameters<typeof ErrorAlert>[0]['error']>(null);
  useEffect(() => {
    if (!target) return;
    void call('configuration.history', { kind: target.kind, id: target.id }).then((r) => {
      setChanges(r.ok ? r.value : null);
      setError(r.ok ? null : r.error);
    });
  }, [target]);
  return (
    <section className="config-page" data-testid="config-history">
      <PageHead title={t('config.pages.history')} intro={t('config.history.intro')} />
      <HistoryChooser target={target} onChoose={showHistory} />
      <ErrorAlert error={error} />
      {target && changes && (
        <>
          <h3 className="section-title">{t('config.history.of', { name: target.label })}</h3>
          {changes.length === 0 ? <p className="empty">{t('config.history.none')}</p> : <ol className="config-cards">{changes.map((c, i) => <ChangeCard key={i} change={c} />)}</ol>}
        </>
      )}
    </section>
  );
}
