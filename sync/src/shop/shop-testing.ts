// What the web shop's tests share: a server on either engine with the demo data, a shop key
// for the demo web point of sale (pos-web: card, voucher, deferred, deferred-3, credit), an
// enrolled till whose journal funds balances and sells vouchers, and a snapshot of
// everything a refused request must leave as it was.
import { ulid } from 'ulid';
import { expect } from 'vitest';
import { isErrorCode, type ErrorCode } from '../../../src/shared/api/errors.ts';
import { errorMessage } from '../../../src/shared/i18n/messages.ts';
import type { RunningServer } from '../server.ts';
import { admin, call, startTestServer, TestClock, type TestEngine } from '../testing/harness.ts';
import { TestJournal, testSigningKeys } from '../testing/journal.ts';
import type { TestCluster } from '../testing/postgres.ts';

export interface ShopFixture {
  server: RunningServer;
  /** The PostgreSQL database (undefined on PGlite), for a second instance on it. */
  databaseUrl: string | undefined;
  clock: TestClock;
  /** The key of pos-web. */
  key: string;
  till: { token: string; journal: TestJournal };
  shop(method: string, path: string, body?: unknown, key?: string): ReturnType<typeof call>;
  /** Pushes what the till's journal holds and the server does not. */
  push(): Promise<void>;
  close(): Promise<void>;
}

export async function enrolled(server: RunningServer, tillId: string): Promise<string> {
  const code = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Caisse ${tillId}` });
  const answer = await call(server.url, 'POST', '/v1/enrol', { body: { code: code.value.code, tillId, tillName: `Caisse ${tillId}`, head: { seq: 0, hash: '0'.repeat(64) }, signingKeys: testSigningKeys(tillId) } });
  expect(answer.ok).toBe(true);
  return answer.value.token as string;
}

export async function shopKeyFor(server: RunningServer, pointOfSaleId: string): Promise<string> {
  const created = await admin(server.url, 'POST', '/shop-keys', { pointOfSaleId });
  expect(created.ok).toBe(true);
  return created.value.key as string;
}

export async function startShop(engine: TestEngine, cluster: TestCluster): Promise<ShopFixture> {
  const clock = new TestClock();
  const server = await startTestServer({ engine, cluster, clock });
  const key = await shopKeyFor(server, 'pos-web');
  const token = await enrolled(server, 'T1');
  const journal = new TestJournal('T1', () => clock.nowMs());
  let pushed = 0;
  return {
    server,
    databaseUrl: server.databaseUrl,
    clock,
    key,
    till: { token, journal },
    shop: (method, path, body, other) => call(server.url, method, `/v1/shop${path}`, { token: other ?? key, body }),
    async push() {
      const answer = await call(server.url, 'POST', '/v1/push', { token, body: { tillId: 'T1', events: journal.events.slice(pushed) } });
      expect(answer.ok).toBe(true);
      pushed = journal.events.length;
    },
    close: () => server.close(),
  };
}

/** A gift voucher sold at the till (the sale's payload names its code), paid in cash. */
export function sellVoucher(journal: TestJournal, code: string, valueMinor: number): string {
  const voucherId = ulid();
  journal.append('sale', [[`till:${journal.tillId}:pm-cash`, valueMinor], [`voucher:${voucherId}`, -valueMinor]], {
    orderId: ulid(),
    buyerContactId: null,
    vouchers: [[voucherId, ulid(), code, valueMinor]],
  });
  return voucherId;
}

export interface Snapshot {
  events: number;
  balances: string[];
  version: string;
  stock: string[];
  requests: number;
  installments: string[];
  head: string;
}

/** Everything a write touches: a refused request leaves it exactly as it was. */
export async function snapshot(server: RunningServer): Promise<Snapshot> {
  const db = server.store.db;
  const events = await db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const balances = await db.selectFrom('balances').selectAll().orderBy('account_id').execute();
  const version = await db.selectFrom('records').select((eb) => eb.fn.max('version').as('v')).executeTakeFirstOrThrow();
  const stock = await db.selectFrom('seats_sold').selectAll().orderBy('performance_id').orderBy('channel').execute();
  const requests = await db.selectFrom('shop_requests').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const installments = await db.selectFrom('installments').selectAll().orderBy('id').execute();
  const head = await db.selectFrom('tills').select(['head_seq', 'head_hash']).where('id', '=', 'WEB').executeTakeFirstOrThrow();
  return {
    events: Number(events.n),
    balances: balances.map((b) => `${b.account_id}=${b.balance_minor}`),
    version: String(version.v),
    stock: stock.map((s) => `${s.performance_id}/${s.channel}=${s.sold}`),
    requests: Number(requests.n),
    installments: installments.map((i) => `${i.id}:${i.contact_id}:${i.paid_minor}:${i.cancelled_minor}`),
    head: `${head.head_seq}:${head.head_hash}`,
  };
}

export async function balanceOf(server: RunningServer, accountId: string): Promise<number> {
  const row = await server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', accountId).executeTakeFirst();
  return row ? Number(row.balance_minor) : 0;
}

/** A basket line of the demo: `n` full-price seats of a performance. */
export const seats = (performanceId: string, quantity: number, tariff = 'plein') => ({ kind: 'ticket' as const, performanceId, tariffId: `${performanceId.replace(/-p\d+$/, '')}-${tariff}`, quantity });
export const item = (itemId: string, quantity = 1) => ({ kind: 'item' as const, itemId, quantity });
export const pay = (methodId: string, amountMinor: number, reference?: string) => ({ methodId, amountMinor, ...(reference === undefined ? {} : { reference }) });
export const order = (contactId: string, lines: unknown[], payments: unknown[]) => ({ requestId: ulid(), contactId, lines, payments });

/**
 * A refusal of the shop, as a web developer shows it: its code is one its route lists in
 * GET /v1 (or the door's), and its message is whole in French and in English (every
 * placeholder filled from its details) and not the same text in both.
 */
export function expectTranslated(route: { refusals?: readonly string[] } | undefined, error: { code: string; details?: Record<string, unknown> } | undefined): void {
  expect(error).toBeDefined();
  const { code, details } = error!;
  expect(isErrorCode(code), code).toBe(true);
  if (!doorCodes.includes(code)) expect(route?.refusals ?? [], `${code} is listed by its route`).toContain(code);
  const messages = (['fr', 'en'] as const).map((language) => errorMessage(code as ErrorCode, details, { language, currency: 'CHF', country: 'CH' }));
  for (const message of messages) {
    expect(message.length, code).toBeGreaterThan(5);
    expect(message, `${code}: a placeholder its details do not fill`).not.toContain('…');
  }
  expect(messages[0], `${code} is translated`).not.toBe(messages[1]);
}

/** What the door answers on any route, listed by none. */
const doorCodes: readonly string[] = ['invalid_input', 'not_authenticated', 'unsupported_media_type', 'body_too_large', 'path_invalid'];
