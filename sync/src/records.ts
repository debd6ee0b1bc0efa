// Master data and balances as versioned records, the tills' pull source. Every write takes
// a new version from one sequence. Versions must become visible in order: were two
// transactions to take versions 10 and 11 and commit 11 first, a till pulling in between
// would move its cursor to 11 and never see 10. So a writer takes a transaction-level
// advisory lock before it draws versions and keeps it until its commit: version-drawing
// transactions commit one after the other, in version order, whatever the instance.
// The lock is the last one a transaction takes (after its row locks), so it cannot be part
// of a deadlock cycle, and it is held only for the tail of the transaction.
import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { RecordKind, recordBodies } from '../../src/shared/api/sync-records.ts';
import type { Trx } from './store/tx.ts';
import type { Db } from './store/store.ts';

export const recordVersionLockKey = 0x67_75_69_02;

export type RecordBody<K extends RecordKind> = z.infer<(typeof recordBodies)[K]>;

export interface RecordWrite<K extends RecordKind = RecordKind> {
  kind: K;
  id: string;
  body: RecordBody<K>;
}

/** Upserts records with fresh versions, last writer wins per (kind, id); takes the record version lock in the same statement. */
export async function writeRecords(trx: Trx, records: readonly RecordWrite[], nowMs: number): Promise<void> {
  if (records.length === 0) return;
  // every row the INSERT takes comes out of a join with the lock's one row, and its version
  // is drawn on that row: the lock is held before the first version is drawn (one round trip
  // fewer per write than a SELECT of the lock first)
  await recordsUpsert(records, nowMs, versionLockJoin()).execute(trx);
}

/** The record version lock as a statement's join: every row it draws a version for comes out of the lock's one row. */
export function versionLockJoin(): RawBuilder<unknown> {
  return sql`(SELECT pg_advisory_xact_lock(${recordVersionLockKey}::int8)) AS locked,`;
}

/** Takes the record version lock (see the header) until the transaction ends; taking it again in the same transaction is harmless. */
export async function lockRecordVersions(trx: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${recordVersionLockKey}::int8)`.execute(trx);
}

/** writeRecords' upsert, for a caller that took the record version lock itself (to read under it first). */
export async function insertRecords(trx: Trx, records: readonly RecordWrite[], nowMs: number): Promise<void> {
  if (records.length === 0) return;
  await recordsUpsert(records, nowMs, sql``).execute(trx);
}

/**
 * The upsert of writeRecords as a statement of its own or a caller's CTE (movements.ts
 * publishes its movements and the batch's records in one round trip). `locking` is the
 * record version lock's join (or nothing, for a caller that holds it already): taken before
 * the first version is drawn.
 */
export function recordsUpsert(records: readonly RecordWrite[], nowMs: number, locking: RawBuilder<unknown>): RawBuilder<unknown> {
  // one row per key (the last one): an upsert may not touch a row twice
  const latest = new Map<string, RecordWrite>();
  for (const r of records) latest.set(`${r.kind}\u0000${r.id}`, r);
  const rows = [...latest.values()];
  // versions drawn in the rows' order by the INSERT itself (one round trip fewer)
  return sql`
    INSERT INTO records (kind, id, body, version, updated_at_ms)
    SELECT kind, id, body, nextval('record_version'), ${nowMs}::int8
    FROM ${locking} unnest(${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.id)}::text[], ${rows.map((r) => JSON.stringify(r.body))}::text[]) WITH ORDINALITY
      AS r(kind, id, body, n)
    ORDER BY n
    ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body, version = excluded.version, updated_at_ms = excluded.updated_at_ms`;
}

/** One record's body, or null. Bodies were validated when written. */
export async function readRecord<K extends RecordKind>(db: Db | Trx, kind: K, id: string): Promise<RecordBody<K> | null> {
  const row = await db.selectFrom('records').select('body').where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
  return row ? (JSON.parse(row.body) as RecordBody<K>) : null;
}

export async function readRecords<K extends RecordKind>(db: Db | Trx, kind: K, ids: readonly string[]): Promise<Map<string, RecordBody<K>>> {
  const found = new Map<string, RecordBody<K>>();
  if (ids.length === 0) return found;
  const rows = await db.selectFrom('records').select(['id', 'body']).where('kind', '=', kind).where('id', 'in', [...new Set(ids)]).execute();
  for (const row of rows) found.set(row.id, JSON.parse(row.body) as RecordBody<K>);
  return found;
}

export interface PulledRow {
  kind: string;
  id: string;
  /** The stored JSON text, passed through as it is. */
  body: string;
  version: string;
}

/**
 * Records after `cursor` in version order, at most `limit`, without the other tills'
 * configuration, merged with the customer-account movements of every channel but the asking
 * till (movements.ts: the same version sequence, drawn under the same lock; a till has its
 * own movements in its own ledger). `more` says whether another page follows.
 */
export async function pullPage(trx: Trx, tillId: string, cursor: string, limit: number): Promise<{ rows: PulledRow[]; more: boolean }> {
  // ORDER BY the bigint version: a bare `version` names the text alias and sorts '10' before '9'
  const result = await sql<PulledRow>`
    SELECT kind, id, body, version::text AS version FROM (
      (SELECT kind, id, body, version FROM records
       WHERE version > ${cursor}::int8 AND (kind <> 'tillConfig' OR id = ${tillId})
       ORDER BY version LIMIT ${limit + 1}::int4)
      UNION ALL
      (SELECT 'movement', m.event_id || ':' || m.account_id,
         json_build_object('eventId', m.event_id, 'accountId', m.account_id, 'kind', m.kind, 'contactId', m.contact_id, 'tillId', m.till_id,
           'tillName', COALESCE(NULLIF(t.name, ''), m.till_id), 'atMs', m.at_ms, 'userId', m.user_id, 'entryType', m.entry_type, 'amountMinor', m.amount_minor,
           'orderId', m.order_id, 'orderNumber', m.order_number, 'refundId', m.refund_id, 'methodId', m.method_id, 'reference', m.reference)::text,
         m.version
       FROM account_movements m LEFT JOIN tills t ON t.id = m.till_id
       WHERE m.version > ${cursor}::int8 AND m.till_id <> ${tillId}
       ORDER BY m.version LIMIT ${limit + 1}::int4)
    ) page
    ORDER BY page.version LIMIT ${limit + 1}::int4`.execute(trx);
  const rows = result.rows;
  const more = rows.length > limit;
  return { rows: more ? rows.slice(0, limit) : rows, more };
}
