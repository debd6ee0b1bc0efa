// The shapes the screens handle, named once from the contract's outputs.
import type { InputOf, OutputOf } from '../shared/api/contract.ts';

export type SystemInfo = OutputOf<'system.info'>;
export type UserSummary = OutputOf<'auth.login'>['user'];
export type Me = OutputOf<'auth.me'>;
export type Permission = Me['permissions'][number];
export type Role = UserSummary['role'];
export type Catalogue = OutputOf<'catalogue.get'>;
export type EventView = Catalogue['events'][number];
export type PerformanceView = EventView['performances'][number];
export type TariffView = EventView['tariffs'][number];
export type ItemView = Catalogue['items'][number];
export type VoucherProductView = Catalogue['voucherProducts'][number];
export type PaymentMethod = OutputOf<'paymentMethods.list'>[number];
export type Contact = OutputOf<'contacts.get'>;
export type BasketLine = InputOf<'sales.quote'>['lines'][number];
export type PaymentInput = NonNullable<InputOf<'sales.quote'>['payments']>[number];
export type Quote = OutputOf<'sales.quote'>;
export type OrderView = OutputOf<'orders.get'>;
export type OrderSummary = OutputOf<'orders.list'>[number];
export type RefundQuote = OutputOf<'orders.refundQuote'>;
export type SessionState = OutputOf<'sessions.current'>;
export type TillReport = OutputOf<'sessions.xReport'>;
export type MethodCount = InputOf<'sessions.close'>['counts'][number];
export type ZSummary = OutputOf<'reports.zList'>[number];
export type AuditEntry = OutputOf<'audit.list'>[number];
export type Denomination = InputOf<'sessions.open'>['float'][number];
export type CashCount = OutputOf<'sessions.countCash'>;
export type CreditHistory = OutputOf<'credit.history'>;
export type CreditMovement = CreditHistory['movements'][number];
export type CreditMovementKind = CreditMovement['kind'];
export type CreditMovementsReport = OutputOf<'reports.creditSlip'>;
export type CreditAccountsReport = OutputOf<'reports.creditAccounts'>;
export type CreditAccountRow = CreditAccountsReport['rows'][number];
export type ReportRequest = InputOf<'reports.export'>['request'];
/** The reports of the credit balance (seed 003); other accounts bring their own. */
export type CreditReportName = 'creditSlip' | 'creditAccounts' | 'creditMovements';
export type CreditReportRequest = Extract<ReportRequest, { report: CreditReportName }>;
export type TillSummary = OutputOf<'reports.tills'>[number];
export type DeferredAccount = OutputOf<'deferred.account'>;
export type Installment = OrderView['installments'][number];
export type DeferredMovement = DeferredAccount['movements'][number];
export type DeferredMovementKind = DeferredMovement['kind'];
export type Invoice = OutputOf<'invoices.get'>;
export type SettleResult = OutputOf<'deferred.settle'>;
export type BillingChange = OutputOf<'invoices.changeBillingContact'>;
export type DeferredDefaults = OutputOf<'settings.deferredDefaults'>;
export type ContactDraft = InputOf<'contacts.create'>;
export type DeferredAccountsReport = OutputOf<'reports.deferredAccounts'>;
export type DeferredAccountRow = DeferredAccountsReport['rows'][number];
export type DeferredMovementsReport = OutputOf<'reports.deferredMovements'>;
export type DeferredMovementStatus = NonNullable<InputOf<'reports.deferredMovements'>['status']>;
/** The reports of the deferred account (seed 000). */
export type DeferredReportName = 'deferredAccounts' | 'deferredMovements';
export type AccountReportName = CreditReportName | DeferredReportName;
/** An account overdrawn by several tills' offline sales, as the ledger server flagged it (C13). */
export type Overdraft = OutputOf<'reports.overdrafts'>[number];
