// Holds on shared accounts (issue 15 point 2, D2): before an online till commits a sale that
// spends a gift voucher, or a settlement of an installment, it asks the server to hold the
// amount (POST /v1/holds), so that no other till nor the web shop spends it meanwhile.
// A hold is granted while the account has the amount, the open holds of others deducted;
// it is consumed by the first event of that till, pushed after it, that spends the account
// (consumeHolds, in the push's transaction), and lapses after holdTtlMs otherwise. The
// account's row is locked (FOR UPDATE) as the push and the web shop lock it, so a hold, a
// push and an order spending the same account take turns. Offline a till spends under the
// offline rule instead (ADR 0010): bounded, flagged, never refused after the fact.
import { sql } from 'kysely';
import { monotonicFactory } from 'ulid';
import { holdTtlMs, type HoldInput, type HoldOutput } from '../../src/shared/api/sync-schemas.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import type { JournalEvent } from '../../src/shared/domain/events.ts';
import type { ServerContext } from './context.ts';
import { int } from './store/schema.ts';
import { transaction, type Trx } from './store/tx.ts';

const nextId = monotonicFactory();

interface HoldRow {
  id: string;
  account_id: string;
  amount_minor: string;
  expires_at_ms: string;
}

/** Checks: the same request names the same account and amount (request_conflict); the account exists. Then grants or says what is left. */
export async function takeHold(ctx: ServerContext, tillId: string, input: HoldInput): Promise<Result<HoldOutput>> {
  const nowMs = ctx.clock.nowMs();
  return transaction(ctx.db, async (trx): Promise<Result<HoldOutput>> => {
    const earlier = await sql<HoldRow>`
      SELECT id, account_id, amount_minor::text AS amount_minor, expires_at_ms::text AS expires_at_ms FROM holds
      WHERE till_id = ${tillId} AND request_id = ${input.requestId}`.execute(trx);
    const held = earlier.rows[0];
    if (held) {
      if (held.account_id !== input.accountId || int(held.amount_minor) !== input.amountMinor) return refuse('request_conflict', { requestId: input.requestId });
      return ok({ isGranted: true, holdId: held.id, availableMinor: input.amountMinor, expiresAtMs: int(held.expires_at_ms) });
    }
    const left = await lockedOpenMinor(trx, input.accountId);
    if (!left.ok) return left;
    const availableMinor = Math.max(left.value - (await openHoldsMinor(trx, input.accountId, nowMs)), 0);
    if (input.amountMinor > availableMinor) return ok({ isGranted: false, holdId: null, availableMinor, expiresAtMs: null });
    const id = nextId(nowMs);
    const expiresAtMs = nowMs + holdTtlMs;
    await sql`
      INSERT INTO holds (id, till_id, request_id, account_id, amount_minor, created_at_ms, expires_at_ms)
      VALUES (${id}, ${tillId}, ${input.requestId}, ${input.accountId}, ${input.amountMinor}::int8, ${nowMs}::int8, ${expiresAtMs}::int8)`.execute(trx);
    return ok({ isGranted: true, holdId: id, availableMinor, expiresAtMs });
  });
}

/**
 * What the account has, its row locked until the commit: a voucher's remaining value (its
 * liability's balance, negative while owed) or an installment's open amount.
 */
async function lockedOpenMinor(trx: Trx, accountId: string): Promise<Result<number>> {
  const [kind, id] = splitAccount(accountId);
  if (kind === 'voucher') {
    const voucher = await trx.selectFrom('vouchers').select('id').where('id', '=', id).executeTakeFirst();
    if (!voucher) return refuse('voucher_not_found', { voucherId: id });
    const balance = await sql<{ balance_minor: string }>`SELECT balance_minor::text AS balance_minor FROM balances WHERE account_id = ${accountId} FOR UPDATE`.execute(trx);
    return ok(Math.max(-int(balance.rows[0]?.balance_minor ?? '0'), 0));
  }
  const installment = await sql<{ open_minor: string }>`
    SELECT (amount_minor - paid_minor - cancelled_minor)::text AS open_minor FROM installments WHERE id = ${id} FOR UPDATE`.execute(trx);
  const row = installment.rows[0];
  if (!row) return refuse('installment_not_found', { installmentId: id });
  return ok(Math.max(int(row.open_minor), 0));
}

function splitAccount(accountId: string): ['voucher' | 'installment', string] {
  const at = accountId.indexOf(':');
  return [accountId.slice(0, at) === 'voucher' ? 'voucher' : 'installment', accountId.slice(at + 1)];
}

/** What the open holds on an account reserve now (not consumed, not lapsed). */
export async function openHoldsMinor(trx: Trx, accountId: string, nowMs: number): Promise<number> {
  return (await heldMinorOf(trx, [accountId], nowMs)).get(accountId) ?? 0;
}

/** The open holds per account, for the web shop's check of what a voucher can give. */
export async function heldMinorOf(trx: Trx, accountIds: readonly string[], nowMs: number): Promise<Map<string, number>> {
  const held = new Map<string, number>();
  if (accountIds.length === 0) return held;
  const rows = await sql<{ account_id: string; held_minor: string }>`
    SELECT account_id, SUM(amount_minor)::text AS held_minor FROM holds
    WHERE account_id = ANY(${[...accountIds]}::text[]) AND consumed_by_event IS NULL AND expires_at_ms > ${nowMs}::int8
    GROUP BY account_id`.execute(trx);
  for (const r of rows.rows) held.set(r.account_id, int(r.held_minor));
  return held;
}

/** A pushed event as consumeHolds reads it. */
export interface SpendingEvent {
  id: string;
  tillId: string;
  postings: ReadonlyMap<string, bigint>;
  /** The payload as its schema decoded it (a settlement's allocations are objects whichever version the till wrote). */
  event: JournalEvent;
}

/** The shared accounts an event spends: the vouchers its postings debit, the installments a settlement pays. */
export function spentSharedAccounts(event: SpendingEvent): string[] {
  const accounts: string[] = [];
  for (const [accountId, amount] of event.postings) if (amount > 0n && accountId.startsWith('voucher:')) accounts.push(accountId);
  if (event.event.type === 'deferred_settle') {
    for (const id of new Set(event.event.data.allocations.map((a) => a.installmentId))) accounts.push(`installment:${id}`);
  }
  return accounts;
}

/**
 * Inside the push's transaction: each event that spends a shared account consumes the
 * oldest open hold its till took on that account (the hold the till took just before it
 * committed). Nothing to do, and no statement, for a batch that spends none.
 */
export async function consumeHolds(trx: Trx, events: readonly SpendingEvent[]): Promise<void> {
  for (const event of events) {
    for (const accountId of spentSharedAccounts(event)) {
      await sql`
        UPDATE holds SET consumed_by_event = ${event.id}
        WHERE id = (SELECT id FROM holds WHERE till_id = ${event.tillId} AND account_id = ${accountId} AND consumed_by_event IS NULL ORDER BY id LIMIT 1)`.execute(trx);
    }
  }
}

/** Liability balances as the web shop may spend them: what the tills hold of a voucher is not available (its balance moved up by the held amount). */
export function lessHeld(balances: ReadonlyMap<string, bigint>, held: ReadonlyMap<string, number>): Map<string, bigint> {
  const left = new Map(balances);
  for (const [accountId, heldMinor] of held) left.set(accountId, (left.get(accountId) ?? 0n) + BigInt(heldMinor));
  return left;
}
