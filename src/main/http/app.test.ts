import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/api/contract.ts';
import { httpBodyBytesMax } from '../../shared/limits.ts';
import { rawGet, streamChunkedBody } from '../../../sync/src/testing/http-door.ts';
import { testTill, tokens } from '../testing/fixtures.ts';
import { createHttpApp } from './app.ts';
import { startWebMode, type WebMode } from './server.ts';

const host = '127.0.0.1:5174';
const t = testTill();
const app = createHttpApp({ dispatch: t.dispatch, allowedHosts: [host, 'localhost:5174'], health: () => ({ version: 'test' }) });

function post(method: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(`http://${host}/api/${method}`, {
    method: 'POST',
    headers: { host, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('the HTTP door', () => {
  it('answers health without login', async () => {
    const res = await app.request(`http://${host}/api/health`, { headers: { host } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, value: { status: 'ok', version: 'test' } });
  });

  it('lists every method with JSON Schemas', async () => {
    const res = await app.request(`http://${host}/api`, { headers: { host } });
    const body = (await res.json()) as { value: { methods: { name: string; access: string; input: { type: string }; output: unknown }[] } };
    expect(body.value.methods.map((m) => m.name)).toEqual(methodNames);
    const checkout = body.value.methods.find((m) => m.name === 'sales.checkout')!;
    expect(checkout.access).toBe('sale:sell');
    expect(checkout.input.type).toBe('object');
    expect(JSON.stringify(checkout.input)).toContain('"requestId"');
  });

  it('serves a method with the bearer token and a fitting status', async () => {
    const ok = await post('sessions.current', {}, { authorization: `Bearer ${tokens.cashier}` });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, value: { status: 'closed', session: null, lastZNumber: 0, lastClosing: null } });

    const anonymous = await post('sessions.current', {});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ ok: false, error: { code: 'not_authenticated', message: 'Veuillez vous connecter.' } });

    const forbidden = await post('sessions.close', { counts: [] }, { authorization: `Bearer ${tokens.cashier}` });
    expect(forbidden.status).toBe(403);

    const closed = await post('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: null, payments: [] }, { authorization: `Bearer ${tokens.cashier}` });
    expect(closed.status).toBe(409);
    expect(await closed.json()).toMatchObject({ ok: false, error: { code: 'till_closed' } });

    const bad = await post('sales.quote', { lines: [{ kind: 'item', itemId: 'i-programme', quantity: -2 }] }, { authorization: `Bearer ${tokens.cashier}` });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'quantity_invalid', details: { field: 'lines.0.quantity' } } });
  });

  it('logs in by user and PIN', async () => {
    const res = await post('auth.login', { userId: 'u-supervisor', pin: '234567' });
    const body = (await res.json()) as { value: { token: string } };
    expect(res.status).toBe(200);
    const me = await post('auth.me', {}, { authorization: `Bearer ${body.value.token}` });
    expect(await me.json()).toMatchObject({ ok: true, value: { user: { role: 'supervisor' } } });
    expect((await post('auth.login', { userId: 'u-supervisor', pin: '999999' })).status).toBe(401);
  });

  it.each([
    ['a foreign Host (DNS rebinding)', { host: 'evil.example:5174' }, 421, 'host_not_allowed'],
    ['a cross-origin write', { origin: 'http://evil.example' }, 403, 'cross_origin_refused'],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }, 403, 'cross_origin_refused'],
    ['a form post', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
    ['a text/plain post', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
  ])('refuses %s', async (_name, headers, status, code) => {
    const res = await post('auth.users', {}, headers);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ ok: false, error: { code } });
  });

  it('accepts a same-origin write', async () => {
    expect((await post('auth.users', {}, { origin: `http://${host}` })).status).toBe(200);
  });

  it('refuses broken JSON, oversized bodies and unknown methods', async () => {
    expect((await post('auth.login', '{"userId":')).status).toBe(400);
    const huge = await post('auth.login', JSON.stringify({ userId: 'x'.repeat(300_000), pin: '123456' }));
    expect(huge.status).toBe(413);
    const unknown = await post('orders.drop', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const wrongVerb = await app.request(`http://${host}/api/auth.users`, { method: 'PUT', headers: { host, 'content-type': 'application/json' } });
    expect(wrongVerb.status).toBe(404);
  });
});

describe('web mode on a real socket', () => {
  let web: WebMode;
  let dir: string;
  let staticDir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'guichet-web-'));
    staticDir = mkdtempSync(join(tmpdir(), 'guichet-static-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Guichet</title>');
    web = await startWebMode({ dataDir: join(dir, 'data'), port: 0, staticDir });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only, on WAL + FULL, and serves the renderer with a strict CSP', async () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const health = (await (await fetch(`${web.url}api/health`)).json()) as { value: Record<string, unknown> };
    expect(health.value).toMatchObject({ status: 'ok', journalMode: 'wal', synchronous: 2, tillId: 'G1' });
    const page = await fetch(`${web.url}ventes/panier`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Guichet</title>');
    const escape = await fetch(`${web.url}..%2f..%2fetc%2fpasswd`);
    expect(await escape.text()).toContain('<title>Guichet</title>');
    expect(readFileSync(join(dir, 'data', 'journal.key'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('sells through the socket exactly as through the services', async () => {
    const call = async (method: string, body: unknown, token?: string) =>
      (await (await fetch(`${web.url}api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })).json()) as { ok: boolean; value: any };
    const { value: login } = await call('auth.login', { userId: 'u-cashier', pin: '123456' });
    await call('sessions.open', { float: [] }, login.token);
    // a browser sends its page's origin on every POST: web mode accepts its own
    const own = await fetch(`${web.url}api/auth.users`, { method: 'POST', headers: { 'content-type': 'application/json', origin: web.url.slice(0, -1) }, body: '{}' });
    expect(own.status).toBe(200);
    const foreign = await fetch(`${web.url}api/auth.users`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost:1' }, body: '{}' });
    expect(foreign.status).toBe(403);
    const sale = await call('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 2 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 2000 }] }, login.token);
    expect(sale).toMatchObject({ ok: true, value: { totalMinor: 1000, changeMinor: 1000 } });
    expect(web.till.context.db.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual({ n: 1 });
  });

  it.each(['/%', '/%E0%A4%A', '/api/%', '/api/health?x=%E0%A4%A', '/assets/%zz.js', '/api/health?x=%00', '/assets/%00.js'])('answers GET %s with 400 path_invalid, not a 500', async (path) => {
    const answer = await rawGet(web.port, path, `127.0.0.1:${web.port}`);
    expect(answer.status).toBe(400);
    // the door's own refusals speak the till's language, as the dispatch's do
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'path_invalid', message: 'Adresse de la requête mal formée.' } });
  });

  it('cuts a chunked body without Content-Length at the limit: 413, connection closed, memory flat', async () => {
    const bodyBytes = 200 * 1024 * 1024;
    const rssBefore = process.memoryUsage().rss;
    const answer = await streamChunkedBody(web.port, { path: '/api/auth.login', host: `127.0.0.1:${web.port}` }, bodyBytes);
    const grownBytes = process.memoryUsage().rss - rssBefore;
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'body_too_large', message: 'Requête trop volumineuse.', details: { maxBytes: httpBodyBytesMax } } });
    expect(answer.headers.connection).toBe('close');
    expect(answer.isClosed).toBe(true);
    // the server stopped reading at the limit: the client could write no more than the socket buffers hold
    expect(answer.sentBytes).toBeLessThan(bodyBytes / 4);
    expect(grownBytes).toBeLessThan(bodyBytes / 4);
    // and it still answers
    expect((await fetch(`${web.url}api/health`)).status).toBe(200);
  });

  it('lets a client that writes the whole body before it reads read the 413 (the door lingers)', async () => {
    const bodyBytes = 16 * 1024 * 1024;
    const answer = await streamChunkedBody(web.port, { path: '/api/auth.login', host: `127.0.0.1:${web.port}` }, bodyBytes, 10_000, 'writes-first');
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'body_too_large' } });
    expect(answer.isClosed).toBe(true);
    expect(answer.sentBytes).toBe(bodyBytes);
  });
});
