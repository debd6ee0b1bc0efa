// The criteria of the account reports: a period of the institution's dates, tills to tick, contacts
// to pick by search.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useFormat } from '../format.ts';
import { DateInput } from './date-input.tsx';
import { currentMonth, periodMs, type DatePeriod, type PeriodProblem } from '../period.ts';
import type { Contact, TillSummary } from '../types.ts';
import { contactName } from './contact-list.tsx';
import { ContactPicker } from './contact-picker.tsx';

const periodProblemKey: Record<PeriodProblem, 'accountReports.dateMissing' | 'accountReports.periodInvalid'> = {
  date_missing: 'accountReports.dateMissing',
  period_invalid: 'accountReports.periodInvalid',
};

/** A report's period, the current month at first; its instants, or the sentence that says what is wrong with it. */
export function usePeriod(): [DatePeriod, (p: DatePeriod) => void, (t: TFunction) => { fromMs: number; toMs: number } | string] {
  const { timeZone } = useFormat();
  const [period, setPeriod] = useState<DatePeriod>(() => currentMonth(Date.now(), timeZone));
  const resolve = (t: TFunction) => {
    const p = periodMs(period, timeZone);
    return p.ok ? { fromMs: p.fromMs, toMs: p.toMs } : t(periodProblemKey[p.problem]);
  };
  return [period, setPeriod, resolve];
}

export function PeriodFields(props: { period: DatePeriod; onChange: (period: DatePeriod) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="field">
        <span className="field-label">{t('accountReports.from')}</span>
        <DateInput testId="period-from" value={props.period.from} onChange={(from) => props.onChange({ ...props.period, from })} />
      </label>
      <label className="field">
        <span className="field-label">{t('accountReports.to')}</span>
        <DateInput testId="period-to" value={props.period.to} onChange={(to) => props.onChange({ ...props.period, to })} />
      </label>
    </>
  );
}

export function TillChecklist(props: { tills: readonly TillSummary[]; checked: ReadonlySet<string>; onChange: (checked: Set<string>) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field report-tills">
      <legend className="field-label">{t('accountReports.tills')}</legend>
      <div className="checks">
        {props.tills.map((till) => (
          <label key={till.id} className="check">
            <input
              type="checkbox"
              checked={props.checked.has(till.id)}
              onChange={(event) => {
                const next = new Set(props.checked);
                if (event.target.checked) next.add(till.id);
                else next.delete(till.id);
                props.onChange(next);
              }}
            />
            {till.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function ContactChooser(props: { contacts: readonly Contact[]; onChange: (contacts: Contact[]) => void }) {
  const { t } = useTranslation();
  const [isPicking, setPicking] = useState(false);
  // two reports may each have their chooser on the screen (one hidden): ids of their own
  const labelId = useId();
  return (
    <div className="field report-contacts">
      <span className="field-label" id={labelId}>
        {t('accountReports.contacts')}
      </span>
      <ul className="chips contact-chips" aria-labelledby={labelId}>
        {props.contacts.map((c) => (
          <li key={c.id} className="contact-chip" data-testid="report-contact">
            {contactName(c)}
            <button
              type="button"
              className="remove"
              aria-label={t('accountReports.removeContact', { name: contactName(c) })}
              onClick={() => props.onChange(props.contacts.filter((x) => x.id !== c.id))}
            >
              ×
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="button button-small" onClick={() => setPicking(true)}>
            {t('accountReports.addContact')}
          </button>
        </li>
      </ul>
      {isPicking && (
        <ContactPicker
          title={t('accountReports.pickContact')}
          mayStayAnonymous={false}
          onClose={() => setPicking(false)}
          onPick={(contact) => {
            if (contact && !props.contacts.some((c) => c.id === contact.id)) props.onChange([...props.contacts, contact]);
            setPicking(false);
          }}
        />
      )}
    </div>
  );
}
