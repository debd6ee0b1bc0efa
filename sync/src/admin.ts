// The administrator's side: tills (list, offline cap, revoke), master data written as
// records for the tills to pull, the overdraft report and the web shop's keys. Every call
// bears the administrator's key (app.ts checks it).
import type { z } from 'zod';
import { adminRecordKinds, type PutRecordsInput, type SyncRecord, type TillSettingsInput, type TillSummary } from '../../src/shared/api/sync-schemas.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import { newSecret, sha256 } from './auth.ts';
import type { ServerContext } from './context.ts';
import { writeRecords } from './records.ts';
import { int, intOrNull } from './store/schema.ts';
import { transaction } from './store/tx.ts';

/** The key a record's body names it by: its id, the setting's key, the till, the account. */
export function recordKeyOf(record: SyncRecord): string {
  const body = record.body as { id?: string; key?: string; tillId?: string; accountId?: string };
  return body.id ?? body.key ?? body.tillId ?? body.accountId ?? '';
}

export async function putRecords(ctx: ServerContext, input: z.infer<typeof PutRecordsInput>): Promise<Result<{ written: number }>> {
  for (const record of input.records) {
    if (!(adminRecordKinds as readonly string[]).includes(record.kind)) return refuse('record_kind_not_allowed', { kind: record.kind });
    if (recordKeyOf(record) !== record.id) return refuse('invalid_input', { reason: `record ${record.kind} ${record.id} carries the body of ${recordKeyOf(record)}` });
  }
  const now = ctx.clock.nowMs();
  return transaction(ctx.db, async (trx) => {
    const configs = input.records.filter((r) => r.kind === 'tillConfig');
    for (const r of configs) {
      if (r.kind !== 'tillConfig') continue;
      const till = await trx.updateTable('tills').set({ offline_cap_minor: r.body.offlineCapMinor }).where('id', '=', r.id).where('is_server', '=', false).returning('id').executeTakeFirst();
      if (!till) return refuse('till_not_found', { tillId: r.id });
    }
    await writeRecords(trx, input.records, now);
    return ok({ written: input.records.length });
  });
}

export async function setTillSettings(ctx: ServerContext, tillId: string, input: z.infer<typeof TillSettingsInput>): Promise<Result<{ tillId: string; offlineCapMinor: number }>> {
  const written = await putRecords(ctx, { records: [{ kind: 'tillConfig', id: tillId, body: { tillId, offlineCapMinor: input.offlineCapMinor } }] });
  return written.ok ? ok({ tillId, offlineCapMinor: input.offlineCapMinor }) : written;
}

export async function listTills(ctx: ServerContext): Promise<Result<z.infer<typeof TillSummary>[]>> {
  const rows = await ctx.db.selectFrom('tills').selectAll().where('is_server', '=', false).orderBy('id').execute();
  return ok(
    rows.map((r) => ({
      tillId: r.id,
      name: r.name,
      enrolledAtMs: intOrNull(r.enrolled_at_ms),
      revokedAtMs: intOrNull(r.revoked_at_ms),
      head: { seq: int(r.head_seq), hash: r.head_hash },
      offlineCapMinor: int(r.offline_cap_minor),
      lastPushAtMs: intOrNull(r.last_push_at_ms),
    })),
  );
}

export interface OverdraftRow {
  id: string;
  accountId: string;
  kind: string;
  contactId: string;
  excessMinor: number;
  eventId: string;
  tillId: string;
  atMs: number;
  detectedAtMs: number;
}

export async function listOverdrafts(ctx: ServerContext, contactId?: string): Promise<Result<OverdraftRow[]>> {
  let query = ctx.db.selectFrom('overdrafts').selectAll().orderBy('id');
  if (contactId) query = query.where('contact_id', '=', contactId);
  const rows = await query.execute();
  return ok(
    rows.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      kind: r.kind,
      contactId: r.contact_id,
      excessMinor: int(r.excess_minor),
      eventId: r.event_id,
      tillId: r.till_id,
      atMs: int(r.at_ms),
      detectedAtMs: int(r.detected_at_ms),
    })),
  );
}

/** A web shop's key for one point of sale, shown once. */
export async function createShopKey(ctx: ServerContext, pointOfSaleId: string): Promise<Result<{ key: string; pointOfSaleId: string }>> {
  const pos = await ctx.db.selectFrom('records').select('id').where('kind', '=', 'pointOfSale').where('id', '=', pointOfSaleId).executeTakeFirst();
  if (!pos) return refuse('point_of_sale_not_found', { pointOfSaleId });
  const key = newSecret();
  await ctx.db.insertInto('shop_keys').values({ key_hash: sha256(key), point_of_sale_id: pointOfSaleId, created_at_ms: ctx.clock.nowMs() }).execute();
  return ok({ key, pointOfSaleId });
}
