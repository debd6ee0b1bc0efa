// VAT rates as the configuration checks and names them.
import { refuse, type Refusal } from '../../shared/result.ts';
import { vatRatesOf } from '../../shared/domain/configuration-rules.ts';
import { formatRateBp } from '../../shared/domain/vat.ts';
import type { TillContext } from '../kernel/context.ts';
import { storedInstitution } from './records.ts';

/** A rate the institution has not listed: refused (vat_rate_unknown), else null. */
export function unknownRate(till: TillContext, rateBp: number, field: string): Refusal | null {
  return vatRatesOf(storedInstitution(till.db)!).includes(rateBp) ? null : refuse('vat_rate_unknown', { field, rateBp, rate: formatRateBp(rateBp) });
}
