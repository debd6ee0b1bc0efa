// The web shop's side of the ledger server (DESIGN C14; seeds 003 and 000, online paths),
// as a route table (http.ts serves it), behind a Bearer shop key that speaks for one point
// of sale: the credit balance, an order paid by credit, voucher, deferred, card…, the
// contact's open installments, and paying one. Refusals are the till's codes.
import { z } from 'zod';
import { Id } from '../../../src/shared/api/schemas.ts';
import { ShopBalanceOutput, ShopInstallment, ShopOrderInput, ShopPayInstallmentInput } from '../../../src/shared/api/sync-schemas.ts';
import { account, creditBalanceFromAccount } from '../../../src/shared/domain/accounts.ts';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import type { ServerContext } from '../context.ts';
import { route, type Route } from '../http.ts';
import { balanceOf } from '../ledger/balances.ts';
import { InstallmentPaymentOutput, ShopOrderOutput } from '../outputs.ts';
import { readRecord } from '../records.ts';
import { authorisedMethods, hasMethodOfType } from './catalogue.ts';
import { openInstallments, payInstallment } from './installments.ts';
import { placeOrder } from './orders.ts';

/**
 * Seed 003, "Espace personnel": the balance shows only where the credit balance method is
 * authorised on the shop's point of sale. Checks, in order: that; the contact exists.
 */
export async function creditBalance(ctx: ServerContext, pointOfSaleId: string, contactId: string): Promise<Result<z.infer<typeof ShopBalanceOutput>>> {
  if (!hasMethodOfType(await authorisedMethods(ctx.db, pointOfSaleId), 'credit')) return refuse('method_not_authorised', { type: 'credit' });
  if (!(await readRecord(ctx.db, 'contact', contactId))) return refuse('contact_not_found', { contactId });
  const balanceMinor = Number(await balanceOf(ctx.db, account.credit(contactId).id));
  return ok({ contactId, creditBalanceMinor: creditBalanceFromAccount(balanceMinor) });
}

const IdParam = z.object({ id: Id });

export const shopRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/shop/contacts/:id/credit',
    access: 'shop',
    summary: "The contact's credit balance, where the shop's point of sale offers the credit balance",
    params: IdParam,
    output: ShopBalanceOutput,
    handle: (ctx, { caller, params }) => creditBalance(ctx, caller.pointOfSaleId, params.id),
  }),
  route({
    method: 'POST',
    path: '/v1/shop/orders',
    access: 'shop',
    summary: "An order paid by the methods the shop's point of sale authorises (credit balance, voucher, deferred account, card…); idempotent by requestId",
    body: ShopOrderInput,
    output: ShopOrderOutput,
    handle: (ctx, { caller, body }) => placeOrder(ctx, caller.pointOfSaleId, body),
  }),
  route({
    method: 'GET',
    path: '/v1/shop/contacts/:id/installments',
    access: 'shop',
    summary: "The contact's open installments (every till's and the shop's), oldest due first",
    params: IdParam,
    output: z.array(ShopInstallment),
    handle: (ctx, { caller, params }) => openInstallments(ctx, caller.pointOfSaleId, params.id),
  }),
  route({
    method: 'POST',
    path: '/v1/shop/installments/:id/pay',
    access: 'shop',
    summary: 'Pays one installment whole by a money method (a deferred settlement); idempotent by requestId',
    params: IdParam,
    body: ShopPayInstallmentInput,
    output: InstallmentPaymentOutput,
    handle: (ctx, { caller, params, body }) => payInstallment(ctx, caller.pointOfSaleId, params.id, body),
  }),
];
