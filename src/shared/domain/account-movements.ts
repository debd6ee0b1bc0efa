// What a customer-account movement is to the reports, the same at a till and on the ledger
// server (issue 15 point 4: a till's box-office report equals the server's): a movement's
// kind from the entry that made it, the totals a report folds from sums per entry type and
// direction, and the order contacts are listed in.
import type { z } from 'zod';
import { creditMovementKinds, type CreditMovementKind, type CreditTotals, type deferredMovementKinds } from '../api/account-schemas.ts';
import { negateMinor } from '../money/money.ts';
import { assertNever } from '../assert.ts';
import { isEntryType } from './events.ts';
import { byNameThenFirstName } from './contact-name.ts';

type CreditKind = z.infer<typeof CreditMovementKind>;
type DeferredKind = (typeof deferredMovementKinds)[number];

/**
 * What a credit movement was, from the entry that made it and which way it moved the
 * balance (`delta` as the customer sees it: + the balance grew).
 */
export function creditKind(entryType: string, delta: number): CreditKind {
  // a type this version does not know (a newer till's): shown as a correction, never hidden
  if (!isEntryType(entryType)) return 'reversed';
  switch (entryType) {
    case 'credit_fund':
      return 'funded';
    case 'credit_payout':
      return 'paid_out';
    case 'sale':
      return delta < 0 ? 'spent' : 'voucher_overflow';
    case 'refund':
      return delta > 0 ? 'refunded_to_credit' : 'reversed';
    case 'deferred_settle':
      // read from the entry type, so movements written before this kind existed read right too
      return 'settlement_excess';
    case 'installment_overpaid':
      return 'installment_overpaid';
    // types without credit movements today; one would be shown as a correction, never hidden
    case 'session_open':
    case 'pay_in':
    case 'pay_out':
    case 'session_close':
    case 'print':
    case 'reprint':
    case 'drawer_open':
    case 'invoice_issued':
    case 'payer_changed':
      return 'reversed';
    default:
      return assertNever(entryType, 'entry type');
  }
}

/** What a deferred movement was, from the entry that made it and its sign (+: the outstanding grew). */
export function deferredKind(entryType: string, amountMinor: number): DeferredKind {
  // a type this version does not know (a newer till's): shown as a correction, never hidden
  if (!isEntryType(entryType)) return 'reversed';
  switch (entryType) {
    case 'sale':
      return amountMinor > 0 ? 'charged' : 'reversed';
    case 'refund':
      return 'refunded';
    case 'deferred_settle':
      return 'settled';
    case 'payer_changed':
      return amountMinor > 0 ? 'moved_in' : 'moved_out';
    case 'installment_overpaid':
      return 'overpaid_to_credit';
    // types without deferred movements today; one would be shown as a correction
    case 'session_open':
    case 'pay_in':
    case 'pay_out':
    case 'session_close':
    case 'credit_fund':
    case 'credit_payout':
    case 'print':
    case 'reprint':
    case 'drawer_open':
    case 'invoice_issued':
      return 'reversed';
    default:
      return assertNever(entryType, 'entry type');
  }
}

/** Movements added up by entry type and direction (ledger sign: debits are positive). */
export interface TypeTotals {
  entryType: string;
  isDebit: boolean;
  count: number;
  sumMinor: number;
}

/** The credit reports' totals from sums by type and direction, as the customer sees them (+: the balance grew). */
export function creditTotals(rows: readonly TypeTotals[]): { totals: z.infer<typeof CreditTotals>; rowCount: number } {
  const byKind = Object.fromEntries(creditMovementKinds.map((k) => [k, 0])) as Record<CreditKind, number>;
  let creditedMinor = 0;
  let debitedMinor = 0;
  let rowCount = 0;
  for (const r of rows) {
    const delta = negateMinor(r.sumMinor);
    const kind = creditKind(r.entryType, r.isDebit ? -1 : 1);
    byKind[kind] += delta;
    if (delta > 0) creditedMinor += delta;
    else debitedMinor -= delta;
    rowCount += r.count;
  }
  return { totals: { creditedMinor, debitedMinor, netMinor: creditedMinor - debitedMinor, byKind }, rowCount };
}

/** The deferred movements report's totals from sums by type and direction. */
export function deferredTotals(rows: readonly TypeTotals[]) {
  const of = (type: string, isDebit?: boolean) => rows.filter((s) => s.entryType === type && (isDebit === undefined || s.isDebit === isDebit)).reduce((a, s) => a + s.sumMinor, 0);
  return {
    rowCount: rows.reduce((a, s) => a + s.count, 0),
    totals: {
      chargedMinor: of('sale', true),
      settledMinor: negateMinor(of('deferred_settle')),
      refundedMinor: negateMinor(of('refund')),
      movedMinor: of('payer_changed'),
      // an installment collected twice: the excess leaves the deferred account for the credit balance (ADR 0013)
      overpaidToCreditMinor: of('installment_overpaid'),
      netMinor: rows.reduce((a, s) => a + s.sumMinor, 0),
    },
  };
}

/** The order of a report's contacts: name then first name (as the contact lists sort), then the id. */
export function byContactName(a: ReportContact, b: ReportContact): number {
  return byNameThenFirstName(a, b) || (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0);
}

/** A report row's contact as its query reads it: a contact the till or server has no record of is named by its id. */
export interface ReportContact {
  contactId: string;
  name: string;
  firstName: string;
}

export function reportContact(r: { contact_id: string; name: string | null; first_name: string | null }): ReportContact {
  return { contactId: r.contact_id, name: r.name ?? r.contact_id, firstName: r.first_name ?? '' };
}
