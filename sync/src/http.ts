// How the ledger server answers over HTTP: a route is a row of a table (method, path, who
// may call it, the zod schemas of its path parameters, query, body and answer, and its
// handler), and serveRoute is the one place that authorises the caller, parses the input
// and answers the envelope the till reads, { ok: true, value } or { ok: false, error:
// { code, message, details } } with the HTTP status of the code. Refused input is
// invalid_input with the till's details, { field, issues: [{ path, message }] }.
import type { Context } from 'hono';
import { z } from 'zod';
import { errorStatus, type ErrorCode } from '../../src/shared/api/errors.ts';
import { inputIssue, inputIssues, mayHoldNul, nulIssue } from '../../src/shared/api/input-issues.ts';
import { errorMessage } from '../../src/shared/i18n/messages.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import { callerOf, type Access, type Callers } from './auth.ts';
import type { ServerContext } from './context.ts';

export type { Access } from './auth.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

const noParams = z.object({});
const noQuery = z.object({});
/** A route without a body schema never reads the body (a revocation's POST carries none). */
const noBody = z.undefined();

export interface RouteRequest<A extends Access, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  caller: Callers[A];
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
}

export interface RouteSpec<A extends Access, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, O extends z.ZodType> {
  method: HttpMethod;
  /** Hono's pattern, `:name` for a path parameter. */
  path: `/v1${string}`;
  access: A;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  output: O;
  /** The refusal codes its handler may answer beyond the door's (listed by GET /v1 for a client to translate or act on). */
  refusals?: readonly ErrorCode[];
  /** Reads the JSON body as `body` does, faster (the push's hot path, shared/api/push-input.ts); `body` still describes it. */
  readBody?: BodyReader<z.output<B>>;
  handle(ctx: ServerContext, request: RouteRequest<A, P, Q, B>): Promise<Result<z.output<O>>>;
}

/** A route with its types checked and erased, as the table holds it. */
export interface Route {
  method: HttpMethod;
  path: `/v1${string}`;
  access: Access;
  summary: string;
  params: z.ZodType;
  query: z.ZodType;
  body: z.ZodType;
  output: z.ZodType;
  refusals?: readonly ErrorCode[];
  readBody?: BodyReader<unknown>;
  handle(ctx: ServerContext, request: { caller: Callers[Access]; params: unknown; query: unknown; body: unknown }): Promise<Result<unknown>>;
}

/** A row of a route table: the handler's input and answer are typed by the row's schemas. */
export function route<A extends Access, P extends z.ZodType = typeof noParams, Q extends z.ZodType = typeof noQuery, B extends z.ZodType = typeof noBody, O extends z.ZodType = z.ZodType>(
  spec: RouteSpec<A, P, Q, B, O>,
): Route {
  return { ...spec, params: spec.params ?? noParams, query: spec.query ?? noQuery, body: spec.body ?? noBody } as unknown as Route;
}

/** A body schema's reading of a parsed JSON body, as zod's safeParse answers it. */
export type BodyReader<T> = (raw: unknown) => z.ZodSafeParseResult<T>;

export interface ServeOptions {
  /** Parse every answer against its route's output schema too (tests): a mismatch is a loud 500. */
  checkOutputs?: boolean;
}

/** Authorise, parse, handle, answer: every route goes through here. */
export async function serveRoute(c: Context, ctx: ServerContext, r: Route, options: ServeOptions): Promise<Response> {
  const result = await handled(c, ctx, r);
  if (result.ok && options.checkOutputs) {
    const checked = r.output.safeParse(result.value);
    if (!checked.success) throw new Error(`the answer of ${r.method} ${r.path} breaks its schema: ${checked.error.message}`);
  }
  return reply(c, result);
}

async function handled(c: Context, ctx: ServerContext, r: Route): Promise<Result<unknown>> {
  const caller = await callerOf(ctx.db, r.access, c.req.header('authorization'));
  if (!caller.ok) return caller;
  const params = parseValue(r.params, c.req.param());
  if (!params.ok) return params;
  const query = parseValue(r.query, queryOf(c));
  if (!query.ok) return query;
  const body = r.body === noBody ? ok(undefined) : await parseBody(c, r.readBody ?? ((raw) => r.body.safeParse(raw)));
  if (!body.ok) return body;
  return r.handle(ctx, { caller: caller.value, params: params.value, query: query.value, body: body.value });
}

/** The query's first value of each name; an empty value is no value (`?limit=` takes the default). */
function queryOf(c: Context): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
}

type Language = 'fr' | 'en';

function languageOf(c: Context): Language {
  return /^en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'fr';
}

/** The envelope with the status of its code; a refusal's message in the caller's language. */
export function reply(c: Context, result: Result<unknown>, headers: Record<string, string> = {}): Response {
  if (result.ok) return c.json(result, 200);
  const { code, details } = result.error;
  const message = errorMessage(code, details, { language: languageOf(c), currency: 'CHF', country: 'CH' });
  return c.json({ ok: false, error: { code, message, ...(details ? { details } : {}) } }, errorStatus[code] as 400, headers);
}

/** The JSON body read by a wire schema's reader, or the refusal to send. */
async function parseBody<T>(c: Context, read: BodyReader<T>): Promise<Result<T>> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return refuse('unsupported_media_type');
  let text: string;
  let raw: unknown;
  try {
    text = await c.req.text();
    raw = JSON.parse(text);
  } catch {
    return refuse('invalid_input', inputIssue('', 'the body is not JSON'));
  }
  const nul = mayHoldNul(text) ? nulIssue(raw) : null;
  if (nul) return refuse('invalid_input', nul);
  return readValue(read, raw);
}

export function parseValue<S extends z.ZodType>(schema: S, raw: unknown): Result<z.output<S>> {
  return readValue((value) => schema.safeParse(value), raw);
}

function readValue<T>(read: BodyReader<T>, raw: unknown): Result<T> {
  const parsed = read(raw);
  return parsed.success ? ok(parsed.data) : refuse('invalid_input', inputIssues(parsed.error));
}

const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** The table as `GET /v1` lists it: each route with JSON Schemas of its input and answer. */
export function describeRoutes(routes: readonly Route[]) {
  return {
    routes: routes.map((r) => ({
      method: r.method,
      path: r.path,
      access: r.access,
      summary: r.summary,
      params: jsonSchemaOf(r.params, 'input'),
      query: jsonSchemaOf(r.query, 'input'),
      body: r.body === noBody ? null : jsonSchemaOf(r.body, 'input'),
      output: jsonSchemaOf(r.output, 'output'),
      ...(r.refusals ? { refusals: [...r.refusals] } : {}),
    })),
  };
}
