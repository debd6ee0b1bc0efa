// What a till knows of a customer account shared with other tills: the balance the server
// last gave it (with the seq of this till's journal it included) plus this till's own
// movements since. Offline, what a contact may spend is further capped by the
// administrator's per-till offline cap, counted over this till's unsynced spending.
import { account } from '../../shared/domain/accounts.ts';
import { refuse, type Refusal } from '../../shared/result.ts';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { balanceOf } from '../kernel/ledger/ledger.ts';
import { getSetting } from '../kernel/config.ts';
import { isOffline, syncState } from './state.ts';

/** The account's balance as this till knows it (ledger sign convention). */
export function knownBalance(db: Db, accountId: string): number {
  const local = balanceOf(db, accountId);
  const remote = stmt(db, 'SELECT balance_minor, local_at_snapshot FROM remote_balances WHERE account_id = ?').get(accountId) as
    | { balance_minor: number; local_at_snapshot: number }
    | undefined;
  return remote ? remote.balance_minor + local - remote.local_at_snapshot : local;
}

/** This till's balance of an account counting only its journal up to `seq`. */
export function localBalanceAt(db: Db, tillId: string, accountId: string, seq: number): number {
  const row = stmt(
    db,
    `SELECT COALESCE(SUM(p.amount_minor), 0) AS total FROM postings p JOIN journal j ON j.id = p.entry_id
     WHERE p.account_id = ? AND j.till_id = ? AND j.seq <= ?`,
  ).get(accountId, tillId, seq) as { total: number };
  return row.total;
}

/** What this till spent of an account (positive postings) in events the server has not acknowledged. */
export function unsyncedSpending(db: Db, tillId: string, accountId: string): number {
  const { acked_seq } = syncState(db);
  const row = stmt(
    db,
    `SELECT COALESCE(SUM(p.amount_minor), 0) AS total FROM postings p JOIN journal j ON j.id = p.entry_id
     WHERE p.account_id = ? AND p.amount_minor > 0 AND j.till_id = ? AND j.seq > ?`,
  ).get(accountId, tillId, acked_seq) as { total: number };
  return row.total;
}

/** What this till may still commit offline on an account: its cap minus its unsynced spending there. */
function offlineLeftMinor(db: Db, tillId: string, accountId: string): number {
  return Math.max(syncState(db).offline_cap_minor - unsyncedSpending(db, tillId, accountId), 0);
}

/** Offline: what this till may still commit on a contact's credit balance and deferred account; null online. */
export function offlineAllowanceOf(db: Db, contactId: string): { creditMinor: number; deferredMinor: number } | null {
  if (!isOffline(db)) return null;
  const tillId = getSetting(db, 'this_till_id')!;
  return { creditMinor: offlineLeftMinor(db, tillId, account.credit(contactId).id), deferredMinor: offlineLeftMinor(db, tillId, account.deferred(contactId).id) };
}

/**
 * Offline, spending `amountMinor` more of a contact's credit balance or deferred headroom
 * must keep this till's unsynced spending on that account within the offline cap.
 */
export function checkOfflineCap(db: Db, tillId: string, kind: 'credit' | 'deferred', contactId: string, amountMinor: number): Refusal | null {
  if (amountMinor <= 0 || !isOffline(db)) return null;
  const accountId = kind === 'credit' ? account.credit(contactId).id : account.deferred(contactId).id;
  const availableMinor = offlineLeftMinor(db, tillId, accountId);
  return amountMinor > availableMinor ? refuse('offline_cap_exceeded', { availableMinor }) : null;
}

/** The total the server flagged as overdrawn on a contact's accounts. */
export function overdraftOf(db: Db, contactId: string): number {
  return (stmt(db, 'SELECT COALESCE(SUM(excess_minor), 0) AS total FROM overdrafts WHERE contact_id = ?').get(contactId) as { total: number }).total;
}
