// Customer-account movements of every channel (issue 15 point 4): one row per posting on a
// credit balance or a deferred account, from the events a batch applies (a till's push, the
// web shop's own journal), with what it links to (order and its number, refund, payment
// method, reference) read from the payload. They serve the server's account reports and
// travel to the tills as `movement` records: each row takes its version from the record
// version sequence under the record version lock (records.ts), so the pull merges them with
// the records in one cursor. The row's movement never changes; its running totals (balance,
// debits and credits after it, in (time, event id) order per account) are re-based when a
// movement dated earlier arrives later (a till that was offline): that is what lets a report
// read an account's opening and closing as two index seeks.
import { sql, type RawBuilder } from 'kysely';
import { assertNever } from '../../src/shared/assert.ts';
import type { JournalEvent } from '../../src/shared/domain/events.ts';
import type { Trx } from './store/tx.ts';
import { recordVersionLockKey, recordsUpsert, versionLockJoin, type RecordWrite } from './records.ts';
import { customerAccountOf } from './ledger/postings.ts';

/** What publishMovements needs of an applied event (apply.ts's CheckedEvent has it). */
export interface MovementSource {
  id: string;
  tillId: string;
  type: string;
  createdAtMs: number;
  userId: string;
  /** The payload decoded by its type's schema, whatever its version (shared/domain/events.ts). */
  event: JournalEvent;
  postings: ReadonlyMap<string, bigint>;
}

export interface MovementRow {
  eventId: string;
  accountId: string;
  kind: 'credit' | 'deferred';
  contactId: string;
  tillId: string;
  atMs: number;
  userId: string;
  entryType: string;
  amountMinor: bigint;
  orderId: string | null;
  orderNumber: string | null;
  refundId: string | null;
  methodId: string | null;
  reference: string;
}

interface Links {
  orderId: string | null;
  orderNumber: string | null;
  refundId: string | null;
  /** The methods paid with, first to last: the first one of the account's kind moved it. */
  methodIds: string[];
  /** A voucher's overflow moves the buyer's credit balance: the sale's payment that had one. */
  overflowMethodId: string | null;
  reference: string;
}

const noLinks: Links = { orderId: null, orderNumber: null, refundId: null, methodIds: [], overflowMethodId: null, reference: '' };

/** What a movement links to, as the till's ledger records it (ledger.ts `links`), from the decoded payload. */
function linksOf(event: JournalEvent): Links {
  switch (event.type) {
    case 'sale': {
      const { orderId, number, payments } = event.data;
      const overflow = payments.find((pay) => pay.toCreditMinor > 0);
      return { ...noLinks, orderId, orderNumber: number, methodIds: payments.map((pay) => pay.methodId), overflowMethodId: overflow?.methodId ?? null };
    }
    case 'refund':
      return { ...noLinks, orderId: event.data.orderId, refundId: event.data.refundId, methodIds: event.data.payments.map((pay) => pay.methodId) };
    case 'credit_fund':
    case 'credit_payout':
    case 'deferred_settle':
      return { ...noLinks, methodIds: [event.data.methodId], reference: event.data.reference };
    case 'payer_changed':
      return { ...noLinks, orderId: event.data.orderId };
    case 'installment_overpaid':
      // the installment named by its place in its order: "échéance 2/3 de G1-000042"
      return { ...noLinks, orderId: event.data.orderId, orderNumber: event.data.orderNumber, reference: `${event.data.seq}/${event.data.count}` };
    case 'session_open':
    case 'pay_in':
    case 'pay_out':
    case 'session_close':
    case 'print':
    case 'reprint':
    case 'drawer_open':
    case 'invoice_issued':
      // no customer account moves with these today; a posting one day makes would link nothing
      return noLinks;
    default:
      return assertNever(event);
  }
}

/** A batch's customer postings with what they link to, and what their movements still need read (movementRows). */
export interface PendingMovements {
  postings: { event: MovementSource; links: Links; accountId: string; amount: bigint }[];
  /** The payment methods they name: a method record's type says which one moved the account. */
  methodIds: string[];
  /** Orders the batch names without their number (a refund, a payer change): the number an earlier movement carries. */
  orderIds: string[];
}

/** The customer postings of the events, in event order, and the reads their movements need. Reads nothing. */
export function pendingMovements(events: readonly MovementSource[]): PendingMovements {
  const postings: PendingMovements['postings'] = [];
  for (const event of events) {
    let links: Links | null = null;
    for (const [accountId, amount] of event.postings) {
      if (!customerAccountOf(accountId)) continue;
      links ??= linksOf(event.event);
      postings.push({ event, links, accountId, amount });
    }
  }
  const methodIds = [...new Set(postings.flatMap((p) => p.links.methodIds))];
  const orderIds = [...new Set(postings.filter((p) => p.links.orderId && !p.links.orderNumber).map((p) => p.links.orderId!))];
  return { postings, methodIds, orderIds };
}

/**
 * The movements of the pending postings, in event order. A sale's or a refund's method is
 * its payment of the account's type (`methodTypes`, by method id; a credit balance moved by
 * a voucher's overflow: that voucher's); a settlement's and a deposit's is the one it names.
 * A refund's or a payer change's order number is the one its sale's movement carries, when
 * there is one (`earlier`, by order id: earlierOrderNumbers). Reads nothing.
 */
export function movementRows(pending: PendingMovements, methodTypes: ReadonlyMap<string, string>, earlier: ReadonlyMap<string, string>): MovementRow[] {
  const numbers = new Map(earlier);
  for (const p of pending.postings) if (p.links.orderId && p.links.orderNumber) numbers.set(p.links.orderId, p.links.orderNumber);
  return pending.postings.map(({ event, links, accountId, amount }) => {
    const customer = customerAccountOf(accountId)!;
    const ofKind = links.methodIds.find((id) => methodTypes.get(id) === customer.kind);
    const isSingleMethod = event.type === 'credit_fund' || event.type === 'credit_payout' || event.type === 'deferred_settle';
    const methodId = isSingleMethod ? (links.methodIds[0] ?? null) : (ofKind ?? (customer.kind === 'credit' ? links.overflowMethodId : null) ?? null);
    return {
      eventId: event.id,
      accountId,
      kind: customer.kind,
      contactId: customer.contactId,
      tillId: event.tillId,
      atMs: event.createdAtMs,
      userId: event.userId,
      entryType: event.type,
      amountMinor: amount,
      orderId: links.orderId,
      orderNumber: links.orderId ? (numbers.get(links.orderId) ?? null) : null,
      refundId: links.refundId,
      methodId,
      reference: links.reference,
    };
  });
}

/** A query of the order numbers the movements of earlier sales carry, as (order_id, order_number) rows: for a caller's own statement. */
export function earlierOrderNumbers(orderIds: readonly string[]): RawBuilder<unknown> {
  return sql`SELECT DISTINCT ON (order_id) order_id, order_number FROM account_movements WHERE order_id = ANY(${[...orderIds]}::text[]) AND order_number IS NOT NULL`;
}

/**
 * Stores the movements with versions drawn under the record version lock (so that a pull's
 * cursor never skips one), their running totals counted from the account's last movement
 * before each account's first new one, the day totals and the account's totals, and the
 * caller's records (`records`, upserted as writeRecords does: one round trip for both);
 * then, for an account where a movement already stored is dated after a new one, counts its
 * running totals again from there. One statement when the movements arrive in time order,
 * two otherwise.
 */
export async function publishMovements(trx: Trx, rows: readonly MovementRow[], records: { writes: readonly RecordWrite[]; nowMs: number } | null = null): Promise<void> {
  if (rows.length === 0) return;
  const recorded = records && records.writes.length > 0 ? sql`, recorded AS (${recordsUpsert(records.writes, records.nowMs, versionLockJoin())})` : sql``;
  const col = <T>(pick: (r: MovementRow) => T) => rows.map(pick);
  const late = await sql<{ account_id: string; at_ms: string; event_id: string }>`
    WITH new AS (
      SELECT * FROM unnest(${col((r) => r.eventId)}::text[], ${col((r) => r.accountId)}::text[], ${col((r) => r.kind)}::text[], ${col((r) => r.contactId)}::text[],
        ${col((r) => r.tillId)}::text[], ${col((r) => r.atMs)}::int8[], ${col((r) => r.userId)}::text[], ${col((r) => r.entryType)}::text[],
        ${col((r) => String(r.amountMinor))}::int8[], ${col((r) => r.orderId)}::text[], ${col((r) => r.orderNumber)}::text[], ${col((r) => r.refundId)}::text[],
        ${col((r) => r.methodId)}::text[], ${col((r) => r.reference)}::text[]) WITH ORDINALITY
        AS r(event_id, account_id, kind, contact_id, till_id, at_ms, user_id, entry_type, amount_minor, order_id, order_number, refund_id, method_id, reference, n)
    ), firsts AS (
      SELECT DISTINCT ON (account_id) account_id, at_ms, event_id FROM new ORDER BY account_id, at_ms, event_id COLLATE "C"
    ), base AS (
      SELECT f.account_id, f.at_ms, f.event_id, COALESCE(p.balance_after_minor, 0) AS b0, COALESCE(p.debits_after_minor, 0) AS d0, COALESCE(p.credits_after_minor, 0) AS c0,
        EXISTS (SELECT 1 FROM account_movements l WHERE l.account_id = f.account_id AND (l.at_ms, l.event_id) > (f.at_ms, f.event_id COLLATE "C")) AS is_late
      FROM firsts f LEFT JOIN LATERAL (
        SELECT m.balance_after_minor, m.debits_after_minor, m.credits_after_minor FROM account_movements m
        WHERE m.account_id = f.account_id AND (m.at_ms, m.event_id) < (f.at_ms, f.event_id COLLATE "C") ORDER BY m.at_ms DESC, m.event_id DESC LIMIT 1) p ON true
    ), stored AS (
      INSERT INTO account_movements (version, event_id, account_id, kind, contact_id, till_id, at_ms, user_id, entry_type, amount_minor,
        order_id, order_number, refund_id, method_id, reference, balance_after_minor, debits_after_minor, credits_after_minor)
      SELECT nextval('record_version'), new.event_id, new.account_id, new.kind, new.contact_id, new.till_id, new.at_ms, new.user_id, new.entry_type, new.amount_minor,
        new.order_id, new.order_number, new.refund_id, new.method_id, new.reference,
        base.b0 + SUM(new.amount_minor) OVER w, base.d0 + SUM(GREATEST(new.amount_minor, 0)) OVER w, base.c0 + SUM(GREATEST(-new.amount_minor, 0)) OVER w
      FROM (SELECT pg_advisory_xact_lock(${recordVersionLockKey}::int8)) AS locked, new JOIN base ON base.account_id = new.account_id
      WINDOW w AS (PARTITION BY new.account_id ORDER BY new.at_ms, new.event_id COLLATE "C")
      ORDER BY new.n
      RETURNING account_id, kind, contact_id, at_ms, till_id, entry_type, amount_minor
    ), days AS (
      INSERT INTO account_day_totals AS t (kind, day, till_id, entry_type, is_debit, movements, amount_minor)
      SELECT kind, (at_ms / 86400000)::int4, till_id, entry_type, amount_minor > 0, COUNT(*), SUM(amount_minor) FROM stored GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (kind, day, till_id, entry_type, is_debit) DO UPDATE SET movements = t.movements + excluded.movements, amount_minor = t.amount_minor + excluded.amount_minor
    ), totals AS (
      INSERT INTO account_totals AS t (account_id, kind, contact_id, first_at_ms, last_at_ms, balance_minor, debits_minor, credits_minor, movements)
      SELECT account_id, kind, contact_id, MIN(at_ms), MAX(at_ms), SUM(amount_minor), SUM(GREATEST(amount_minor, 0)), SUM(GREATEST(-amount_minor, 0)), COUNT(*) FROM stored GROUP BY 1, 2, 3
      ON CONFLICT (account_id) DO UPDATE SET first_at_ms = LEAST(t.first_at_ms, excluded.first_at_ms), last_at_ms = GREATEST(t.last_at_ms, excluded.last_at_ms),
        balance_minor = t.balance_minor + excluded.balance_minor, debits_minor = t.debits_minor + excluded.debits_minor,
        credits_minor = t.credits_minor + excluded.credits_minor, movements = t.movements + excluded.movements
    )${recorded}
    SELECT account_id, at_ms::text AS at_ms, event_id FROM base WHERE is_late`.execute(trx);
  if (late.rows.length > 0) await recountFrom(trx, late.rows);
}

/** Counts the running totals of each account again from its given movement on, in (time, event id) order. */
async function recountFrom(trx: Trx, starts: readonly { account_id: string; at_ms: string; event_id: string }[]): Promise<void> {
  await sql`
    WITH starts AS (
      SELECT * FROM unnest(${starts.map((s) => s.account_id)}::text[], ${starts.map((s) => s.at_ms)}::int8[], ${starts.map((s) => s.event_id)}::text[]) AS s(account_id, at_ms, event_id)
    ), base AS (
      SELECT s.account_id, s.at_ms, s.event_id, COALESCE(p.balance_after_minor, 0) AS b0, COALESCE(p.debits_after_minor, 0) AS d0, COALESCE(p.credits_after_minor, 0) AS c0
      FROM starts s LEFT JOIN LATERAL (
        SELECT m.balance_after_minor, m.debits_after_minor, m.credits_after_minor FROM account_movements m
        WHERE m.account_id = s.account_id AND (m.at_ms, m.event_id) < (s.at_ms, s.event_id COLLATE "C") ORDER BY m.at_ms DESC, m.event_id DESC LIMIT 1) p ON true
    ), counted AS (
      SELECT m.version, base.b0 + SUM(m.amount_minor) OVER w AS balance, base.d0 + SUM(GREATEST(m.amount_minor, 0)) OVER w AS debits, base.c0 + SUM(GREATEST(-m.amount_minor, 0)) OVER w AS credits
      FROM base JOIN account_movements m ON m.account_id = base.account_id AND (m.at_ms, m.event_id) >= (base.at_ms, base.event_id COLLATE "C")
      WINDOW w AS (PARTITION BY m.account_id ORDER BY m.at_ms, m.event_id)
    )
    UPDATE account_movements t SET balance_after_minor = c.balance, debits_after_minor = c.debits, credits_after_minor = c.credits
    FROM counted c WHERE t.version = c.version
      AND (t.balance_after_minor, t.debits_after_minor, t.credits_after_minor) IS DISTINCT FROM (c.balance, c.debits, c.credits)`.execute(trx);
}
