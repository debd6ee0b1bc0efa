// The Institution page: name, address, country, VAT number, currency, cash step, time zone,
// invoicing, and whether new organisations may pay on account (off until set here).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { InstitutionSaveInput, type InstitutionSettings } from '../../shared/api/configuration-schemas.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { useFormat } from '../format.ts';
import { useSystem } from '../stores/system-store.ts';
import { amountField, check, type Problems } from './config-form.ts';
import { CheckField, PageHead, Saved, TextField, useLoaded, useSave } from './config-ui.tsx';
import { useConfig } from './config-store.ts';
import { checkInstitution, emptyInstitution, InstitutionFields, InvoicingFields, type InstitutionDraft } from './institution-fields.tsx';

interface DeferredDraft {
  organisationsAuthorised: boolean;
  limit: string;
}

function draftOf(settings: z.output<typeof InstitutionSettings>, amount: (minor: number) => string): { institution: InstitutionDraft; deferred: DeferredDraft } {
  const { institution, address } = settings;
  const invoicing = institution.invoicing;
  return {
    institution: {
      ...emptyInstitution,
      name: institution.name,
      ...address,
      country: institution.country,
      vatNumber: institution.vatNumber,
      currency: institution.currency,
      cashStep: amount(institution.cashStepMinor),
      timeZone: institution.timeZone,
      hasInvoicing: invoicing !== null,
      iban: invoicing?.iban ?? '',
      bic: invoicing?.bic ?? '',
      paymentTermDays: String(invoicing?.paymentTermDays ?? 30),
    },
    deferred: { organisationsAuthorised: institution.deferredDefaults.organisationsAuthorised, limit: amount(institution.deferredDefaults.limitMinor) },
  };
}

function checkPage(institution: InstitutionDraft, deferred: DeferredDraft) {
  const checked = checkInstitution(institution);
  const extra: Problems = {};
  const limitMinor = amountField(deferred.limit, institution.currency, 'deferredDefaults.limitMinor', extra);
  const deferredDefaults = { organisationsAuthorised: deferred.organisationsAuthorised, limitMinor };
  if (!checked.ok) return { ok: false as const, problems: { ...checked.problems, ...extra } };
  return check(InstitutionSaveInput, { ...checked.institution, invoicing: checked.invoicing, deferredDefaults }, extra);
}

export function InstitutionPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const loadSystem = useSystem((s) => s.load);
  const showHistory = useConfig((s) => s.showHistory);
  const loaded = useLoaded('institution.get', {});
  const [institution, setInstitution] = useState<InstitutionDraft | null>(null);
  const [deferred, setDeferred] = useState<DeferredDraft>({ organisationsAuthorised: false, limit: '0' });
  const [problems, setProblems] = useState<Problems>({});
  const [saved, setSaved] = useState<string | null>(null);
  const save = useSave();
  useEffect(() => {
    if (!loaded.value) return;
    const draft = draftOf(loaded.value, format.amount);
    setInstitution(draft.institution);
    setDeferred(draft.deferred);
  }, [loaded.value, format.amount]);
  const submit = async () => {
    if (!institution) return;
    const checked = checkPage(institution, deferred);
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    if ((await save.run('institution.save', checked.value)).ok) {
      setSaved(t('config.savedName', { name: checked.value.name }));
      void loaded.load();
      void loadSystem();
    }
  };
  return (
    <section className="config-page" aria-labelledby="config-page-title" data-testid="config-institution">
      <PageHead title={t('config.pages.institution')} intro={t('config.institution.intro')}>
        <button type="button" className="button button-small" onClick={() => showHistory({ kind: 'institution', id: 'institution', label: institution?.name ?? '' })}>
          {t('config.history.open')}
        </button>
      </PageHead>
      <ErrorAlert error={loaded.error} />
      {institution && (
        <form className="config-form" noValidate onSubmit={(event) => { event.preventDefault(); void submit(); }}>
          <InstitutionFields draft={institution} problems={problems} set={(patch) => setInstitution({ ...institution, ...patch })} />
          <InvoicingFields draft={institution} problems={problems} set={(patch) => setInstitution({ ...institution, ...patch })} />
          <fieldset className="config-fieldset">
            <legend>{t('config.institution.deferredLegend')}</legend>
            <CheckField label={t('config.institution.organisationsAuthorised')} checked={deferred.organisationsAuthorised} onChange={(organisationsAuthorised) => setDeferred({ ...deferred, organisationsAuthorised })} />
            <TextField id="inst-deferred-limit" label={t('config.institution.deferredLimit')} value={deferred.limit} onChange={(limit) => setDeferred({ ...deferred, limit })} problem={problems['deferredDefaults.limitMinor']} inputMode="decimal" className="field-short" />
          </fieldset>
          <ErrorAlert error={save.error} testId="config-error" />
          <Saved text={saved} />
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={save.isBusy}>
              {t('config.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
