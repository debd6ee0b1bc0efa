// Client request ids, for every method that takes one: the same request again answers its
// first result and writes nothing; the same id with any one field changed is
// request_conflict and writes nothing; another user's, or another method's, request with
// the same id is a request of its own (never the other's result).
import { ulid } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../shared/api/contract.ts';
import type { Role } from '../../shared/permissions.ts';
import { migrate, migrations } from './db/migrations/index.ts';
import { stateFingerprint, testTill, type TestTill } from '../testing/fixtures.ts';
import { sha256Hex } from './context.ts';

type Input = Record<string, unknown>;
interface Scene {
  t: TestTill;
  orderId: string;
  orderLineId: string;
}
interface Case {
  method: MethodName;
  role: Extract<Role, 'cashier' | 'supervisor'>;
  input: (s: Scene) => Input;
  /** One field changed per entry, every other one as it was. */
  changes: Record<string, (input: Input) => Input>;
  /** What tells one answer from another: the order, refund, entry, settlement or job made. */
  resultOf: (value: any) => string;
  /** A refund answers its order as it is now: a retry shows the refunds made since too. */
  isAnswerCurrent?: boolean;
}

const ticket = { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 } as const;
const cases: Case[] = [
  {
    method: 'sales.checkout',
    role: 'cashier',
    input: () => ({ lines: [ticket], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 4500 }] }),
    changes: {
      invoiceDeferred: (i) => ({ ...i, invoiceDeferred: true }),
      lines: (i) => ({ ...i, lines: [{ ...ticket, quantity: 2 }] }),
      buyerContactId: (i) => ({ ...i, buyerContactId: 'c-dupont' }),
      payments: (i) => ({ ...i, payments: [{ methodId: 'pm-deferred-3', amountMinor: 4500 }] }),
    },
    resultOf: (order) => order.id,
  },
  {
    method: 'orders.refund',
    role: 'cashier',
    input: (s) => ({ orderId: s.orderId, lines: [{ orderLineId: s.orderLineId, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 4500 }], reason: 'Empêché' }),
    changes: {
      reason: (i) => ({ ...i, reason: 'Malade' }),
      lines: (i) => ({ ...i, lines: [{ orderLineId: (i.lines as { orderLineId: string }[])[0]!.orderLineId, quantity: 2 }] }),
      payments: (i) => ({ ...i, payments: [{ methodId: 'pm-credit', amountMinor: 4500 }] }),
    },
    resultOf: (order) => order.refunds.map((r: { id: string }) => r.id).join(),
    isAnswerCurrent: true,
  },
  {
    method: 'sessions.payIn',
    role: 'supervisor',
    input: () => ({ amountMinor: 2000, reason: 'Monnaie' }),
    changes: { amountMinor: (i) => ({ ...i, amountMinor: 2500 }), reason: (i) => ({ ...i, reason: 'Fonds' }) },
    resultOf: (moved) => moved.entryId,
  },
  {
    method: 'sessions.payOut',
    role: 'supervisor',
    input: () => ({ amountMinor: 1000, reason: 'Fleurs' }),
    changes: { amountMinor: (i) => ({ ...i, amountMinor: 1500 }), reason: (i) => ({ ...i, reason: 'Timbres' }) },
    resultOf: (moved) => moved.entryId,
  },
  {
    method: 'credit.fund',
    role: 'supervisor',
    input: () => ({ contactId: 'c-dupont', methodId: 'pm-card', amountMinor: 5000 }),
    changes: {
      contactId: (i) => ({ ...i, contactId: 'c-ecole' }),
      methodId: (i) => ({ ...i, methodId: 'pm-cash' }),
      amountMinor: (i) => ({ ...i, amountMinor: 5005 }),
      reference: (i) => ({ ...i, reference: 'Cadeau' }),
    },
    resultOf: (done) => done.movement.entryId,
  },
  {
    method: 'credit.payOut',
    role: 'supervisor',
    input: () => ({ contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 1000 }),
    changes: { amountMinor: (i) => ({ ...i, amountMinor: 1500 }), reference: (i) => ({ ...i, reference: 'Solde' }) },
    resultOf: (done) => done.movement.entryId,
  },
  {
    method: 'deferred.settle',
    role: 'supervisor',
    input: () => ({ contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 1000, reference: 'Chèque 1', excessToCredit: false }),
    changes: {
      amountMinor: (i) => ({ ...i, amountMinor: 1100 }),
      reference: (i) => ({ ...i, reference: 'Chèque 2' }),
      excessToCredit: (i) => ({ ...i, excessToCredit: true }),
      methodId: (i) => ({ ...i, methodId: 'pm-transfer' }),
    },
    resultOf: (settled) => settled.settlementId,
  },
  {
    method: 'printing.print',
    role: 'cashier',
    input: (s) => ({ document: { kind: 'receipt', orderId: s.orderId } }),
    changes: { document: (i) => ({ ...i, document: { kind: 'tickets', orderId: (i.document as { orderId: string }).orderId } }) },
    resultOf: (job) => job.id,
  },
  {
    method: 'drawer.open',
    role: 'cashier',
    input: () => ({ reason: 'Monnaie' }),
    changes: { reason: (i) => ({ ...i, reason: 'Contrôle' }) },
    resultOf: (job) => job.id,
  },
];

/** A second user of each role, with a login token of their own. */
const otherTokens = { cashier: 'test-token-cashier-2', supervisor: 'test-token-supervisor-2' } as const;

function scene(): Scene {
  const t = testTill();
  for (const role of ['cashier', 'supervisor'] as const) {
    t.db.prepare("INSERT INTO users (id, name, role, pin_salt, pin_hash, active) SELECT ?, ?, role, pin_salt, pin_hash, 1 FROM users WHERE id = ?").run(`u-${role}-2`, `Deuxième ${role}`, `u-${role}`);
    t.db.prepare('INSERT INTO auth_sessions (token_hash, user_id, till_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)').run(sha256Hex(otherTokens[role]), `u-${role}-2`, 'G1', t.clock.ms, t.clock.ms + 24 * 3600 * 1000);
  }
  t.must('printers.save', { name: 'Comptoir', connection: { transport: 'virtual' }, documents: ['receipt', 'ticket'], drawerPin: 2 }, 'technician');
  t.must('sessions.open', { float: [{ valueMinor: 1000, count: 20 }] });
  const order = t.must('sales.checkout', { requestId: ulid(), lines: [{ ...ticket, quantity: 4 }], buyerContactId: 'c-dupont', payments: [{ methodId: 'pm-card', amountMinor: 18000 }] });
  t.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-card', amountMinor: 20000 }, 'supervisor');
  t.must('sales.checkout', { requestId: ulid(), lines: [{ ...ticket, quantity: 2 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 9000 }] });
  return { t, orderId: order.id, orderLineId: order.lines[0]!.id };
}

/** Everything a request may write: money, requests, print jobs, audit rows. */
function written(t: TestTill): string {
  const count = (table: string) => (t.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return `${stateFingerprint(t.db)} requests=${count('requests')} settlements=${count('settlements')} jobs=${count('print_jobs')} audit=${count('audit_log')}`;
}

function call(s: Scene, c: Case, input: Input, token?: string) {
  return token ? s.t.dispatch(c.method, input, token) : s.t.call(c.method, input as never, c.role);
}

function must(s: Scene, c: Case, input: Input, token?: string): string {
  const result = call(s, c, input, token);
  if (!result.ok) throw new Error(`${c.method} refused: ${result.error.code} ${JSON.stringify(result.error.details)}`);
  return c.resultOf(result.value);
}

describe.each(cases)('request ids of $method', (c) => {
  let s: Scene;
  beforeEach(() => {
    s = scene();
  });

  it('answers the same request again with its first result and writes nothing', () => {
    const input = { requestId: ulid(), ...c.input(s) };
    const first = must(s, c, input);
    const before = written(s.t);
    expect(must(s, c, structuredClone(input))).toBe(first);
    expect(written(s.t)).toBe(before);
  });

  it.each(Object.keys(c.changes))('refuses the same id with %s changed: request_conflict, nothing written', (field) => {
    const input = { requestId: ulid(), ...c.input(s) };
    must(s, c, input);
    const before = written(s.t);
    expect(call(s, c, c.changes[field]!(input))).toMatchObject({ ok: false, error: { code: 'request_conflict' } });
    expect(written(s.t)).toBe(before);
  });

  it("takes another user's request with the same id as a request of its own, not the first user's result", () => {
    const input = { requestId: ulid(), ...c.input(s) };
    const first = must(s, c, input);
    const before = written(s.t);
    const other = must(s, c, input, otherTokens[c.role]);
    expect(other).not.toBe(first);
    expect(written(s.t)).not.toBe(before);
    // each user's retry is still their own request: it writes nothing, and answers their own result
    const afterBoth = written(s.t);
    const again = [must(s, c, input), must(s, c, input, otherTokens[c.role])];
    expect(written(s.t)).toBe(afterBoth);
    if (!c.isAnswerCurrent) expect(again).toEqual([first, other]);
  });
});

describe('one id across methods', () => {
  it('is a request of its own for each method (a sale id reused for a pay-in, a pay-in id for a pay-out…)', () => {
    const s = scene();
    const requestId = ulid();
    const results = cases.map((c) => must(s, c, { requestId, ...c.input(s) }));
    expect(new Set(results).size).toBe(cases.length);
    const before = written(s.t);
    expect(cases.map((c) => must(s, c, { requestId, ...c.input(s) }))).toEqual(results);
    expect(written(s.t)).toBe(before);
  });
});

describe('migration 011', () => {
  it('carries the requests written before it, found by method, user and id', () => {
    const s = scene();
    const made = cases.map((c) => {
      const input = { requestId: ulid(), ...c.input(s) };
      return { c, input, result: must(s, c, input) };
    });
    // a database of version 10: no requests table, each service's own column holds the bare id
    const db = s.t.db;
    const tables = ['orders', 'refunds', 'cash_movements', 'settlements', 'account_operations', 'print_jobs'];
    const guards = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%BEFORE UPDATE%' AND tbl_name IN (${tables.map(() => '?').join()})`).all(...tables) as { name: string; sql: string }[];
    db.exec('DROP TABLE requests');
    for (const g of guards) db.exec(`DROP TRIGGER ${g.name}`);
    for (const table of tables) {
      db.prepare(`UPDATE ${table} SET request_id = substr(request_id, length(rtrim(request_id, '0123456789ABCDEFGHJKMNPQRSTVWXYZ')) + 1) WHERE request_id LIKE '%/%'`).run();
    }
    for (const g of guards) db.exec(g.sql);
    db.pragma('user_version = 10');
    migrate(db, migrations.slice(0, 11));
    const before = written(s.t);
    for (const { c, input, result } of made) expect(must(s, c, structuredClone(input))).toBe(result);
    expect(written(s.t)).toBe(before);
  });
});
