// A replaced till's journal written back from the server (ADR 0011): each page checked
// before it is written — the sequence from this journal's head without a gap, each previous
// hash, each hash the SHA-256 of its entry, and the signatures under the keys the server
// registered (the last entry of each key in the page vouches for the ones before it, every
// one read only to name a bad one) — then its entries written byte for byte with their
// postings, balances and customer-account movements, as appendEntry would have.
import type { SigningKey, SyncEvent } from '../../../shared/api/sync-schemas.ts';
import { accountKinds, type AccountKind, type AccountRef } from '../../../shared/domain/accounts.ts';
import { refuse, type Refusal } from '../../../shared/result.ts';
import { stmt, type Db } from '../db/connection.ts';
import { signedEntryHash, signedFormat, type JournalRow } from './journal.ts';
import { journalHead, utcDay } from './ledger.ts';
import { isValidSignature, publicKeyOf } from './signing.ts';

/** The key that signs `seq`, or null before the first mark. */
function keyAt(keys: readonly SigningKey[], seq: number): SigningKey | null {
  let found: SigningKey | null = null;
  for (const k of keys) if (k.fromSeq <= seq) found = k;
  return found;
}

/** An entry as the wire carries it, in the journal's columns that its hash covers. */
function hashedFieldsOf(e: SyncEvent) {
  return {
    till_id: e.tillId, seq: e.seq, id: e.id, type: e.type, created_at_ms: e.createdAtMs, user_id: e.userId,
    session_id: e.sessionId, payload: e.payload, prev_hash: e.prevHash, format: e.format,
  };
}

/**
 * The first problem of a page of the till's journal after `head`, or null. Entries before
 * the till signed (format 1, HMAC under the dead machine's journal key) cannot be checked
 * here: a journal holding them is not restored.
 */
export function restoredPageProblem(tillId: string, head: { seq: number; hash: string }, keys: readonly SigningKey[], events: readonly SyncEvent[]): Refusal | null {
  const bad = (e: { seq: number }, reason: string) => refuse('journal_restore_invalid', { tillId, seq: e.seq, reason });
  const lastOfKey = new Map<SigningKey, number>();
  let previous = head;
  for (const [i, e] of events.entries()) {
    if (e.tillId !== tillId) return bad(e, `an entry of till ${e.tillId.slice(0, 40)}`);
    if (e.seq !== previous.seq + 1) return bad(e, `entry ${previous.seq + 1} expected`);
    if (e.prevHash !== previous.hash) return bad(e, 'its previous hash does not name the entry before it');
    const key = keyAt(keys, e.seq);
    if (e.format !== signedFormat || !key) return bad(e, 'an entry written before the till signed its journal cannot be verified on another machine');
    if (signedEntryHash(hashedFieldsOf(e)) !== e.hash) return bad(e, 'its hash is not the SHA-256 of the entry');
    lastOfKey.set(key, i);
    previous = { seq: e.seq, hash: e.hash };
  }
  for (const [key, last] of lastOfKey) {
    const publicKey = publicKeyOf(key.publicKey);
    if (publicKey && isValidSignature(publicKey, events[last]!.hash, events[last]!.signature)) continue;
    const first = events.slice(0, last + 1).find((e) => keyAt(keys, e.seq) === key && !(publicKey && isValidSignature(publicKey, e.hash, e.signature)))!;
    return bad(first, "its signature does not verify under the till's registered key");
  }
  return null;
}

/** An account as its id names it (`kind:…`, the till's ids hold no colon). */
export function accountOfId(id: string): AccountRef {
  const [kind, ...rest] = id.split(':') as [AccountKind, ...string[]];
  if (!(accountKinds as readonly string[]).includes(kind)) throw new Error(`account ${id} of an unknown kind`);
  const [a, b] = rest;
  const ref: AccountRef = { id, kind };
  if (kind === 'till' || kind === 'safe') Object.assign(ref, { tillId: a, methodId: b });
  else if (kind === 'rounding' || kind === 'variance') ref.tillId = a;
  else if (kind === 'revenue' || kind === 'vat') ref.rateBp = Number(a);
  else if (kind === 'voucher') ref.voucherId = rest.join(':');
  else ref.contactId = rest.join(':');
  return ref;
}

/** What a restored entry's customer-account movement links to, read from its payload. */
export interface RestoredLinks {
  orderId: string | null;
  refundId: string | null;
  reference: string;
  /** Per customer account, the payment method that moved it, when the payload says. */
  methods: Readonly<Record<string, string>>;
}

/**
 * Writes a checked page (restoredPageProblem) inside the caller's transaction: each entry as
 * the server holds it, its postings from its payload, the balances and the movements.
 */
export function writeRestoredEntries(db: Db, events: readonly SyncEvent[], currency: string, linksOf: (e: SyncEvent, payload: Record<string, unknown>) => RestoredLinks): void {
  const insertEntry = stmt(
    db,
    `INSERT INTO journal (till_id, seq, id, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format, signature)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const e of events) {
    const head = journalHead(db, e.tillId);
    if (e.seq !== head.seq + 1 || e.prevHash !== head.hash) throw new Error(`restored entry ${e.seq} does not follow this journal's head ${head.seq}`);
    insertEntry.run(e.tillId, e.seq, e.id, e.type, e.createdAtMs, e.userId, e.sessionId, e.payload, e.prevHash, e.hash, e.format, e.signature);
    const payload = JSON.parse(e.payload) as Record<string, unknown> & { postings: [string, number][] };
    postRestoredEntry(db, e, payload.postings, currency, linksOf(e, payload));
  }
}

function postRestoredEntry(db: Db, e: SyncEvent, postings: readonly [string, number][], currency: string, links: RestoredLinks): void {
  const addToBalance = stmt(
    db,
    `UPDATE account_balances SET balance_minor = balance_minor + @amount, debits_minor = debits_minor + @debit, credits_minor = credits_minor + @credit
     WHERE account_id = @account RETURNING balance_minor, debits_minor, credits_minor`,
  );
  const insertAccount = stmt(db, 'INSERT OR IGNORE INTO accounts (id, kind, till_id, method_id, contact_id, voucher_id, rate_bp, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const openBalance = stmt(
    db,
    `INSERT INTO account_balances (account_id, kind, balance_minor, debits_minor, credits_minor) VALUES (@account, @kind, @amount, @debit, @credit)
     RETURNING balance_minor, debits_minor, credits_minor`,
  );
  const insertPosting = stmt(db, 'INSERT INTO postings (entry_id, account_id, amount_minor, currency) VALUES (?, ?, ?, ?)');
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
  for (const [accountId, amount] of postings) {
    const a = accountOfId(accountId);
    const change = { account: a.id, kind: a.kind, amount, debit: Math.max(amount, 0), credit: Math.max(-amount, 0) };
    let after = addToBalance.get(change) as { balance_minor: number; debits_minor: number; credits_minor: number } | undefined;
    if (!after) {
      insertAccount.run(a.id, a.kind, a.tillId ?? null, a.methodId ?? null, a.contactId ?? null, a.voucherId ?? null, a.rateBp ?? null, currency);
      after = openBalance.get(change) as { balance_minor: number; debits_minor: number; credits_minor: number };
    }
    insertPosting.run(e.id, a.id, amount, currency);
    if (a.kind !== 'credit' && a.kind !== 'deferred') continue;
    insertMovement.run(
      e.id, a.id, a.kind, a.contactId!, e.tillId, e.createdAtMs, e.userId, e.type, amount,
      after.balance_minor, after.debits_minor, after.credits_minor, links.orderId, links.refundId, links.methods[a.id] ?? null, links.reference,
    );
    addToDay.run(a.kind, utcDay(e.createdAtMs), e.tillId, e.type, amount > 0 ? 1 : 0, amount);
  }
}

/** The entries of `tillId` this database holds from `fromSeq` on, as the wire carries them (a restored range read back). */
export function journalRowsFrom(db: Db, tillId: string, fromSeq: number, limit: number): JournalRow[] {
  return stmt(db, 'SELECT * FROM journal WHERE till_id = ? AND seq >= ? ORDER BY seq LIMIT ?').all(tillId, fromSeq, limit) as JournalRow[];
}
