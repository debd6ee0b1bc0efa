// The web shop's keys on PGlite and on a real PostgreSQL 15: the administrator lists them
// by id (never the key), revokes one and its next request is refused while another key
// of the same point of sale still works; revoking again answers the first revocation; an
// unknown or malformed id is refused, so is a shop key at the administrator's door, and
// nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../auth.ts';
import { admin, call, testEngines, type TestEngine } from '../testing/harness.ts';
import type { TestCluster } from '../testing/postgres.ts';
import { useTestCluster } from '../testing/cluster-hooks.ts';
import { startShop, type ShopFixture } from './shop-testing.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

interface KeySummary {
  keyId: string;
  pointOfSaleId: string;
  createdAtMs: number;
  revokedAtMs: number | null;
}

describe.each(testEngines)('the web shop keys on %s', (engine: TestEngine) => {
  let f: ShopFixture;
  beforeAll(async () => {
    f = await startShop(engine, cluster);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('are listed by id, revoked at once, and a revoked key is refused while another still works', async () => {
    f.clock.advance(1000); // listed oldest first
    const created = await admin(f.server.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' });
    expect(created.ok).toBe(true);
    const second = created.value as { key: string; keyId: string };
    expect(second.keyId).toBe(sha256(second.key).slice(0, 16));

    const listed = (await admin(f.server.url, 'GET', '/shop-keys')).value as KeySummary[];
    expect(listed.map((k) => k.keyId)).toEqual([sha256(f.key).slice(0, 16), second.keyId]);
    expect(listed.every((k) => k.pointOfSaleId === 'pos-web' && k.revokedAtMs === null)).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(second.key);

    expect((await f.shop('GET', '/contacts/c-dupont/credit')).ok).toBe(true);
    f.clock.advance(1000);
    const revoked = await admin(f.server.url, 'POST', `/shop-keys/${listed[0]!.keyId}/revoke`);
    expect(revoked.value).toMatchObject({ keyId: listed[0]!.keyId, revokedAtMs: f.clock.nowMs() });
    expect(await f.shop('GET', '/contacts/c-dupont/credit')).toMatchObject({ status: 401, error: { code: 'not_authenticated' } });
    expect((await f.shop('GET', '/contacts/c-dupont/credit', undefined, second.key)).ok).toBe(true);

    // again: the first revocation's time, not a new one
    f.clock.advance(1000);
    expect((await admin(f.server.url, 'POST', `/shop-keys/${listed[0]!.keyId}/revoke`)).value).toMatchObject({ revokedAtMs: f.clock.nowMs() - 1000 });
    const after = (await admin(f.server.url, 'GET', '/shop-keys')).value as KeySummary[];
    expect(after.map((k) => k.revokedAtMs === null)).toEqual([false, true]);
  });

  it('refuses an unknown or malformed id and changes nothing', async () => {
    const before = (await admin(f.server.url, 'GET', '/shop-keys')).value;
    expect(await admin(f.server.url, 'POST', '/shop-keys/0123456789abcdef/revoke')).toMatchObject({ status: 404, error: { code: 'shop_key_not_found' } });
    expect(await admin(f.server.url, 'POST', '/shop-keys/not-a-key-id/revoke')).toMatchObject({ status: 404, error: { code: 'shop_key_not_found' } });
    expect(await admin(f.server.url, 'POST', "/shop-keys/%25/revoke")).toMatchObject({ status: 404, error: { code: 'shop_key_not_found' } });
    expect((await admin(f.server.url, 'GET', '/shop-keys')).value).toEqual(before);
    // a shop key cannot list or revoke keys: the administrator's key is needed
    const listedBefore = before as KeySummary[];
    expect(await call(f.server.url, 'GET', '/v1/admin/shop-keys', { token: f.key })).toMatchObject({ status: 401, error: { code: 'not_authenticated' } });
    expect(await call(f.server.url, 'POST', `/v1/admin/shop-keys/${listedBefore[1]!.keyId}/revoke`, { token: f.key })).toMatchObject({ status: 401 });
    expect((await admin(f.server.url, 'GET', '/shop-keys')).value).toEqual(before);
  });
});
