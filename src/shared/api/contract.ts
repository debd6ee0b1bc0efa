// The API contract: every service method, declared once, with its input and output
// schema and the permission it needs. Both doors (Electron IPC and loopback HTTP) and
// the renderer's client are derived from this table.
// The parts import only method-spec.ts, never this file: it assembles them, so no load order
// can meet a part before it is defined (contract-load-order.test.ts).
import { z } from 'zod';
import type { Result } from '../result.ts';
import * as core from './schemas.ts';
import * as accounts from './account-schemas.ts';
import * as sessions from './session-schemas.ts';
import * as refunds from './refund-schemas.ts';
import * as counts from './count-schemas.ts';
import * as reports from './report-schemas.ts';
import * as holds from './hold-schemas.ts';
import { method, type MethodSpec } from './method-spec.ts';
import { printingContract } from './printing-contract.ts';
import { syncContract } from './sync-contract.ts';
import { configurationContract } from './configuration-contract.ts';

export { method, type Access, type MethodSpec } from './method-spec.ts';

const s = { ...core, ...sessions, ...accounts, ...refunds, ...counts, ...reports };

export const contract = {
  'system.info': method('public', s.Empty, s.SystemInfo, 'Institution, till and defaults'),
  'auth.users': method('public', s.Empty, z.array(s.UserSummary), 'Users who may log in on this till'),
  'auth.login': method('public', s.LoginInput, s.LoginOutput, 'Log in with a PIN; gives a bearer token'),
  'auth.logout': method('login', s.Empty, s.Done, 'End this login session'),
  'auth.me': method('login', s.Empty, s.Me, 'The logged-in user and what they may do'),

  'catalogue.get': method('sale:read', s.Empty, s.Catalogue, 'Events, performances with remaining capacity, tariffs, items, vouchers'),
  'paymentMethods.list': method('sale:read', s.Empty, z.array(s.PaymentMethod), 'Methods authorised on this point of sale'),
  'contacts.search': method('contact:read', s.ContactSearchInput, z.array(s.Contact), 'Find contacts by name, first name, email or city'),
  'contacts.get': method('contact:read', s.ContactGetInput, s.Contact, 'One contact with balances'),
  'contacts.create': method('contact:create', s.ContactCreateInput, s.Contact, 'A new contact; organisations may pay on account by default (institution parameter)'),
  'contacts.setDeferred': method('deferred:manage', s.ContactDeferredInput, s.Contact, 'May this contact pay on account, and up to which outstanding'),
  'settings.deferredDefaults': method('deferred:read', s.Empty, s.DeferredDefaultsOutput, 'Whether new organisations may pay on account, and their default limit'),
  'settings.setDeferredDefaults': method('admin:configure', s.DeferredDefaults, s.DeferredDefaultsOutput, 'Set whether new organisations may pay on account, and their default limit'),

  'sales.quote': method('sale:sell', s.QuoteInput, s.Quote, 'Price a basket and a set of payments without writing'),
  'sales.checkout': method('sale:sell', s.CheckoutInput, s.OrderView, 'Sell: the order, its tickets and payments, in one transaction'),
  'sales.hold': method('sale:sell', holds.SalesHoldInput, holds.SalesHoldOutput, 'Online: hold on the ledger server what the payments will spend of shared gift vouchers, before sales.checkout'),
  'orders.list': method('order:read', s.OrderListInput, z.array(s.OrderSummary), 'Recent orders of this till'),
  'orders.get': method('order:read', s.OrderGetInput, s.OrderView, 'One order in full'),
  'orders.refund': method('sale:refund', s.RefundInput, s.OrderView, 'Refund lines of an order by reversing entries'),
  'orders.refundQuote': method('sale:refund', s.RefundQuoteInput, s.RefundQuote, 'What lines of an order can be refunded, to which methods, how the refund splits and what orders.refund would refuse, without writing'),

  'sessions.current': method('session:read', s.Empty, s.SessionState, 'Is the till open, and since when'),
  'sessions.open': method('session:open', s.OpenSessionInput, s.SessionState, 'Open the till with a float counted by denomination'),
  'sessions.payIn': method('session:cash-movement', s.DrawerMovementInput, s.DrawerMovementOutput, 'Put cash into the till'),
  'sessions.payOut': method('session:cash-movement', s.DrawerMovementInput, s.DrawerMovementOutput, 'Take cash out of the till'),
  'sessions.xReport': method('report:x', s.Empty, s.TillReportShown, 'The running totals of the open session'),
  'sessions.closingPreview': method('session:close', s.CloseInput, s.TillReportShown, 'Expected vs counted and the variance so far (methods not yet counted show no count), without closing'),
  'sessions.close': method('session:close', s.CloseInput, s.TillReportShown, 'Close the till: variance, remittance and a numbered Z report'),
  'sessions.countCash': method('login', s.CashCountInput, s.CashCount, 'What a cash counted by denomination is worth: each subtotal and the total (the float at opening, the cash at closing), without writing'),

  'credit.history': method('credit:read', s.CreditHistoryInput, s.CreditHistory, "A contact's credit balance and every movement, newest first"),
  'credit.fund': method('credit:manage', s.CreditOperationInput, s.CreditOperationOutput, "Credit a contact's balance by a direct deposit paid by any paying method"),
  'credit.payOut': method('credit:manage', s.CreditOperationInput, s.CreditOperationOutput, "Pay back all or part of a contact's credit balance"),

  'orders.changePayer': method('deferred:manage', s.PayerChangeInput, s.OrderView, "Before invoicing: another contact pays the order's deferred payments"),
  'deferred.account': method('deferred:read', s.DeferredAccountInput, s.DeferredAccount, "A deferred account by contact or invoice number: state, installments, invoices, movements"),
  'deferred.settle': method('deferred:manage', s.SettleInput, s.SettleOutput, 'Record a cheque, mandate or transfer and settle all or part of an account'),
  'deferred.hold': method('deferred:manage', s.SettleInput, holds.SalesHoldOutput, 'Online: hold on the ledger server what a settlement will pay of installments other channels know, before deferred.settle'),
  'invoices.create': method('deferred:manage', s.InvoiceCreateInput, s.Invoice, "Invoice a contact's uninvoiced deferred orders (all, or those listed)"),
  'invoices.createForOrder': method('invoice:order', s.InvoiceForOrderInput, s.Invoice, "Invoice one order's deferred payments"),
  'invoices.list': method('deferred:read', s.InvoiceListInput, z.array(s.Invoice), "A contact's invoices, newest first"),
  'invoices.get': method('deferred:read', s.InvoiceGetInput, s.Invoice, 'One invoice, by id or number'),
  'invoices.pdf': method('deferred:read', s.InvoicePdfInput, s.ReportFile, 'An invoice as an A4 PDF with its payment QR code'),
  'invoices.changeBillingContact': method('deferred:manage', s.BillingChangeInput, s.BillingChangeOutput, 'Cancel an invoice and invoice its installments to another contact'),
  'reports.deferredAccounts': method('report:accounts', s.DeferredAccountsInput, s.DeferredAccountsReport, "Suivi des comptes d'attente: the accounts' state, bounded by amounts"),
  'reports.deferredMovements': method('report:accounts', s.DeferredMovementsInput, s.DeferredMovementsReport, "Liste des mouvements du compte d'attente: by status, product, contact and period"),

  'reports.tills': method('report:accounts', s.Empty, z.array(s.TillSummary), 'Tills known to this database, for report filters'),
  'reports.creditSlip': method('report:accounts', s.CreditSlipInput, s.CreditMovementsReport, "Bordereau des mouvements de compte d'avoir: what credited or debited balances at some tills over a period"),
  'reports.creditAccounts': method('report:accounts', s.CreditAccountsInput, s.CreditAccountsReport, "Suivi des comptes d'avoir: contacts with a non-zero balance over a period"),
  'reports.creditMovements': method('report:accounts', s.CreditMovementsInput, s.CreditMovementsReport, "Suivi des mouvements des comptes d'avoir: the movements of some contacts over a period"),
  'reports.export': method('report:accounts', s.ReportExportInput, s.ReportFile, 'A report as a CSV or PDF file'),

  'reports.zList': method('report:z', s.Empty, z.array(s.ZSummary), 'Z reports of this till, newest first'),
  'reports.zGet': method('report:z', s.ZGetInput, s.TillReportShown, 'One Z report'),
  'audit.list': method('audit:read', s.AuditListInput, z.array(s.AuditEntry), 'The audit log, newest first'),
  ...printingContract,
  ...syncContract,
  ...configurationContract,
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type InputOf<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInputOf<M extends MethodName> = z.output<Contract[M]['input']>;
export type OutputOf<M extends MethodName> = z.output<Contract[M]['output']>;

export const methodNames = Object.keys(contract) as MethodName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

/**
 * What the preload exposes to the renderer (Electron door). The HTTP door offers the
 * same call shape through fetch; the renderer cannot tell them apart.
 */
export interface GuichetBridge {
  call(method: string, input: unknown, token: string | null): Promise<Result<unknown>>;
}
