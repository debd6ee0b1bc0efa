// Client request ids (migration 011): a write the client may retry is known by its method,
// its user and the id the client gave it, and its hash covers the whole input. The same
// request again answers its first result and writes nothing; the same id with another
// input is request_conflict; another user's or another method's id is another request.
import type { MethodName } from '../../shared/api/contract.ts';
import { canonicalJson, type Json } from '../../shared/canonical-json.ts';
import { ok, refuse, type Result } from '../../shared/result.ts';
import { stmt, type Db } from './db/connection.ts';
import { sha256Hex, type Ctx } from './context.ts';

export interface ClientRequest {
  method: MethodName;
  userId: string;
  requestId: string;
  /** SHA-256 of the whole parsed input, as canonical JSON. */
  hash: string;
}

/** The input as JSON every field of it counts in: absent fields dropped, fractions kept as text. */
function toJson(value: unknown): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : `number:${value}`;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = toJson(v);
    return out;
  }
  return `${typeof value}:${String(value)}`;
}

export function requestOf(ctx: Ctx, method: MethodName, input: { requestId: string }): ClientRequest {
  return { method, userId: ctx.actor.userId, requestId: input.requestId, hash: sha256Hex(canonicalJson(toJson(input))) };
}

/**
 * ok(null): a new request. ok(resultId): the same request seen before, to be answered from
 * the id its first answer was built from. request_conflict: the same id with another input.
 */
export function findRequest(db: Db, request: ClientRequest): Result<string | null> {
  const row = stmt(db, 'SELECT request_hash, result_id FROM requests WHERE method = ? AND user_id = ? AND request_id = ?').get(request.method, request.userId, request.requestId) as
    | { request_hash: string; result_id: string }
    | undefined;
  if (!row) return ok(null);
  return row.request_hash === request.hash ? ok(row.result_id) : refuse('request_conflict');
}

/** Records a request with its result, in the transaction that wrote the result. */
export function recordRequest(db: Db, request: ClientRequest, resultId: string, nowMs: number): void {
  stmt(db, 'INSERT INTO requests (method, user_id, request_id, request_hash, result_id, created_at_ms) VALUES (?, ?, ?, ?, ?, ?)').run(
    request.method,
    request.userId,
    request.requestId,
    request.hash,
    resultId,
    nowMs,
  );
}

/**
 * What a service's own request_id column keeps (UNIQUE since migration 001): the scoped
 * stamp, so that two users' requests with one id can both be written.
 */
export function requestStamp(request: ClientRequest): string {
  return `${request.method}/${request.userId}/${request.requestId}`;
}
