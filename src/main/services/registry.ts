// Every contract method bound to its implementation. The mapped type makes a method
// without an implementation a compile error.
import type { MethodName, OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/result.ts';
import { printingMethods } from '../devices/methods.ts';
import { status as syncStatus, syncMethods } from '../sync-client/methods.ts';
import { listAudit } from './audit.ts';
import { listUsers, login, logout, me } from './auth.ts';
import { getCatalogue } from './catalogue.ts';
import { listPaymentMethods, systemInfo } from './config.ts';
import { createContact, deferredDefaults, getContact, searchContacts, setDeferred, setDeferredDefaults } from './contacts.ts';
import { changePayer, deferredAccount, settle } from './deferred.ts';
import { deferredAccountsReport, deferredMovementsReport } from './deferred-reports.ts';
import { invoiceFile } from './invoice-file.ts';
import { changeBillingContact, createInvoice, createInvoiceForOrder, getInvoice, listInvoices } from './invoicing.ts';
import type { Ctx, TillContext } from './context.ts';
import { creditHistory, fundCredit, payOutCredit } from './credit.ts';
import { creditAccounts, creditMovements, creditSlip, listTills } from './credit-reports.ts';
import { exportReport } from './report-export.ts';
import { getOrder, listOrders, refundOrder } from './orders.ts';
import { getZReport, listZReports } from './reports.ts';
import { checkout, quote } from './sales.ts';
import { closeSession, closingPreview, currentSession, moveCash, openSession, xReport } from './sessions.ts';

export interface Env {
  defaultLanguage: 'fr' | 'en';
}

/**
 * Public methods get the till context; the others a context with the logged-in actor.
 * Every method answers synchronously: a better-sqlite3 transaction never spans an await.
 */
export type Implementation<M extends MethodName> = (ctx: Ctx, input: ParsedInputOf<M>, env: Env) => Result<OutputOf<M>>;
export type PublicImplementation<M extends MethodName> = (till: TillContext, input: ParsedInputOf<M>, env: Env) => Result<OutputOf<M>>;

export const publicMethods = {
  'system.info': (till, _input, env) => systemInfo(till, env.defaultLanguage),
  'auth.users': (till) => listUsers(till),
  'auth.login': (till, input) => login(till, input),
  'sync.status': (till) => syncStatus(till),
} satisfies { [M in MethodName]?: PublicImplementation<M> };

type PublicName = keyof typeof publicMethods;

export const methods: { [M in Exclude<MethodName, PublicName>]: Implementation<M> } = {
  'auth.logout': (ctx) => logout(ctx),
  'auth.me': (ctx) => me(ctx),
  'catalogue.get': (ctx) => getCatalogue(ctx),
  'paymentMethods.list': (ctx) => listPaymentMethods(ctx),
  'contacts.search': searchContacts,
  'contacts.get': getContact,
  'contacts.create': createContact,
  'contacts.setDeferred': setDeferred,
  'settings.deferredDefaults': (ctx) => deferredDefaults(ctx),
  'settings.setDeferredDefaults': setDeferredDefaults,
  'orders.changePayer': changePayer,
  'deferred.account': deferredAccount,
  'deferred.settle': settle,
  'invoices.create': createInvoice,
  'invoices.createForOrder': createInvoiceForOrder,
  'invoices.list': listInvoices,
  'invoices.get': getInvoice,
  'invoices.pdf': invoiceFile,
  'invoices.changeBillingContact': changeBillingContact,
  'reports.deferredAccounts': deferredAccountsReport,
  'reports.deferredMovements': deferredMovementsReport,
  'sales.quote': quote,
  'sales.checkout': checkout,
  'orders.list': listOrders,
  'orders.get': getOrder,
  'orders.refund': refundOrder,
  'sessions.current': (ctx) => currentSession(ctx),
  'sessions.open': openSession,
  'sessions.payIn': (ctx, input) => moveCash(ctx, input, 1),
  'sessions.payOut': (ctx, input) => moveCash(ctx, input, -1),
  'sessions.xReport': (ctx) => xReport(ctx),
  'sessions.closingPreview': closingPreview,
  'sessions.close': closeSession,
  'credit.history': creditHistory,
  'credit.fund': fundCredit,
  'credit.payOut': payOutCredit,
  'reports.tills': (ctx) => listTills(ctx),
  'reports.creditSlip': creditSlip,
  'reports.creditAccounts': creditAccounts,
  'reports.creditMovements': creditMovements,
  'reports.export': exportReport,
  'reports.zList': (ctx) => listZReports(ctx),
  'reports.zGet': getZReport,
  'audit.list': listAudit,
  ...printingMethods,
  ...syncMethods,
};

export function isPublicMethod(method: MethodName): method is PublicName {
  return Object.hasOwn(publicMethods, method);
}
