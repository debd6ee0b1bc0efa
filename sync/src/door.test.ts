// The ledger server's HTTP door on a real socket: a path that does not decode (or decodes
// to a NUL) is a 400, a body holding a NUL is a typed refusal, and a chunked body far beyond
// the limit is cut as it streams (413, connection closed, memory flat), its answer read even
// by a client that writes the whole body before it reads (the door lingers, within its
// bounds). The door runs before any store query, so PGlite alone is enough here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lingerBytesMax } from '../../src/shared/api/http-door.ts';
import { syncBodyBytesMax } from '../../src/shared/api/sync-schemas.ts';
import { rawGet, streamChunkedBody } from './testing/http-door.ts';
import { startTestServer, testAdminKey } from './testing/harness.ts';
import type { RunningServer } from './server.ts';

describe('the ledger server door', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ engine: 'pglite' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it.each(['/%', '/%E0%A4%A', '/v1/%', '/v1/pull?cursor=%E0%A4%A', '/v1/admin/tills/%E0%A4%A', '/v1/admin/tills/%00/head', '/v1/admin/overdrafts?contactId=%00'])('answers GET %s with 400 path_invalid, not a 500', async (path) => {
    const answer = await rawGet(server.port, path, `127.0.0.1:${server.port}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'path_invalid' } });
  });

  it.each(['/v1/push', '/v1/admin/records'])('cuts a chunked body to %s at the limit: 413, connection closed, memory flat', async (path) => {
    const bodyBytes = 50 * syncBodyBytesMax;
    const rssBefore = process.memoryUsage().rss;
    const answer = await streamChunkedBody(server.port, { path, host: `127.0.0.1:${server.port}`, headers: { authorization: `Bearer ${testAdminKey}` } }, bodyBytes);
    const grownBytes = process.memoryUsage().rss - rssBefore;
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'body_too_large', details: { maxBytes: syncBodyBytesMax } } });
    expect(answer.headers.connection).toBe('close');
    expect(answer.isClosed).toBe(true);
    expect(answer.sentBytes).toBeLessThan(bodyBytes / 4);
    expect(grownBytes).toBeLessThan(bodyBytes / 4);
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
  });

  it('refuses a body holding a NUL character with invalid_input naming the field (PostgreSQL text cannot hold it)', async () => {
    const res = await fetch(`${server.url}/v1/admin/enrolment-codes`, { method: 'POST', headers: { authorization: `Bearer ${testAdminKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ tillId: 'G7', tillName: 'Caisse\u0000' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field: 'tillName' } } });
    const tills = await (await fetch(`${server.url}/v1/admin/tills`, { headers: { authorization: `Bearer ${testAdminKey}` } })).json();
    expect(JSON.stringify(tills)).not.toContain('G7');
  });

  it('lets a client that writes the whole body before it reads read the 413: the rest is read and dropped, memory flat', async () => {
    const bodyBytes = 48 * 1024 * 1024;
    expect(bodyBytes).toBeLessThan(lingerBytesMax);
    const rssBefore = process.memoryUsage().rss;
    const answer = await streamChunkedBody(server.port, { path: '/v1/push', host: `127.0.0.1:${server.port}`, headers: { authorization: `Bearer ${testAdminKey}` } }, bodyBytes, 10_000, 'writes-first');
    const grownBytes = process.memoryUsage().rss - rssBefore;
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'body_too_large' } });
    expect(answer.isClosed).toBe(true);
    expect(answer.sentBytes).toBe(bodyBytes);
    expect(grownBytes).toBeLessThan(bodyBytes / 2);
  });

  it('stops reading a cut body after lingerBytesMax: a client still writing is cut off', async () => {
    const bodyBytes = 4 * lingerBytesMax;
    const answer = await streamChunkedBody(server.port, { path: '/v1/push', host: `127.0.0.1:${server.port}`, headers: { authorization: `Bearer ${testAdminKey}` } }, bodyBytes, 10_000, 'writes-first');
    expect(answer.isClosed).toBe(true);
    expect(answer.sentBytes).toBeLessThan(bodyBytes / 2);
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
  });
});
