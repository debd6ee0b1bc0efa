// The catalogue at the counter: a keyboard search over everything sellable (F2), and
// browsing by department: shows → performances (date, hall, seats left) → tariffs;
// items; gift vouchers. Each choice adds one to the basket (or "n*" from the search).
// The chosen performance's tariffs stay at the foot of the panel, in sight at any window
// height, and the choice stays from one sale to the next (catalogue-store.ts).
import { useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { movedIndex, parseQuery, searchSellables, sellablesOf, type Sellable } from '../catalogue-search.ts';
import { useFormat } from '../format.ts';
import { sellingChords } from '../shortcuts.ts';
import { useBasket } from '../stores/basket-store.ts';
import { useCatalogue, type Department } from '../stores/catalogue-store.ts';
import type { Catalogue, EventView } from '../types.ts';
import { useShortcut } from '../use-shortcut.ts';
import { Money } from './money.tsx';

const departments: readonly Department[] = ['events', 'items', 'vouchers'];

/** Seats left of a performance (a count of seats, not money): "398 / 400 places", "Complet". */
function Seats(props: { remaining: number; capacity: number; testId?: string }) {
  const { t } = useTranslation();
  const { remaining, capacity } = props;
  const isLow = remaining > 0 && remaining * 10 <= capacity;
  return (
    <span className={`seats${remaining <= 0 ? ' is-sold-out' : isLow ? ' is-low' : ''}`} data-testid={props.testId} data-remaining={remaining}>
      {remaining <= 0 ? t('catalogue.soldOut') : t('catalogue.remaining', { count: remaining, capacity })}
    </span>
  );
}

function SearchResults(props: { results: Sellable[]; activeIndex: number; query: string; onAdd: (s: Sellable) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (props.results.length === 0) return <p className="muted">{t('catalogue.noResults', { query: props.query })}</p>;
  return (
    <ul className="results" id="catalogue-results" role="listbox" aria-label={t('catalogue.results')}>
      {props.results.map((s, i) => (
        <li
          key={s.key}
          id={`result-${i}`}
          role="option"
          aria-selected={i === props.activeIndex}
          className="result"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => props.onAdd(s)}
        >
          <span className="result-label">{s.label}</span>{' '}
          {s.startsAt && (
            <span className="result-detail">
              {format.performance(s.startsAt)} · {s.hall}
              {s.remaining !== null && s.capacity !== null && (
                <>
                  {' · '}
                  <Seats remaining={s.remaining} capacity={s.capacity} testId="result-seats" />
                </>
              )}
            </span>
          )}{' '}
          <Money minor={s.priceMinor} className="result-price" />
        </li>
      ))}
    </ul>
  );
}

/** The chosen performance's tariffs, at the foot of the panel. */
function TariffTiles(props: { event: EventView; performanceId: string | null; sellables: Sellable[]; onAdd: (s: Sellable) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const performance = props.event.performances.find((p) => p.id === props.performanceId);
  return (
    <div className="browser-tariffs">
      <h3 className="section-title">
        {t('catalogue.tariffs')}
        {performance && <span className="tariffs-of"> — {format.performance(performance.startsAt)}</span>}
      </h3>
      {performance ? (
        <div className="tiles tiles-tariffs" role="group" aria-label={t('catalogue.tariffs')}>
          {props.event.tariffs.map((tariff) => {
            const sellable = props.sellables.find((s) => s.key === `t:${performance.id}:${tariff.id}`);
            return (
              <button key={tariff.id} type="button" className="tile" disabled={!sellable || performance.remaining <= 0} onClick={() => sellable && props.onAdd(sellable)}>
                <span className="tile-name">{tariff.name}</span>{' '}
                <Money minor={tariff.priceMinor} className="tile-price" />
              </button>
            );
          })}
        </div>
      ) : (
        <p className="muted small">{t('catalogue.choosePerformance')}</p>
      )}
    </div>
  );
}

function EventBrowser(props: { catalogue: Catalogue; onAdd: (s: Sellable) => void; sellables: Sellable[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const choice = useCatalogue((s) => s.choice);
  const choose = useCatalogue((s) => s.choose);
  const event: EventView | undefined = props.catalogue.events.find((e) => e.id === choice.eventId) ?? props.catalogue.events[0];

  return (
    <div className="browser">
      <div className="browser-scroll">
        <div className="chips" role="group" aria-label={t('catalogue.events')}>
          {props.catalogue.events.map((e) => (
            <button key={e.id} type="button" className="chip chip-large" aria-pressed={e.id === event?.id} onClick={() => choose({ eventId: e.id, performanceId: null })}>
              {e.name}
            </button>
          ))}
        </div>
        {event && (
          <>
            <h3 className="section-title">{t('catalogue.performances')}</h3>
            <div className="performances" role="group" aria-label={t('catalogue.performances')}>
              {event.performances.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  className="performance"
                  aria-pressed={p.id === choice.performanceId}
                  disabled={p.remaining <= 0}
                  onClick={() => choose({ eventId: event.id, performanceId: p.id })}
                  data-testid={`performance-${p.id}`}
                >
                  <span className="performance-date">{format.performance(p.startsAt)}</span>{' '}
                  <span className="performance-hall">{p.hall}</span>{' '}
                  <Seats remaining={p.remaining} capacity={p.capacity} testId={`remaining-${p.id}`} />
                </button>
              ))}
            </div>
          </>
        )}
      </div>
      {event && <TariffTiles event={event} performanceId={choice.performanceId} sellables={props.sellables} onAdd={props.onAdd} />}
    </div>
  );
}

function ProductTiles(props: { sellables: Sellable[]; prefix: 'i:' | 'v:'; label: string; onAdd: (s: Sellable) => void }) {
  return (
    <div className="tiles browser-scroll" role="group" aria-label={props.label}>
      {props.sellables
        .filter((s) => s.key.startsWith(props.prefix))
        .map((s) => (
          <button key={s.key} type="button" className="tile" onClick={() => props.onAdd(s)}>
            <span className="tile-name">{s.label}</span>{' '}
            <Money minor={s.priceMinor} className="tile-price" />
          </button>
        ))}
    </div>
  );
}

/** The search box (F2): arrows move the highlight among the results, Enter adds it, Escape clears. */
function SearchInput(props: { inputRef: RefObject<HTMLInputElement | null>; query: string; isSearching: boolean; results: readonly Sellable[]; activeIndex: number; onQuery: (q: string) => void; onActive: (index: number) => void; onChoose: (s: Sellable) => void }) {
  const { t } = useTranslation();
  return (
    <input
      ref={props.inputRef}
      id="catalogue-search"
      className="input input-search"
      type="search"
      role="combobox"
      aria-label={t('catalogue.search')}
      aria-expanded={props.isSearching}
      aria-controls="catalogue-results"
      aria-activedescendant={props.isSearching && props.results.length > 0 ? `result-${props.activeIndex}` : undefined}
      aria-keyshortcuts="F2"
      placeholder={t('catalogue.searchPlaceholder')}
      value={props.query}
      autoFocus
      onChange={(event) => {
        props.onQuery(event.target.value);
        props.onActive(0);
      }}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          props.onActive(movedIndex(event.key, props.activeIndex, props.results.length));
        } else if (event.key === 'Enter') {
          event.preventDefault();
          const chosen = props.results[props.activeIndex];
          if (chosen) props.onChoose(chosen);
        } else if (event.key === 'Escape') {
          props.onQuery('');
        }
      }}
    />
  );
}

/** Browsing by department: the tabs, then the shows, the items or the vouchers. */
function DepartmentBrowser(props: { catalogue: Catalogue; sellables: Sellable[]; onAdd: (s: Sellable) => void }) {
  const { t } = useTranslation();
  const department = useCatalogue((s) => s.choice.department);
  const choose = useCatalogue((s) => s.choose);
  return (
    <>
      <div className="segmented" role="group" aria-label={t('catalogue.tabs')}>
        {departments.map((d) => (
          <button key={d} type="button" className="segment" aria-pressed={department === d} onClick={() => choose({ department: d })}>
            {t(`catalogue.${d}`)}
          </button>
        ))}
      </div>
      {department === 'events' && <EventBrowser catalogue={props.catalogue} sellables={props.sellables} onAdd={props.onAdd} />}
      {department === 'items' && <ProductTiles sellables={props.sellables} prefix="i:" label={t('catalogue.items')} onAdd={props.onAdd} />}
      {department === 'vouchers' && <ProductTiles sellables={props.sellables} prefix="v:" label={t('catalogue.vouchers')} onAdd={props.onAdd} />}
    </>
  );
}

export function CataloguePanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const catalogue = useCatalogue((s) => s.catalogue);
  const add = useBasket((s) => s.add);
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const search = useRef<HTMLInputElement>(null);

  const sellables = useMemo(() => (catalogue ? sellablesOf(catalogue, format.performance) : []), [catalogue, format]);
  const parsed = parseQuery(query);
  const results = searchSellables(sellables, parsed);
  const isSearching = parsed.terms.length > 0;

  useShortcut(sellingChords.search, () => {
    search.current?.focus();
    search.current?.select();
  });

  const addFromSearch = (sellable: Sellable) => {
    add(sellable.toEntry(parsed.quantity));
    setQuery('');
    setActiveIndex(0);
    search.current?.focus();
  };

  if (!catalogue) return <section className="panel catalogue" aria-busy="true" />;
  return (
    <section className="panel catalogue" aria-labelledby="catalogue-title">
      <h2 id="catalogue-title" className="visually-hidden">
        {t('catalogue.title')}
      </h2>
      <SearchInput inputRef={search} query={query} isSearching={isSearching} results={results} activeIndex={activeIndex} onQuery={setQuery} onActive={setActiveIndex} onChoose={addFromSearch} />
      {isSearching ? (
        <div className="browser-scroll">
          <p className="muted small">{t('catalogue.searchHelp')}</p>
          <SearchResults results={results} activeIndex={activeIndex} query={query} onAdd={addFromSearch} />
        </div>
      ) : (
        <DepartmentBrowser catalogue={catalogue} sellables={sellables} onAdd={(s) => add(s.toEntry(1))} />
      )}
    </section>
  );
}
