// The answer of every service method across either door: a value or a typed refusal.
import type { ApiError, ErrorCode } from './api/errors.ts';

export type Ok<T> = { ok: true; value: T };
export type Refusal = { ok: false; error: ApiError };
export type Result<T> = Ok<T> | Refusal;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/**
 * A refusal. The message is filled in by the door in the user's language;
 * services only name the rule and give the numbers the message needs.
 */
export function refuse(code: ErrorCode, details?: Record<string, unknown>): Refusal {
  return details === undefined
    ? { ok: false, error: { code, message: code } }
    : { ok: false, error: { code, message: code, details } };
}
