// The other channels' customer-account movements as a pull brings them (movement records):
// kept once each in known_movements, in the pull's transaction, with the running totals of
// their account over the known movements (time, then event id), the account's known totals
// and the day totals. A movement dated before ones already known (another till that was
// offline) adds itself to the running totals of those after it. The till's own movements
// never come this way (the server leaves them out); a record pulled again (a re-enrolment
// starts the cursor over) changes nothing.
import type { MovementRecord } from '../../shared/api/sync-records.ts';
import type { AccountsAsOf } from '../../shared/api/account-schemas.ts';
import type { z } from 'zod';
import { stmt, type Db } from '../kernel/db/connection.ts';
import { utcDay } from '../kernel/ledger/ledger.ts';
import { isOffline, syncState } from './state.ts';

type Movement = z.infer<typeof MovementRecord>;

interface Totals {
  balance_after_minor: number;
  debits_after_minor: number;
  credits_after_minor: number;
}

export function keepMovement(db: Db, m: Movement, nowMs: number): void {
  if (stmt(db, 'SELECT 1 FROM known_movements WHERE entry_id = ? AND account_id = ?').get(m.eventId, m.accountId)) return;
  const debit = Math.max(m.amountMinor, 0);
  const credit = Math.max(-m.amountMinor, 0);
  const before = stmt(
    db,
    `SELECT balance_after_minor, debits_after_minor, credits_after_minor FROM known_movements
     WHERE contact_id = ? AND kind = ? AND (at_ms, entry_id) < (?, ?) ORDER BY at_ms DESC, entry_id DESC LIMIT 1`,
  ).get(m.contactId, m.kind, m.atMs, m.eventId) as Totals | undefined;
  stmt(
    db,
    `INSERT INTO known_movements (entry_id, account_id, kind, contact_id, till_id, till_name, at_ms, user_id, entry_type, amount_minor,
       balance_after_minor, debits_after_minor, credits_after_minor, order_id, order_number, refund_id, method_id, reference, pulled_at_ms)
     VALUES (@eventId, @accountId, @kind, @contactId, @tillId, @tillName, @atMs, @userId, @entryType, @amountMinor,
       @balance, @debits, @credits, @orderId, @orderNumber, @refundId, @methodId, @reference, @nowMs)`,
  ).run({
    ...m,
    balance: (before?.balance_after_minor ?? 0) + m.amountMinor,
    debits: (before?.debits_after_minor ?? 0) + debit,
    credits: (before?.credits_after_minor ?? 0) + credit,
    nowMs,
  });
  // the ones dated after it, already known, now count it too (none when movements come in time order)
  stmt(
    db,
    `UPDATE known_movements SET balance_after_minor = balance_after_minor + @amount, debits_after_minor = debits_after_minor + @debit, credits_after_minor = credits_after_minor + @credit
     WHERE contact_id = @contactId AND kind = @kind AND (at_ms, entry_id) > (@atMs, @eventId)`,
  ).run({ amount: m.amountMinor, debit, credit, contactId: m.contactId, kind: m.kind, atMs: m.atMs, eventId: m.eventId });
  stmt(
    db,
    `INSERT INTO known_accounts (account_id, kind, contact_id, balance_minor, debits_minor, credits_minor, movements) VALUES (?, ?, ?, ?, ?, ?, 1)
     ON CONFLICT (account_id) DO UPDATE SET balance_minor = balance_minor + excluded.balance_minor, debits_minor = debits_minor + excluded.debits_minor,
       credits_minor = credits_minor + excluded.credits_minor, movements = movements + 1`,
  ).run(m.accountId, m.kind, m.contactId, m.amountMinor, debit, credit);
  stmt(
    db,
    `INSERT INTO known_day_totals (kind, day, till_id, entry_type, is_debit, movements, amount_minor) VALUES (?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT (kind, day, till_id, entry_type, is_debit) DO UPDATE SET movements = movements + 1, amount_minor = amount_minor + excluded.amount_minor`,
  ).run(m.kind, utcDay(m.atMs), m.tillId, m.entryType, m.amountMinor > 0 ? 1 : 0, m.amountMinor);
}

/**
 * As of when the account screens and reports count: a standalone till is its own box
 * office; an enrolled one knows the other channels as of its last successful sync (offline:
 * only its own movements since).
 */
export function accountsAsOf(db: Db): z.infer<typeof AccountsAsOf> {
  const state = syncState(db);
  if (state.token === null) return { scope: 'till', syncedAtMs: null, isOffline: false };
  return { scope: 'box_office', syncedAtMs: state.last_success_ms, isOffline: isOffline(db) };
}
