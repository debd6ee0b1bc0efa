// Test fixtures: a seeded demo database built once per worker, then copied in memory
// for each test, with logged-in tokens for every role and a clock the test controls.
import { randomBytes } from 'node:crypto';
import { openDatabase, openDatabaseCopy, type Db } from '../kernel/db/connection.ts';
import { demoUsers, seedDemo } from '../demo/seed.ts';
import { getSetting } from '../kernel/config.ts';
import { createTillContext, randomIds, sha256Hex, type Clock, type TillContext } from '../kernel/context.ts';
import type { PrintHooks } from '../kernel/print-hooks.ts';
import { createDispatch, type Dispatch } from '../kernel/dispatch.ts';
import { registry } from '../registry.ts';
import type { Role } from '../../shared/permissions.ts';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/result.ts';

export const startMs = Date.UTC(2026, 10, 24, 9, 0, 0);

export class TestClock implements Clock {
  constructor(public ms = startMs) {}
  nowMs() {
    return this.ms;
  }
  advance(ms: number) {
    this.ms += ms;
  }
}

let template: Buffer | null = null;

/** The token of each demo role in the template (sessions valid for a year of test time). */
export const tokens: Record<Role, string> = {
  cashier: 'test-token-cashier',
  supervisor: 'test-token-supervisor',
  technician: 'test-token-technician',
  administrator: 'test-token-administrator',
};

function demoTemplate(): Buffer {
  if (template) return template;
  const db = openDatabase(':memory:');
  seedDemo(db, new TestClock());
  const insert = db.prepare('INSERT INTO auth_sessions (token_hash, user_id, till_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)');
  for (const u of demoUsers) insert.run(sha256Hex(tokens[u.role]), u.id, 'G1', startMs, startMs + 365 * 24 * 3600 * 1000);
  template = db.serialize();
  db.close();
  return template;
}

export interface TestTill {
  db: Db;
  clock: TestClock;
  context: TillContext;
  dispatch: Dispatch;
  /** Calls a method as a role and returns its typed result. */
  call<M extends MethodName>(method: M, input: InputOf<M>, role?: Role | null): Result<OutputOf<M>>;
  /** Same, but throws unless ok: for setting the scene. */
  must<M extends MethodName>(method: M, input: InputOf<M>, role?: Role | null): OutputOf<M>;
  /** Any method awaited, asynchronous ones included (configuration changes: issue 16), as the doors call it. */
  callAsync<M extends MethodName>(method: M, input: InputOf<M>, role?: Role | null): Promise<Result<OutputOf<M>>>;
  mustAsync<M extends MethodName>(method: M, input: InputOf<M>, role?: Role | null): Promise<OutputOf<M>>;
}

/** `print`: the print hooks to register (printing's, to queue jobs without a worker); none by default. */
export function testTill(options: { db?: Db; clock?: TestClock; print?: PrintHooks } = {}): TestTill {
  const db = options.db ?? openDatabaseCopy(demoTemplate());
  const clock = options.clock ?? new TestClock();
  const context = createTillContext({ db, journalKey: randomBytes(32), tillId: getSetting(db, 'this_till_id')!, clock, ids: randomIds(), ...(options.print ? { print: options.print } : {}) });
  const dispatch = createDispatch(context, registry, { defaultLanguage: 'fr', checkOutputs: true, log: (m, e) => console.error(m, e) });
  const call = <M extends MethodName>(method: M, input: InputOf<M>, role: Role | null = 'cashier') =>
    dispatch(method, input, role ? tokens[role] : null) as Result<OutputOf<M>>;
  const callAsync = <M extends MethodName>(method: M, input: InputOf<M>, role: Role | null = 'cashier') =>
    dispatch.answer(method, input, role ? tokens[role] : null) as Promise<Result<OutputOf<M>>>;
  return {
    db,
    clock,
    context,
    dispatch,
    call,
    must(method, input, role = 'cashier') {
      const result = call(method, input, role);
      if (!result.ok) throw new Error(`${method} refused: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    callAsync,
    async mustAsync(method, input, role = 'cashier') {
      const result = await callAsync(method, input, role);
      if (!result.ok) throw new Error(`${method} refused: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
  };
}

/** Counts rows of every financial table: a refused call must leave them all unchanged. */
export function financialRowCounts(db: Db): Record<string, number> {
  const tables = ['journal', 'postings', 'orders', 'order_lines', 'tickets', 'vouchers', 'payments', 'refunds', 'refund_lines', 'refund_payments', 'refund_tickets', 'refund_vouchers', 'till_sessions', 'session_closings', 'cash_movements', 'account_balances', 'performance_stock'];
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

/** Every table a writing method may touch, counted: a refused or failed call must leave them all unchanged. */
export function writtenRowCounts(db: Db): Record<string, number> {
  const more = ['requests', 'audit_log', 'account_movements', 'deferred_items', 'item_cancellations', 'print_jobs'];
  return { ...financialRowCounts(db), ...Object.fromEntries(more.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n])) };
}

/**
 * Print hooks that throw: called at the very end of an apply, after every row of the
 * operation is written, they stand for a failure the apply did not foresee (the disk, a
 * bug). The transaction must roll every row back.
 */
export const failingPrintHooks: PrintHooks = {
  onSale: () => {
    throw new Error('printing failed after the sale was written');
  },
  onRefund: () => {
    throw new Error('printing failed after the refund was written');
  },
  onSessionClosed: () => {
    throw new Error('printing failed after the closing was written');
  },
  onCashSlip: () => {
    throw new Error('printing failed after the cash movement was written');
  },
};

/**
 * From now on, any attempt to append to the journal aborts (a temporary trigger): a call
 * that still answers a refusal was refused by its check, before its apply wrote anything
 * (the ledger's own bound check, the net under the checks, would never be reached).
 */
export function forbidJournalWrites(db: Db): void {
  db.exec("CREATE TEMP TRIGGER IF NOT EXISTS test_no_journal_writes BEFORE INSERT ON main.journal BEGIN SELECT RAISE(ABORT, 'the journal was written'); END");
}

/** A fingerprint of balances and stock, to prove a refusal moved nothing. */
export function stateFingerprint(db: Db): string {
  const balances = db.prepare('SELECT account_id, balance_minor FROM account_balances ORDER BY account_id').all();
  const stock = db.prepare('SELECT performance_id, sold FROM performance_stock ORDER BY performance_id').all();
  return JSON.stringify({ counts: financialRowCounts(db), balances, stock });
}
