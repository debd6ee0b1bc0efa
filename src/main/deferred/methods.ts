// The deferred capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { changePayer, deferredAccount, settle } from './deferred.ts';
import { deferredAccountsReport, deferredMovementsReport } from './deferred-reports.ts';

export const deferredMethods = {
  'orders.changePayer': changePayer,
  'deferred.account': deferredAccount,
  'deferred.settle': settle,
  'reports.deferredAccounts': deferredAccountsReport,
  'reports.deferredMovements': deferredMovementsReport,
} satisfies MethodTable;
