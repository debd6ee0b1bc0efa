// X and Z reports of a till session, computed from the ledger postings of its entries.
import type { TillReport } from '../../shared/domain/types.ts';
import { negateMinor } from '../../shared/money/money.ts';
import type { PaymentMethodType } from '../../shared/domain/types.ts';
import { stmt } from '../db/connection.ts';
import { authorisedMethods, institutionOf, tillOf, type MethodInfo } from './config.ts';
import type { Ctx } from './context.ts';
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
  closedAtMs?: number;
  closedBy?: string;
}

export function buildTillReport(ctx: Ctx, session: SessionRow, options: ReportOptions): TillReport {
  const db = ctx.db;
  const institution = institutionOf(db);
  const till = tillOf(db, ctx.tillId);
  const movements = movementsOf(ctx, session.id);
  const opener = stmt(db, 'SELECT name FROM users WHERE id = ?').get(session.opened_by) as { name: string } | undefined;

  const tillMethods = new Map<string, MethodInfo>();
  for (const m of authorisedMethods(ctx)) if (countedTypes.includes(m.type)) tillMethods.set(m.id, m);
  for (const m of movements) {
    if (m.kind === 'till' && m.method_id && !tillMethods.has(m.method_id)) {
      const row = stmt(db, 'SELECT id, name, type FROM payment_methods WHERE id = ?').get(m.method_id) as { id: string; name: string; type: PaymentMethodType };
      tillMethods.set(row.id, { ...row, mayPay: true, mayRefund: true, givesChange: false, tracking: null, isAuthorised: false });
    }
  }

  const methods = [...tillMethods.values()].map((method) => {
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
    };
  });

  const rates = [...new Set(movements.filter((m) => m.kind === 'revenue' || m.kind === 'vat').map((m) => m.rate_bp ?? 0))].sort((a, b) => a - b);
  const vat = rates.map((rateBp) => {
    const netMinor = negate(sum(movements, (m) => m.kind === 'revenue' && m.rate_bp === rateBp, net));
    const vatMinor = negate(sum(movements, (m) => m.kind === 'vat' && m.rate_bp === rateBp, net));
    return { rateBp, netMinor, vatMinor, grossMinor: netMinor + vatMinor };
  });

  const ofKind = (kind: string, type: string, pick: (m: Movement) => number) => sum(movements, (m) => m.kind === kind && m.type === type, pick);
  const counts = stmt(
    db,
    `SELECT
       (SELECT COUNT(*) FROM orders WHERE session_id = @s) AS sales,
       (SELECT COALESCE(SUM(total_minor), 0) FROM orders WHERE session_id = @s) AS sales_gross,
       (SELECT COUNT(*) FROM refunds WHERE session_id = @s) AS refunds,
       (SELECT COALESCE(SUM(total_minor), 0) FROM refunds WHERE session_id = @s) AS refunds_gross,
       (SELECT COUNT(*) FROM tickets t JOIN order_lines l ON l.id = t.order_line_id JOIN orders o ON o.id = l.order_id WHERE o.session_id = @s) AS tickets_sold,
       (SELECT COUNT(*) FROM refund_tickets rt JOIN refunds r ON r.id = rt.refund_id WHERE r.session_id = @s) AS tickets_refunded`,
  ).get({ s: session.id }) as { sales: number; sales_gross: number; refunds: number; refunds_gross: number; tickets_sold: number; tickets_refunded: number };
  const grand = stmt(
    db,
    `SELECT (SELECT COALESCE(SUM(total_minor), 0) FROM orders WHERE till_id = @t) AS sales,
            (SELECT COALESCE(SUM(total_minor), 0) FROM refunds WHERE till_id = @t) AS refunds`,
  ).get({ t: ctx.tillId }) as { sales: number; refunds: number };

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
    currency: institution.currency,
    salesCount: counts.sales,
    refundsCount: counts.refunds,
    ticketsSold: counts.tickets_sold,
    ticketsRefunded: counts.tickets_refunded,
    salesGrossMinor: counts.sales_gross,
    refundsGrossMinor: counts.refunds_gross,
    netSalesMinor: counts.sales_gross - counts.refunds_gross,
    roundingMinor: sum(movements, (m) => m.kind === 'rounding', net),
    vat,
    methods,
    accounts: {
      creditFundedMinor: negate(ofKind('credit', 'credit_fund', (m) => m.credits)),
      creditSpentMinor: ofKind('credit', 'sale', (m) => m.debits),
      creditRefundedMinor: negate(ofKind('credit', 'refund', (m) => m.credits)),
      creditPaidOutMinor: ofKind('credit', 'credit_payout', (m) => m.debits),
      creditFromVouchersMinor: negate(ofKind('credit', 'sale', (m) => m.credits)),
      deferredChargedMinor: ofKind('deferred', 'sale', (m) => m.debits),
      deferredSettledMinor: negate(ofKind('deferred', 'deferred_settle', (m) => m.credits)),
      deferredRefundedMinor: negate(ofKind('deferred', 'refund', (m) => m.credits)),
      vouchersSoldMinor: negate(ofKind('voucher', 'sale', (m) => m.credits) + ofKind('voucher', 'refund', (m) => m.debits)),
      vouchersRedeemedMinor: ofKind('voucher', 'sale', (m) => m.debits) + ofKind('voucher', 'refund', (m) => m.credits),
    },
    totalVarianceMinor: options.counted ? counted.reduce((a, m) => a + (m.varianceMinor ?? 0), 0) : null,
    grandTotals: { perpetualMinor: grand.sales - grand.refunds, perpetualAbsoluteMinor: grand.sales + grand.refunds },
  };
}
