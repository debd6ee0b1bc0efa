// X and Z reports of a till session, computed from the ledger postings of its entries:
// revenue is what the revenue and VAT accounts moved, customer accounts on their own lines.
import type { TillReport } from '../../shared/domain/types.ts';
import { negateMinor } from '../../shared/money/money.ts';
import type { Denomination, PaymentMethodType } from '../../shared/domain/types.ts';
import { stmt } from '../kernel/db/connection.ts';
import { authorisedMethods, institutionOf, tillOf, type MethodInfo } from '../kernel/config.ts';
import type { Ctx } from '../kernel/context.ts';
import type { SessionRow } from './sessions.ts';

/** Methods whose money sits in the till and is counted at closing. */
const countedTypes: readonly PaymentMethodType[] = ['cash', 'card', 'cheque', 'transfer', 'mandate'];

interface Movement {
  type: string;
  kind: string;
  method_id: string | null;
  rate_bp: number | null;
  debits: number;
  credits: number;
}

function movementsOf(ctx: Ctx, sessionId: string): Movement[] {
  return stmt(
    ctx.db,
    `SELECT j.type, a.kind, a.method_id, a.rate_bp,
            SUM(CASE WHEN p.amount_minor > 0 THEN p.amount_minor ELSE 0 END) AS debits,
            SUM(CASE WHEN p.amount_minor < 0 THEN p.amount_minor ELSE 0 END) AS credits
     FROM journal j JOIN postings p ON p.entry_id = j.id JOIN accounts a ON a.id = p.account_id
     WHERE j.session_id = ? AND j.type <> 'session_close'
     GROUP BY j.type, a.kind, a.method_id, a.rate_bp`,
  ).all(sessionId) as Movement[];
}

/** Methods that must be counted: cash always, and every till method that moved money. */
export function methodsToCount(ctx: Ctx, session: SessionRow): MethodInfo[] {
  const moved = new Set(movementsOf(ctx, session.id).filter((m) => m.kind === 'till').map((m) => m.method_id));
  return authorisedMethods(ctx).filter((m) => countedTypes.includes(m.type) && (m.type === 'cash' || moved.has(m.id)));
}

function sum(movements: readonly Movement[], where: (m: Movement) => boolean, pick: (m: Movement) => number): number {
  let total = 0;
  for (const m of movements) if (where(m)) total += pick(m);
  return total;
}

const net = (m: Movement) => m.debits + m.credits;
const negate = negateMinor;

export interface ReportOptions {
  kind: 'X' | 'Z';
  number?: number;
  counted?: ReadonlyMap<string, number>;
  /** What was counted per denomination, per method (cash). */
  denominations?: ReadonlyMap<string, Denomination[]>;
  closedAtMs?: number;
  closedBy?: string;
}

/** A count's denominations per method, one line per value (a method counted twice is added up), highest value first. */
export function countedDenominations(counts: ReadonlyArray<{ methodId: string; denominations?: readonly Denomination[] | undefined }>): Map<string, Denomination[]> {
  const byMethod = new Map<string, Map<number, number>>();
  for (const c of counts) {
    const values = byMethod.get(c.methodId) ?? new Map<number, number>();
    for (const d of c.denominations ?? []) if (d.count > 0) values.set(d.valueMinor, (values.get(d.valueMinor) ?? 0) + d.count);
    byMethod.set(c.methodId, values);
  }
  return new Map([...byMethod].map(([methodId, values]) => [methodId, [...values].sort((a, b) => b[0] - a[0]).map(([valueMinor, count]) => ({ valueMinor, count }))]));
}

/** The till methods of the report: those authorised here, and any other that moved money in the session. */
function tillMethodsOf(ctx: Ctx, movements: readonly Movement[]): MethodInfo[] {
  const tillMethods = new Map<string, MethodInfo>();
  for (const m of authorisedMethods(ctx)) if (countedTypes.includes(m.type)) tillMethods.set(m.id, m);
  for (const m of movements) {
    if (m.kind === 'till' && m.method_id && !tillMethods.has(m.method_id)) {
      const row = stmt(ctx.db, 'SELECT id, name, type FROM payment_methods WHERE id = ?').get(m.method_id) as { id: string; name: string; type: PaymentMethodType };
      tillMethods.set(row.id, { ...row, mayPay: true, mayRefund: true, givesChange: false, tracking: null, isAuthorised: false });
    }
  }
  return [...tillMethods.values()];
}

function methodTotals(method: MethodInfo, movements: readonly Movement[], options: ReportOptions): TillReport['methods'][number] {
  const of = (type: string) => sum(movements, (m) => m.kind === 'till' && m.method_id === method.id && m.type === type, net);
  const floatMinor = of('session_open');
  const salesMinor = of('sale');
  const refundsMinor = of('refund');
  const paidInMinor = of('pay_in');
  const paidOutMinor = of('pay_out');
  const accountsMinor = of('credit_fund') + of('credit_payout') + of('deferred_settle');
  const expectedMinor = floatMinor + salesMinor + refundsMinor + paidInMinor + paidOutMinor + accountsMinor;
  const countedMinor = options.counted ? (options.counted.get(method.id) ?? (expectedMinor === 0 ? 0 : null)) : null;
  return {
    methodId: method.id,
    name: method.name,
    type: method.type,
    floatMinor,
    salesMinor,
    refundsMinor,
    paidInMinor,
    paidOutMinor,
    accountsMinor,
    expectedMinor,
    countedMinor,
    varianceMinor: countedMinor === null ? null : countedMinor - expectedMinor,
    denominations: options.denominations?.get(method.id) ?? [],
  };
}

/** Revenue and VAT per rate: what the revenue and VAT accounts moved (sales credit them, refunds debit them). */
function vatOf(movements: readonly Movement[]): TillReport['vat'] {
  const rates = [...new Set(movements.filter((m) => m.kind === 'revenue' || m.kind === 'vat').map((m) => m.rate_bp ?? 0))].sort((a, b) => a - b);
  return rates.map((rateBp) => {
    const netMinor = negate(sum(movements, (m) => m.kind === 'revenue' && m.rate_bp === rateBp, net));
    const vatMinor = negate(sum(movements, (m) => m.kind === 'vat' && m.rate_bp === rateBp, net));
    return { rateBp, netMinor, vatMinor, grossMinor: netMinor + vatMinor };
  });
}

/**
 * Each line is the postings of one entry type in one direction on one kind of customer
 * account; together they are every posting the session's entries made on those accounts
 * (payer changes and invoices belong to no session).
 */
function accountsOf(movements: readonly Movement[]): TillReport['accounts'] {
  const ofKind = (kind: string, type: string, pick: (m: Movement) => number) => sum(movements, (m) => m.kind === kind && m.type === type, pick);
  const debits = (m: Movement) => m.debits;
  const credits = (m: Movement) => negate(m.credits);
  return {
    creditFundedMinor: ofKind('credit', 'credit_fund', credits),
    creditSpentMinor: ofKind('credit', 'sale', debits),
    creditFromVouchersMinor: ofKind('credit', 'sale', credits),
    creditRefundedMinor: ofKind('credit', 'refund', credits),
    creditReversedMinor: ofKind('credit', 'refund', debits),
    creditPaidOutMinor: ofKind('credit', 'credit_payout', debits),
    creditFromSettlementsMinor: ofKind('credit', 'deferred_settle', credits),
    deferredChargedMinor: ofKind('deferred', 'sale', debits),
    deferredSettledMinor: ofKind('deferred', 'deferred_settle', credits),
    deferredRefundedMinor: ofKind('deferred', 'refund', credits),
    vouchersSoldMinor: ofKind('voucher', 'sale', credits),
    vouchersRedeemedMinor: ofKind('voucher', 'sale', debits),
    vouchersRefundedMinor: ofKind('voucher', 'refund', debits),
    vouchersReinstatedMinor: ofKind('voucher', 'refund', credits),
  };
}

/** Sales and refunds that carry revenue (a voucher-only order is a liability movement, not a sale), and tickets. */
function countsOf(ctx: Ctx, sessionId: string) {
  return stmt(
    ctx.db,
    `SELECT
       (SELECT COUNT(*) FROM orders o WHERE o.session_id = @s AND EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.kind <> 'voucher')) AS sales,
       (SELECT COUNT(*) FROM refunds r WHERE r.session_id = @s
          AND EXISTS (SELECT 1 FROM refund_lines rl JOIN order_lines l ON l.id = rl.order_line_id WHERE rl.refund_id = r.id AND l.kind <> 'voucher')) AS refunds,
       (SELECT COUNT(*) FROM tickets t JOIN order_lines l ON l.id = t.order_line_id JOIN orders o ON o.id = l.order_id WHERE o.session_id = @s) AS tickets_sold,
       (SELECT COUNT(*) FROM refund_tickets rt JOIN refunds r ON r.id = rt.refund_id WHERE r.session_id = @s) AS tickets_refunded`,
  ).get({ s: sessionId }) as { sales: number; refunds: number; tickets_sold: number; tickets_refunded: number };
}

/** The till's revenue incl. VAT since its first sale: net (sales − refunds) and absolute (sales + refunds). */
function grandTotalsOf(ctx: Ctx): TillReport['grandTotals'] {
  const row = stmt(
    ctx.db,
    `SELECT COALESCE(-SUM(p.amount_minor), 0) AS net, COALESCE(SUM(ABS(p.amount_minor)), 0) AS absolute
     FROM accounts a JOIN postings p ON p.account_id = a.id JOIN journal j ON j.id = p.entry_id
     WHERE a.kind IN ('revenue', 'vat') AND j.till_id = ?`,
  ).get(ctx.tillId) as { net: number; absolute: number };
  return { perpetualMinor: row.net, perpetualAbsoluteMinor: row.absolute };
}

export function buildTillReport(ctx: Ctx, session: SessionRow, options: ReportOptions): TillReport {
  const db = ctx.db;
  const till = tillOf(db, ctx.tillId);
  const movements = movementsOf(ctx, session.id);
  const opener = stmt(db, 'SELECT name FROM users WHERE id = ?').get(session.opened_by) as { name: string } | undefined;
  const floatDetail = stmt(db, 'SELECT float_detail FROM till_sessions WHERE id = ?').get(session.id) as { float_detail: string };
  const methods = tillMethodsOf(ctx, movements).map((method) => methodTotals(method, movements, options));
  const vat = vatOf(movements);
  const revenue = (type: string) => sum(movements, (m) => (m.kind === 'revenue' || m.kind === 'vat') && m.type === type, net);
  const salesGrossMinor = negate(revenue('sale'));
  const refundsGrossMinor = revenue('refund');
  const counts = countsOf(ctx, session.id);
  const counted = methods.filter((m) => m.varianceMinor !== null);
  return {
    kind: options.kind,
    number: options.number ?? 0,
    tillId: till.id,
    tillName: till.name,
    sessionId: session.id,
    sessionNumber: session.number,
    openedAtMs: session.opened_at_ms,
    openedBy: opener?.name ?? session.opened_by,
    closedAtMs: options.closedAtMs ?? null,
    closedBy: options.closedBy ?? null,
    generatedAtMs: ctx.clock.nowMs(),
    currency: institutionOf(db).currency,
    salesCount: counts.sales,
    refundsCount: counts.refunds,
    ticketsSold: counts.tickets_sold,
    ticketsRefunded: counts.tickets_refunded,
    salesGrossMinor,
    refundsGrossMinor,
    netSalesMinor: salesGrossMinor - refundsGrossMinor,
    roundingMinor: sum(movements, (m) => m.kind === 'rounding', net),
    vat,
    methods,
    accounts: accountsOf(movements),
    totalVarianceMinor: options.counted ? counted.reduce((a, m) => a + (m.varianceMinor ?? 0), 0) : null,
    floatDenominations: countedDenominations([{ methodId: '', denominations: JSON.parse(floatDetail.float_detail) as Denomination[] }]).get('') ?? [],
    closingComment: null,
    floatKeptMinor: null,
    toBankMinor: null,
    grandTotals: grandTotalsOf(ctx),
  };
}
