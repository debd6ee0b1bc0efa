// The ledger server's HTTP door. Every answer is the envelope the till reads,
// { ok: true, value } or { ok: false, error: { code, message, details } }, with the HTTP
// status of the code; input is parsed by the shared wire schemas before anything runs.
//   GET  /v1/health
//   POST /v1/enrol                                   (one-time code)
//   POST /v1/push, GET /v1/pull?cursor=              (till token)
//   /v1/admin/...                                    (administrator's key)
//   /v1/shop/...                                     (a web shop's key)
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { errorStatus, type ErrorCode } from '../../src/shared/api/errors.ts';
import { closeConnectionHeaders, isWellFormedPath } from '../../src/shared/api/http-door.ts';
import * as wire from '../../src/shared/api/sync-schemas.ts';
import { errorMessage } from '../../src/shared/i18n/messages.ts';
import { ok, refuse, type Result } from '../../src/shared/result.ts';
import { createShopKey, listOverdrafts, listShopKeys, listTills, putRecords, revokeShopKey, setTillSettings, tillHead } from './admin.ts';
import { bearer, pointOfSaleOfShopKey, sha256, tillOfToken } from './auth.ts';
import type { ServerContext } from './context.ts';
import { createEnrolmentCode, enrol, revokeTill } from './enrol.ts';
import { pull } from './pull.ts';
import { push } from './push.ts';
import { shopRoutes } from './shop/routes.ts';
import type { Engine } from './store/store.ts';

export const serverVersion = '1';

export interface AppOptions {
  engine: Engine;
  /** Where the store lives, for /v1/health. */
  location: string;
}

type Language = 'fr' | 'en';

function languageOf(c: Context): Language {
  return /^en\b/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'fr';
}

export function reply(c: Context, result: Result<unknown>, headers: Record<string, string> = {}): Response {
  if (result.ok) return c.json(result, 200);
  const { code, details } = result.error;
  const message = errorMessage(code, details, { language: languageOf(c), currency: 'CHF', country: 'CH' });
  return c.json({ ok: false, error: { code, message, ...(details ? { details } : {}) } }, errorStatus[code] as 400, headers);
}

/** The JSON body parsed by a wire schema, or the refusal to send. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<Result<z.infer<S>>> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return refuse('unsupported_media_type');
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    return refuse('invalid_input', { reason: 'the body is not JSON' });
  }
  return parseValue(schema, raw);
}

export function parseValue<S extends z.ZodType>(schema: S, raw: unknown): Result<z.infer<S>> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  return refuse('invalid_input', { reason: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
}

export function createServerApp(ctx: ServerContext, options: AppOptions): Hono {
  const app = new Hono();
  // a path that does not decode is the client's mistake (400), not the server's (500)
  app.use('*', async (c, next) => (isWellFormedPath(c.req.url) ? next() : reply(c, refuse('path_invalid'))));
  // bodies are counted as they stream in (chunked ones too) and cut at the limit, the connection closed
  app.use('*', bodyLimit({ maxSize: wire.syncBodyBytesMax, onError: (c) => reply(c, refuse('body_too_large', { maxBytes: wire.syncBodyBytesMax }), closeConnectionHeaders) }));
  app.onError((error, c) => {
    ctx.log(`internal error on ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return reply(c, refuse('internal_error'));
  });
  app.notFound((c) => reply(c, refuse('unknown_method', { method: `${c.req.method} ${c.req.path}` })));

  app.get('/v1/health', async (c) => {
    await ctx.db.selectFrom('server_migrations').select('version').limit(1).execute();
    return reply(c, ok({ version: serverVersion, engine: options.engine, serverTimeMs: ctx.clock.nowMs() }));
  });

  app.post('/v1/enrol', async (c) => {
    const input = await parseBody(c, wire.EnrolInput);
    return reply(c, input.ok ? await enrol(ctx, input.value) : input);
  });

  const tillOf = async (c: Context): Promise<Result<string>> => {
    const check = await tillOfToken(ctx.db, bearer(c.req.header('authorization')));
    return check.ok ? ok(check.tillId) : refuse(check.code);
  };
  app.post('/v1/push', async (c) => {
    const till = await tillOf(c);
    if (!till.ok) return reply(c, till);
    const input = await parseBody(c, wire.PushInput);
    return reply(c, input.ok ? await push(ctx, till.value, input.value) : input);
  });
  app.get('/v1/pull', async (c) => {
    const till = await tillOf(c);
    if (!till.ok) return reply(c, till);
    const input = parseValue(wire.PullInput, { cursor: c.req.query('cursor') ?? '0', ...(c.req.query('limit') ? { limit: c.req.query('limit') } : {}) });
    return reply(c, input.ok ? await pull(ctx, till.value, input.value) : input);
  });

  const admin = new Hono();
  admin.use('*', async (c, next) => {
    const key = bearer(c.req.header('authorization'));
    const stored = await ctx.db.selectFrom('server_secrets').select('value').where('name', '=', 'admin_key_hash').executeTakeFirst();
    if (!key || !stored || sha256(key) !== stored.value) return reply(c, refuse('not_authenticated'));
    return next();
  });
  admin.post('/enrolment-codes', async (c) => {
    const input = await parseBody(c, wire.CreateCodeInput);
    return reply(c, input.ok ? await createEnrolmentCode(ctx, input.value) : input);
  });
  admin.get('/tills', async (c) => reply(c, await listTills(ctx)));
  admin.get('/tills/:id/head', async (c) => reply(c, await tillHead(ctx, c.req.param('id'))));
  admin.post('/tills/:id/revoke', async (c) => reply(c, await revokeTill(ctx, c.req.param('id'))));
  admin.put('/tills/:id', async (c) => {
    const input = await parseBody(c, wire.TillSettingsInput);
    return reply(c, input.ok ? await setTillSettings(ctx, c.req.param('id'), input.value) : input);
  });
  admin.put('/records', async (c) => {
    const input = await parseBody(c, wire.PutRecordsInput);
    return reply(c, input.ok ? await putRecords(ctx, input.value) : input);
  });
  admin.get('/overdrafts', async (c) => reply(c, await listOverdrafts(ctx, c.req.query('contactId'))));
  admin.post('/shop-keys', async (c) => {
    const input = await parseBody(c, wire.CreateShopKeyInput);
    return reply(c, input.ok ? await createShopKey(ctx, input.value.pointOfSaleId) : input);
  });
  admin.get('/shop-keys', async (c) => reply(c, await listShopKeys(ctx)));
  admin.post('/shop-keys/:keyId/revoke', async (c) => reply(c, await revokeShopKey(ctx, c.req.param('keyId'))));
  app.route('/v1/admin', admin);

  const shop = new Hono<{ Variables: { pointOfSaleId: string } }>();
  shop.use('*', async (c, next) => {
    const pos = await pointOfSaleOfShopKey(ctx.db, bearer(c.req.header('authorization')));
    if (!pos) return reply(c, refuse('not_authenticated'));
    c.set('pointOfSaleId', pos);
    return next();
  });
  shopRoutes(shop, ctx);
  app.route('/v1/shop', shop);
  return app;
}
