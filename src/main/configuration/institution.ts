// The institution (issue 16): name, structured address, country, VAT number, currency, cash
// step, time zone, invoicing (IBAN or QR-IBAN, BIC, payment term), the defaults of new
// organisations on account, and the VAT rates the catalogue may use.
import type { z } from 'zod';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { InstitutionAddress, InstitutionInput, InvoicingInput } from '../../shared/api/configuration-schemas.ts';
import type { DeferredDefaults, Institution } from '../../shared/api/schemas.ts';
import { compactIban, ibanProblem, isValidBic, isValidTimeZone, isValidVatNumber, vatRatesOf } from '../../shared/domain/configuration-rules.ts';
import { formatRateBp } from '../../shared/domain/vat.ts';
import { denominationsMinor } from '../../shared/money/currency.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import type { Ctx, TillContext } from '../kernel/context.ts';
import { configVersionOf } from '../sync-client/index.ts';
import type { ConfigPlan } from './change.ts';
import { storedInstitution } from './records.ts';

type InstitutionValue = z.infer<typeof Institution>;
type Address = z.infer<typeof InstitutionAddress>;

const emptyAddress: Address = { street: '', buildingNumber: '', postcode: '', city: '' };

/** The address as set up, or as far as invoicing knows it (an institution written before issue 16). */
function addressOf(institution: InstitutionValue): Address {
  if (institution.address) return institution.address;
  const i = institution.invoicing;
  return i ? { street: i.street, buildingNumber: i.buildingNumber, postcode: i.postcode, city: i.city } : emptyAddress;
}

export function institutionSettings(till: TillContext): OutputOf<'institution.get'> {
  const institution = storedInstitution(till.db)!;
  return { institution, address: addressOf(institution), vatRatesBp: vatRatesOf(institution), version: configVersionOf(till.db, 'setting', 'institution') };
}

export function getInstitution(ctx: Ctx): Result<OutputOf<'institution.get'>> {
  return ok(institutionSettings(ctx));
}

/** "Quai du Mont-Blanc 1", "1201 Genève": the lines receipts and reports print. */
function addressLinesOf(address: Address): string[] {
  return [`${address.street} ${address.buildingNumber}`.trim(), `${address.postcode} ${address.city}`.trim()].filter((line) => line !== '');
}

/**
 * The institution's fields, checked in order: time zone, currency (unchanged once the
 * journal has entries), cash step (a coin of the currency), VAT number, then invoicing
 * (IBAN or QR-IBAN with its check digits, in CHF Swiss or Liechtenstein; BIC).
 */
export function checkInstitutionFields(db: Db, input: z.infer<typeof InstitutionInput>, invoicing: z.infer<typeof InvoicingInput> | null): Result<null> {
  if (!isValidTimeZone(input.timeZone)) return refuse('time_zone_invalid', { field: 'timeZone', timeZone: input.timeZone.slice(0, 64) });
  const current = storedInstitution(db);
  if (current && current.currency !== input.currency && stmt(db, 'SELECT 1 FROM journal LIMIT 1').get()) return refuse('currency_locked', { field: 'currency', currency: current.currency });
  if (!denominationsMinor[input.currency].includes(input.cashStepMinor)) return refuse('cash_step_not_coin', { field: 'cashStepMinor', cashStepMinor: input.cashStepMinor });
  if (!isValidVatNumber(input.vatNumber, input.country)) return refuse('vat_number_invalid', { field: 'vatNumber' });
  if (invoicing) {
    const problem = ibanProblem(invoicing.iban, input.currency);
    if (problem) return refuse('iban_invalid', { field: 'invoicing.iban', reason: problem });
    if (!isValidBic(invoicing.bic)) return refuse('bic_invalid', { field: 'invoicing.bic' });
  }
  return ok(null);
}

/** The institution as stored from the form's fields (the rest kept from `base`). */
export function institutionValue(base: InstitutionValue | null, input: z.infer<typeof InstitutionInput>, invoicing: z.infer<typeof InvoicingInput> | null, deferredDefaults: z.infer<typeof DeferredDefaults>): InstitutionValue {
  const address = { street: input.address.street, buildingNumber: input.address.buildingNumber, postcode: input.address.postcode, city: input.address.city };
  return {
    name: input.name,
    addressLines: addressLinesOf(address),
    country: input.country,
    vatNumber: input.vatNumber,
    currency: input.currency,
    cashStepMinor: input.cashStepMinor,
    timeZone: input.timeZone,
    invoicing: invoicing && { ...address, iban: compactIban(invoicing.iban), bic: invoicing.bic.toUpperCase(), paymentTermDays: invoicing.paymentTermDays },
    deferredDefaults,
    address,
    ...(base?.vatRatesBp ? { vatRatesBp: base.vatRatesBp } : {}),
  };
}

export function institutionRecordOf(value: InstitutionValue) {
  return { kind: 'setting' as const, id: 'institution', body: { key: 'institution' as const, value: JSON.stringify(value) } };
}

type SaveInput = ParsedInputOf<'institution.save'>;

export function checkSaveInstitution(ctx: Ctx, input: SaveInput): Result<ConfigPlan<OutputOf<'institution.save'>>> {
  const fields = checkInstitutionFields(ctx.db, input, input.invoicing);
  if (!fields.ok) return fields;
  const value = institutionValue(storedInstitution(ctx.db), input, input.invoicing, input.deferredDefaults);
  return ok({ records: [institutionRecordOf(value)], view: institutionSettings });
}

/** Only the defaults of new organisations on account (settings.setDeferredDefaults): nothing to refuse past the door. */
export function checkSetDeferredDefaults(ctx: Ctx, input: ParsedInputOf<'settings.setDeferredDefaults'>): Result<ConfigPlan<OutputOf<'settings.setDeferredDefaults'>>> {
  const value = { ...storedInstitution(ctx.db)!, deferredDefaults: input };
  return ok({ records: [institutionRecordOf(value)], view: (till) => storedInstitution(till.db)!.deferredDefaults });
}

/** Rates in use by an event or an item: they cannot leave the list. */
function ratesInUse(db: Db): number[] {
  const rows = stmt(db, 'SELECT vat_rate_bp AS rate FROM events UNION SELECT vat_rate_bp FROM items ORDER BY 1').all() as { rate: number }[];
  return rows.map((r) => r.rate);
}

export function checkSaveVatRates(ctx: Ctx, input: ParsedInputOf<'vatRates.save'>): Result<ConfigPlan<OutputOf<'vatRates.save'>>> {
  const rates = [...new Set(input.ratesBp)].sort((a, b) => b - a);
  const missing = ratesInUse(ctx.db).find((rate) => !rates.includes(rate));
  if (missing !== undefined) return refuse('vat_rate_in_use', { field: 'ratesBp', rateBp: missing, rate: formatRateBp(missing) });
  const value = { ...storedInstitution(ctx.db)!, vatRatesBp: rates };
  return ok({ records: [institutionRecordOf(value)], view: institutionSettings });
}
