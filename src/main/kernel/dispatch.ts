// The one entrance to the services, shared by both doors: authenticate, authorise,
// validate the input at the door, run, and answer {ok, value} or {ok: false, error} —
// never a throw, never a partial write (each method writes in one transaction).
import type { z } from 'zod';
import { contract, isMethodName, type MethodName } from '../../shared/api/contract.ts';
import type { ErrorCode } from '../../shared/api/errors.ts';
import { inputIssues } from '../../shared/api/input-issues.ts';
import { errorMessage } from '../../shared/i18n/messages.ts';
import { refuse, type Refusal, type Result } from '../../shared/result.ts';
import { PostingsRefused } from './ledger/bounds.ts';
import { recordAudit } from './audit.ts';
import { resolveToken } from './auth.ts';
import { can, type TillContext } from './context.ts';
import type { Env, Implementation, PublicImplementation, Registry } from './methods.ts';

export type Dispatch = (method: string, input: unknown, token: string | null) => Result<unknown>;

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

  const run = (method: MethodName, input: unknown, token: string | null): Result<unknown> => {
    // between two calls no transaction is open: configuration read from now on may be kept
    till.config.settle();
    const spec = contract[method];
    const publicImplementation = publicMethods[method] as PublicImplementation<typeof method> | undefined;
    if (publicImplementation) {
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) return refusalForInput(parsed.error);
      return publicImplementation(till, parsed.data as never, options);
    }
    const actor = resolveToken(till, token);
    if (!actor.ok) return actor;
    if (spec.access !== 'login' && spec.access !== 'public' && !can(actor.value, spec.access)) {
      recordAudit(till, { userId: actor.value.userId, action: 'auth.denied', details: { method, permission: spec.access } });
      return refuse('not_permitted', { permission: spec.access });
    }
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) return refusalForInput(parsed.error);
    const implementation = methods[method] as Implementation<typeof method> | undefined;
    if (!implementation) return refuse('unknown_method', { method });
    // each field named: {...till, actor} would be a dictionary-mode object (~1.5 KB) on every call
    const ctx = { db: till.db, journalKey: till.journalKey, tillId: till.tillId, clock: till.clock, ids: till.ids, config: till.config, print: till.print, sync: till.sync, actor: actor.value };
    return implementation(ctx, parsed.data as never, options);
  };

  return (method, input, token) => {
    if (!isMethodName(method)) return localise(refuse('unknown_method', { method: String(method).slice(0, 64) }));
    try {
      const result = run(method, input, token);
      if (result.ok && options.checkOutputs) {
        const checked = contract[method].output.safeParse(result.value);
        if (!checked.success) throw new Error(`output of ${method} breaks its schema: ${checked.error.message}`);
      }
      return localise(result);
    } catch (error) {
      // a ledger bound met by a path that did not check it first: refused, and rolled back
      if (error instanceof PostingsRefused) return localise(error.refusal);
      options.log?.(`${method} failed`, error);
      return localise(refuse('internal_error'));
    }
  };
}
