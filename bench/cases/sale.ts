// A split-tender sale (3 lines, 2 payments) through the service, against raw
// better-sqlite3 inserting the very same rows in one FULL transaction per sale.
// Both run on real files (WAL, synchronous=FULL) in one temp folder, interleaved sale by
// sale so that disk noise falls on both alike.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { call, login, openSession, quoteTotal, type BasketLine, type OrderView } from '../../src/main/crash/demo-sales.ts';
import { monotonicUlids } from '../../src/main/kernel/context.ts';
import { databaseFile, openTill, type Till } from '../../src/main/till.ts';
import { figure, type BenchCase, type Figure } from '../case.ts';
import { summarise, timeMs } from '../stats.ts';

/** 2 full-price and 1 reduced seat, one programme: three lines, seven rows of lines and tickets. */
const basket: BasketLine[] = [
  { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 },
  { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-reduit', quantity: 1 },
  { kind: 'item', itemId: 'i-programme', quantity: 1 },
];
/** Cash due 47.47 → 47.45 with a 50.– note: cash rounding and change, as at a real till. */
const cashDueMinor = 4747;
const warmupSales = 200;

type Row = Record<string, unknown>;

/**
 * The baseline's id source: the till's own ULID generator (pooled cryptographic bytes,
 * kernel/context.ts), so that the floor mints its ids as cheaply as the service does. The
 * ulid package's default PRNG calls crypto.getRandomValues once per character (~85 µs per
 * fresh-millisecond ULID here); raw code would not pay that, so the floor does not either.
 */
const baselineIds = (): (() => string) => monotonicUlids();

/** What one service sale wrote, read back as rows: the baseline inserts copies of them. */
interface SaleRows {
  journal: Row;
  postings: Row[];
  accounts: Row[];
  order: Row;
  lines: Row[];
  tickets: Row[];
  payments: Row[];
  /** Its client request, by method, user and id (migration 011). */
  request: Row;
}

function prepareTill(dataDir: string): { till: Till; token: string } {
  const till = openTill({ dataDir, log: () => {} });
  till.context.db.prepare('UPDATE performances SET capacity = ?').run(10_000_000); // thousands of sales, one hall
  const token = login(till.dispatch);
  openSession(till.dispatch, token);
  return { till, token };
}

function rowsOfSale(db: Database.Database, orderId: string): SaleRows {
  const order = db.prepare('SELECT * FROM orders WHERE id = ?').get(orderId) as Row;
  return {
    order,
    journal: db.prepare('SELECT * FROM journal WHERE id = ?').get(order.entry_id) as Row,
    postings: db.prepare('SELECT * FROM postings WHERE entry_id = ? ORDER BY rowid').all(order.entry_id) as Row[],
    accounts: db.prepare('SELECT a.* FROM postings p JOIN accounts a ON a.id = p.account_id WHERE p.entry_id = ? ORDER BY p.rowid').all(order.entry_id) as Row[],
    lines: db.prepare('SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no').all(orderId) as Row[],
    tickets: db.prepare('SELECT t.* FROM tickets t JOIN order_lines l ON l.id = t.order_line_id WHERE l.order_id = ? ORDER BY t.rowid').all(orderId) as Row[],
    payments: db.prepare('SELECT * FROM payments WHERE order_id = ? ORDER BY seq').all(orderId) as Row[],
    request: db.prepare("SELECT * FROM requests WHERE method = 'sales.checkout' AND result_id = ?").get(orderId) as Row,
  };
}

const insertSql = (table: string, row: Row, verb = 'INSERT'): string => {
  const columns = Object.keys(row);
  return `${verb} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;
};

/**
 * The baseline: the rows a sale writes, as prepared statements in one IMMEDIATE
 * transaction, with fresh ids and numbers. No reads, no checks, no hashing: the floor.
 */
function rawSaleWriter(db: Database.Database, template: SaleRows): () => void {
  const insertJournal = db.prepare(insertSql('journal', template.journal));
  const insertAccount = db.prepare(insertSql('accounts', template.accounts[0]!, 'INSERT OR IGNORE'));
  const insertPosting = db.prepare(insertSql('postings', template.postings[0]!));
  const addToBalance = db.prepare('UPDATE account_balances SET balance_minor = balance_minor + ? WHERE account_id = ?');
  const openBalance = db.prepare('INSERT INTO account_balances (account_id, kind, balance_minor) VALUES (?, ?, ?)');
  const insertOrder = db.prepare(insertSql('orders', template.order));
  const insertLine = db.prepare(insertSql('order_lines', template.lines[0]!));
  const insertTicket = db.prepare(insertSql('tickets', template.tickets[0]!));
  // the seats a sale takes: one row per performance, as the service writes them
  const addSeats = db.prepare('INSERT INTO performance_stock (performance_id, sold) VALUES (?, ?) ON CONFLICT (performance_id) DO UPDATE SET sold = sold + excluded.sold');
  const seats = new Map<unknown, number>();
  for (const t of template.tickets) seats.set(t.performance_id, (seats.get(t.performance_id) ?? 0) + 1);
  const insertPayment = db.prepare(insertSql('payments', template.payments[0]!));
  const insertRequest = db.prepare(insertSql('requests', template.request));
  const sessionId = db.prepare("SELECT id FROM till_sessions WHERE till_id = 'G1'").pluck().get() as string;
  const ids = baselineIds();
  let seq = (db.prepare("SELECT COALESCE(MAX(seq), 0) FROM journal WHERE till_id = 'G1'").pluck().get() as number);
  let orderSeq = (db.prepare("SELECT COALESCE(MAX(number_seq), 0) FROM orders WHERE till_id = 'G1'").pluck().get() as number);
  let barcode = 9_000_000_000_000_000;

  const write = db.transaction(() => {
    seq += 1;
    orderSeq += 1;
    const entryId = ids();
    const orderId = ids();
    insertJournal.run({ ...template.journal, id: entryId, seq, session_id: sessionId, created_at_ms: Date.now() });
    template.postings.forEach((p, i) => {
      const a = template.accounts[i]!;
      insertAccount.run(a);
      insertPosting.run({ ...p, entry_id: entryId });
      if (addToBalance.run(p.amount_minor, p.account_id).changes === 0) openBalance.run(p.account_id, a.kind, p.amount_minor);
    });
    insertOrder.run({ ...template.order, id: orderId, request_id: ids(), number: `B-${orderSeq}`, number_seq: orderSeq, entry_id: entryId, session_id: sessionId, created_at_ms: Date.now() });
    const lineIds = new Map<unknown, string>();
    for (const l of template.lines) {
      const id = ids();
      lineIds.set(l.id, id);
      insertLine.run({ ...l, id, order_id: orderId });
    }
    for (const t of template.tickets) {
      barcode += 1;
      insertTicket.run({ ...t, id: ids(), order_line_id: lineIds.get(t.order_line_id), barcode: String(barcode) });
    }
    for (const [performanceId, count] of seats) addSeats.run(performanceId, count);
    for (const p of template.payments) insertPayment.run({ ...p, id: ids(), order_id: orderId });
    insertRequest.run({ ...template.request, request_id: ids(), result_id: orderId, created_at_ms: Date.now() });
  });
  return () => write.immediate();
}

const totalChanges = (db: Database.Database): number => db.prepare('SELECT total_changes()').pluck().get() as number;

/**
 * Runs `run` counting the statements it executes (run, get, all, iterate on any prepared
 * statement, the transaction's BEGIN and COMMIT included): better-sqlite3 has no profile
 * hook, so the statements' prototype is wrapped for that pass only, never while timing.
 */
function countStatements(db: Database.Database, run: () => void): number {
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  const names = ['run', 'get', 'all', 'iterate'] as const;
  const saved = names.map((name) => proto[name]!);
  let count = 0;
  names.forEach((name, i) => {
    proto[name] = function (this: unknown, ...args: unknown[]) {
      count += 1;
      return saved[i]!.apply(this, args);
    };
  });
  try {
    run();
  } finally {
    names.forEach((name, i) => (proto[name] = saved[i]!));
  }
  return count;
}

/**
 * The journal's seal (ADR 0015), written after a sale's transaction, off its path. The timed
 * loop never yields to the event loop, so the sealer it pokes runs only once the loop is
 * over: one seal for the whole burst, the head, checked here. Then a few sales each sealed
 * as an idle till would between two customers, the seal timed alone.
 */
function sealAfterSales(till: Till, db: Database.Database, sell: (requestId: string) => () => void, requestIds: () => string): { note: string } {
  const sealer = till.context.sealer;
  const before = sealer.sealsWritten;
  const headOf = () => db.prepare("SELECT MAX(seq) FROM journal WHERE till_id = 'G1'").pluck().get() as number;
  if (sealer.sealHead() !== headOf()) throw new Error('the sealer did not seal the journal head after the timed sales');
  const burst = sealer.sealsWritten - before;
  const sealMs: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    sell(requestIds())();
    sealMs.push(timeMs(() => {
      if (sealer.sealHead() === null) throw new Error('a sale left nothing to seal');
    }));
  }
  const sealed = db.prepare("SELECT COUNT(*) FROM journal_seals WHERE till_id = 'G1'").pluck().get() as number;
  return { note: `the sealer wrote ${burst} seal for the timed burst (head sealed after it) and ${sealed} in all; a seal alone, after a sale: p50 ${summarise(sealMs).p50Ms.toFixed(3)} ms, off the sale's path` };
}

export const saleCase: BenchCase = {
  name: 'sale',
  description: 'split-tender sale (3 lines, 2 payments) via dispatch("sales.checkout") vs raw inserts of the same rows',
  run({ sales, log }): Figure[] {
    const root = mkdtempSync(join(tmpdir(), 'guichet-bench-sale-'));
    try {
      const service = prepareTill(join(root, 'service'));
      const raw = prepareTill(join(root, 'raw'));
      raw.till.close();
      // the baseline connection is set up exactly as openDatabase sets up the till's
      const rawDb = new Database(join(root, 'raw', databaseFile));
      rawDb.pragma('journal_mode = WAL');
      rawDb.pragma('synchronous = FULL');
      rawDb.pragma('foreign_keys = ON');
      const svcDb = service.till.context.db;
      for (const db of [svcDb, rawDb]) {
        if (db.pragma('journal_mode', { simple: true }) !== 'wal' || db.pragma('synchronous', { simple: true }) !== 2) throw new Error('bench databases must be WAL + FULL');
      }

      const totalMinor = quoteTotal(service.till.dispatch, service.token, basket);
      const payments = [
        { methodId: 'pm-card', amountMinor: totalMinor - cashDueMinor },
        { methodId: 'pm-cash', amountMinor: 5000 },
      ];
      const sell = (requestId: string) => () => {
        const result = service.till.dispatch('sales.checkout', { requestId, lines: basket, buyerContactId: null, payments }, service.token);
        if (!result.ok) throw new Error(`sale refused: ${JSON.stringify(result.error)}`);
      };
      const first = call<OrderView>(service.till.dispatch, 'sales.checkout', { requestId: ulid(), lines: basket, buyerContactId: null, payments }, service.token);
      const writeRaw = rawSaleWriter(rawDb, rowsOfSale(svcDb, first.id));

      // request ids as a door hands them over (the renderer makes them): from pooled bytes.
      // ulid()'s default PRNG starts 16 crypto jobs per id, each a weak handle that every
      // minor GC of the timed sales would have to visit.
      const requestIds = baselineIds();
      log(`sale: ${warmupSales} warm-up + ${sales} timed sales per side, interleaved`);
      const serviceMs: number[] = [];
      const rawMs: number[] = [];
      let changes = { service: 0, raw: 0 };
      for (let i = 0; i < warmupSales + sales; i += 1) {
        if (i === warmupSales) changes = { service: totalChanges(svcDb), raw: totalChanges(rawDb) };
        const request = requestIds();
        // alternate who goes first, so neither side always follows the other's fsync
        const pair: [number[], () => void][] = [[serviceMs, sell(request)], [rawMs, writeRaw]];
        if (i % 2 === 1) pair.reverse();
        for (const [into, run] of pair) {
          const ms = timeMs(run);
          if (i >= warmupSales) into.push(ms);
        }
      }
      const rowsPerSale = { service: (totalChanges(svcDb) - changes.service) / sales, raw: (totalChanges(rawDb) - changes.raw) / sales };
      if (rowsPerSale.service !== rowsPerSale.raw) throw new Error(`the baseline does not write what the service writes: ${JSON.stringify(rowsPerSale)} rows per sale`);
      // statements per sale, counted on a few more sales after the timed ones (dispatch's own token lookup included)
      const counted = 20;
      const statementsPerSale = {
        service: countStatements(svcDb, () => { for (let i = 0; i < counted; i += 1) sell(requestIds())(); }) / counted,
        raw: countStatements(rawDb, () => { for (let i = 0; i < counted; i += 1) writeRaw(); }) / counted,
      };
      log(`sale: ${statementsPerSale.service} statements per sale (raw ${statementsPerSale.raw})`);
      const seal = sealAfterSales(service.till, svcDb, sell, requestIds);
      log(`sale: ${seal.note}`);
      service.till.close();
      rawDb.close();

      const s = summarise(serviceMs);
      const b = summarise(rawMs);
      const note = `${rowsPerSale.service} rows written per sale on both sides, in ${statementsPerSale.service} statements (raw: ${statementsPerSale.raw}); ${sales} sales each; ${seal.note}`;
      log(`sale: service p50 ${s.p50Ms.toFixed(3)} ms p99 ${s.p99Ms.toFixed(3)} ms; raw p50 ${b.p50Ms.toFixed(3)} ms p99 ${b.p99Ms.toFixed(3)} ms`);
      return [
        figure('sale.checkout.p50', 'ms', s.p50Ms, b.p50Ms, { bar: { text: 'ratio ≤ 1.5 (goal ≤ 1.25)', isMet: s.p50Ms / b.p50Ms <= 1.5 }, note }),
        figure('sale.checkout.mean', 'ms', s.meanMs, b.meanMs, { bar: { text: 'ratio ≤ 1.5 (goal ≤ 1.25)', isMet: s.meanMs / b.meanMs <= 1.5 } }),
        figure('sale.checkout.p99', 'ms', s.p99Ms, b.p99Ms, { bar: { text: 'ratio ≤ 1.5 (goal ≤ 1.25)', isMet: s.p99Ms / b.p99Ms <= 1.5 } }),
        figure('sale.checkout.statements', 'statements', statementsPerSale.service, statementsPerSale.raw, {
          note: 'statements executed per steady-state sale (BEGIN and COMMIT included; the service’s door lookups too, none once its configuration cache holds them); baseline: the raw inserts',
        }),
        figure('sale.checkout.throughput', 'sales/s', s.perSecond, b.perSecond, {
          bar: { text: '≥ 200 sales/s (reliability §3.4)', isMet: s.perSecond >= 200 },
          note: 'one sale per transaction, back to back; ratio below 1 = slower than raw',
        }),
      ];
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
