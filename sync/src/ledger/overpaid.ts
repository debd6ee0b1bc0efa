// Installments collected twice (issue 15 point 2, ADR 0013): offline, two channels may both
// settle one installment; the server takes both (a settlement made is never refused after
// the fact) and the payer's deferred account goes below zero by the excess. This moves each
// excess to the payer's credit balance with the server's own journal entry (till WEB,
// `installment_overpaid`: deferred:<payer> +excess, credit:<payer> −excess), in its own
// transaction after the push that overpaid it, and at the server's start for one a crash
// left behind. Idempotent: an installment's excess not moved yet is what it was paid past
// its amount less what its entries moved (installments.credited_minor, kept by the
// entry's projection), read under the WEB journal's lock — two sweeps take turns on it, and
// the second finds nothing left to move.
import { sql } from 'kysely';
import { account } from '../../../src/shared/domain/accounts.ts';
import { ok } from '../../../src/shared/result.ts';
import type { ServerContext } from '../context.ts';
import { int } from '../store/schema.ts';
import { transaction, type Trx } from '../store/tx.ts';
import { appendServerEvents, lockServerJournal, type ServerEventInput } from './server-journal.ts';

/** Who writes the entry, as a till's user id names its cashier: the ledger server itself. */
export const ledgerUserId = 'ledger';

interface UncreditedRow {
  id: string;
  order_id: string;
  order_number: string;
  contact_id: string;
  seq: number;
  count: number;
  overpaid_minor: string;
  credited_minor: string;
}

/** The installments paid past their amount by more than their entries moved (the partial index of migration 9), oldest id first. */
async function uncredited(trx: Trx | ServerContext['db']): Promise<UncreditedRow[]> {
  const rows = await sql<UncreditedRow>`
    SELECT i.id, i.order_id, COALESCE(e.payload::json->>'number', '') AS order_number, i.contact_id, i.seq, i.count,
      (i.paid_minor + i.cancelled_minor - i.amount_minor)::text AS overpaid_minor, i.credited_minor::text AS credited_minor
    FROM installments i JOIN events e ON e.id = i.event_id
    WHERE i.paid_minor + i.cancelled_minor > i.amount_minor + i.credited_minor
    ORDER BY i.id`.execute(trx);
  return rows.rows;
}

function entryOf(r: UncreditedRow): ServerEventInput {
  const overpaidMinor = int(r.overpaid_minor);
  const excessMinor = overpaidMinor - int(r.credited_minor);
  return {
    type: 'installment_overpaid',
    userId: ledgerUserId,
    data: { installmentId: r.id, orderId: r.order_id, orderNumber: r.order_number, seq: r.seq, count: r.count, contactId: r.contact_id, excessMinor, overpaidMinor },
    postings: [
      { account: account.deferred(r.contact_id), amountMinor: excessMinor },
      { account: account.credit(r.contact_id), amountMinor: -excessMinor },
    ],
  };
}

/**
 * Moves every excess not moved yet to its payer's credit balance, one entry each, and
 * answers how many entries it wrote. A read without a lock first: nearly always there is
 * none, and a push then costs one index probe, not a turn on the WEB journal's lock.
 */
export async function creditOverpaidInstallments(ctx: ServerContext): Promise<number> {
  if ((await uncredited(ctx.db)).length === 0) return 0;
  const written = await transaction(ctx.db, async (trx) => {
    // the lock order of the shop's writes: the WEB journal first, then the balances (appendServerEvents)
    const head = await lockServerJournal(trx);
    const rows = await uncredited(trx);
    if (rows.length > 0) await appendServerEvents(trx, ctx, head, rows.map(entryOf), ctx.clock.nowMs());
    return ok(rows);
  });
  const rows = written.ok ? written.value : [];
  // logged once committed (a transaction retried after a deadlock runs its work again)
  for (const r of rows) ctx.log(`installment collected twice: ${int(r.overpaid_minor) - int(r.credited_minor)} of ${r.id} (order ${r.order_number || r.order_id}) moved to the credit balance of ${r.contact_id}`);
  return rows.length;
}

/**
 * After a push: a batch that settled installments may have overpaid one. Never fails the
 * push, which is committed: an excess left behind is moved by the next push's sweep or at
 * the next start.
 */
export async function creditOverpaidAfterPush(ctx: ServerContext, types: readonly string[]): Promise<void> {
  if (!types.includes('deferred_settle')) return;
  try {
    await creditOverpaidInstallments(ctx);
  } catch (error) {
    ctx.log(`installments collected twice: not moved to credit yet (${error instanceof Error ? error.message : String(error)}); the next push or start moves them`);
  }
}
