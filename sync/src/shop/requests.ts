// Idempotency of the web shop's writes (shop_requests): a request id names one write of one
// shop (its point of sale) and one kind. The same id with the same body answers the first
// answer again, whatever happened since; the same id with another body is refused
// (request_conflict). Another shop, or another kind of write, has its own ids: a request id
// of one never blocks nor reveals another's. Looked up under the server journal's lock, so
// two copies of one request cannot both write.
import { createHash } from 'node:crypto';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import type { Db } from '../store/store.ts';
import type { Trx } from '../store/tx.ts';

export type RequestKind = 'order' | 'installment_payment' | 'contact';

/**
 * The fingerprint of a request: its kind, the shop that sent it and every field but its
 * id. Kind and shop are also the row's key now (migration 4); they stay in the hash so that
 * the answers stored before compare as they did.
 */
export function requestHashOf(kind: RequestKind, pointOfSaleId: string, body: unknown): string {
  return createHash('sha256').update(JSON.stringify([kind, pointOfSaleId, body])).digest('hex');
}

export interface RequestKey {
  pointOfSaleId: string;
  kind: RequestKind;
  requestId: string;
}

/** The stored answer of an earlier request with this key, a refusal if its body differed, or null. */
export async function previousAnswer<T>(trx: Trx, key: RequestKey, requestHash: string): Promise<Result<T> | null> {
  const row = await trx
    .selectFrom('shop_requests')
    .select(['request_hash', 'result'])
    .where('point_of_sale_id', '=', key.pointOfSaleId)
    .where('kind', '=', key.kind)
    .where('request_id', '=', key.requestId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== requestHash) return refuse('request_conflict', { requestId: key.requestId });
  return ok(JSON.parse(row.result) as T);
}

export interface RememberedRequest extends RequestKey {
  requestHash: string;
  /** What the write made (order id, settlement id, contact id): the answer is read back by it. */
  objectId: string;
  eventId: string | null;
  nowMs: number;
}

export async function rememberAnswer(trx: Trx, request: RememberedRequest, answer: unknown): Promise<void> {
  await trx
    .insertInto('shop_requests')
    .values({
      point_of_sale_id: request.pointOfSaleId,
      kind: request.kind,
      request_id: request.requestId,
      request_hash: request.requestHash,
      object_id: request.objectId,
      event_id: request.eventId,
      result: JSON.stringify(answer),
      created_at_ms: request.nowMs,
    })
    .execute();
}

/** The answer a shop's write of this kind gave, found by its request id or by what it made; null if this shop wrote none. */
export async function storedAnswer(db: Db | Trx, pointOfSaleId: string, kind: RequestKind, by: { requestId: string } | { objectId: string }): Promise<unknown> {
  let query = db.selectFrom('shop_requests').select('result').where('point_of_sale_id', '=', pointOfSaleId).where('kind', '=', kind);
  query = 'requestId' in by ? query.where('request_id', '=', by.requestId) : query.where('object_id', '=', by.objectId);
  const row = await query.executeTakeFirst();
  return row ? (JSON.parse(row.result) as unknown) : null;
}
