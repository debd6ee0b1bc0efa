// The web-mode door: the same contract served on 127.0.0.1 — POST /api/<method>,
// GET /api (methods with JSON Schemas), GET /api/health, and the renderer's files.
// It refuses a foreign Host (DNS rebinding), a path that does not decode, cross-origin
// writes, non-JSON bodies and bodies over the limit (counted as they stream in), in the
// till's language as the methods' refusals.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { contract, methodNames } from '../../shared/api/contract.ts';
import { errorStatus, type ErrorCode } from '../../shared/api/errors.ts';
import { closeConnectionHeaders, isWellFormedPath, lingerAfterCut } from '../../shared/api/http-door.ts';
import { inputIssue } from '../../shared/api/input-issues.ts';
import { errorMessage } from '../../shared/i18n/messages.ts';
import type { UiLanguage } from '../../shared/money/format.ts';
import { httpBodyBytesMax } from '../../shared/limits.ts';
import type { Result } from '../../shared/result.ts';
import type { Dispatch } from '../kernel/dispatch.ts';

export interface HttpOptions {
  dispatch: Dispatch;
  /** The Host header values this server answers to, e.g. ["127.0.0.1:5174", "localhost:5174"]. */
  allowedHosts: readonly string[];
  health: () => Record<string, unknown>;
  /** The built renderer (dist/renderer); omitted in API-only tests. */
  staticDir?: string;
  /** The language of the door's own refusals (the till's; French unless given). */
  language?: UiLanguage;
}

const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** A refusal of the door itself, its message in the till's language as the dispatch's are. */
function doorRefusal(language: UiLanguage) {
  return (c: Context, code: ErrorCode, details?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const message = errorMessage(code, details, { language, currency: 'CHF', country: 'CH' });
    return c.json({ ok: false, error: { code, message, ...(details ? { details } : {}) } }, errorStatus[code] as 400, headers);
  };
}

function statusOf(result: Result<unknown>): number {
  return result.ok ? 200 : errorStatus[result.error.code];
}

export function apiDescription() {
  return {
    methods: methodNames.map((name) => {
      const spec = contract[name];
      return {
        name,
        access: spec.access,
        summary: spec.summary,
        input: z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }),
        output: z.toJSONSchema(spec.output, { io: 'output', unrepresentable: 'any' }),
      };
    }),
  };
}

export function createHttpApp(options: HttpOptions): Hono {
  const app = new Hono();
  const refusal = doorRefusal(options.language ?? 'fr');
  let description: ReturnType<typeof apiDescription> | null = null;

  app.use('*', async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (!options.allowedHosts.includes(host)) return refusal(c, 'host_not_allowed', { host: host.slice(0, 100) });
    if (!isWellFormedPath(c.req.url)) return refusal(c, 'path_invalid');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      // read the hosts on every request: web mode learns its port only once it listens
      const origin = c.req.header('origin');
      if ((origin !== undefined && !options.allowedHosts.some((h) => origin === `http://${h}`)) || c.req.header('sec-fetch-site') === 'cross-site') {
        return refusal(c, 'cross_origin_refused');
      }
    }
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Content-Security-Policy', contentSecurityPolicy);
  });
  // a chunked body has no Content-Length: its bytes are counted as they arrive and the
  // request is cut at the limit, its connection closed once the 413 can have reached the
  // client (lingerAfterCut; a 700 MB body is never held)
  app.use(
    '*',
    bodyLimit({
      maxSize: httpBodyBytesMax,
      onError: (c) => {
        lingerAfterCut(c.env);
        return refusal(c, 'body_too_large', { maxBytes: httpBodyBytesMax }, closeConnectionHeaders);
      },
    }),
  );

  app.get('/api/health', (c) => c.json({ ok: true, value: { status: 'ok', ...options.health() } }));
  app.get('/api', (c) => {
    description ??= apiDescription();
    return c.json({ ok: true, value: description });
  });

  app.post('/api/:method', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!type.toLowerCase().startsWith('application/json')) return refusal(c, 'unsupported_media_type');
    const text = await c.req.text();
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      return refusal(c, 'invalid_input', inputIssue('', 'the body is not JSON'));
    }
    const auth = c.req.header('authorization') ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : null;
    // answered when the method is done: an asynchronous one (a configuration change sent to the ledger server) is awaited
    const result = await options.dispatch.answer(c.req.param('method'), body, token);
    return c.json(result, statusOf(result) as 200);
  });

  app.all('/api/*', (c) => refusal(c, 'unknown_method', { method: c.req.path.slice(0, 100) }));

  if (options.staticDir) {
    const root = normalize(options.staticDir);
    app.get('*', (c) => serveFile(c, root));
  }
  return app;
}

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** A file under root, or index.html for the single-page app's own routes. */
function serveFile(c: Context, root: string) {
  const requested = normalize(join(root, decodeURIComponent(new URL(c.req.url).pathname)));
  const inside = requested === root || requested.startsWith(root + sep);
  const file = inside && existsSync(requested) && statSync(requested).isFile() ? requested : join(root, 'index.html');
  if (!existsSync(file)) return c.text('Renderer not built: run `npm run build:renderer`.', 503);
  const isAsset = file.includes(`${sep}assets${sep}`);
  return c.body(readFileSync(file), 200, {
    'Content-Type': mimeTypes[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
}
