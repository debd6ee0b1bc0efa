// A cash count's value (sessions.countCash): what each denomination counted makes and the
// total, bounded as the opening and the closing bound them. Reads and writes nothing.
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { boundedCountMinor, boundedProductMinor } from '../../shared/money/bounded.ts';
import { ok, type Result } from '../../shared/result.ts';

/** Each row's value × count, then their sum; amount_too_large for a product or a sum past amountMinorMax. */
export function countCash(input: ParsedInputOf<'sessions.countCash'>): Result<OutputOf<'sessions.countCash'>> {
  const rows: OutputOf<'sessions.countCash'>['rows'] = [];
  for (const [index, row] of input.denominations.entries()) {
    const subtotal = boundedProductMinor(row.valueMinor, row.count, `denominations.${index}`);
    if (!subtotal.ok) return subtotal;
    rows.push({ valueMinor: row.valueMinor, count: row.count, subtotalMinor: subtotal.value });
  }
  const total = boundedCountMinor(input.denominations, 'denominations');
  if (!total.ok) return total;
  return ok({ rows, totalMinor: total.value });
}
