// The deferred account (issue 5): both reports over 1 000 000 deferred movements, each
// against a bare SELECT of the rows it covers (bar: < 300 ms); and global invoicing of
// 1 000 orders for one contact through the service against inserting the same rows raw.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import type Database from 'better-sqlite3';
import { openTill, type Till } from '../../src/main/till.ts';
import { figure, type BenchCase, type Figure } from '../case.ts';
import { percentile } from '../stats.ts';

const movements = 1_000_000;
const contactsCount = 20_000;
const dayMs = 86_400_000;
const yearStartMs = Date.UTC(2026, 0, 1);
const barMs = 300;

function timeMs(run: () => void, rounds = 7): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return percentile([...times].sort((a, b) => a - b), 50);
}

/** Half charges (each with its open item), half settlements, over a year and 20 000 organisations. */
function generate(db: Database.Database): void {
  db.pragma('foreign_keys = OFF');
  const contact = db.prepare("INSERT INTO contacts (id, kind, name, first_name, deferred_authorised, deferred_limit_minor, created_at_ms) VALUES (?, 'organization', ?, '', 1, 100000000, 0)");
  db.transaction(() => {
    for (let c = 0; c < contactsCount; c += 1) contact.run(`bd-${c}`, `Organisation ${c}`);
  })();
  const movement = db.prepare(
    `INSERT INTO account_movements (entry_id, account_id, kind, contact_id, till_id, at_ms, user_id, entry_type, amount_minor, balance_after_minor, debits_after_minor, credits_after_minor, order_id, method_id, reference)
     VALUES (?, ?, 'deferred', ?, 'G1', ?, 'u-supervisor', ?, ?, ?, ?, ?, ?, ?, '')`,
  );
  const item = db.prepare("INSERT INTO deferred_items (id, payment_id, order_id, seq, count, due_date, amount_minor) VALUES (?, ?, ?, 1, 1, ?, ?)");
  const state = db.prepare('INSERT INTO deferred_item_state (item_id, order_id, payer_contact_id, due_date, open_minor, paid_minor) VALUES (?, ?, ?, ?, ?, ?)');
  const balances = new Array<number>(contactsCount).fill(0);
  const debits = new Array<number>(contactsCount).fill(0);
  const credits = new Array<number>(contactsCount).fill(0);
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let start = 0; start < movements; start += 100_000) {
    db.transaction(() => {
      for (let i = start; i < start + 100_000; i += 1) {
        const c = Math.floor(random() * contactsCount); // lint-allow: float (an index)
        const atMs = yearStartMs + Math.floor((i / movements) * 365 * dayMs); // lint-allow: float (a time)
        const settle = balances[c]! > 0 && random() < 0.5;
        const amount = settle ? -Math.min(balances[c]!, 1000 + Math.floor(random() * 5000)) : 2000 + Math.floor(random() * 8000); // lint-allow: float
        balances[c] = balances[c]! + amount;
        if (amount > 0) debits[c] = debits[c]! + amount;
        else credits[c] = credits[c]! - amount;
        const orderId = settle ? null : `bo-${i}`;
        movement.run(`bench-${i}`, `deferred:bd-${c}`, `bd-${c}`, atMs, settle ? 'deferred_settle' : 'sale', amount, balances[c], debits[c], credits[c], orderId, settle ? 'pm-cheque' : 'pm-deferred');
        if (orderId) {
          const due = new Date(atMs + 30 * dayMs).toISOString().slice(0, 10);
          item.run(`bi-${i}`, `bp-${i}`, orderId, due, amount);
          const isOpen = random() < 0.5;
          state.run(`bi-${i}`, orderId, `bd-${c}`, due, isOpen ? amount : 0, isOpen ? 0 : amount);
        }
      }
    })();
  }
  const account = db.prepare("INSERT INTO accounts (id, kind, contact_id, currency) VALUES (?, 'deferred', ?, 'CHF')");
  const balance = db.prepare("INSERT INTO account_balances (account_id, kind, balance_minor, debits_minor, credits_minor) VALUES (?, 'deferred', ?, ?, ?)");
  db.transaction(() => {
    balances.forEach((b, c) => {
      account.run(`deferred:bd-${c}`, `bd-${c}`);
      balance.run(`deferred:bd-${c}`, b, debits[c], credits[c]);
    });
  })();
  db.exec(`INSERT INTO account_day_totals (kind, day, till_id, entry_type, is_debit, movements, amount_minor)
           SELECT kind, at_ms / 86400000, till_id, entry_type, amount_minor > 0, COUNT(*), SUM(amount_minor) FROM account_movements GROUP BY 1, 2, 3, 4, 5`);
  db.pragma('foreign_keys = ON');
  db.exec('ANALYZE');
}

function reportFigures(till: Till, token: string, log: (m: string) => void): Figure[] {
  const call = (method: string, input: unknown) => {
    const result = till.dispatch(method, input, token);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}`);
  };
  const db = till.context.db;
  const bare = (sql: string, params: unknown[]) => () => {
    for (const row of db.prepare(sql).raw().iterate(...params)) void row;
  };
  const month = { fromMs: yearStartMs + 181 * dayMs, toMs: yearStartMs + 212 * dayMs };
  const year = { fromMs: yearStartMs, toMs: yearStartMs + 366 * dayMs };
  const cases: [string, () => void, () => void][] = [
    ['deferred.accounts.all', () => call('reports.deferredAccounts', {}), bare('SELECT * FROM account_balances WHERE kind = ?', ['deferred'])],
    ['deferred.accounts.bounded', () => call('reports.deferredAccounts', { minMinor: 100000, maxMinor: 500000 }), bare('SELECT * FROM account_balances WHERE kind = ? AND balance_minor BETWEEN ? AND ?', ['deferred', 100000, 500000])],
    ['deferred.movements.month', () => call('reports.deferredMovements', month), bare("SELECT * FROM account_movements WHERE kind = 'deferred' AND at_ms BETWEEN ? AND ?", [month.fromMs, month.toMs])],
    ['deferred.movements.year', () => call('reports.deferredMovements', year), bare("SELECT * FROM account_movements WHERE kind = 'deferred' AND at_ms BETWEEN ? AND ?", [year.fromMs, year.toMs])],
    ['deferred.movements.open-month', () => call('reports.deferredMovements', { ...month, status: 'open' }), bare("SELECT * FROM account_movements WHERE kind = 'deferred' AND entry_type = 'sale' AND at_ms BETWEEN ? AND ?", [month.fromMs, month.toMs])],
    ['deferred.movements.contact-year', () => call('reports.deferredMovements', { ...year, contactIds: ['bd-42'] }), bare("SELECT * FROM account_movements WHERE contact_id = ? AND kind = 'deferred'", ['bd-42'])],
  ];
  return cases.map(([name, service, baseline]) => {
    const value = timeMs(service);
    const base = timeMs(baseline);
    log(`${name}: ${value.toFixed(1)} ms (bare SELECT ${base.toFixed(1)} ms)`); // lint-allow: float
    return figure(name, 'ms', value, base, { bar: { text: `< ${barMs} ms over ${movements.toLocaleString('fr-CH')} movements`, isMet: value < barMs }, note: 'median of 7 after a warm-up, through dispatch; baseline: SELECT * of the rows the report covers, iterated' });
  });
}

/** 1 000 orders on account for one contact, then one global invoice; against the same rows inserted raw. */
function invoicingFigure(till: Till, token: string, log: (m: string) => void): Figure {
  const db = till.context.db;
  const orders = 1000;
  const rounds: { service: number; raw: number }[] = [];
  for (let round = 0; round < 3; round += 1) {
    const contactId = `bd-${round}`;
    for (let i = 0; i < orders; i += 1) {
      const sale = till.dispatch('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: contactId, payments: [{ methodId: 'pm-deferred', amountMinor: 500 }] }, token);
      if (!sale.ok) throw new Error(`sale: ${sale.error.code}`);
    }
    const t0 = performance.now();
    const invoice = till.dispatch('invoices.create', { contactId }, token);
    const service = performance.now() - t0;
    if (!invoice.ok || (invoice.value as { installments: unknown[] }).installments.length !== orders) throw new Error('global invoice');
    // the same rows raw: one invoice row, one journal row, 1 000 installments invoiced, one audit row
    const installmentIds = (db.prepare('SELECT item_id FROM invoice_items WHERE invoice_id = ?').pluck().all((invoice.value as { id: string }).id) as string[]);
    db.pragma('foreign_keys = OFF');
    const r0 = performance.now();
    db.transaction(() => {
      const id = ulid();
      db.prepare("INSERT INTO journal (till_id, seq, id, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format) VALUES ('BENCH', ?, ?, 'invoice_issued', 0, 'u', NULL, ?, ?, ?, 1)").run(round + 1, id, JSON.stringify(installmentIds), '0'.repeat(64), '1'.repeat(64));
      db.prepare("INSERT INTO invoices (id, number, series, seq, kind, cancels_invoice_id, contact_id, billing_snapshot, issued_at_ms, due_date, total_minor, currency, reference, entry_id, user_id) VALUES (?, ?, 'BENCH', ?, 'invoice', NULL, ?, '{}', 0, '2026-01-01', ?, 'CHF', ?, ?, 'u')").run(id, `B-${round}`, round + 1, contactId, orders * 500, `B${round}`, id);
      const invoiceInstallment = db.prepare('INSERT INTO invoice_items (invoice_id, item_id, amount_minor) VALUES (?, ?, ?)');
      for (const installmentId of installmentIds) invoiceInstallment.run(id, installmentId, 500);
      db.prepare("INSERT INTO audit_log (id, at_ms, user_id, till_id, action, details) VALUES (?, 0, 'u', 'G1', 'bench', '{}')").run(ulid());
    })();
    const raw = performance.now() - r0;
    db.pragma('foreign_keys = ON');
    rounds.push({ service, raw });
  }
  const service = percentile(rounds.map((r) => r.service).sort((a, b) => a - b), 50);
  const raw = percentile(rounds.map((r) => r.raw).sort((a, b) => a - b), 50);
  log(`deferred.invoice.1000-orders: ${service.toFixed(1)} ms (raw inserts ${raw.toFixed(1)} ms)`); // lint-allow: float
  return figure('deferred.invoice.1000-orders', 'ms', service, raw, { note: 'one global invoice over 1 000 uninvoiced orders of one contact (median of 3): reading the items, numbering, the journal entry, 1 000 invoice lines; baseline: the same rows inserted raw in one transaction' });
}

export const deferredCase: BenchCase = {
  name: 'deferred',
  description: 'the deferred-account reports over 1 000 000 movements, and global invoicing of 1 000 orders',
  run({ log }) {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-deferred-'));
    try {
      const till = openTill({ dataDir: dir });
      const t0 = performance.now();
      generate(till.context.db);
      log(`generated ${movements} movements over ${contactsCount} contacts in ${((performance.now() - t0) / 1000).toFixed(1)} s`); // lint-allow: float
      const login = till.dispatch('auth.login', { userId: 'u-supervisor', pin: '234567' }, null) as { ok: true; value: { token: string } };
      const token = login.value.token;
      till.dispatch('sessions.open', { float: [] }, token);
      const figures = [...reportFigures(till, token, log), invoicingFigure(till, token, log)];
      till.close();
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
