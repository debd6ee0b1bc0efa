// The institution's and invoicing's fields, shared by the first start and the Institution
// page: a draft of typed text, the input it makes (checked by the contract's schema and the
// shared rules of an IBAN, a BIC, a VAT number, a time zone) and the fields on screen.
import { useTranslation } from 'react-i18next';
import { InstitutionInput, InvoicingInput } from '../../shared/api/configuration-schemas.ts';
import { ibanProblem, isValidBic, isValidTimeZone, isValidVatNumber } from '../../shared/domain/configuration-rules.ts';
import { currencyCodes, type CurrencyCode } from '../../shared/money/currency.ts';
import { amountField, check, wholeNumber, type Problems } from './config-form.ts';
import { CheckField, Field, TextField } from './config-ui.tsx';
import type { z } from 'zod';

export interface InstitutionDraft {
  name: string;
  street: string;
  buildingNumber: string;
  postcode: string;
  city: string;
  country: string;
  vatNumber: string;
  currency: CurrencyCode;
  cashStep: string;
  timeZone: string;
  hasInvoicing: boolean;
  iban: string;
  bic: string;
  paymentTermDays: string;
}

export const emptyInstitution: InstitutionDraft = {
  name: '',
  street: '',
  buildingNumber: '',
  postcode: '',
  city: '',
  country: 'CH',
  vatNumber: '',
  currency: 'CHF',
  cashStep: '0.05',
  timeZone: 'Europe/Zurich',
  hasInvoicing: false,
  iban: '',
  bic: '',
  paymentTermDays: '30',
};

type Checked = { ok: true; institution: z.output<typeof InstitutionInput>; invoicing: z.output<typeof InvoicingInput> | null } | { ok: false; problems: Problems };

/** The institution and invoicing the draft says, or every wrong field named (paths as the form's ids). */
export function checkInstitution(draft: InstitutionDraft): Checked {
  const extra: Problems = {};
  const cashStepMinor = amountField(draft.cashStep, draft.currency, 'cashStepMinor', extra);
  const country = draft.country.trim().toUpperCase();
  if (!isValidVatNumber(draft.vatNumber, country)) extra.vatNumber = { key: 'vatNumber' };
  if (!isValidTimeZone(draft.timeZone.trim())) extra.timeZone = { key: 'timeZone' };
  const institution = check(InstitutionInput, {
    name: draft.name,
    address: { street: draft.street, buildingNumber: draft.buildingNumber, postcode: draft.postcode, city: draft.city },
    country,
    vatNumber: draft.vatNumber,
    currency: draft.currency,
    cashStepMinor,
    timeZone: draft.timeZone,
  }, extra);
  if (!draft.hasInvoicing) return institution.ok ? { ok: true, institution: institution.value, invoicing: null } : institution;
  const invoicingExtra: Problems = {};
  const iban = ibanProblem(draft.iban, draft.currency);
  if (iban) invoicingExtra.iban = { key: `iban_${iban}` };
  if (!isValidBic(draft.bic.trim())) invoicingExtra.bic = { key: 'bic' };
  const invoicing = check(InvoicingInput, { iban: draft.iban, bic: draft.bic, paymentTermDays: wholeNumber(draft.paymentTermDays) }, invoicingExtra);
  if (institution.ok && invoicing.ok) return { ok: true, institution: institution.value, invoicing: invoicing.value };
  return { ok: false, problems: { ...(institution.ok ? {} : institution.problems), ...(invoicing.ok ? {} : invoicing.problems) } };
}

export function InstitutionFields(props: { draft: InstitutionDraft; problems: Problems; set: (patch: Partial<InstitutionDraft>) => void }) {
  const { t } = useTranslation();
  const { draft, problems, set } = props;
  return (
    <fieldset className="config-fieldset">
      <legend>{t('config.institution.legend')}</legend>
      <TextField id="inst-name" label={t('config.institution.name')} value={draft.name} onChange={(name) => set({ name })} problem={problems.name} />
      <div className="form-grid">
        <TextField id="inst-street" label={t('config.institution.street')} value={draft.street} onChange={(street) => set({ street })} problem={problems['address.street']} className="span-3" />
        <TextField id="inst-number" label={t('config.institution.buildingNumber')} value={draft.buildingNumber} onChange={(buildingNumber) => set({ buildingNumber })} problem={problems['address.buildingNumber']} />
        <TextField id="inst-postcode" label={t('config.institution.postcode')} value={draft.postcode} onChange={(postcode) => set({ postcode })} problem={problems['address.postcode']} />
        <TextField id="inst-city" label={t('config.institution.city')} value={draft.city} onChange={(city) => set({ city })} problem={problems['address.city']} className="span-2" />
        <TextField id="inst-country" label={t('config.institution.country')} value={draft.country} onChange={(country) => set({ country })} problem={problems.country} />
        <TextField id="inst-vat" label={t('config.institution.vatNumber')} value={draft.vatNumber} onChange={(vatNumber) => set({ vatNumber })} problem={problems.vatNumber} hint={t('config.institution.vatNumberHint')} className="span-2" />
        <Field id="inst-currency" label={t('config.institution.currency')}>
          <select id="inst-currency" className="input" value={draft.currency} onChange={(e) => set({ currency: e.target.value as CurrencyCode })}>
            {currencyCodes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
        <TextField id="inst-cash-step" label={t('config.institution.cashStep')} value={draft.cashStep} onChange={(cashStep) => set({ cashStep })} problem={problems.cashStepMinor} inputMode="decimal" />
        <TextField id="inst-time-zone" label={t('config.institution.timeZone')} value={draft.timeZone} onChange={(timeZone) => set({ timeZone })} problem={problems.timeZone} className="span-2" />
      </div>
    </fieldset>
  );
}

export function InvoicingFields(props: { draft: InstitutionDraft; problems: Problems; set: (patch: Partial<InstitutionDraft>) => void }) {
  const { t } = useTranslation();
  const { draft, problems, set } = props;
  return (
    <fieldset className="config-fieldset">
      <legend>{t('config.invoicing.legend')}</legend>
      <CheckField label={t('config.invoicing.enabled')} checked={draft.hasInvoicing} onChange={(hasInvoicing) => set({ hasInvoicing })} />
      {draft.hasInvoicing ? (
        <div className="form-grid">
          <TextField id="inv-iban" label={t('config.invoicing.iban')} value={draft.iban} onChange={(iban) => set({ iban })} problem={problems.iban} hint={t('config.invoicing.ibanHint')} className="span-3" />
          <TextField id="inv-bic" label={t('config.invoicing.bic')} value={draft.bic} onChange={(bic) => set({ bic })} problem={problems.bic} />
          <TextField id="inv-term" label={t('config.invoicing.paymentTermDays')} value={draft.paymentTermDays} onChange={(paymentTermDays) => set({ paymentTermDays })} problem={problems.paymentTermDays} inputMode="numeric" />
        </div>
      ) : (
        <p className="muted small">{t('config.invoicing.off')}</p>
      )}
    </fieldset>
  );
}
