// The box office scenarios' tills (src/main/sync-client/box-office-*.test.ts): a till on a
// fresh data folder as the window starts it without demo, its sync loop driven by the test,
// logged in per role; the institution, staff and payments the scenarios use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/result.ts';
import { openTill, type Till } from '../till.ts';
import type { SyncClient } from '../sync-client/index.ts';
import { afterAll, beforeAll } from 'vitest';
import { admin, startTestServer, type TestEngine } from '../../../sync/src/testing/harness.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';


export const address = { street: 'Rue du Rhône', buildingNumber: '12', postcode: '1204', city: 'Genève' };
export const institution = { name: 'Théâtre des Bastions', address, country: 'CH', vatNumber: 'CHE-123.456.789 TVA', currency: 'CHF', cashStepMinor: 5, timeZone: 'Europe/Zurich' } as const;
export const invoicing = { iban: 'CH93 0076 2011 6238 5295 7', bic: 'POFICHBEXXX', paymentTermDays: 30 };
export const adminPin = '246810';
/** The box office's staff, made once at till A by its administrator and known at every till after its pull. */
export const staff = { cashier: { name: 'Camille Caisse', pin: '135790' }, supervisor: { name: 'Sam Superviseur', pin: '975310' } } as const;
export type Role = 'cashier' | 'supervisor' | 'administrator';

export const programme = (quantity: number) => [{ kind: 'item' as const, itemId: 'i-programme', quantity }];
export const byVoucher = (code: string, amountMinor: number) => ({ methodId: 'pm-voucher', amountMinor, reference: code });

/** A till on a fresh data folder, as the window starts it without demo; its sync loop driven by the test. */
export interface Counter {
  till: Till;
  dataDir: string;
  userIds: Map<Role, string>;
  call<M extends MethodName>(method: M, input: InputOf<M>, role?: Role): Result<OutputOf<M>>;
  must<M extends MethodName>(method: M, input: InputOf<M>, role?: Role): OutputOf<M>;
  answer<M extends MethodName>(method: M, input: InputOf<M>, role?: Role): Promise<Result<OutputOf<M>>>;
  cycle(): Promise<void>;
  status(): OutputOf<'sync.status'>;
}

/** The value of an answer that must be ok (the refusal named otherwise). */
export function okValue<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  return result.value;
}

const dirs: string[] = [];
const open: Till[] = [];

export function counter(dataDir?: string): Counter {
  const parent = dataDir ? null : mkdtempSync(join(tmpdir(), 'guichet-scenario-'));
  if (parent) dirs.push(parent);
  const folder = dataDir ?? join(parent!, 'data');
  const till = openTill({ dataDir: folder, demo: false, checkOutputs: true, sync: { log: () => {} }, log: () => {} });
  open.push(till);
  void (till.context.sync as SyncClient).stop();
  const userIds = new Map<Role, string>();
  const tokens = new Map<Role, string>();
  const pins: Record<Role, string> = { administrator: adminPin, cashier: staff.cashier.pin, supervisor: staff.supervisor.pin };
  const token = (role: Role) => {
    if (!tokens.has(role)) {
      const userId = userIds.get(role);
      if (!userId) throw new Error(`no ${role} known at till ${till.context.tillId}`);
      const login = till.dispatch('auth.login', { userId, pin: pins[role] }, null) as Result<{ token: string }>;
      if (!login.ok) throw new Error(`login ${role} refused: ${login.error.code}`);
      tokens.set(role, login.value.token);
    }
    return tokens.get(role)!;
  };
  const call = <M extends MethodName>(method: M, input: InputOf<M>, role: Role = 'cashier') => till.dispatch(method, input, token(role)) as Result<OutputOf<M>>;
  return {
    till,
    dataDir: folder,
    userIds,
    call,
    must(method, input, role) {
      const result = call(method, input, role);
      if (!result.ok) throw new Error(`${method} refused at ${till.context.tillId}: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    answer: async (method, input, role = 'cashier') => (await till.dispatch.answer(method, input, token(role))) as Result<OutputOf<typeof method>>,
    cycle: () => (till.context.sync as SyncClient).runOnce(),
    status: () => okValue(till.dispatch('sync.status', {}, null) as Result<OutputOf<'sync.status'>>),
  } as Counter;
}

/** Cuts a till's line to the server (every request fails as a cut cable does); the answer mends it. */
export function cutLine(t: Counter): () => void {
  const client = t.till.context.sync as unknown as { options: { fetch: typeof fetch } };
  const real = client.options.fetch;
  client.options.fetch = () => Promise.reject(new TypeError('fetch failed'));
  return () => {
    client.options.fetch = real;
  };
}

export function closeTill(t: Counter): void {
  t.till.close();
  open.splice(open.indexOf(t.till), 1);
}

/** The first start's set-up (setup.complete) as a new user types it; the till then acts as the administrator it made. */
export function setUp(t: Counter, names: { tillName: string; adminName: string; tillId?: string }): void {
  const till = { tillId: names.tillId ?? t.till.context.tillId, name: names.tillName, pointOfSaleName: 'Billetterie' };
  const setup = t.till.dispatch('setup.complete', { institution, invoicing, till, administrator: { name: names.adminName, pin: adminPin } }, null) as Result<OutputOf<'setup.complete'>>;
  t.userIds.set('administrator', okValue(setup).administratorId);
}

/** The cashier and the supervisor, made at `first` by its administrator: every till knows them after its pull. */
export async function makeStaff(first: Counter, tills: readonly Counter[]): Promise<void> {
  for (const role of ['cashier', 'supervisor'] as const) {
    const made = await first.answer('users.create', { name: staff[role].name, role, pin: staff[role].pin }, 'administrator');
    for (const t of tills) t.userIds.set(role, okValue(made).id);
  }
}

/**
 * Tills set up and enrolled as a user would (the first start's set-up, then a code the
 * administrator made for that id), the staff made at the first and known at all after a
 * cycle; a session opened at each when asked.
 */
export async function enrolledTills<Id extends string>(serverUrl: string, tillIds: readonly Id[], options: { openSessions?: boolean } = {}): Promise<Record<Id, Counter>> {
  const tills = {} as Record<Id, Counter>;
  for (const tillId of tillIds) {
    const t = counter();
    setUp(t, { tillName: 'Poste', adminName: `Admin ${tillId}` });
    const code = await admin(serverUrl, 'POST', '/enrolment-codes', { tillId, tillName: `Guichet ${tillId}` });
    t.must('sync.enrol', { serverUrl, code: code.value.code as string }, 'administrator');
    await t.cycle();
    tills[tillId] = t;
  }
  await makeStaff(tills[tillIds[0]!], Object.values(tills));
  for (const t of Object.values<Counter>(tills)) await t.cycle();
  if (options.openSessions) for (const t of Object.values<Counter>(tills)) t.must('sessions.open', { float: [] }, 'supervisor');
  return tills;
}

/** A ledger server with the web shop's key (point of sale pos-web) and tills enrolled on it (useBoxOffice). */
export interface BoxOffice<Id extends string> {
  server: RunningServer;
  shopKey: string;
  tills: Record<Id, Counter>;
  /** Two cycles of every till: what one pushed, the others pulled. */
  syncAll(): Promise<void>;
}

/**
 * A describe's box office: a ledger server on `engine` (on PostgreSQL, in the cluster
 * `clusterOf` gives), the web shop's key, and `tillIds` enrolled as a user would with a
 * session open at each (enrolledTills) — started before its tests, the server closed after.
 */
export function useBoxOffice<Id extends string>(engine: TestEngine, clusterOf: () => TestCluster, tillIds: readonly Id[]): BoxOffice<Id> {
  const office: BoxOffice<Id> = {
    server: undefined as never,
    shopKey: '',
    tills: {} as Record<Id, Counter>,
    async syncAll() {
      for (const t of Object.values<Counter>(office.tills)) await t.cycle();
      for (const t of Object.values<Counter>(office.tills)) await t.cycle();
    },
  };
  beforeAll(async () => {
    office.server = await startTestServer({ engine, cluster: clusterOf(), clock: { nowMs: () => Date.now() } });
    office.shopKey = (await admin(office.server.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key as string;
    Object.assign(office.tills, await enrolledTills(office.server.url, tillIds, { openSessions: true }));
  }, 60_000);
  afterAll(async () => {
    await office.server?.close();
  });
  return office;
}

/** Closes the tills still open and removes their data folders (a test file's afterAll). */
export function closeCounters(): void {
  for (const till of open.splice(0)) till.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
