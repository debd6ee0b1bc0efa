// The web shop's side of the ledger server (DESIGN C14; seeds 003 and 000, online paths),
// as a route table (http.ts serves it), behind a Bearer shop key that speaks for one point
// of sale: the catalogue with the seats left, contacts found by email and created, an order
// of tickets, items and gift vouchers paid by credit, voucher, deferred, card… and read back,
// a voucher checked by its code, a contact's credit balance, movements, invoices and open
// installments, and paying one. Refusals are the till's codes, listed per route in GET /v1.
import { z } from 'zod';
import type { ErrorCode } from '../../../src/shared/api/errors.ts';
import { Id, RequestId } from '../../../src/shared/api/schemas.ts';
import { ContactRecord } from '../../../src/shared/api/sync-records.ts';
import { ShopBalanceOutput, ShopContactInput, ShopContactsQuery, ShopInstallment, ShopMovementsQuery, ShopOrderInput, ShopPayInstallmentInput, VoucherState } from '../../../src/shared/api/shop-schemas.ts';
import { account, creditBalanceFromAccount } from '../../../src/shared/domain/accounts.ts';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import type { ServerContext } from '../context.ts';
import { route, type Route } from '../http.ts';
import { balanceOf } from '../ledger/balances.ts';
import { InstallmentPaymentOutput, ShopOrderOutput } from '../outputs.ts';
import { readRecord } from '../records.ts';
import { authorisedMethods, hasMethodOfType, shopCatalogue } from './catalogue.ts';
import { contactInvoices, contactMovements, invoicePdf } from './accounts.ts';
import { contactsByEmail, createContact } from './contacts.ts';
import { openInstallments, payInstallment } from './installments.ts';
import { orderById, orderByRequest, placeOrder } from './orders.ts';
import { InvoicePdfOutput, ShopCatalogueOutput, ShopInvoice, ShopMovementsOutput } from './outputs.ts';
import { checkVoucher } from './vouchers.ts';

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

/** What an order may be refused for, in the order of its checks (orders.ts, payments.ts). */
const orderRefusals = [
  'request_conflict',
  'performance_not_found',
  'performance_closed',
  'tariff_not_found',
  'tariff_not_for_performance',
  'item_not_found',
  'voucher_product_not_found',
  'amount_too_large',
  'capacity_exceeded',
  'contact_not_found',
  'method_not_found',
  'method_not_authorised',
  'method_cannot_pay',
  'voucher_code_required',
  'voucher_not_found',
  'voucher_code_ambiguous',
  'voucher_insufficient',
  'credit_insufficient',
  'deferred_not_authorised',
  'deferred_limit_exceeded',
  'payment_not_needed',
  'payment_exceeds_due',
  'payment_insufficient',
] as const satisfies readonly ErrorCode[];

export const shopRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/shop/catalogue',
    access: 'shop',
    summary: 'What the shop sells: events with tariffs (price, VAT) and performances (date, hall, capacity, seats left over every channel), items and gift voucher products',
    output: ShopCatalogueOutput,
    handle: (ctx) => shopCatalogue(ctx),
  }),
  route({
    method: 'GET',
    path: '/v1/shop/contacts',
    access: 'shop',
    summary: 'The contacts with this email (case aside); an empty list when none',
    query: ShopContactsQuery,
    output: z.array(ContactRecord),
    handle: (ctx, { query }) => contactsByEmail(ctx, query.email),
  }),
  route({
    method: 'POST',
    path: '/v1/shop/contacts',
    access: 'shop',
    summary: "A new contact, as the till creates one (an organisation gets the institution's deferred defaults), sent to every till at its next pull; idempotent by requestId",
    body: ShopContactInput,
    output: ContactRecord,
    refusals: ['request_conflict'],
    handle: (ctx, { caller, body }) => createContact(ctx, caller.pointOfSaleId, body),
  }),
  route({
    method: 'GET',
    path: '/v1/shop/contacts/:id/credit',
    access: 'shop',
    summary: "The contact's credit balance, where the shop's point of sale offers the credit balance",
    params: IdParam,
    output: ShopBalanceOutput,
    refusals: ['method_not_authorised', 'contact_not_found'],
    handle: (ctx, { caller, params }) => creditBalance(ctx, caller.pointOfSaleId, params.id),
  }),
  route({
    method: 'GET',
    path: '/v1/shop/contacts/:id/movements',
    access: 'shop',
    summary: "The movements of the contact's credit balance or deferred account over every channel (tills and shop), from..to in ms, oldest first, with the balance after each",
    params: IdParam,
    query: ShopMovementsQuery,
    output: ShopMovementsOutput,
    refusals: ['method_not_authorised', 'contact_not_found'],
    handle: (ctx, { caller, params, query }) => contactMovements(ctx, caller.pointOfSaleId, params.id, query),
  }),
  route({
    method: 'GET',
    path: '/v1/shop/contacts/:id/invoices',
    access: 'shop',
    summary: "The contact's invoices and credit notes the server knows (the tills' invoice_issued events), with what is still open on each",
    params: IdParam,
    output: z.array(ShopInvoice),
    refusals: ['contact_not_found'],
    handle: (ctx, { params }) => contactInvoices(ctx, params.id),
  }),
  route({
    method: 'GET',
    path: '/v1/shop/contacts/:id/invoices/:invoiceId/pdf',
    access: 'shop',
    summary: "One of the contact's invoices or credit notes as its A4 PDF (base64), drawn from the document the issuing till sent, the same bytes as at the till; another contact's invoice is invoice_not_found",
    params: z.object({ id: Id, invoiceId: Id }),
    query: z.object({ language: z.enum(['fr', 'en']).default('fr') }),
    output: InvoicePdfOutput,
    refusals: ['contact_not_found', 'invoice_not_found', 'invoice_document_not_sent'],
    handle: (ctx, { params, query }) => invoicePdf(ctx, params.id, params.invoiceId, query.language),
  }),
  route({
    method: 'POST',
    path: '/v1/shop/orders',
    access: 'shop',
    summary: "An order of tickets, items and gift vouchers, paid by the methods the shop's point of sale authorises (credit balance, voucher, deferred account, card…); idempotent by requestId",
    body: ShopOrderInput,
    output: ShopOrderOutput,
    refusals: orderRefusals,
    handle: (ctx, { caller, body }) => placeOrder(ctx, caller.pointOfSaleId, body),
  }),
  route({
    method: 'GET',
    path: '/v1/shop/orders',
    access: 'shop',
    summary: 'The order this shop placed under a request id: the answer its POST gave',
    query: z.object({ requestId: RequestId }),
    output: ShopOrderOutput,
    refusals: ['order_not_found'],
    handle: (ctx, { caller, query }) => orderByRequest(ctx, caller.pointOfSaleId, query.requestId),
  }),
  route({
    method: 'GET',
    path: '/v1/shop/orders/:id',
    access: 'shop',
    summary: 'An order this shop placed, by its id: the answer its POST gave',
    params: IdParam,
    output: ShopOrderOutput,
    refusals: ['order_not_found'],
    handle: (ctx, { caller, params }) => orderById(ctx, caller.pointOfSaleId, params.id),
  }),
  route({
    method: 'GET',
    path: '/v1/shop/vouchers/:code',
    access: 'shop',
    summary: 'A gift voucher by its code, sold at any till or online: its value and what remains of it over every channel the server holds',
    params: z.object({ code: z.string().trim().min(1).max(64) }),
    output: VoucherState,
    refusals: ['voucher_not_found', 'voucher_code_ambiguous'],
    handle: (ctx, { params }) => checkVoucher(ctx, params.code),
  }),
  route({
    method: 'GET',
    path: '/v1/shop/contacts/:id/installments',
    access: 'shop',
    summary: "The contact's open installments (every till's and the shop's), oldest due first",
    params: IdParam,
    output: z.array(ShopInstallment),
    refusals: ['method_not_authorised', 'contact_not_found'],
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
    refusals: ['request_conflict', 'method_not_authorised', 'method_not_found', 'method_not_for_accounts', 'method_cannot_pay', 'installment_not_found', 'installment_not_open'],
    handle: (ctx, { caller, params, body }) => payInstallment(ctx, caller.pointOfSaleId, params.id, body),
  }),
];
