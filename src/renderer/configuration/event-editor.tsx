// One event of the catalogue: its name and VAT rate, its tariffs (a new price applies to new
// sales only) and its performances (date, hall, capacity; closed for sale, deleted only
// when nothing was sold for it — both asked first).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { EventSaveInput, PerformanceSaveInput, TariffSaveInput, type EventConfig, type PerformanceConfig, type TariffConfig } from '../../shared/api/configuration-schemas.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Money } from '../components/money.tsx';
import { localDateTimeOf, shownDateTime } from '../date-field.ts';
import { useFormat } from '../format.ts';
import { useSystem } from '../stores/system-store.ts';
import { amountField, check, localOf, startsAtOf, wholeNumber, type Problems } from './config-form.ts';
import { Field, RetireButton, TextField, useSave, formRefusal } from './config-ui.tsx';
import { useConfig } from './config-store.ts';

type EventRow = z.output<typeof EventConfig>;
type Tariff = z.output<typeof TariffConfig>;
type Performance = z.output<typeof PerformanceConfig>;

export function VatSelect(props: { id: string; value: number; rates: readonly number[]; onChange: (rateBp: number) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rates = props.rates.includes(props.value) ? props.rates : [props.value, ...props.rates];
  return (
    <Field id={props.id} label={t('config.catalogue.vatRate')}>
      <select id={props.id} className="input" value={props.value} onChange={(e) => props.onChange(Number(e.target.value))}>
        {rates.map((r) => <option key={r} value={r}>{format.vatRate(r)}</option>)}
      </select>
    </Field>
  );
}

export function EventForm(props: { event: EventRow | null; vatRatesBp: readonly number[]; onSaved: (id: string) => void }) {
  const { t } = useTranslation();
  const { event } = props;
  const [name, setName] = useState(event?.name ?? '');
  const [vatRateBp, setVatRateBp] = useState(event?.vatRateBp ?? props.vatRatesBp[0] ?? 0);
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const submit = async () => {
    const checked = check(EventSaveInput, { ...(event ? { eventId: event.id, venueId: event.venueId } : {}), name, vatRateBp });
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    const answer = await save.run('events.save', checked.value);
    if (answer.ok) props.onSaved(answer.value.id);
  };
  return (
    <form className="config-form form-inline-row" noValidate aria-label={t('config.catalogue.eventForm')} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <TextField id={`event-name-${event?.id ?? 'new'}`} label={t('config.catalogue.eventName')} value={name} onChange={setName} problem={problems.name} className="grow" />
      <VatSelect id={`event-vat-${event?.id ?? 'new'}`} value={vatRateBp} rates={props.vatRatesBp} onChange={setVatRateBp} />
      <button type="submit" className="button button-primary" disabled={save.isBusy}>{event ? t('config.save') : t('config.catalogue.createEvent')}</button>
      <ErrorAlert error={save.error} testId="config-error" />
    </form>
  );
}

function TariffForm(props: { eventId: string; tariff: Tariff | null; onDone: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = useSystem((s) => s.info?.institution.currency ?? 'CHF');
  const { tariff } = props;
  const [name, setName] = useState(tariff?.name ?? '');
  const [price, setPrice] = useState(tariff ? format.amount(tariff.priceMinor) : '');
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const submit = async (isActive: boolean) => {
    const extra: Problems = {};
    const priceMinor = amountField(price, currency, 'priceMinor', extra);
    const checked = check(TariffSaveInput, { ...(tariff ? { tariffId: tariff.id, code: tariff.code } : {}), eventId: props.eventId, name, priceMinor, isActive }, extra);
    if (!checked.ok) {
      setProblems(checked.problems);
      return formRefusal(t('config.problems.invalid'));
    }
    setProblems({});
    const answer = await save.run('tariffs.save', checked.value);
    if (!answer.ok) return answer.error;
    props.onDone();
    return null;
  };
  return (
    <form className="form-inline-row" noValidate aria-label={t('config.catalogue.tariffForm')} onSubmit={(e) => { e.preventDefault(); void submit(tariff?.isActive ?? true); }}>
      <TextField id={`tariff-name-${tariff?.id ?? 'new'}`} label={t('config.catalogue.tariffName')} value={name} onChange={setName} problem={problems.name} className="grow" />
      <TextField id={`tariff-price-${tariff?.id ?? 'new'}`} label={t('config.catalogue.price', { currency })} value={price} onChange={setPrice} problem={problems.priceMinor} inputMode="decimal" className="field-short" />
      <button type="submit" className="button button-small button-primary" disabled={save.isBusy}>{tariff ? t('config.save') : t('config.catalogue.addTariff')}</button>
      {tariff?.isActive && (
        <RetireButton label={t('config.catalogue.retireTariff')} question={t('config.catalogue.retireTariffQuestion', { name: tariff.name })} confirmLabel={t('config.catalogue.retireTariff')} onConfirm={() => submit(false)} />
      )}
      {tariff && !tariff.isActive && <button type="button" className="button button-small" onClick={() => void submit(true)}>{t('config.reactivate')}</button>}
      <ErrorAlert error={save.error} testId="config-error" />
    </form>
  );
}

function PerformanceForm(props: { eventId: string; performance: Performance | null; onDone: () => void }) {
  const { t } = useTranslation();
  const timeZone = useSystem((s) => s.info?.institution.timeZone ?? 'Europe/Zurich');
  // typed as the app's language writes a date ("31.12.2026 20:00"), not the browser's
  const { locale } = useFormat();
  const { performance } = props;
  const [draft, setDraft] = useState({ startsAt: performance ? shownDateTime(localOf(performance.startsAt), locale) : '', hall: performance?.hall ?? '', capacity: String(performance?.capacity ?? '') });
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const submit = async () => {
    const input = { ...(performance ? { performanceId: performance.id } : {}), eventId: props.eventId, startsAt: startsAtOf(localDateTimeOf(draft.startsAt, locale) ?? draft.startsAt, timeZone), hall: draft.hall, capacity: wholeNumber(draft.capacity) };
    const checked = check(PerformanceSaveInput, input);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    if ((await save.run('performances.save', checked.value)).ok) props.onDone();
  };
  const id = performance?.id ?? 'new';
  return (
    <form className="form-inline-row" noValidate aria-label={t('config.catalogue.performanceForm')} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <TextField id={`perf-start-${id}`} label={t('config.catalogue.startsAt')} placeholder={shownDateTime('2026-12-31T20:00', locale)} value={draft.startsAt} onChange={(startsAt) => setDraft({ ...draft, startsAt })} problem={problems.startsAt} />
      <TextField id={`perf-hall-${id}`} label={t('config.catalogue.hall')} value={draft.hall} onChange={(hall) => setDraft({ ...draft, hall })} problem={problems.hall} className="grow" />
      <TextField id={`perf-capacity-${id}`} label={t('config.catalogue.capacity')} value={draft.capacity} onChange={(capacity) => setDraft({ ...draft, capacity })} problem={problems.capacity} inputMode="numeric" className="field-short" />
      <button type="submit" className="button button-small button-primary" disabled={save.isBusy}>{performance ? t('config.save') : t('config.catalogue.addPerformance')}</button>
      <ErrorAlert error={save.error} testId="config-error" />
    </form>
  );
}

function PerformanceRow(props: { performance: Performance; onDone: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const save = useSave();
  const p = props.performance;
  const act = async (method: 'close' | 'open' | 'delete') => {
    const answer = method === 'delete' ? await save.run('performances.delete', { performanceId: p.id }) : await save.run('performances.setOnSale', { performanceId: p.id, isOnSale: method === 'open' });
    if (!answer.ok) return answer.error;
    props.onDone();
    return null;
  };
  const when = format.performance(p.startsAt);
  return (
    <li className="config-subrow" data-testid="performance-row" data-id={p.id}>
      <PerformanceForm eventId={p.eventId} performance={p} onDone={props.onDone} />
      <div className="actions">
        <span className="muted small">{t('config.catalogue.soldHere', { count: p.soldHere })}</span>
        {!p.isOnSale && <span className="tag">{t('config.catalogue.closed')}</span>}
        {p.isOnSale ? (
          <RetireButton label={t('config.catalogue.closeSale')} question={t('config.catalogue.closeSaleQuestion', { when })} confirmLabel={t('config.catalogue.closeSale')} onConfirm={() => act('close')} />
        ) : (
          <button type="button" className="button button-small" onClick={() => void act('open')}>{t('config.catalogue.openSale')}</button>
        )}
        {!p.hasSales && <RetireButton label={t('config.catalogue.deletePerformance')} question={t('config.catalogue.deleteQuestion', { when })} confirmLabel={t('config.catalogue.deletePerformance')} onConfirm={() => act('delete')} />}
      </div>
    </li>
  );
}

export function EventEditor(props: { event: EventRow; vatRatesBp: readonly number[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const showHistory = useConfig((s) => s.showHistory);
  const { event } = props;
  return (
    <div className="event-editor" data-testid="event-editor" data-name={event.name}>
      <EventForm key={`${event.id}-${event.version}`} event={event} vatRatesBp={props.vatRatesBp} onSaved={props.onChanged} />
      <button type="button" className="button button-small" onClick={() => showHistory({ kind: 'event', id: event.id, label: event.name })}>{t('config.history.open')}</button>
      <h4 className="section-title">{t('config.catalogue.tariffs')}</h4>
      <ul className="config-sublist" data-testid="tariff-list">
        {event.tariffs.map((tariff) => (
          <li key={`${tariff.id}-${tariff.version}`} className={`config-subrow${tariff.isActive ? '' : ' is-inactive'}`} data-name={tariff.name}>
            <TariffForm eventId={event.id} tariff={tariff} onDone={props.onChanged} />
            <span className="muted small">{t('config.catalogue.priceNow')} <Money minor={tariff.priceMinor} /></span>
          </li>
        ))}
        <li className="config-subrow config-new"><TariffForm key={event.tariffs.length} eventId={event.id} tariff={null} onDone={props.onChanged} /></li>
      </ul>
      <h4 className="section-title">{t('config.catalogue.performances')}</h4>
      <ul className="config-sublist" data-testid="performance-list">
        {event.performances.map((p) => <PerformanceRow key={`${p.id}-${p.version}-${p.isOnSale}`} performance={p} onDone={props.onChanged} />)}
        <li className="config-subrow config-new"><PerformanceForm key={event.performances.length} eventId={event.id} performance={null} onDone={props.onChanged} /></li>
      </ul>
    </div>
  );
}
