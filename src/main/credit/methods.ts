// The credit capability's methods, registered by the till's registry.
import type { MethodTable } from '../kernel/methods.ts';
import { creditHistory, fundCredit, payOutCredit } from './credit.ts';
import { creditAccounts, creditMovements, creditSlip, listTills } from './credit-reports.ts';

export const creditMethods = {
  'credit.history': creditHistory,
  'credit.fund': fundCredit,
  'credit.payOut': payOutCredit,
  'reports.tills': (ctx) => listTills(ctx),
  'reports.creditSlip': creditSlip,
  'reports.creditAccounts': creditAccounts,
  'reports.creditMovements': creditMovements,
} satisfies MethodTable;
