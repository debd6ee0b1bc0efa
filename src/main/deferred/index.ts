// The deferred capability's public surface: what other folders may use of it.
export { deferredMethods } from './methods.ts';
export { deferredAccountsReport, deferredMovementsReport } from './deferred-reports.ts';
export { changePayer, deferredAccount, settle } from './deferred.ts';
