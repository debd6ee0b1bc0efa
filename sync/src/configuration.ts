// Configuration changed at an enrolled till (issue 16, D5): the server owns the box office's
// configuration, so an administrator's change at a till comes here first
// (POST /v1/configuration). The server stores its records with fresh versions — every till
// then takes them through its pull, the sending one too — and audits each record, who and
// which till, before and after (server migration 8), the PIN hashes of a user left out.
// The administrator's PUT /v1/admin/records remains for automation.
import { sql } from 'kysely';
import type { z } from 'zod';
import { type ConfigChangeRecord, type ConfigHistoryQuery, type ConfigurationInput, type ConfigurationOutput } from '../../src/shared/api/sync-schemas.ts';
import { configRecordKinds, type SyncRecord } from '../../src/shared/api/sync-records.ts';
import { inputIssue } from '../../src/shared/api/input-issues.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import { recordKeyOf } from './admin.ts';
import type { ServerContext } from './context.ts';
import { insertRecords, lockRecordVersions, readRecords } from './records.ts';
import { int } from './store/schema.ts';
import type { Trx } from './store/tx.ts';
import { transaction } from './store/tx.ts';

const isConfigKind = (kind: string) => (configRecordKinds as readonly string[]).includes(kind);

/** A record's body as the audit keeps it: a user's PIN salt and hash never (they change: `pinChanged` says so). */
function auditedBody(kind: string, body: string | null): string | null {
  if (body === null || kind !== 'user') return body;
  const { pinSalt: _salt, pinHash: _hash, ...rest } = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify(rest);
}

interface StoredRow { kind: string; id: string; body: string; version: string }

async function storedRows(trx: Trx, records: readonly { kind: string; id: string }[]): Promise<Map<string, StoredRow>> {
  const rows = await sql<StoredRow>`
    SELECT r.kind, r.id, r.body, r.version::text AS version FROM records r
    JOIN unnest(${records.map((x) => x.kind)}::text[], ${records.map((x) => x.id)}::text[]) AS k(kind, id) ON k.kind = r.kind AND k.id = r.id`.execute(trx);
  return new Map(rows.rows.map((r) => [`${r.kind}\u0000${r.id}`, r]));
}

const keyOf = (r: { kind: string; id: string }) => `${r.kind}\u0000${r.id}`;

/**
 * Checks: every record is configuration (record_kind_not_allowed otherwise: balances,
 * contacts and the offline cap have their own ways) and carries its own body. Then, under
 * the record version lock (so that the audit's `before` is exactly what the change
 * replaced): a record sent with the version the till changed it from is still at that
 * version (configuration_stale: changed at another till meanwhile); stores them and audits each. Answers the records as stored, with their versions.
 */
export async function changeConfiguration(ctx: ServerContext, tillId: string, input: z.infer<typeof ConfigurationInput>): Promise<Result<z.infer<typeof ConfigurationOutput>>> {
  for (const [i, record] of input.records.entries()) {
    if (!isConfigKind(record.kind)) return refuse('record_kind_not_allowed', { kind: record.kind });
    if (recordKeyOf(record) !== record.id) return refuse('invalid_input', inputIssue(`records.${i}.id`, `record ${record.kind} ${record.id} carries the body of ${recordKeyOf(record)}`));
  }
  const now = ctx.clock.nowMs();
  return transaction(ctx.db, async (trx) => {
    await lockRecordVersions(trx);
    const befores = await storedRows(trx, input.records);
    // a record sent with the version it was changed from must still be at that version: another till changed it meanwhile
    const stale = input.records.find((r) => r.version !== undefined && befores.has(keyOf(r)) && befores.get(keyOf(r))!.version !== r.version);
    if (stale) return refuse('configuration_stale', { kind: stale.kind, id: stale.id, version: befores.get(keyOf(stale))!.version });
    const writes = input.records.map((r) => ({ kind: r.kind, id: r.id, body: r.body }));
    await insertRecords(trx, writes as Parameters<typeof insertRecords>[1], now);
    const afters = await storedRows(trx, input.records);
    const changed = [...new Map(input.records.map((r) => [keyOf(r), r])).values()];
    await trx
      .insertInto('config_changes')
      .values(
        changed.map((r) => {
          const before = befores.get(keyOf(r))?.body ?? null;
          const after = afters.get(keyOf(r))!;
          const pinChanged = r.kind === 'user' ? (before === null ? true : (JSON.parse(before) as { pinHash: string }).pinHash !== r.body.pinHash) : null;
          return { at_ms: now, till_id: tillId, user_id: input.userId, kind: r.kind, record_id: r.id, version: after.version, before: auditedBody(r.kind, before), after: auditedBody(r.kind, after.body)!, pin_changed: pinChanged };
        }),
      )
      .execute();
    const records = input.records.map((r) => {
      const stored = afters.get(keyOf(r))!;
      return { kind: stored.kind, id: stored.id, body: JSON.parse(stored.body), version: stored.version } as SyncRecord;
    });
    return ok({ records, serverTimeMs: now });
  });
}

/**
 * Every change of one configuration record made at a till, newest first, with who made it
 * by name (GET /v1/admin/configuration/history; a till's configuration.history asks
 * GET /v1/configuration/history).
 */
export async function configurationHistory(ctx: ServerContext, query: z.infer<typeof ConfigHistoryQuery>): Promise<Result<z.infer<typeof ConfigChangeRecord>[]>> {
  const rows = await ctx.db.selectFrom('config_changes').selectAll().where('kind', '=', query.kind).where('record_id', '=', query.id).orderBy('version', 'desc').execute();
  const users = await readRecords(ctx.db, 'user', rows.map((r) => r.user_id));
  return ok(
    rows.map((r) => ({
      atMs: int(r.at_ms),
      tillId: r.till_id,
      userId: r.user_id,
      userName: users.get(r.user_id)?.name ?? r.user_id,
      version: String(r.version),
      before: r.before === null ? null : (JSON.parse(r.before) as Record<string, unknown>),
      after: JSON.parse(r.after) as Record<string, unknown>,
      pinChanged: r.pin_changed,
    })),
  );
}
