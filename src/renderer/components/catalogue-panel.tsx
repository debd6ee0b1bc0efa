// The catalogue at the counter: a keyboard search over everything sellable (F2), and
// browsing by department: shows → performances (date, hall, seats left) → tariffs;
// items; gift vouchers. Each choice adds one to the basket (or "n*" from the search).
import { useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { movedIndex, parseQuery, searchSellables, sellablesOf, type Sellable } from '../catalogue-search.ts';
import { useFormat } from '../format.ts';
import { sellingChords } from '../shortcuts.ts';
import { useBasket } from '../stores/basket-store.ts';
import { useCatalogue } from '../stores/catalogue-store.ts';
import type { Catalogue, EventView, PerformanceView } from '../types.ts';
import { useShortcut } from '../use-shortcut.ts';
import { Money } from './money.tsx';

type Department = 'events' | 'items' | 'vouchers';
const departments: readonly Department[] = ['events', 'items', 'vouchers'];

function Seats(props: { performance: PerformanceView }) {
  const { t } = useTranslation();
  const { remaining, capacity, id } = props.performance;
  const isLow = remaining > 0 && remaining * 10 <= capacity;
  return (
    <span className={`seats${remaining <= 0 ? ' is-sold-out' : isLow ? ' is-low' : ''}`} data-testid={`remaining-${id}`} data-remaining={remaining}>
      {remaining <= 0 ? t('catalogue.soldOut') : t('catalogue.remaining', { remaining, capacity })}
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
            </span>
          )}{' '}
          <Money minor={s.priceMinor} className="result-price" />
        </li>
      ))}
    </ul>
  );
}

function EventBrowser(props: { catalogue: Catalogue; onAdd: (s: Sellable) => void; sellables: Sellable[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [eventId, setEventId] = useState<string | null>(props.catalogue.events[0]?.id ?? null);
  const [performanceId, setPerformanceId] = useState<string | null>(null);
  const event: EventView | undefined = props.catalogue.events.find((e) => e.id === eventId);
  const performance = event?.performances.find((p) => p.id === performanceId);

  return (
    <div className="browser">
      <div className="chips" role="group" aria-label={t('catalogue.events')}>
        {props.catalogue.events.map((e) => (
          <button
            key={e.id}
            type="button"
            className="chip chip-large"
            aria-pressed={e.id === eventId}
            onClick={() => {
              setEventId(e.id);
              setPerformanceId(null);
            }}
          >
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
                aria-pressed={p.id === performanceId}
                disabled={p.remaining <= 0}
                onClick={() => setPerformanceId(p.id)}
                data-testid={`performance-${p.id}`}
              >
                <span className="performance-date">{format.performance(p.startsAt)}</span>{' '}
                <span className="performance-hall">{p.hall}</span>{' '}
                <Seats performance={p} />
              </button>
            ))}
          </div>
          <h3 className="section-title">{t('catalogue.tariffs')}</h3>
          {performance ? (
            <div className="tiles" role="group" aria-label={t('catalogue.tariffs')}>
              {event.tariffs.map((tariff) => {
                const sellable = props.sellables.find((s) => s.key === `t:${performance.id}:${tariff.id}`);
                return (
                  <button key={tariff.id} type="button" className="tile" disabled={!sellable} onClick={() => sellable && props.onAdd(sellable)}>
                    <span className="tile-name">{tariff.name}</span>{' '}
                    <Money minor={tariff.priceMinor} className="tile-price" />
                  </button>
                );
              })}
            </div>
          ) : (
            <p className="muted">{t('catalogue.choosePerformance')}</p>
          )}
        </>
      )}
    </div>
  );
}

function ProductTiles(props: { sellables: Sellable[]; prefix: 'i:' | 'v:'; label: string; onAdd: (s: Sellable) => void }) {
  return (
    <div className="tiles" role="group" aria-label={props.label}>
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
function DepartmentBrowser(props: { catalogue: Catalogue; sellables: Sellable[]; department: Department; onDepartment: (d: Department) => void; onAdd: (s: Sellable) => void }) {
  const { t } = useTranslation();
  const { department } = props;
  return (
    <>
      <div className="segmented" role="group" aria-label={t('catalogue.tabs')}>
        {departments.map((d) => (
          <button key={d} type="button" className="segment" aria-pressed={department === d} onClick={() => props.onDepartment(d)}>
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
  // the department stays chosen while the search is used
  const [department, setDepartment] = useState<Department>('events');
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
      <h2 id="catalogue-title" className="panel-title">
        {t('catalogue.title')}
      </h2>
      <SearchInput inputRef={search} query={query} isSearching={isSearching} results={results} activeIndex={activeIndex} onQuery={setQuery} onActive={setActiveIndex} onChoose={addFromSearch} />
      {isSearching ? (
        <>
          <p className="muted small">{t('catalogue.searchHelp')}</p>
          <SearchResults results={results} activeIndex={activeIndex} query={query} onAdd={addFromSearch} />
        </>
      ) : (
        <DepartmentBrowser catalogue={catalogue} sellables={sellables} department={department} onDepartment={setDepartment} onAdd={(s) => add(s.toEntry(1))} />
      )}
    </section>
  );
}
