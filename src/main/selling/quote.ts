// The quote (sales.quote): the basket priced and the payments entered so far settled on
// paper, as the screen shows them while the sale is being made. Writes nothing.
import { ok, type Result } from '../../shared/result.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import { vatSummary } from '../../shared/domain/vat.ts';
import { priceBasket, type PricedBasketLine } from '../catalogue/index.ts';
import { cashMethodOf } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import { drawerHoldsMinor } from '../sessions/index.ts';
import { creditOfferOf } from './credit-offer.ts';
import { checkAccountLimits, resolvePayments, tenderOf } from './payments.ts';

/**
 * Checks, in order: the lines price (products, amounts, capacity); each payment's method;
 * what a voucher, a credit balance or a deferred account can give (said at once, as the
 * payment is entered); the split tender.
 */
export function quote(ctx: Ctx, input: ParsedInputOf<'sales.quote'>): Result<OutputOf<'sales.quote'>> {
  const institution = ctx.config.institution();
  const lines = input.lines.length === 0 ? ok<PricedBasketLine[]>([]) : priceBasket(ctx, input.lines);
  if (!lines.ok) return lines;
  const totalMinor = lines.value.reduce((a, l) => a + l.totalMinor, 0);
  const payments = resolvePayments(ctx, input.payments ?? [], input.buyerContactId ?? null);
  if (!payments.ok) return payments;
  const limits = checkAccountLimits(ctx.db, ctx.tillId, payments.value);
  if (!limits.ok) return limits;
  const tender = tenderOf(ctx, institution, totalMinor, payments.value, input.buyerContactId ?? null);
  if (!tender.ok) return tender;
  const { applied: _, ok: __, ...shown } = tender.value;
  return ok({
    currency: institution.currency,
    lines: lines.value.map((l) => ({
      index: l.index,
      kind: l.kind,
      label: l.label,
      detail: l.detail,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      totalMinor: l.totalMinor,
      vatRateBp: l.vatRateBp,
      vatMinor: l.vatMinor,
    })),
    vat: vatSummary(lines.value.filter((l) => l.kind !== 'voucher')),
    totalMinor,
    tender: shown,
    credit: creditOfferOf(ctx, input.buyerContactId ?? null, payments.value, tender.value.remainingMinor),
    drawerCashMinor: drawerCashMinor(ctx),
  });
}

/** The cash the drawer holds before this sale (the change comes out of it); null without a cash method. */
function drawerCashMinor(ctx: Ctx): number | null {
  const cash = cashMethodOf(ctx);
  return cash ? drawerHoldsMinor(ctx.db, ctx.tillId, cash.id) : null;
}
