// The VAT rates page: the rates the catalogue may use, typed in percent; a rate still used
// by an event or an item is refused by the services when it goes (vat_rate_in_use).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { VatRatesInput } from '../../shared/api/configuration-schemas.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { check, percentField, percentText, type Problems } from './config-form.ts';
import { formRefusal, PageHead, ProblemText, RetireButton, Saved, useLoaded, useSave } from './config-ui.tsx';

export function VatPage() {
  const { t } = useTranslation();
  const loaded = useLoaded('institution.get', {});
  const [rates, setRates] = useState<string[]>([]);
  const [problems, setProblems] = useState<Problems>({});
  const [saved, setSaved] = useState<string | null>(null);
  const save = useSave();
  useEffect(() => {
    if (loaded.value) setRates(loaded.value.vatRatesBp.map(percentText));
  }, [loaded.value]);
  /** Sends the rates; the refusal (or a rate the form cannot read) is handed back. */
  const send = async (next: string[]): Promise<ApiError | null> => {
    const extra: Problems = {};
    const ratesBp = next.map((text, i) => percentField(text, `ratesBp.${i}`, extra));
    const checked = check(VatRatesInput, { ratesBp }, extra);
    if (!checked.ok) {
      setProblems(checked.problems);
      return formRefusal(t('config.problems.invalid'));
    }
    setProblems({});
    const answer = await save.run('vatRates.save', checked.value);
    if (!answer.ok) return answer.error;
    setRates(answer.value.vatRatesBp.map(percentText));
    setSaved(t('config.vat.saved'));
    return null;
  };
  return (
    <section className="config-page" data-testid="config-vat">
      <PageHead title={t('config.pages.vatRates')} intro={t('config.vat.intro')} />
      <ErrorAlert error={loaded.error} />
      <form className="config-form vat-form" noValidate onSubmit={(event) => { event.preventDefault(); void send(rates); }}>
        <ul className="vat-list">
          {rates.map((rate, i) => (
            <li key={i} className={`vat-row${problems[`ratesBp.${i}`] ? ' has-problem' : ''}`}>
              <label className="visually-hidden" htmlFor={`vat-${i}`}>{t('config.vat.rate')}</label>
              <input id={`vat-${i}`} className="input input-rate" inputMode="decimal" value={rate} onChange={(e) => setRates(rates.map((r, j) => (j === i ? e.target.value : r)))} />
              <span aria-hidden="true">%</span>
              <RetireButton
                label={t('config.vat.remove')}
                question={t('config.vat.removeQuestion', { rate: `${rate} %` })}
                confirmLabel={t('config.vat.remove')}
                onConfirm={() => send(rates.filter((_, j) => j !== i))}
              />
              <ProblemText id={`vat-${i}`} problem={problems[`ratesBp.${i}`]} />
            </li>
          ))}
        </ul>
        <ProblemText id="vat-list" problem={problems.ratesBp} />
        <ErrorAlert error={save.error} testId="config-error" />
        <Saved text={saved} />
        <div className="actions">
          <button type="button" className="button" onClick={() => setRates([...rates, ''])}>
            {t('config.vat.add')}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isBusy}>
            {t('config.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
