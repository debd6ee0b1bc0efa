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
 * Every method answers synchronously: a better-sqlite3 transaction never spans an await.
 */
export type Implementation<M extends MethodName> = (ctx: Ctx, input: ParsedInputOf<M>, env: Env) => Result<OutputOf<M>>;
export type PublicImplementation<M extends MethodName> = (till: TillContext, input: ParsedInputOf<M>, env: Env) => Result<OutputOf<M>>;

/** A capability's methods: `{ 'credit.fund': fundCredit, … } satisfies MethodTable`. */
export type MethodTable = { [M in MethodName]?: Implementation<M> };
export type PublicMethodTable = { [M in MethodName]?: PublicImplementation<M> };

/** The whole registry a dispatcher serves. */
export interface Registry {
  publicMethods: PublicMethodTable;
  methods: MethodTable;
}
