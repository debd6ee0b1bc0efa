// The deferred capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { changePayer, deferredAccount, settle } from './deferred.ts';
import { deferredAccountsReport, deferredMovementsReport } from './deferred-reports.ts';
import { holdForSettlement } from './hold.ts';

export const deferredMethods = {
  'orders.changePayer': changePayer,
  'deferred.account': deferredAccount,
  'deferred.settle': settle,
  'deferred.hold': holdForSettlement,
  'reports.deferredAccounts': deferredAccountsReport,
  'reports.deferredMovements': deferredMovementsReport,
} satisfies MethodTable;
