// deferred.hold (issue 15 point 3, D2): what a settlement will pay of each installment other
// channels know (published by the server: a web order's, another till's, or this till's
// once pushed), held on the ledger server before deferred.settle commits it, so that an
// installment is never collected twice online. Checked here first (reads only) as the
// settlement will be allocated; then, with no transaction open, one request per
// installment; each granted hold is kept for the settlement's entry. Refused by the server:
// the installment is no longer open for that much (installment_not_open, with what is).
// The server unreachable: nothing held, and the settlement goes on under the offline rule.
import { holdTtlMs } from '../../shared/api/sync-schemas.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { Ctx } from '../kernel/context.ts';
import { awaits } from '../kernel/methods.ts';
import { transact } from '../kernel/tx.ts';
import { isOffline, keepHold, needsInstallmentHold, requestHold } from '../sync-client/index.ts';
import { contactById } from '../contacts/index.ts';
import { checkAllocation } from './deferred.ts';

type HoldOutputs = OutputOf<'deferred.hold'>;

/** Kept here a little less long than the server keeps it (the clocks differ). */
const holdMarginMs = 15_000;

async function holdInstallments(ctx: Ctx, input: ParsedInputOf<'deferred.hold'>): Promise<Result<HoldOutputs>> {
  if (!contactById(ctx.db, input.contactId)) return refuse('contact_not_found', { contactId: input.contactId });
  const allocated = checkAllocation(ctx, input);
  if (!allocated.ok) return allocated;
  const shared = allocated.value.allocations.filter((a) => needsInstallmentHold(ctx.db, a.installmentId));
  const holds: HoldOutputs['holds'] = [];
  for (const [n, a] of shared.entries()) {
    // one request id per installment, derived from the settlement's: asking again holds nothing twice
    const requestId = `${input.requestId.slice(0, 24)}${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Math.floor(n / 32)]}${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'[n % 32]}`;
    const accountId = `installment:${a.installmentId}`;
    const asked = await requestHold(ctx, { requestId, accountId, amountMinor: a.amountMinor });
    if (!asked.ok) return asked;
    if (asked.value === null) return ok({ holds: [], isOffline: true });
    if (!asked.value.isGranted) return refuse('installment_not_open', { installmentId: a.installmentId, availableMinor: asked.value.availableMinor });
    const hold = { id: asked.value.holdId!, requestId, accountId, amountMinor: a.amountMinor, expiresAtMs: ctx.clock.nowMs() + holdTtlMs - holdMarginMs };
    transact(ctx.db, () => {
      keepHold(ctx.db, hold);
      return ok(null);
    });
    holds.push({ accountId, amountMinor: a.amountMinor, expiresAtMs: hold.expiresAtMs });
  }
  return ok({ holds, isOffline: shared.length === 0 && isOffline(ctx.db) });
}

export const holdForSettlement = awaits(holdInstallments);
