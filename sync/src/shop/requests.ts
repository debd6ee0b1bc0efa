// Idempotency of the web shop's writes (shop_requests): a request id names one write. The
// same id with the same body (and the same shop, the same kind of write) answers the first
// answer again, whatever happened since; the same id with anything else is refused. Looked
// up under the server journal's lock, so two copies of one request cannot both write.
import { createHash } from 'node:crypto';
import { ok, refuse, type Result } from '../../../src/shared/result.ts';
import type { Trx } from '../store/tx.ts';

export type RequestKind = 'order' | 'installment_payment';

/** The fingerprint of a request: its kind, the shop that sent it and every field but its id. */
export function requestHashOf(kind: RequestKind, pointOfSaleId: string, body: unknown): string {
  return createHash('sha256').update(JSON.stringify([kind, pointOfSaleId, body])).digest('hex');
}

/** The stored answer of an earlier request with this id, a refusal if it differed, or null. */
export async function previousAnswer<T>(trx: Trx, requestId: string, requestHash: string): Promise<Result<T> | null> {
  const row = await trx.selectFrom('shop_requests').select(['request_hash', 'result']).where('request_id', '=', requestId).executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== requestHash) return refuse('request_conflict', { requestId });
  return ok(JSON.parse(row.result) as T);
}

export async function rememberAnswer(trx: Trx, request: { requestId: string; requestHash: string; kind: RequestKind; eventId: string; nowMs: number }, answer: unknown): Promise<void> {
  await trx
    .insertInto('shop_requests')
    .values({ request_id: request.requestId, request_hash: request.requestHash, kind: request.kind, event_id: request.eventId, result: JSON.stringify(answer), created_at_ms: request.nowMs })
    .execute();
}
