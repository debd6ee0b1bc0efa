// The catalogue page: events (with their tariffs and performances), items for sale and gift
// voucher types, each list searchable; prices typed by the administrator are read by the
// shared money parser and apply to new sales only.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ItemSaveInput, VoucherProductSaveInput, type CatalogueConfig, type ItemConfig, type VoucherProductConfig } from '../../shared/api/configuration-schemas.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Money } from '../components/money.tsx';
import { useSystem } from '../stores/system-store.ts';
import { useFormat } from '../format.ts';
import { amountField, check, type Problems } from './config-form.ts';
import { PageHead, RetireButton, SearchBox, TextField, searchRows, useLoaded, useSave, formRefusal } from './config-ui.tsx';
import { EventEditor, EventForm, VatSelect } from './event-editor.tsx';

type Catalogue = z.output<typeof CatalogueConfig>;
type Item = z.output<typeof ItemConfig>;
type Voucher = z.output<typeof VoucherProductConfig>;
const tabs = ['events', 'items', 'vouchers'] as const;
type Tab = (typeof tabs)[number];

function EventsTab(props: { catalogue: Catalogue; reload: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [query, setQuery] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const rows = searchRows(props.catalogue.events, query, (e) => `${e.name} ${e.performances.map((p) => `${p.hall} ${format.performance(p.startsAt)}`).join(' ')}`);
  const open = props.catalogue.events.find((e) => e.id === openId) ?? null;
  return (
    <div className="config-split config-split-wide">
      <div className="config-list">
        <SearchBox id="events-search" value={query} onChange={setQuery} label={t('config.search')} />
        <ul className="config-cards" data-testid="event-list">
          {rows.map((e) => (
            <li key={e.id} className={`config-card${e.id === openId ? ' is-selected' : ''}`} data-name={e.name}>
              <button type="button" className="link strong" onClick={() => setOpenId(e.id)}>{e.name}</button>
              <p className="muted small">{t('config.catalogue.counts', { tariffs: t('config.catalogue.tariffCount', { count: e.tariffs.length }), performances: t('config.catalogue.performanceCount', { count: e.performances.length }) })} · {format.vatRate(e.vatRateBp)}</p>
            </li>
          ))}
        </ul>
        {rows.length === 0 && <p className="empty">{t('config.noneFound')}</p>}
        <h4 className="section-title">{t('config.catalogue.newEvent')}</h4>
        <EventForm key={props.catalogue.events.length} event={null} vatRatesBp={props.catalogue.vatRatesBp} onSaved={(id) => { setOpenId(id); props.reload(); }} />
      </div>
      {open ? <EventEditor event={open} vatRatesBp={props.catalogue.vatRatesBp} onChanged={props.reload} /> : <p className="empty">{t('config.catalogue.pickEvent')}</p>}
    </div>
  );
}

function ItemRow(props: { item: Item | null; vatRatesBp: readonly number[]; onDone: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = useSystem((s) => s.info?.institution.currency ?? 'CHF');
  const { item } = props;
  const [name, setName] = useState(item?.name ?? '');
  const [price, setPrice] = useState(item ? format.amount(item.priceMinor) : '');
  const [vatRateBp, setVatRateBp] = useState(item?.vatRateBp ?? props.vatRatesBp[0] ?? 0);
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const id = item?.id ?? 'new';
  const submit = async (isActive: boolean) => {
    const extra: Problems = {};
    const priceMinor = amountField(price, currency, 'priceMinor', extra);
    const checked = check(ItemSaveInput, { ...(item ? { itemId: item.id } : {}), name, priceMinor, vatRateBp, isActive }, extra);
    if (!checked.ok) {
      setProblems(checked.problems);
      return formRefusal(t('config.problems.invalid'));
    }
    setProblems({});
    const answer = await save.run('items.save', checked.value);
    if (!answer.ok) return answer.error;
    props.onDone();
    return null;
  };
  return (
    <form className={`form-inline-row config-subrow${item && !item.isActive ? ' is-inactive' : ''}`} noValidate data-name={item?.name} onSubmit={(e) => { e.preventDefault(); void submit(item?.isActive ?? true); }}>
      <TextField id={`item-name-${id}`} label={t('config.catalogue.itemName')} value={name} onChange={setName} problem={problems.name} className="grow" />
      <TextField id={`item-price-${id}`} label={t('config.catalogue.price', { currency })} value={price} onChange={setPrice} problem={problems.priceMinor} inputMode="decimal" className="field-short" />
      <VatSelect id={`item-vat-${id}`} value={vatRateBp} rates={props.vatRatesBp} onChange={setVatRateBp} />
      <button type="submit" className="button button-small button-primary" disabled={save.isBusy}>{item ? t('config.save') : t('config.catalogue.addItem')}</button>
      {item?.isActive && <RetireButton label={t('config.retire')} question={t('config.catalogue.retireItemQuestion', { name: item.name })} confirmLabel={t('config.retire')} onConfirm={() => submit(false)} />}
      {item && !item.isActive && <button type="button" className="button button-small" onClick={() => void submit(true)}>{t('config.reactivate')}</button>}
      <ErrorAlert error={save.error} testId="config-error" />
    </form>
  );
}

function VoucherRow(props: { voucher: Voucher | null; onDone: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const currency = useSystem((s) => s.info?.institution.currency ?? 'CHF');
  const { voucher } = props;
  const [name, setName] = useState(voucher?.name ?? '');
  const [value, setValue] = useState(voucher ? format.amount(voucher.valueMinor) : '');
  const [problems, setProblems] = useState<Problems>({});
  const save = useSave();
  const id = voucher?.id ?? 'new';
  const submit = async (isActive: boolean) => {
    const extra: Problems = {};
    const valueMinor = amountField(value, currency, 'valueMinor', extra);
    const checked = check(VoucherProductSaveInput, { ...(voucher ? { voucherProductId: voucher.id } : {}), name, valueMinor, isActive }, extra);
    if (!checked.ok) {
      setProblems(checked.problems);
      return formRefusal(t('config.problems.invalid'));
    }
    setProblems({});
    const answer = await save.run('voucherProducts.save', checked.value);
    if (!answer.ok) return answer.error;
    props.onDone();
    return null;
  };
  return (
    <form className={`form-inline-row config-subrow${voucher && !voucher.isActive ? ' is-inactive' : ''}`} noValidate data-name={voucher?.name} onSubmit={(e) => { e.preventDefault(); void submit(voucher?.isActive ?? true); }}>
      <TextField id={`voucher-name-${id}`} label={t('config.catalogue.voucherName')} value={name} onChange={setName} problem={problems.name} className="grow" />
      <TextField id={`voucher-value-${id}`} label={t('config.catalogue.voucherValue', { currency })} value={value} onChange={setValue} problem={problems.valueMinor} inputMode="decimal" className="field-short" />
      <button type="submit" className="button button-small button-primary" disabled={save.isBusy}>{voucher ? t('config.save') : t('config.catalogue.addVoucher')}</button>
      {voucher?.isActive && <RetireButton label={t('config.retire')} question={t('config.catalogue.retireVoucherQuestion', { name: voucher.name })} confirmLabel={t('config.retire')} onConfirm={() => submit(false)} />}
      {voucher && !voucher.isActive && <button type="button" className="button button-small" onClick={() => void submit(true)}>{t('config.reactivate')}</button>}
      <ErrorAlert error={save.error} testId="config-error" />
    </form>
  );
}

function ProductsTab(props: { tab: 'items' | 'vouchers'; catalogue: Catalogue; reload: () => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const { catalogue } = props;
  const items = searchRows(catalogue.items, query, (i) => i.name);
  const vouchers = searchRows(catalogue.voucherProducts, query, (v) => v.name);
  return (
    <div className="config-list">
      <SearchBox id={`${props.tab}-search`} value={query} onChange={setQuery} label={t('config.search')} />
      <div className="config-sublist" data-testid={`${props.tab}-list`}>
        {props.tab === 'items'
          ? items.map((i) => <ItemRow key={`${i.id}-${i.version}`} item={i} vatRatesBp={catalogue.vatRatesBp} onDone={props.reload} />)
          : vouchers.map((v) => <VoucherRow key={`${v.id}-${v.version}`} voucher={v} onDone={props.reload} />)}
        <h4 className="section-title">{props.tab === 'items' ? t('config.catalogue.newItem') : t('config.catalogue.newVoucher')}</h4>
        {props.tab === 'items' ? <ItemRow key={catalogue.items.length} item={null} vatRatesBp={catalogue.vatRatesBp} onDone={props.reload} /> : <VoucherRow key={catalogue.voucherProducts.length} voucher={null} onDone={props.reload} />}
      </div>
      {(props.tab === 'items' ? catalogue.items : catalogue.voucherProducts).length > 0 && (
        <p className="muted small">
          {t('config.catalogue.valuesNow')}{' '}
          {(props.tab === 'items' ? catalogue.items.map((i) => ({ id: i.id, name: i.name, minor: i.priceMinor })) : catalogue.voucherProducts.map((v) => ({ id: v.id, name: v.name, minor: v.valueMinor }))).map((p, n) => (
            <span key={p.id}>{n > 0 && ' · '}{p.name} <Money minor={p.minor} /></span>
          ))}
        </p>
      )}
    </div>
  );
}

export function CataloguePage() {
  const { t } = useTranslation();
  const loaded = useLoaded('catalogue.all', {});
  const [tab, setTab] = useState<Tab>('events');
  return (
    <section className="config-page" data-testid="config-catalogue">
      <PageHead title={t('config.pages.catalogue')} intro={t('config.catalogue.intro')} />
      <div className="segmented config-tabs" role="tablist">
        {tabs.map((k) => (
          <button key={k} type="button" role="tab" className="segment" aria-selected={tab === k} onClick={() => setTab(k)}>{t(`config.catalogue.tabs.${k}`)}</button>
        ))}
      </div>
      <ErrorAlert error={loaded.error} />
      {loaded.value && (tab === 'events' ? <EventsTab catalogue={loaded.value} reload={() => void loaded.load()} /> : <ProductsTab tab={tab} catalogue={loaded.value} reload={() => void loaded.load()} />)}
    </section>
  );
}
