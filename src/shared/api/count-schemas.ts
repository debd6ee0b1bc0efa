// Runtime schemas of a cash count's value (sessions.countCash): what notes and coins
// counted by denomination are worth, priced by the services so the screens add up nothing.
import { z } from 'zod';
import { denominationsMax } from '../limits.ts';
import { AmountMinor, Denomination } from './schemas.ts';

export const CashCountInput = z.object({ denominations: z.array(Denomination).max(denominationsMax) });

export const CashCount = z.object({
  /** Each denomination as given, with what it makes: value × count. */
  rows: z.array(Denomination.extend({ subtotalMinor: AmountMinor })),
  /** Σ value × count: what the opening takes as the float, the closing as the cash counted. */
  totalMinor: AmountMinor,
});
