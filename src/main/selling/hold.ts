// sales.hold (issue 15 point 2, D2): what a sale will spend of each shared gift voucher,
// held on the ledger server before sales.checkout commits it, so that nothing is spent
// twice online. Checked here first (reads only): the vouchers exist and this till knows
// they can pay it. Then, with no transaction open, one request per voucher; each granted
// hold is kept (a short transaction) for the sale's entry to use. Refused by the server: the
// amount it has left (voucher_insufficient). The server unreachable: nothing held, and
// the sale goes on under the offline rule (ADR 0010).
import { holdTtlMs } from '../../shared/api/sync-schemas.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { account } from '../../shared/domain/accounts.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import type { Ctx } from '../kernel/context.ts';
import { awaits } from '../kernel/methods.ts';
import { transact } from '../kernel/tx.ts';
import { isOffline, keepHold, needsHold, requestHold, voucherById } from '../sync-client/index.ts';
import { checkAccountLimits, resolvePayments } from './payments.ts';

type HoldOutputs = OutputOf<'sales.hold'>;

/** A hold is kept here a little less long than the server keeps it: the clocks differ, and a sale under a lapsed hold would be refused. */
const holdMarginMs = 15_000;

async function holdVouchers(ctx: Ctx, input: ParsedInputOf<'sales.hold'>): Promise<Result<HoldOutputs>> {
  const payments = resolvePayments(ctx, input.payments, input.buyerContactId ?? null);
  if (!payments.ok) return payments;
  const limits = checkAccountLimits(ctx.db, ctx.tillId, payments.value);
  if (!limits.ok) return limits;
  const drawn = new Map<string, number>();
  for (const p of payments.value) if (p.voucherId && needsHold(ctx.db, voucherById(ctx.db, p.voucherId))) drawn.set(account.voucher(p.voucherId).id, (drawn.get(account.voucher(p.voucherId).id) ?? 0) + p.input.amountMinor);
  const holds: HoldOutputs['holds'] = [];
  let n = 0;
  for (const [accountId, amountMinor] of drawn) {
    // one request id per voucher, derived from the caller's: asking again holds nothing twice
    const requestId = `${input.requestId.slice(0, 25)}${'0123456789ABCDEFGHJKMNPQRS'[n++]}`;
    const asked = await requestHold(ctx, { requestId, accountId, amountMinor });
    if (!asked.ok) return asked;
    if (asked.value === null) return ok({ holds: [], isOffline: true });
    if (!asked.value.isGranted) return refuse('voucher_insufficient', { availableMinor: asked.value.availableMinor });
    const hold = { id: asked.value.holdId!, requestId, accountId, amountMinor, expiresAtMs: ctx.clock.nowMs() + holdTtlMs - holdMarginMs };
    transact(ctx.db, () => {
      keepHold(ctx.db, hold);
      return ok(null);
    });
    holds.push({ accountId, amountMinor, expiresAtMs: hold.expiresAtMs });
  }
  // nothing to hold offline (needsHold): the sale goes on under the offline rule
  return ok({ holds, isOffline: drawn.size === 0 && isOffline(ctx.db) });
}

export const holdForSale = awaits(holdVouchers);
