// The one entrance to the services, shared by both doors: authenticate, authorise,
// validate the input at the door, run, and answer {ok, value} or {ok: false, error} —
// never a throw, never a partial write (each method writes in one transaction).
import type { z } from 'zod';
import { contract, isMethodName, type MethodName } from '../../shared/api/contract.ts';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { inputIssues, nulIssue } from '../../shared/api/input-issues.ts';
import { errorMessage } from '../../shared/i18n/messages.ts';
import { ok, refuse, type Refusal, type Result } from '../../shared/result.ts';
import { PostingsRefused } from './ledger/bounds.ts';
import { recordAudit } from './audit.ts';
import { resolveToken } from './auth.ts';
import { can, type TillContext } from './context.ts';
import { isAsyncImplementation, type AnyImplementation, type AnyPublicImplementation, type Env, type Registry } from './methods.ts';

/**
 * The one entrance. Called as a function it answers a synchronous method at once (what
 * tests and tools call); `answer` awaits any method, asynchronous ones included (issue 16,
 * D5): both doors call `answer`.
 */
export interface Dispatch {
  (method: string, input: unknown, token: string | null): Result<unknown>;
  answer(method: string, input: unknown, token: string | null): Promise<Result<unknown>>;
}

export interface DispatchOptions extends Env {
  /** Parse every output against its schema too (tests and development). */
  checkOutputs?: boolean;
  log?: (message: string, error: unknown) => void;
}

/**
 * The first broken field names the code: a quantity gets quantity_invalid, an amount
 * (a field ending in Minor) amount_invalid, or amount_too_large past its limit (with the
 * limit), anything else invalid_input.
 */
export function refusalForInput(error: z.ZodError): Refusal {
  const first = error.issues[0];
  const path = first?.path.map(String) ?? [];
  const leaf = path[path.length - 1] ?? '';
  if (leaf.endsWith('Minor') && first?.code === 'too_big') {
    // zod also reports the safe-integer bound of .int(): the field's own limit is the smaller one
    const field = path.join('.');
    const maxima = error.issues.filter((i) => i.code === 'too_big' && i.path.map(String).join('.') === field).map((i) => Number((i as { maximum: unknown }).maximum));
    return refuse('amount_too_large', { field, maxMinor: Math.min(...maxima) });
  }
  const code: ErrorCode = leaf === 'quantity' || leaf === 'count' ? 'quantity_invalid' : leaf.endsWith('Minor') ? 'amount_invalid' : 'invalid_input';
  return refuse(code, inputIssues(error));
}

/** The input as the method's schema reads it, or its refusal (a NUL anywhere first: nulIssue). */
function readInput(schema: z.ZodType, input: unknown): Result<unknown> {
  const nul = nulIssue(input);
  if (nul) return refuse('invalid_input', nul);
  const parsed = schema.safeParse(input ?? {});
  return parsed.success ? ok(parsed.data) : refusalForInput(parsed.error);
}

export function createDispatch(till: TillContext, registry: Registry, options: DispatchOptions): Dispatch {
  const { publicMethods, methods } = registry;
  const localise = (result: Result<unknown>): Result<unknown> => {
    if (result.ok) return result;
    let message: string;
    try {
      const institution = till.config.institution();
      message = errorMessage(result.error.code, result.error.details, { language: options.defaultLanguage, currency: institution.currency, country: institution.country, timeZone: institution.timeZone });
    } catch {
      message = result.error.code;
    }
    return { ok: false, error: { ...result.error, message } };
  };

  /** Steps 1–4 (the caller, its permission, the input) and the call to make, not made yet. */
  const prepare = (method: MethodName, input: unknown, token: string | null): Result<Prepared> => {
    // between two calls no transaction is open: configuration read from now on may be kept
    till.config.settle();
    const spec = contract[method];
    const publicImplementation = publicMethods[method] as AnyPublicImplementation<typeof method> | undefined;
    if (publicImplementation) {
      const data = readInput(spec.input, input);
      if (!data.ok) return data;
      return ok({ implementation: publicImplementation as AnyImplementation<typeof method>, ctx: till as never, data: data.value });
    }
    const actor = resolveToken(till, token);
    if (!actor.ok) return actor;
    if (spec.access !== 'login' && spec.access !== 'public' && !can(actor.value, spec.access)) {
      recordAudit(till, { userId: actor.value.userId, action: 'auth.denied', details: { method, permission: spec.access } });
      return refuse('not_permitted', { permission: spec.access });
    }
    const data = readInput(spec.input, input);
    if (!data.ok) return data;
    const implementation = methods[method] as AnyImplementation<typeof method> | undefined;
    if (!implementation) return refuse('unknown_method', { method });
    // each field named: {...till, actor} would be a dictionary-mode object (~1.5 KB) on every call
    const ctx = { db: till.db, journalKey: till.journalKey, tillId: till.tillId, clock: till.clock, ids: till.ids, config: till.config, signer: till.signer, print: till.print, sync: till.sync, sealer: till.sealer, actor: actor.value };
    return ok({ implementation, ctx: ctx as never, data: data.value });
  };

  const checked = (method: MethodName, result: Result<unknown>): Result<unknown> => {
    if (result.ok && options.checkOutputs) {
      const parsed = contract[method].output.safeParse(result.value);
      if (!parsed.success) throw new Error(`output of ${method} breaks its schema: ${parsed.error.message}`);
    }
    return localise(result);
  };

  const failed = (method: MethodName, error: unknown): Result<unknown> => {
    // a ledger bound met by a path that did not check it first: refused, and rolled back
    if (error instanceof PostingsRefused) return localise(error.refusal);
    options.log?.(`${method} failed`, error);
    return localise(refuse('internal_error'));
  };

  const dispatch = (method: string, input: unknown, token: string | null): Result<unknown> => {
    if (!isMethodName(method)) return localise(refuse('unknown_method', { method: String(method).slice(0, 64) }));
    try {
      const prepared = prepare(method, input, token);
      if (!prepared.ok) return localise(prepared);
      const { implementation, ctx, data } = prepared.value;
      if (isAsyncImplementation(implementation)) {
        // a programmer's mistake (a test or tool calling an asynchronous method synchronously): nothing runs
        options.log?.(`${method} is asynchronous: call dispatch.answer`, null);
        return localise(refuse('internal_error'));
      }
      return checked(method, implementation(ctx, data as never, options));
    } catch (error) {
      return failed(method, error);
    }
  };

  const answer = async (method: string, input: unknown, token: string | null): Promise<Result<unknown>> => {
    if (!isMethodName(method)) return localise(refuse('unknown_method', { method: String(method).slice(0, 64) }));
    try {
      const prepared = prepare(method, input, token);
      if (!prepared.ok) return localise(prepared);
      const { implementation, ctx, data } = prepared.value;
      return checked(method, isAsyncImplementation(implementation) ? await implementation.awaits(ctx, data as never, options) : implementation(ctx, data as never, options));
    } catch (error) {
      return failed(method, error);
    }
  };

  return Object.assign(dispatch, { answer });
}

/**
 * A call authorised and parsed, to make now (synchronous) or to await: its implementation
 * and arguments as data, not a closure (a closure a call would cost a function object and,
 * under tsx's keepNames, a defineProperty on every call).
 */
interface Prepared {
  implementation: AnyImplementation<MethodName>;
  /** The caller's context, or the till's for a public method. */
  ctx: never;
  data: unknown;
}
