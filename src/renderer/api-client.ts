// The renderer's one way to the services. Through the Electron bridge when the preload
// exposes it, else POST /api/<method> on web mode; both answer the same Result, so the
// screens cannot tell which door they use. It never throws.
import type { GuichetBridge, InputOf, MethodName, OutputOf } from '../shared/api/contract.ts';
import type { ApiError } from '../shared/api/errors.ts';
import type { Refusal, Result } from '../shared/result.ts';

declare global {
  interface Window {
    guichet?: GuichetBridge;
  }
}

let bearerToken: string | null = null;
const authLostListeners = new Set<() => void>();

/** The login session every later call carries (null: logged out). */
export function setToken(token: string | null): void {
  bearerToken = token;
}

/** Called when the services say the login session is gone (expired, ended elsewhere). */
export function onAuthLost(listener: () => void): () => void {
  authLostListeners.add(listener);
  return () => authLostListeners.delete(listener);
}

function internalError(cause: string): Refusal {
  return { ok: false, error: { code: 'internal_error', message: cause } };
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as { ok?: unknown; value?: unknown; error?: unknown };
  return answer.ok === true ? 'value' in answer : answer.ok === false && isApiError(answer.error);
}

async function send(method: MethodName, input: unknown): Promise<unknown> {
  const bridge = window.guichet;
  if (bridge) return bridge.call(method, input, bearerToken);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (bearerToken) headers.Authorization = `Bearer ${bearerToken}`;
  const response = await fetch(`/api/${method}`, { method: 'POST', headers, body: JSON.stringify(input) });
  return response.json();
}

export async function call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>> {
  let answer: unknown;
  try {
    answer = await send(method, input);
  } catch (error) {
    return internalError(error instanceof Error ? error.message : String(error));
  }
  if (!isResult(answer)) return internalError(`malformed answer to ${method}`);
  if (!answer.ok && bearerToken && (answer.error.code === 'session_expired' || answer.error.code === 'not_authenticated')) {
    for (const listener of authLostListeners) listener();
  }
  return answer as Result<OutputOf<M>>;
}
