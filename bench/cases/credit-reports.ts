// The credit-balance reports (issue 4) over 1 000 000 credit movements, each timed
// through the service (dispatch, as the screens call it) against a bare SELECT of the same
// rows in the same run. Bar: each report under 300 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTill } from '../../src/main/till.ts';
import { figure, type BenchCase, type Figure } from '../case.ts';
import { percentile } from '../stats.ts';

const movements = 1_000_000;
const contactsCount = 20_000;
const tills = ['G1', 'G2', 'G3'];
const dayMs = 86_400_000;
const yearStartMs = Date.UTC(2026, 0, 1);
const barMs = 300;

/** A year of movements at three tills over 20 000 contacts, written raw in big transactions. */
function generate(db: ReturnType<typeof openTill>['context']['db']): void {
  db.exec("INSERT INTO tills (id, name, point_of_sale_id, order_prefix) VALUES ('G2', 'Guichet 2', 'pos-main', 'G2'), ('G3', 'Guichet 3', 'pos-main', 'G3')");
  const insertContact = db.prepare("INSERT INTO contacts (id, kind, name, first_name, deferred_authorised, deferred_limit_minor, created_at_ms) VALUES (?, 'individual', ?, ?, 0, 0, 0)");
  const insertAccount = db.prepare("INSERT INTO accounts (id, kind, contact_id, currency) VALUES (?, 'credit', ?, 'CHF')");
  const insertBalance = db.prepare("INSERT INTO account_balances (account_id, kind, balance_minor, debits_minor, credits_minor) VALUES (?, 'credit', ?, ?, ?)");
  const insertMovement = db.prepare(
    `INSERT INTO account_movements (entry_id, account_id, kind, contact_id, till_id, at_ms, user_id, entry_type, amount_minor, balance_after_minor, debits_after_minor, credits_after_minor, method_id, reference)
     VALUES (?, ?, 'credit', ?, ?, ?, 'u-cashier', ?, ?, ?, ?, ?, 'pm-card', '')`,
  );
  const balances = new Array<number>(contactsCount).fill(0);
  const debits = new Array<number>(contactsCount).fill(0);
  const credits = new Array<number>(contactsCount).fill(0);
  // the movements table refers to journal rows; the bench leaves the journal out (it measures reports)
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    for (let c = 0; c < contactsCount; c += 1) insertContact.run(`bc-${c}`, `Contact ${c}`, 'Bench');
  })();
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const batch = 100_000;
  for (let start = 0; start < movements; start += batch) {
    db.transaction(() => {
      for (let i = start; i < start + batch; i += 1) {
        const c = Math.floor(random() * contactsCount); // lint-allow: float (a random index, not money)
        const atMs = yearStartMs + Math.floor((i / movements) * 365 * dayMs); // lint-allow: float (a time, not money)
        // fund in tens, spend what is there: a balance never goes below zero
        const spend = balances[c]! > 0 && random() < 0.5;
        const amount = spend ? Math.min(balances[c]!, 500 + Math.floor(random() * 4000)) : -(1000 + Math.floor(random() * 9000)); // lint-allow: float
        balances[c] = balances[c]! - amount;
        if (amount > 0) debits[c] = debits[c]! + amount;
        else credits[c] = credits[c]! - amount;
        insertMovement.run(`bench-${i}`, `credit:bc-${c}`, `bc-${c}`, tills[i % tills.length], atMs, spend ? 'sale' : 'credit_fund', amount, -balances[c]!, debits[c], credits[c]);
      }
    })();
  }
  db.transaction(() => {
    balances.forEach((b, c) => {
      insertAccount.run(`credit:bc-${c}`, `bc-${c}`);
      insertBalance.run(`credit:bc-${c}`, -b, debits[c], credits[c]);
    });
  })();
  db.exec(`INSERT INTO account_day_totals (kind, day, till_id, entry_type, is_debit, movements, amount_minor)
           SELECT kind, at_ms / 86400000, till_id, entry_type, amount_minor > 0, COUNT(*), SUM(amount_minor) FROM account_movements GROUP BY 1, 2, 3, 4, 5`);
  db.pragma('foreign_keys = ON');
  db.exec('ANALYZE');
}

function timeMs(run: () => void, rounds = 7): number {
  run(); // warm
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return percentile([...times].sort((a, b) => a - b), 50);
}

export const creditReportsCase: BenchCase = {
  name: 'credit',
  description: 'the three credit-balance reports over 1 000 000 movements vs a bare SELECT of the same rows',
  run({ log }) {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-credit-'));
    try {
      const till = openTill({ dataDir: dir });
      const t0 = performance.now();
      generate(till.context.db);
      log(`generated ${movements} movements over ${contactsCount} contacts in ${((performance.now() - t0) / 1000).toFixed(1)} s`); // lint-allow: float
      const login = till.dispatch('auth.login', { userId: 'u-supervisor', pin: '234567' }, null) as { ok: true; value: { token: string } };
      const call = (method: string, input: unknown) => {
        const result = till.dispatch(method, input, login.value.token);
        if (!result.ok) throw new Error(`${method}: ${result.error.code}`);
      };
      const db = till.context.db;
      const bare = (where: string, params: unknown[]) => () => {
        for (const row of db.prepare(`SELECT * FROM account_movements WHERE ${where}`).raw().iterate(...params)) void row;
      };
      const month = { fromMs: yearStartMs + 181 * dayMs, toMs: yearStartMs + 212 * dayMs };
      const year = { fromMs: yearStartMs, toMs: yearStartMs + 366 * dayMs };
      const someContacts = Array.from({ length: 50 }, (_, i) => `bc-${i * 397}`);
      const cases: [string, () => void, () => void][] = [
        ['credit.slip.one-till-month', () => call('reports.creditSlip', { ...month, tillIds: ['G2'] }), bare("kind = 'credit' AND till_id = 'G2' AND at_ms BETWEEN ? AND ?", [month.fromMs, month.toMs])],
        ['credit.slip.all-tills-year', () => call('reports.creditSlip', { ...year, tillIds: [] }), bare("kind = 'credit' AND at_ms BETWEEN ? AND ?", [year.fromMs, year.toMs])],
        ['credit.accounts.month', () => call('reports.creditAccounts', month), bare("kind = 'credit' AND at_ms >= ?", [month.fromMs])],
        ['credit.accounts.year', () => call('reports.creditAccounts', year), bare("kind = 'credit' AND at_ms >= ?", [year.fromMs])],
        ['credit.movements.50-contacts-year', () => call('reports.creditMovements', { ...year, contactIds: someContacts }), bare(`contact_id IN (${someContacts.map(() => '?').join(',')}) AND kind = 'credit'`, someContacts)],
      ];
      const figures: Figure[] = [];
      for (const [name, service, baseline] of cases) {
        const value = timeMs(service);
        const base = timeMs(baseline);
        log(`${name}: ${value.toFixed(1)} ms (bare SELECT ${base.toFixed(1)} ms)`); // lint-allow: float
        figures.push(figure(name, 'ms', value, base, { bar: { text: `< ${barMs} ms over ${movements.toLocaleString('fr-CH')} movements`, isMet: value < barMs }, note: 'median of 7 after a warm-up, through dispatch (validation, permission, query, view); baseline: SELECT * of the rows the report reads, iterated' }));
      }
      till.close();
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
