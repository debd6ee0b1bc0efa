// The ledger server's HTTP door: the door's own checks (a path that decodes, a body within
// the limit, counted as it streams), then the route table — the tills' and the
// administrator's (routes.ts), the web shop's (shop/routes.ts), health and GET /v1, the
// table itself with JSON Schemas — each row served by http.ts: authorise, parse, handle,
// answer the envelope with the HTTP status of its code.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { closeConnectionHeaders, isWellFormedPath, lingerAfterCut } from '../../src/shared/api/http-door.ts';
import { syncBodyBytesMax } from '../../src/shared/api/sync-schemas.ts';
import { ok, refuse } from '../../src/shared/result.ts';
import type { ServerContext } from './context.ts';
import { describeRoutes, reply, route, serveRoute, type Route, type ServeOptions } from './http.ts';
import { HealthOutput, RoutesOutput } from './outputs.ts';
import { adminRoutes, tillRoutes } from './routes.ts';
import { shopRoutes } from './shop/routes.ts';
import type { Engine } from './store/store.ts';

export const serverVersion = '1';

export interface AppOptions extends ServeOptions {
  engine: Engine;
  /** Where the store lives, for /v1/health. */
  location: string;
}

/** Every route of the server, in the order GET /v1 lists them. */
export function serverRoutes(options: AppOptions): Route[] {
  let description: ReturnType<typeof describeRoutes> | null = null;
  const routes: Route[] = [
    route({
      method: 'GET',
      path: '/v1',
      access: 'public',
      summary: 'This list: every route with its access and the JSON Schemas of its input and answer',
      output: RoutesOutput,
      handle: async () => ok((description ??= describeRoutes(routes))),
    }),
    route({
      method: 'GET',
      path: '/v1/health',
      access: 'public',
      summary: "Version, engine and the server's time; answers once the store answers",
      output: HealthOutput,
      handle: async (ctx) => {
        await ctx.db.selectFrom('server_migrations').select('version').limit(1).execute();
        return ok({ version: serverVersion, engine: options.engine, serverTimeMs: ctx.clock.nowMs() });
      },
    }),
    ...tillRoutes,
    ...adminRoutes,
    ...shopRoutes,
  ];
  return routes;
}

export function createServerApp(ctx: ServerContext, options: AppOptions): Hono {
  const app = new Hono();
  // a path that does not decode is the client's mistake (400), not the server's (500)
  app.use('*', async (c, next) => (isWellFormedPath(c.req.url) ? next() : reply(c, refuse('path_invalid'))));
  // bodies are counted as they stream in (chunked ones too) and cut at the limit; the
  // connection closes once the 413 can have reached the client (lingerAfterCut)
  app.use(
    '*',
    bodyLimit({
      maxSize: syncBodyBytesMax,
      onError: (c) => {
        lingerAfterCut(c.env);
        return reply(c, refuse('body_too_large', { maxBytes: syncBodyBytesMax }), closeConnectionHeaders);
      },
    }),
  );
  app.onError((error, c) => {
    ctx.log(`internal error on ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return reply(c, refuse('internal_error'));
  });
  app.notFound((c) => reply(c, refuse('unknown_method', { method: `${c.req.method} ${c.req.path}` })));
  for (const r of serverRoutes(options)) app.on(r.method, r.path, (c) => serveRoute(c, ctx, r, options));
  return app;
}
