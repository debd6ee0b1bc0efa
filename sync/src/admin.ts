// The administrator's side: tills (list, offline cap, revoke, the head and keys of one for
// the journal verifier), master data written as records for the tills to pull, the
// overdraft report and the web shop's keys. Every call bears the administrator's key
// (app.ts checks it).
import type { z } from 'zod';
import { type PutRecordsInput, type ShopKeySummary, type TillHead, type TillSettingsInput, type TillSummary } from '../../src/shared/api/sync-schemas.ts';
import { adminRecordKinds, type SyncRecord } from '../../src/shared/api/sync-records.ts';
import { inputIssue } from '../../src/shared/api/input-issues.ts';
import { assertNever } from '../../src/shared/assert.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import { newSecret, sha256 } from './auth.ts';
import type { ServerContext } from './context.ts';
import type { AdminOverdraft } from './outputs.ts';
import { tillKeysOf } from './ledger/till-keys.ts';
import { writeRecords } from './records.ts';
import { int, intOrNull } from './store/schema.ts';
import { transaction } from './store/tx.ts';

/** The key a record's body names it by: its id, the setting's key, the till, the account, the performance. */
export function recordKeyOf(record: SyncRecord): string {
  switch (record.kind) {
    case 'contact':
    case 'method':
    case 'pointOfSale':
    case 'venue':
    case 'event':
    case 'tariff':
    case 'performance':
    case 'item':
    case 'voucherProduct':
    case 'overdraft':
    case 'user':
    case 'till':
    case 'voucher':
    case 'installment':
      return record.body.id;
    case 'setting':
      return record.body.key;
    case 'tillConfig':
      return record.body.tillId;
    case 'balance':
      return record.body.accountId;
    case 'seats':
      return record.body.performanceId;
    case 'movement':
      return `${record.body.eventId}:${record.body.accountId}`;
    default:
      return assertNever(record, 'record kind');
  }
}

export async function putRecords(ctx: ServerContext, input: z.infer<typeof PutRecordsInput>): Promise<Result<{ written: number }>> {
  for (const [i, record] of input.records.entries()) {
    if (!(adminRecordKinds as readonly string[]).includes(record.kind)) return refuse('record_kind_not_allowed', { kind: record.kind });
    if (recordKeyOf(record) !== record.id) return refuse('invalid_input', inputIssue(`records.${i}.id`, `record ${record.kind} ${record.id} carries the body of ${recordKeyOf(record)}`));
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
      replacedAtMs: intOrNull(r.replaced_at_ms),
      head: { seq: int(r.head_seq), hash: r.head_hash },
      offlineCapMinor: int(r.offline_cap_minor),
      lastPushAtMs: intOrNull(r.last_push_at_ms),
    })),
  );
}

/**
 * What the server holds of a till's journal: the head it acknowledged and the keys it
 * registered, for `verify-journal --server` (or saved to a file for `--head-file`): the
 * journal's end kept outside the till.
 */
export async function tillHead(ctx: ServerContext, tillId: string): Promise<Result<TillHead>> {
  const till = await ctx.db.selectFrom('tills').select(['id', 'head_seq', 'head_hash', 'last_push_at_ms']).where('id', '=', tillId).where('is_server', '=', false).executeTakeFirst();
  if (!till) return refuse('till_not_found', { tillId: tillId.slice(0, 40) });
  const signingKeys = await tillKeysOf(ctx.db, tillId);
  return ok({ tillId, head: { seq: int(till.head_seq), hash: till.head_hash }, signingKeys, lastPushAtMs: intOrNull(till.last_push_at_ms), exportedAtMs: ctx.clock.nowMs() });
}


export async function listOverdrafts(ctx: ServerContext, contactId?: string): Promise<Result<AdminOverdraft[]>> {
  let query = ctx.db.selectFrom('overdrafts').selectAll().orderBy('id');
  if (contactId) query = query.where('contact_id', '=', contactId);
  const rows = await query.execute();
  return ok(
    rows.map((r) => ({
      id: r.id,
      accountId: r.account_id,
      kind: r.kind as AdminOverdraft['kind'], // written only from customerAccountOf: credit or deferred
      contactId: r.contact_id,
      excessMinor: int(r.excess_minor),
      eventId: r.event_id,
      tillId: r.till_id,
      atMs: int(r.at_ms),
      detectedAtMs: int(r.detected_at_ms),
    })),
  );
}

/** What names a shop key to the administrator: the first 16 hex digits of its SHA-256 (the key itself is never stored). */
export const shopKeyIdOf = (keyHash: string): string => keyHash.slice(0, 16);

/** A web shop's key for one point of sale, shown once, with the id that lists and revokes it. */
export async function createShopKey(ctx: ServerContext, pointOfSaleId: string): Promise<Result<{ key: string; keyId: string; pointOfSaleId: string }>> {
  const pos = await ctx.db.selectFrom('records').select('id').where('kind', '=', 'pointOfSale').where('id', '=', pointOfSaleId).executeTakeFirst();
  if (!pos) return refuse('point_of_sale_not_found', { pointOfSaleId });
  const key = newSecret();
  const keyHash = sha256(key);
  await ctx.db.insertInto('shop_keys').values({ key_hash: keyHash, point_of_sale_id: pointOfSaleId, created_at_ms: ctx.clock.nowMs() }).execute();
  return ok({ key, keyId: shopKeyIdOf(keyHash), pointOfSaleId });
}

export async function listShopKeys(ctx: ServerContext): Promise<Result<z.infer<typeof ShopKeySummary>[]>> {
  const rows = await ctx.db.selectFrom('shop_keys').selectAll().orderBy('created_at_ms').orderBy('key_hash').execute();
  return ok(rows.map((r) => ({ keyId: shopKeyIdOf(r.key_hash), pointOfSaleId: r.point_of_sale_id, createdAtMs: int(r.created_at_ms), revokedAtMs: intOrNull(r.revoked_at_ms) })));
}

/** Revokes a shop key at once (its next request is refused); revoking it again answers the first revocation. */
export async function revokeShopKey(ctx: ServerContext, keyId: string): Promise<Result<z.infer<typeof ShopKeySummary>>> {
  if (!/^[0-9a-f]{16}$/.test(keyId)) return refuse('shop_key_not_found', { keyId: keyId.slice(0, 40) });
  const now = ctx.clock.nowMs();
  return transaction(ctx.db, async (trx) => {
    const row = await trx.selectFrom('shop_keys').selectAll().where('key_hash', 'like', `${keyId}%`).forUpdate().executeTakeFirst();
    if (!row) return refuse('shop_key_not_found', { keyId });
    const revokedAtMs = row.revoked_at_ms === null ? now : int(row.revoked_at_ms);
    if (row.revoked_at_ms === null) await trx.updateTable('shop_keys').set({ revoked_at_ms: now }).where('key_hash', '=', row.key_hash).execute();
    return ok({ keyId, pointOfSaleId: row.point_of_sale_id, createdAtMs: int(row.created_at_ms), revokedAtMs });
  });
}
