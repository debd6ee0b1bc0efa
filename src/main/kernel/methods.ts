// What a method implementation is, and the table a capability registers its methods in
// (as Actual's `app.method(...)` per feature): the registry merges the tables, and its
// mapped type makes a contract method without an implementation a compile error.
import type { MethodName, OutputOf, ParsedInputOf } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/result.ts';
import type { Ctx, TillContext } from './context.ts';

export interface Env {
  defaultLanguage: 'fr' | 'en';
}

/**
 * Public methods get the till context; the others a context with the logged-in actor.
 * A method answers synchronously, unless it is registered `awaits(…)`: a better-sqlite3
 * transaction never spans an await either way.
 */
export type Implementation<M extends MethodName> = (ctx: Ctx, input: ParsedInputOf<M>, env: Env) => Result<OutputOf<M>>;
export type PublicImplementation<M extends MethodName> = (till: TillContext, input: ParsedInputOf<M>, env: Env) => Result<OutputOf<M>>;

/**
 * A method that may wait before it answers (issue 16, D5: a configuration change at an
 * enrolled till goes to the ledger server first). Its checks may await; its writes are one
 * synchronous transaction made after the last await, as every method's.
 */
export interface AsyncImplementation<C, I, O> {
  readonly awaits: (ctx: C, input: I, env: Env) => Promise<Result<O>>;
}

/** Marks an implementation as asynchronous: the doors await it; the synchronous dispatch refuses it. */
export function awaits<C, I, O>(implementation: (ctx: C, input: I, env: Env) => Promise<Result<O>>): AsyncImplementation<C, I, O> {
  return { awaits: implementation };
}

export function isAsyncImplementation(value: unknown): value is AsyncImplementation<never, never, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { awaits?: unknown }).awaits === 'function';
}

export type AnyImplementation<M extends MethodName> = Implementation<M> | AsyncImplementation<Ctx, ParsedInputOf<M>, OutputOf<M>>;
export type AnyPublicImplementation<M extends MethodName> = PublicImplementation<M> | AsyncImplementation<TillContext, ParsedInputOf<M>, OutputOf<M>>;

/** A capability's methods: `{ 'credit.fund': fundCredit, … } satisfies MethodTable`. */
export type MethodTable = { [M in MethodName]?: AnyImplementation<M> };
export type PublicMethodTable = { [M in MethodName]?: AnyPublicImplementation<M> };

/** The whole registry a dispatcher serves. */
export interface Registry {
  publicMethods: PublicMethodTable;
  methods: MethodTable;
}
