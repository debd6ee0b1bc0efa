// The server's route table (http.ts, routes.ts, shop/routes.ts) on PGlite: GET /v1 lists
// every route the door serves with JSON Schemas of its input and answer, each route is
// served and asks its caller's key, every route is in sync/README.md, a refused input says
// which field broke in the till's shape ({field, issues}), and an answer that breaks its
// route's schema is a loud 500 when answers are checked (as in every server test).
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pushEventsMax } from '../../src/shared/api/sync-schemas.ts';
import { ok } from '../../src/shared/result.ts';
import { serverRoutes } from './app.ts';
import type { ServerContext } from './context.ts';
import { route, serveRoute } from './http.ts';
import type { RunningServer } from './server.ts';
import { call, startTestServer, testAdminKey } from './testing/harness.ts';

interface Listed {
  method: string;
  path: string;
  access: string;
  summary: string;
  params: { properties?: Record<string, unknown> };
  query: { properties?: Record<string, { default?: unknown }> };
  body: { properties?: Record<string, { maxItems?: number }>; required?: string[] } | null;
  output: Record<string, unknown>;
}

/** A route's path with its parameters filled in. */
const concrete = (path: string) => path.replace(':keyId', '0123456789abcdef').replace(':id', 'x-1');

describe('the route table', () => {
  let server: RunningServer;
  let listed: Listed[];
  beforeAll(async () => {
    server = await startTestServer({ engine: 'pglite' });
    const answer = await call(server.url, 'GET', '/v1');
    expect(answer.status).toBe(200);
    listed = answer.value.routes as Listed[];
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('lists every route with its access and the JSON Schemas of its input and answer', () => {
    const names = listed.map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(serverRoutes({ engine: 'pglite', location: '' }).map((r) => `${r.method} ${r.path}`));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['GET /v1', 'GET /v1/health', 'POST /v1/enrol', 'POST /v1/push', 'GET /v1/pull', 'PUT /v1/admin/records', 'POST /v1/shop/orders', 'POST /v1/shop/installments/:id/pay']));
    const byName = new Map(listed.map((r) => [`${r.method} ${r.path}`, r]));
    expect(byName.get('POST /v1/push')).toMatchObject({ access: 'till', body: { properties: { events: { maxItems: pushEventsMax } } } });
    expect(byName.get('POST /v1/push')!.body!.required).toEqual(expect.arrayContaining(['tillId', 'events']));
    expect(byName.get('GET /v1/pull')).toMatchObject({ access: 'till', body: null, query: { properties: { cursor: { default: '0' } } } });
    expect(byName.get('POST /v1/shop/installments/:id/pay')).toMatchObject({ access: 'shop', params: { properties: { id: {} } } });
    expect(byName.get('GET /v1/admin/tills')).toMatchObject({ access: 'admin', body: null, output: { type: 'array' } });
    for (const r of listed) {
      expect(r.summary.length, r.path).toBeGreaterThan(10);
      expect(r.output, r.path).toHaveProperty('$schema');
      expect(['public', 'till', 'admin', 'shop']).toContain(r.access);
    }
  });

  it('serves every listed route, and refuses each one that needs a key without it (401)', async () => {
    for (const r of listed) {
      const answer = await call(server.url, r.method, concrete(r.path));
      expect(answer.error?.code, `${r.method} ${r.path}`).not.toBe('unknown_method');
      if (r.access !== 'public') expect(answer, `${r.method} ${r.path}`).toMatchObject({ status: 401, error: { code: 'not_authenticated' } });
    }
    // a till's token is not the administrator's key, nor a shop's
    expect(await call(server.url, 'GET', '/v1/admin/tills', { token: 'a-till-token-that-is-not-the-admin-key' })).toMatchObject({ status: 401 });
    expect(await call(server.url, 'GET', '/v1/shop/contacts/c-dupont/credit', { token: testAdminKey })).toMatchObject({ status: 401 });
    expect(await call(server.url, 'GET', '/v1/admin/nothing-here', { token: testAdminKey })).toMatchObject({ status: 404, error: { code: 'unknown_method' } });
  });

  it('documents every route in sync/README.md', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const missing = listed.filter((r) => !new RegExp(`\`${r.method} ${r.path.replaceAll('/', '\\/')}[\`?]`).test(readme));
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("says which field broke, in the till's shape, in the caller's language", async () => {
    const bad = await call(server.url, 'POST', '/v1/enrol', { body: { code: 'XXXX-XXXX-XXXX-XXXX', tillId: 'T 1', tillName: '', head: { seq: 0, hash: '0'.repeat(64) }, signingKeys: [] } });
    expect(bad).toMatchObject({ status: 400, error: { code: 'invalid_input', details: { field: 'tillId' } } });
    expect(bad.error?.details?.issues).toEqual([
      { path: 'tillId', message: expect.any(String) },
      { path: 'signingKeys', message: expect.any(String) },
    ]);
    expect(bad.error?.message).toBe('Saisie invalide : tillId.');
    const english = await call(server.url, 'GET', '/v1/pull?cursor=abc', { token: 'x'.repeat(20), headers: { 'accept-language': 'en' } });
    expect(english.error?.code).toBe('not_authenticated');
    const notJson = await call(server.url, 'POST', '/v1/enrol', { raw: '{"code":', headers: { 'accept-language': 'en' } });
    expect(notJson).toMatchObject({ status: 400, error: { code: 'invalid_input', message: 'Invalid input: (body).', details: { field: '(body)', issues: [{ path: '', message: 'the body is not JSON' }] } } });
    const badRecord = await call(server.url, 'PUT', '/v1/admin/records', { token: testAdminKey, body: { records: [{ kind: 'venue', id: 'v-1', body: { id: 'v-2', name: 'Salle', city: 'Genève' } }] } });
    expect(badRecord).toMatchObject({ status: 400, error: { code: 'invalid_input', details: { field: 'records.0.id' } } });
  });
});

describe('an answer checked against its route', () => {
  const ctx = { db: null, clock: { nowMs: () => 0 }, journalKey: Buffer.alloc(32), log: () => {} } as unknown as ServerContext;
  const broken = route({ method: 'GET', path: '/v1/broken', access: 'public', summary: 'answers a count that is not one', output: z.object({ count: z.number().int() }), handle: async () => ok({ count: 'three' as unknown as number }) });
  const app = (checkOutputs: boolean) => {
    const hono = new Hono();
    hono.onError(() => new Response('internal', { status: 500 }));
    hono.get('/v1/broken', (c) => serveRoute(c, ctx, broken, { checkOutputs }));
    return hono;
  };

  it('is a 500 when answers are checked, and goes out as it is when they are not', async () => {
    expect((await app(true).request('/v1/broken')).status).toBe(500);
    const unchecked = await app(false).request('/v1/broken');
    expect(unchecked.status).toBe(200);
    expect(await unchecked.json()).toEqual({ ok: true, value: { count: 'three' } });
  });
});
