// The deferred capability's public surface: what other folders may use of it.
export { deferredMethods } from './methods.ts';
export { deferredAccountsReport, deferredMovementsReport } from './deferred-reports.ts';
export { changePayer, deferredAccount, settle } from './deferred.ts';
export { insertInstallment, installmentsOfContact, installmentsOfInvoice, installmentsOfKnownOrder, installmentsOfOrder, isOwnInstallment, knownInstallmentRow, payerOf, reduceOpen, setPayer } from './installments.ts';
export type { InstallmentView } from './installments.ts';
export { movePayment, movesPostings, planPaymentMove } from './payer-change.ts';
export type { PaymentMove } from './payer-change.ts';
