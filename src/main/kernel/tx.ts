// Transactions as the services use them (STYLE.md §5, ADR 0009): a writing method is a
// check (reads only; every refusal is here) and an apply (writes; its type has no refusal),
// run in one IMMEDIATE transaction that rolls back whatever was written if a refusal comes
// back anyway — the guarantee no longer rests on a comment. (TigerBeetle's state machine:
// all checks, then "this transfer must succeed".)
import { ok, type Refusal, type Result } from '../../shared/result.ts';
import type { Db } from './db/connection.ts';
import { immediate } from './db/connection.ts';
import type { Ctx } from './context.ts';

/** Thrown inside the transaction to roll it back; caught at its edge and answered as the refusal it carries. */
class RefusalRollback extends Error {
  override name = 'RefusalRollback';
  constructor(readonly refusal: Refusal) {
    super(refusal.error.code);
  }
}

/**
 * Runs `body` in one IMMEDIATE transaction. A refusal returned by the body rolls back every
 * row it wrote and is answered as is; a throw rolls back and propagates (a bug, or the
 * disk); a value commits.
 */
export function transact<T>(db: Db, body: () => Result<T>): Result<T> {
  try {
    return immediate(db, () => {
      const result = body();
      if (!result.ok) throw new RefusalRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof RefusalRollback) return error.refusal;
    throw error;
  }
}

/** What an apply may return: anything but a Result (an apply does not refuse). */
export type Applied<O> = O extends { ok: boolean } ? never : O;

/** Reads only; every refusal of the method is here, in its documented order. */
export type Check<I, P, C extends Ctx = Ctx> = (ctx: C, input: I) => Result<P>;
/** Writes what the plan says; cannot refuse (its return type has no error branch). */
export type Apply<P, O, C extends Ctx = Ctx> = (ctx: C, plan: P) => Applied<O>;

/**
 * A writing method from its check and its apply, in one transaction: the check's refusal
 * writes nothing; the apply's output is the method's value. The check may answer a value
 * at once (a repeated request's first result) by returning `{ done: output }`.
 */
export function checkThenApply<I, P, O, C extends Ctx = Ctx>(check: Check<I, Planned<P, O>, C>, apply: Apply<P, O, C>): (ctx: C, input: I) => Result<O> {
  return (ctx, input) =>
    transact(ctx.db, () => {
      const planned = check(ctx, input);
      if (!planned.ok) return planned;
      if (planned.value.kind === 'done') return ok(planned.value.output);
      return ok(apply(ctx, planned.value.plan) as O);
    });
}

/** A check's answer: a plan to apply, or a value already there (a repeated request). */
export type Planned<P, O> = { kind: 'plan'; plan: P } | { kind: 'done'; output: O };

export function plan<P>(value: P): Result<{ kind: 'plan'; plan: P }> {
  return ok({ kind: 'plan', plan: value });
}

export function done<O>(output: O): Result<{ kind: 'done'; output: O }> {
  return ok({ kind: 'done', output });
}
