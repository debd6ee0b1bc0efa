// The installments capability's public surface: the schedule of what orders on account ask
// to be paid (by due date, per payer), its state, and moving it from one payer to another.
// Below the deferred account, invoicing, orders, selling and refunds, which all read it.
export { insertInstallment, installmentsOfContact, installmentsOfInvoice, installmentsOfKnownOrder, installmentsOfOrder, isOwnInstallment, knownInstallmentRow, openInstallmentsOfPayment, overdueOf, payerOf, reduceOpen, setPayer } from './installments.ts';
export type { InstallmentView } from './installments.ts';
export { movePayment, movesPostings, planPaymentMove } from './payer-change.ts';
export type { PaymentMove } from './payer-change.ts';
