// The credit capability's public surface: what other folders may use of it.
export { creditMethods } from './methods.ts';
export { creditAccounts, creditMovements, creditSlip, listTills } from './credit-reports.ts';
export { creditHistory, fundCredit, payOutCredit } from './credit.ts';
