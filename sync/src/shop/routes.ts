// The web shop's side of the ledger server (DESIGN C14; seeds 003 and 000, online paths),
// behind a Bearer shop key that speaks for one point of sale (app.ts checks it):
//   GET  /v1/shop/contacts/:id/credit          the credit balance, where the shop offers it
//   POST /v1/shop/orders                        an order paid by credit, voucher, deferred, card…
//   GET  /v1/shop/contacts/:id/installments     the contact's open installments
//   POST /v1/shop/installments/:id/pay          pay one installment whole
// Every answer is the server's envelope; refusals are the till's codes.
import type { Hono } from 'hono';
import type { z } from 'zod';
import { Id } from '../../../src/shared/api/schemas.ts';
import { ShopOrderInput, ShopPayInstallmentInput, type ShopBalanceOutput } from '../../../src/shared/api/sync-schemas.ts';
import { account, creditBalanceFromAccount } from '../../../src/shared/domain/accounts.ts';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import { parseBody, parseValue, reply } from '../app.ts';
import type { ServerContext } from '../context.ts';
import { balanceOf } from '../ledger/balances.ts';
import { readRecord } from '../records.ts';
import { authorisedMethods, hasMethodOfType } from './catalogue.ts';
import { openInstallments, payInstallment } from './installments.ts';
import { placeOrder } from './orders.ts';

export type ShopApp = Hono<{ Variables: { pointOfSaleId: string } }>;

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

export function shopRoutes(shop: ShopApp, ctx: ServerContext): void {
  shop.get('/contacts/:id/credit', async (c) => {
    const id = parseValue(Id, c.req.param('id'));
    return reply(c, id.ok ? await creditBalance(ctx, c.get('pointOfSaleId'), id.value) : id);
  });
  shop.post('/orders', async (c) => {
    const input = await parseBody(c, ShopOrderInput);
    return reply(c, input.ok ? await placeOrder(ctx, c.get('pointOfSaleId'), input.value) : input);
  });
  shop.get('/contacts/:id/installments', async (c) => {
    const id = parseValue(Id, c.req.param('id'));
    return reply(c, id.ok ? await openInstallments(ctx, c.get('pointOfSaleId'), id.value) : id);
  });
  shop.post('/installments/:id/pay', async (c) => {
    const id = parseValue(Id, c.req.param('id'));
    if (!id.ok) return reply(c, id);
    const input = await parseBody(c, ShopPayInstallmentInput);
    return reply(c, input.ok ? await payInstallment(ctx, c.get('pointOfSaleId'), id.value, input.value) : input);
  });
}
