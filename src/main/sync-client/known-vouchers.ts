// The box office's gift vouchers as this till knows them (issue 15 point 2, D2): its own
// (sold here, in its ledger) and every voucher the server published (sold at any till or
// online), each with what this till may use of it — the server's last remaining value,
// less this till's own use since the seq the server held (the rule of credit balances,
// ADR 0010); offline also no more than the till's cap less its unsynced use of it. Online,
// a sale that spends a shared voucher needs a hold the server granted (holds), so that no
// two channels spend the same value; the hold is used by the sale's entry.
import type { z } from 'zod';
import type { Head, HoldInput, HoldOutput } from '../../shared/api/sync-schemas.ts';
import type { VoucherRecord as VoucherRecordSchema } from '../../shared/api/sync-records.ts';
import type { TillContext } from '../kernel/context.ts';
import { defaultSyncOptions, SyncClient } from './client.ts';
import { account } from '../../shared/domain/accounts.ts';
import { refuse, type Refusal, type Result, ok } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { balanceOf } from '../kernel/ledger/ledger.ts';
import { localBalanceAt, unsyncedSpending } from './known-balances.ts';
import { isOffline, syncState } from './state.ts';

/** A voucher found by its code: sold here (`isOwn`: a row of vouchers) or known from the server. */
export interface FoundVoucher {
  id: string;
  isOwn: boolean;
  /** The server published it: other channels may spend it too. */
  isShared: boolean;
}

/** Writes a pulled voucher with this till's own postings on it up to the seq the server held (the pull's tillHead). */
export function keepVoucher(db: Db, tillId: string, v: z.infer<typeof VoucherRecordSchema>, tillHead: Head, nowMs: number): void {
  stmt(
    db,
    `INSERT INTO known_vouchers (id, code, currency, value_minor, remaining_minor, overspent_minor, channel, order_id, sold_at_ms, till_seq, local_at_snapshot, pulled_at_ms)
     VALUES (@id, @code, @currency, @valueMinor, @remainingMinor, @overspentMinor, @channel, @orderId, @soldAtMs, @tillSeq, @localAtSnapshot, @nowMs)
     ON CONFLICT (id) DO UPDATE SET code = excluded.code, remaining_minor = excluded.remaining_minor, overspent_minor = excluded.overspent_minor,
       till_seq = excluded.till_seq, local_at_snapshot = excluded.local_at_snapshot, pulled_at_ms = excluded.pulled_at_ms`,
  ).run({
    id: v.id,
    code: v.code.toUpperCase(),
    currency: v.currency,
    valueMinor: v.valueMinor,
    remainingMinor: v.remainingMinor,
    overspentMinor: v.overspentMinor,
    channel: v.channel,
    orderId: v.orderId,
    soldAtMs: v.soldAtMs,
    tillSeq: tillHead.seq,
    localAtSnapshot: localBalanceAt(db, tillId, account.voucher(v.id).id, tillHead.seq),
    nowMs,
  });
}

/**
 * Checks: a voucher has this code (voucher_not_found), and only one (voucher_code_ambiguous:
 * two channels minted the same code; the server flags both and no counter takes it).
 */
export function voucherByCode(db: Db, code: string): Result<FoundVoucher> {
  const rows = stmt(
    db,
    `SELECT id, 1 AS is_own, EXISTS (SELECT 1 FROM known_vouchers k WHERE k.id = v.id) AS is_shared FROM vouchers v WHERE v.code = @code
     UNION SELECT id, 0, 1 FROM known_vouchers k WHERE k.code = @code AND NOT EXISTS (SELECT 1 FROM vouchers v WHERE v.id = k.id)`,
  ).all({ code }) as { id: string; is_own: number; is_shared: number }[];
  if (rows.length === 0) return refuse('voucher_not_found', { code });
  if (rows.length > 1) return refuse('voucher_code_ambiguous', { code });
  const row = rows[0]!;
  return ok({ id: row.id, isOwn: row.is_own === 1, isShared: row.is_shared === 1 });
}

/** A voucher this till knows by its id (after voucherByCode found it). */
export function voucherById(db: Db, voucherId: string): FoundVoucher {
  const isOwn = stmt(db, 'SELECT 1 FROM vouchers WHERE id = ?').get(voucherId) !== undefined;
  const isShared = stmt(db, 'SELECT 1 FROM known_vouchers WHERE id = ?').get(voucherId) !== undefined;
  return { id: voucherId, isOwn, isShared };
}

/** What a voucher can still pay as this till knows it: the server's remaining less this till's use since, or its own ledger's for a voucher the server has not published yet. */
export function voucherRemainingMinor(db: Db, voucherId: string): number {
  const local = balanceOf(db, account.voucher(voucherId).id);
  const known = stmt(db, 'SELECT remaining_minor, local_at_snapshot FROM known_vouchers WHERE id = ?').get(voucherId) as { remaining_minor: number; local_at_snapshot: number } | undefined;
  // the liability is credit-normal: −balance is what it still owes; spending here posts +
  return known ? known.remaining_minor - (local - known.local_at_snapshot) : -local;
}

/** A flagged voucher as the supervisor's screen shows it (OverspentVoucher in sync-contract.ts). */
export interface OverspentVoucherRow {
  voucherId: string;
  code: string;
  channel: string;
  soldAtMs: number;
  valueMinor: number;
  overspentMinor: number;
  spentMinor: number;
  spentHereMinor: number;
  spentElsewhereMinor: number;
  pulledAtMs: number;
}

/**
 * The vouchers the server flagged as spent past their value, the most overspent first, with
 * what was spent of each: the server's figure (value − remaining + overspent, as of the seq
 * it held) and this till's use since; of it, what this till spent (its own postings on the
 * voucher's account, the sale that issued it here left out). The other channels' share is
 * the rest: the server publishes no breakdown by channel.
 */
export function overspentVouchers(db: Db): OverspentVoucherRow[] {
  const rows = stmt(
    db,
    `SELECT k.id, k.code, k.channel, k.sold_at_ms, k.value_minor, k.remaining_minor, k.overspent_minor, k.local_at_snapshot, k.pulled_at_ms,
       COALESCE(b.balance_minor, 0) AS local_minor, EXISTS (SELECT 1 FROM vouchers v WHERE v.id = k.id) AS is_own
     FROM known_vouchers k LEFT JOIN account_balances b ON b.account_id = 'voucher:' || k.id
     WHERE k.overspent_minor > 0 ORDER BY k.overspent_minor DESC, k.id`,
  ).all() as { id: string; code: string; channel: string; sold_at_ms: number; value_minor: number; remaining_minor: number; overspent_minor: number; local_at_snapshot: number; pulled_at_ms: number; local_minor: number; is_own: number }[];
  return rows.map((r) => {
    // the liability is credit-normal: spending posts +; the sale that issued it here posted −value
    const spentMinor = r.value_minor - r.remaining_minor + r.overspent_minor + (r.local_minor - r.local_at_snapshot);
    const spentHereMinor = r.local_minor + (r.is_own === 1 ? r.value_minor : 0);
    return {
      voucherId: r.id,
      code: r.code,
      channel: r.channel,
      soldAtMs: r.sold_at_ms,
      valueMinor: r.value_minor,
      overspentMinor: r.overspent_minor,
      spentMinor,
      spentHereMinor,
      spentElsewhereMinor: spentMinor - spentHereMinor,
      pulledAtMs: r.pulled_at_ms,
    };
  });
}

/**
 * Checks spending `amountMinor` of a voucher: what this till knows it can pay
 * (voucher_insufficient), then, offline and shared, the till's offline cap less its
 * unsynced use of it (offline_cap_exceeded).
 */
export function checkVoucherSpend(db: Db, tillId: string, voucher: FoundVoucher, amountMinor: number): Refusal | null {
  const remainingMinor = voucherRemainingMinor(db, voucher.id);
  if (amountMinor > remainingMinor) return refuse('voucher_insufficient', { availableMinor: Math.max(remainingMinor, 0) });
  if (!voucher.isShared || !isOffline(db)) return null;
  const availableMinor = Math.max(syncState(db).offline_cap_minor - unsyncedSpending(db, tillId, account.voucher(voucher.id).id), 0);
  return amountMinor > availableMinor ? refuse('offline_cap_exceeded', { availableMinor }) : null;
}

/** Online on an enrolled till, a shared voucher is spent only under a hold the server granted. */
export function needsHold(db: Db, voucher: FoundVoucher): boolean {
  return voucher.isShared && syncState(db).token !== null && !isOffline(db);
}

/** What this till's unused, unexpired holds on an account cover. */
export function heldMinor(db: Db, accountId: string, nowMs: number): number {
  return (stmt(db, 'SELECT COALESCE(SUM(amount_minor), 0) AS total FROM holds WHERE account_id = ? AND entry_id IS NULL AND expires_at_ms > ?').get(accountId, nowMs) as { total: number }).total;
}

/** Checks: the holds this till took on the account cover what the sale spends of it (hold_required). */
export function checkHeld(db: Db, accountId: string, amountMinor: number, nowMs: number): Refusal | null {
  const heldMinorNow = heldMinor(db, accountId, nowMs);
  return amountMinor > heldMinorNow ? refuse('hold_required', { accountId, heldMinor: heldMinorNow }) : null;
}

/** A hold the server granted, kept until a sale's entry uses it. */
export function keepHold(db: Db, hold: { id: string; requestId: string; accountId: string; amountMinor: number; expiresAtMs: number }): void {
  stmt(db, 'INSERT OR IGNORE INTO holds (id, request_id, account_id, amount_minor, expires_at_ms) VALUES (?, ?, ?, ?, ?)').run(hold.id, hold.requestId, hold.accountId, hold.amountMinor, hold.expiresAtMs);
}

/** The entry that spends these accounts uses this till's open holds on them (in the entry's transaction). */
export function useHolds(db: Db, entryId: string, accountIds: readonly string[]): void {
  const use = stmt(db, 'UPDATE holds SET entry_id = ? WHERE account_id = ? AND entry_id IS NULL');
  for (const accountId of accountIds) use.run(entryId, accountId);
}

/** Asks the ledger server for a hold through this till's sync client (or one made for the call); null: unreachable. */
export function requestHold(till: TillContext, input: HoldInput): Promise<Result<HoldOutput | null>> {
  const client = till.sync instanceof SyncClient ? till.sync : new SyncClient(till, defaultSyncOptions);
  return client.requestHold(input);
}
