// VAT rates as the configuration checks and names them.
import { refuse, type Refusal } from '../../shared/result.ts';
import type { TillContext } from '../kernel/context.ts';
import { vatRatesOf } from './institution.ts';
import { storedInstitution } from './records.ts';

/** 810 → "8.1 %": a rate in basis points as a refusal names it (integer digits, no float). */
export function formatRateBp(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const hundredths = String(rateBp % 100).padStart(2, '0').replace(/0+$/, '');
  return `${whole}${hundredths ? `.${hundredths}` : ''} %`;
}

/** A rate the institution has not listed: refused (vat_rate_unknown), else null. */
export function unknownRate(till: TillContext, rateBp: number, field: string): Refusal | null {
  return vatRatesOf(storedInstitution(till.db)!).includes(rateBp) ? null : refuse('vat_rate_unknown', { field, rateBp, rate: formatRateBp(rateBp) });
}
