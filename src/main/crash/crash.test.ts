// kill -9 at random instants (DESIGN Quality bars; reliability notes §3, §7): a child
// sells in a loop on a real file database and is SIGKILLed, again and again. After each
// kill the database must be whole, hold every sale the child acknowledged, hold no
// partial sale, and its journal chain must verify; the tail a kill left unsealed is sealed
// by the next start (ADR 0015).
//
// GUICHET_CRASH_CYCLES (default 100) sets the number of kills; GUICHET_CRASH_SEED replays a run.
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJournalKey } from '../kernel/ledger/keys.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { databaseFile, openTill } from '../till.ts';
import { login, openSession, seededRng, type Rng } from './demo-sales.ts';

const repo = resolve(import.meta.dirname, '../../..');
const cycles = Number(process.env.GUICHET_CRASH_CYCLES ?? 100);
const seed = Number(process.env.GUICHET_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Kill instants after READY, uniform in [0, this): tens of sales, some refunds, some checkpoints. */
const killWindowMs = 200;
/** Share of cycles killed while the child is still starting (opening the database). */
const startupKillShare = 0.15;
const startupWindowMs = 250;
/** Per cycle; a child that neither prints READY nor dies is a failure, not a hang. */
const cycleTimeoutMs = 15_000;

interface CycleOutcome {
  sales: string[];
  refunds: string[];
  isReady: boolean;
  signal: NodeJS.Signals | null;
  exitCode: number | null;
  stderr: string;
}

let root: string;
let dataDir: string;
let childScript: string;
let token: string;

/** Bundles the child once, so each cycle is a plain `node` start rather than a tsx compile. */
async function bundleChild(dir: string): Promise<string> {
  const outfile = join(dir, 'sales-child.mjs');
  await build({
    entryPoints: [join(repo, 'src/main/crash/sales-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  // the bundle imports its packages by name: let Node find them from the temp folder
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return outfile;
}

/** Demo data with an open session; seats raised so thousands of sales never sell out. */
function prepareDataFolder(dir: string): string {
  const till = openTill({ dataDir: dir, log: () => {} });
  till.context.db.prepare('UPDATE performances SET capacity = ?').run(10_000_000);
  const cashier = login(till.dispatch);
  openSession(till.dispatch, cashier);
  till.close();
  return cashier;
}

function runCycle(rng: Rng, childSeed: number): Promise<CycleOutcome> {
  return new Promise((resolveCycle, reject) => {
    const child = spawn(process.execPath, [childScript, dataDir, token, String(childSeed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const outcome: CycleOutcome = { sales: [], refunds: [], isReady: false, signal: null, exitCode: null, stderr: '' };
    let pending = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    const guard = setTimeout(kill, cycleTimeoutMs);
    if (rng() < startupKillShare) timer = setTimeout(kill, rng() * startupWindowMs);
    const killAfterReady = rng() * killWindowMs;

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const [word, kind, id] = line.split(' ');
        if (word === 'READY') {
          outcome.isReady = true;
          timer ??= setTimeout(kill, killAfterReady);
        } else if (word === 'ACK' && kind === 'sale' && id) outcome.sales.push(id);
        else if (word === 'ACK' && kind === 'refund' && id) outcome.refunds.push(id);
        else reject(new Error(`unexpected line from the child: ${line}`));
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (outcome.stderr += chunk));
    child.on('error', reject);
    // 'close' comes after the pipes are drained: every ACK written before the kill is read
    child.on('close', (exitCode, signal) => {
      clearTimeout(guard);
      clearTimeout(timer);
      resolveCycle({ ...outcome, exitCode, signal });
    });
  });
}

interface DbState {
  orders: number;
  headSeq: number;
  headHash: string;
  /** Orders and refunds up to these rowids were checked whole; immutable since, so later cycles check only newer rows. */
  orderRowid: number;
  refundRowid: number;
}

/** Everything that must hold after a kill; returns what later cycles must not lose. */
function checkAfterKill(cycle: number, outcome: CycleOutcome, acked: { sales: Set<string>; refunds: Set<string> }, before: DbState | null): DbState {
  const where = `cycle ${cycle} (seed ${seed})`;
  // A read-only connection: it recovers from the WAL like a restart does, but does not
  // checkpoint on close, so later cycles also get killed in the middle of checkpoints.
  const db = new Database(join(dataDir, databaseFile), { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true }), where).toBe('ok');
    expect(db.pragma('foreign_key_check'), where).toEqual([]);

    const inList = (table: string, ids: string[]): number => {
      if (ids.length === 0) return 0;
      return (db.prepare(`SELECT COUNT(*) FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')})`).pluck().get(...ids) as number);
    };
    // every acknowledged sale and refund is there (this cycle's; earlier ones are checked at the end too)
    expect(inList('orders', outcome.sales), `${where}: acknowledged sales`).toBe(outcome.sales.length);
    expect(inList('refunds', outcome.refunds), `${where}: acknowledged refunds`).toBe(outcome.refunds.length);

    const none = (sql: string, what: string, params: unknown[] = []): void => {
      expect(db.prepare(sql).all(...params), `${where}: ${what}`).toEqual([]);
    };
    const orderFrom = before?.orderRowid ?? 0;
    const refundFrom = before?.refundRowid ?? 0;
    // no partial sale: each order and its entry exist together, whole
    // (NOT IN, not NOT EXISTS: orders.entry_id has no index, and a correlated scan is quadratic)
    none(`SELECT o.id FROM orders o LEFT JOIN journal j ON j.id = o.entry_id WHERE j.id IS NULL OR j.type <> 'sale' OR json_extract(j.payload, '$.orderId') <> o.id`, 'orders without their sale entry');
    none(`SELECT seq FROM journal WHERE type = 'sale' AND id NOT IN (SELECT entry_id FROM orders)`, 'sale entries without their order');
    none(`SELECT r.id FROM refunds r LEFT JOIN journal j ON j.id = r.entry_id WHERE j.id IS NULL OR j.type <> 'refund'`, 'refunds without their entry');
    none(`SELECT seq FROM journal WHERE type = 'refund' AND id NOT IN (SELECT entry_id FROM refunds)`, 'refund entries without their refund');
    none(
      `SELECT o.id FROM orders o JOIN journal j ON j.id = o.entry_id
       WHERE o.rowid > ? AND (json_array_length(j.payload, '$.lines') <> (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id)
          OR json_array_length(j.payload, '$.tickets') <> (SELECT COUNT(*) FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE l.order_id = o.id)
          OR json_array_length(j.payload, '$.payments') <> (SELECT COUNT(*) FROM payments p WHERE p.order_id = o.id)
          OR (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id) <> 3
          OR (SELECT COUNT(*) FROM payments p WHERE p.order_id = o.id) <> 2
          OR o.total_minor <> (SELECT SUM(l.total_minor) FROM order_lines l WHERE l.order_id = o.id))`,
      'orders missing lines, tickets or payments',
      [orderFrom],
    );
    none(
      `SELECT r.id FROM refunds r WHERE r.rowid > ? AND (NOT EXISTS (SELECT 1 FROM refund_lines x WHERE x.refund_id = r.id) OR NOT EXISTS (SELECT 1 FROM refund_payments x WHERE x.refund_id = r.id) OR NOT EXISTS (SELECT 1 FROM refund_tickets x WHERE x.refund_id = r.id))`,
      'refunds missing their rows',
      [refundFrom],
    );
    none(
      `SELECT j.seq FROM journal j LEFT JOIN postings p ON p.entry_id = j.id WHERE j.type IN ('sale', 'refund')
       GROUP BY j.id HAVING COUNT(p.entry_id) = 0 OR SUM(p.amount_minor) <> 0`,
      'sale or refund entries without balanced postings',
    );
    none(
      `SELECT s.performance_id FROM performance_stock s LEFT JOIN (
         SELECT t.performance_id, COUNT(*) - COUNT(rt.ticket_id) AS held FROM tickets t LEFT JOIN refund_tickets rt ON rt.ticket_id = t.id GROUP BY t.performance_id
       ) h ON h.performance_id = s.performance_id
       WHERE s.sold <> COALESCE(h.held, 0)`,
      'seat counts that disagree with the tickets',
    );
    // gapless sequence
    const seqs = db.prepare('SELECT till_id, COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi FROM journal GROUP BY till_id').all() as { n: number; lo: number; hi: number }[];
    for (const s of seqs) expect({ lo: s.lo, hi: s.hi }, `${where}: gapless seq`).toEqual({ lo: 1, hi: s.n });

    const report = verifyJournal(db, () => loadJournalKey(dataDir));
    expect(report.problem, where).toBeNull();
    expect(report.ok).toBe(true);
    // the entries a kill left unsealed are sealed at the next start (ADR 0015): once the child
    // was READY (its openTill done), only what it wrote after may be unsealed
    if (before && outcome.isReady) expect(report.unsealed[0]?.fromSeq ?? Number.POSITIVE_INFINITY, `${where}: tail sealed at start`).toBeGreaterThan(before.headSeq);

    // what an earlier check saw committed is still there, unchanged
    const orders = db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number;
    const head = report.tills[0]!;
    if (before) {
      expect(orders, `${where}: orders never go back`).toBeGreaterThanOrEqual(before.orders);
      expect(db.prepare("SELECT hash FROM journal WHERE till_id = 'G1' AND seq = ?").pluck().get(before.headSeq), `${where}: earlier head`).toBe(before.headHash);
    }
    for (const id of outcome.sales) acked.sales.add(id);
    for (const id of outcome.refunds) acked.refunds.add(id);
    const maxRowid = (table: string) => db.prepare(`SELECT COALESCE(MAX(rowid), 0) FROM ${table}`).pluck().get() as number;
    return { orders, headSeq: head.headSeq, headHash: head.headHash, orderRowid: maxRowid('orders'), refundRowid: maxRowid('refunds') };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'guichet-crash-'));
  dataDir = join(root, 'till');
  childScript = await bundleChild(root);
  token = prepareDataFolder(dataDir);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('kill -9 at random instants', () => {
  it(`loses no acknowledged sale and leaves no partial one, ${cycles} kills`, { timeout: 120_000 + cycles * 3_000 }, async () => {
    console.log(`crash test: ${cycles} cycles, seed ${seed} (replay with GUICHET_CRASH_SEED=${seed})`);
    const rng = seededRng(seed);
    const acked = { sales: new Set<string>(), refunds: new Set<string>() };
    let state: DbState | null = null;
    let readyKills = 0;
    let startupKills = 0;
    for (let cycle = 1; cycle <= cycles; cycle += 1) {
      const outcome = await runCycle(rng, Math.floor(rng() * 2 ** 31));
      expect(outcome.signal, `cycle ${cycle} (seed ${seed}): the child must die by our SIGKILL, not on its own: ${outcome.stderr}`).toBe('SIGKILL');
      if (outcome.isReady) readyKills += 1;
      else startupKills += 1;
      state = checkAfterKill(cycle, outcome, acked, state);
    }

    // every acknowledgement of every cycle, still there at the end
    const db = new Database(join(dataDir, databaseFile), { readonly: true });
    try {
      const count = (table: string, ids: Set<string>) =>
        [...ids].filter((id) => db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined).length;
      expect(count('orders', acked.sales)).toBe(acked.sales.size);
      expect(count('refunds', acked.refunds)).toBe(acked.refunds.size);
    } finally {
      db.close();
    }
    console.log(`crash test: ${acked.sales.size} acknowledged sales, ${acked.refunds.size} refunds, ${state?.orders} orders in the database, ${readyKills} kills while selling, ${startupKills} while starting`);
    // the run exercised what it claims to: kills while selling, with sales acknowledged
    expect(acked.sales.size).toBeGreaterThan(cycles);
    expect(readyKills).toBeGreaterThan(cycles / 2);
  });
});
