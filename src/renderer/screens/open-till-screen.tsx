// Opening the till: the last closing's cash shown, count the float by denomination (its
// value is the services'), then open.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { DenominationCount } from '../components/denomination-count.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Money } from '../components/money.tsx';
import { useCan } from '../stores/auth-store.ts';
import { useSystem } from '../stores/system-store.ts';
import { useTill } from '../stores/till-store.ts';
import { useFormat } from '../format.ts';
import type { SessionState } from '../types.ts';
import { countsToDenominations, useCashCount, type Counts } from '../use-cash-count.ts';

/** The last closing's cash (issue 17): what the float counted now can be compared with. */
function LastClosing({ closing }: { closing: SessionState['lastClosing'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!closing || closing.cashCountedMinor === null) return null;
  const split = closing.floatKeptMinor !== null && closing.toBankMinor !== null ? t('closing.lastClosingSplit', { kept: format.money(closing.floatKeptMinor), bank: format.money(closing.toBankMinor) }) : '';
  return (
    <p className="alert" data-testid="last-closing">
      {t('closing.lastClosing', { number: closing.zNumber, date: format.dateTime(closing.closedAtMs), counted: format.money(closing.cashCountedMinor) })}
      {split}
    </p>
  );
}

export function OpenTillScreen() {
  const { t } = useTranslation();
  const denominations = useSystem((s) => s.info?.denominationsMinor ?? []);
  const lastZNumber = useTill((s) => s.session?.lastZNumber ?? 0);
  const lastClosing = useTill((s) => s.session?.lastClosing ?? null);
  const open = useTill((s) => s.open);
  const mayOpen = useCan('session:open');
  const [counts, setCounts] = useState<Counts>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const value = useCashCount(denominations, counts);

  const submit = async () => {
    setBusy(true);
    const float = countsToDenominations(denominations, counts).filter((d) => d.count > 0);
    const refusal = await open(float);
    setBusy(false);
    setError(refusal?.error ?? null);
  };

  return (
    <main className="screen screen-open" aria-labelledby="open-title">
      <h1 id="open-title">{t('open.title')}</h1>
      <p>{t('open.intro')}</p>
      {lastZNumber > 0 && <p className="muted">{t('open.lastZ', { number: lastZNumber })}</p>}
      <LastClosing closing={lastClosing} />
      {mayOpen ? (
        <form
          className="open-grid"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <section className="panel" aria-labelledby="float-title">
            <h2 id="float-title" className="section-title">
              {t('open.float')}
            </h2>
            <DenominationCount denominationsMinor={denominations} counts={counts} value={value.count} onChange={setCounts} totalTestId="float-total" autoFocus />
          </section>
          <aside className="panel open-summary">
            <span className="figure-label">{t('open.float')}</span>
            <Money minor={value.count?.totalMinor ?? 0} className="open-total" />
            <ErrorAlert error={error ?? value.error} />
            <button type="submit" className="button button-primary button-large" disabled={isBusy}>
              {t('open.submit')}
            </button>
          </aside>
        </form>
      ) : (
        <p className="alert">{t('open.notPermitted')}</p>
      )}
    </main>
  );
}
