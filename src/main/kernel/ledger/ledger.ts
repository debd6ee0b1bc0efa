// Appends one financial event: its journal row (chained; from the till's signing mark on,
// sealed just after its transaction commits: ADR 0015), its postings, and the materialised balances, inside the caller's transaction.
// Postings must sum to zero. The payload is the event's data as its schema types it
// (shared/domain/events.ts), in the version written now, with the postings.
import { assert } from '../../../shared/assert.ts';
import type { CurrencyCode } from '../../../shared/money/currency.ts';
import { assertBalanced } from '../../../shared/domain/postings.ts';
import type { Posting } from '../../../shared/domain/accounts.ts';
import { stmt, type Db } from '../db/connection.ts';
import { assertBalanceFits } from './bounds.ts';
import { assertNotRestoring } from '../till-identity.ts';
import type { EntryType, EventData } from '../../../shared/domain/events.ts';
import { payloadJson } from './payload-json.ts';
import type { TillContext } from '../context.ts';
import { entryHash, genesisHash, journalFormat, signedEntryHash, signedFormat } from './journal.ts';

/** What appending needs of the till: its database, its journal's keys, its sync loop and sealer (poked after each entry). */
export type JournalTill = Pick<TillContext, 'db' | 'journalKey' | 'tillId' | 'signer' | 'sync' | 'sealer'>;

interface EntryFields {
  id: string;
  createdAtMs: number;
  userId: string;
  sessionId: string | null;
  currency: CurrencyCode;
  postings: readonly Posting[];
  /**
   * What a customer-account movement links to, for the account screens and reports: the
   * order or refund, the reference, and per account the payment method that moved it.
   */
  links?: { orderId?: string; refundId?: string; reference?: string; methods?: Readonly<Record<string, string>> };
}

/** An entry of one type with that type's data (built by a typed builder: nothing is parsed on this path). */
export type EntryInput = { [T in EntryType]: EntryFields & { type: T; data: EventData<T> } }[EntryType];

export interface AppendedEntry {
  id: string;
  seq: number;
  hash: string;
}

export function journalHead(db: Db, tillId: string): { seq: number; hash: string } {
  const head = stmt(db, 'SELECT seq, hash FROM journal WHERE till_id = ? ORDER BY seq DESC LIMIT 1').get(tillId) as
    | { seq: number; hash: string }
    | undefined;
  return head ?? { seq: 0, hash: genesisHash };
}

/** Postings as they appear in the hashed payload: [account, amount], sorted by account. */
export function payloadPostings(postings: readonly Posting[]): [string, number][] {
  return postings.map((p): [string, number] => [p.account.id, p.amountMinor]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function appendEntry(till: JournalTill, entry: EntryInput): AppendedEntry {
  const { db, signer } = till;
  assert(db.inTransaction, 'a journal entry is appended inside the transaction of its event');
  assertBalanced(entry.postings);
  assert(new Set(entry.postings.map((p) => p.account.id)).size === entry.postings.length, 'one posting per account');
  assert(!('postings' in entry.data) && !('v' in entry.data), 'the version and the postings are added by the ledger');
  assertNotRestoring(db); // a replaced till writes nothing before its journal is back (ADR 0011)

  const head = journalHead(db, till.tillId);
  const row = {
    till_id: till.tillId,
    seq: head.seq + 1,
    id: entry.id,
    type: entry.type,
    created_at_ms: entry.createdAtMs,
    user_id: entry.userId,
    session_id: entry.sessionId,
    payload: payloadJson(entry.type, entry.data as EventData<EntryType>, payloadPostings(entry.postings)),
    prev_hash: head.hash,
    format: signer ? signedFormat : journalFormat,
  };
  // from the signing mark on: a SHA-256 anyone can recompute (ADR 0007), signed by the
  // till's key in a seal written after the commit, off the sale's path (ADR 0015)
  assert(!signer || row.seq >= signer.fromSeq, 'a signing key signs from its mark on');
  const hash = signer ? signedEntryHash(row) : entryHash(till.journalKey, row);
  stmt(
    db,
    `INSERT INTO journal (till_id, seq, id, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format, signature)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.till_id, row.seq, row.id, row.type, row.created_at_ms, row.user_id, row.session_id, row.payload, row.prev_hash, hash, row.format, null);

  postEntry(db, { id: entry.id, tillId: till.tillId, createdAtMs: entry.createdAtMs, userId: entry.userId, type: entry.type, currency: entry.currency }, entry.postings, entry.links ?? {});
  // the sync loop runs its cycle after the current call returns, that is after its
  // transaction has committed (a rolled back one wakes the loop for nothing: harmless)
  till.sealer.poke();
  till.sync.poke();
  return { id: entry.id, seq: row.seq, hash };
}

/** What a customer-account movement links to (the account screens and reports read it). */
export interface MovementLinks {
  orderId?: string | null;
  refundId?: string | null;
  reference?: string;
  /** Per customer account, the payment method that moved it. */
  methods?: Readonly<Record<string, string>>;
}

/** The entry whose postings postEntry writes, as its journal row says. */
export interface PostedEntry {
  id: string;
  tillId: string;
  createdAtMs: number;
  userId: string;
  type: string;
  currency: string;
}

/**
 * Writes one journal entry's postings, inside its transaction: each account's balance
 * moved (an account is created with its first balance), the posting, and on a contact's
 * credit or deferred account the movement with the balance after it and the day's totals.
 * The one writer of postings: appendEntry's for a new entry, the restore's for an entry
 * read back from the server (restore-entries.ts).
 */
export function postEntry(db: Db, entry: PostedEntry, postings: readonly Posting[], links: MovementLinks): void {
  const insertAccount = stmt(
    db,
    `INSERT OR IGNORE INTO accounts (id, kind, till_id, method_id, contact_id, voucher_id, rate_bp, currency)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPosting = stmt(db, 'INSERT INTO postings (entry_id, account_id, amount_minor, currency) VALUES (?, ?, ?, ?)');
  // UPDATE then INSERT rather than an upsert: SQLite checks CHECK constraints on the row an
  // upsert would insert (the posting alone) before it sees the conflict.
  const addToBalance = stmt(
    db,
    `UPDATE account_balances SET balance_minor = balance_minor + @amount, debits_minor = debits_minor + @debit, credits_minor = credits_minor + @credit
     WHERE account_id = @account RETURNING balance_minor, debits_minor, credits_minor`,
  );
  const openBalance = stmt(
    db,
    `INSERT INTO account_balances (account_id, kind, balance_minor, debits_minor, credits_minor) VALUES (@account, @kind, @amount, @debit, @credit)
     RETURNING balance_minor, debits_minor, credits_minor`,
  );
  const insertMovement = stmt(
    db,
    `INSERT INTO account_movements (entry_id, account_id, kind, contact_id, till_id, at_ms, user_id, entry_type, amount_minor,
       balance_after_minor, debits_after_minor, credits_after_minor, order_id, refund_id, method_id, reference)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addToDay = stmt(
    db,
    `INSERT INTO account_day_totals (kind, day, till_id, entry_type, is_debit, movements, amount_minor) VALUES (?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT (kind, day, till_id, entry_type, is_debit) DO UPDATE SET movements = movements + 1, amount_minor = amount_minor + excluded.amount_minor`,
  );
  for (const p of postings) {
    const a = p.account;
    const change = { account: a.id, kind: a.kind, amount: p.amountMinor, debit: Math.max(p.amountMinor, 0), credit: Math.max(-p.amountMinor, 0) };
    // an account with a balance exists (its foreign key): it is created only with its first balance
    let after = addToBalance.get(change) as { balance_minor: number; debits_minor: number; credits_minor: number } | undefined;
    if (!after) {
      insertAccount.run(a.id, a.kind, a.tillId ?? null, a.methodId ?? null, a.contactId ?? null, a.voucherId ?? null, a.rateBp ?? null, entry.currency);
      after = openBalance.get(change) as { balance_minor: number; debits_minor: number; credits_minor: number };
    }
    insertPosting.run(entry.id, a.id, p.amountMinor, entry.currency);
    // the net under the services' own check (bounds.ts): past balanceMinorMax, refused and rolled back
    assertBalanceFits(a.id, after.balance_minor, p.amountMinor);
    if (a.kind === 'credit' || a.kind === 'deferred') {
      assert(a.contactId, 'a customer account names its contact');
      insertMovement.run(
        entry.id, a.id, a.kind, a.contactId, entry.tillId, entry.createdAtMs, entry.userId, entry.type, p.amountMinor,
        after.balance_minor, after.debits_minor, after.credits_minor,
        links.orderId ?? null, links.refundId ?? null, links.methods?.[a.id] ?? null, links.reference ?? '',
      );
      addToDay.run(a.kind, utcDay(entry.createdAtMs), entry.tillId, entry.type, p.amountMinor > 0 ? 1 : 0, p.amountMinor);
    }
  }
}

export const dayMs = 86_400_000;

/** The UTC day number of an instant (days since 1970-01-01). */
export function utcDay(atMs: number): number {
  return Math.floor(atMs / dayMs);
}

/** The materialised balance of an account (0 if it never moved). */
export function balanceOf(db: Db, accountId: string): number {
  const row = stmt(db, 'SELECT balance_minor FROM account_balances WHERE account_id = ?').get(accountId) as
    | { balance_minor: number }
    | undefined;
  return row?.balance_minor ?? 0;
}
