// The five customer-account reports over the whole box office (issue 15 point 4): 10 tills
// (G1…G10) and 1 000 000 credit and deferred movements between them (--journal-entries
// sets how many), answered at an enrolled till — its own tenth in its ledger
// (account_movements), the other nine tenths as its pulls keep them (known_movements) —
// and by the ledger server over PostgreSQL (account_movements of every channel). Each
// report is timed through its door (the till's dispatch, the server's HTTP route) against a
// raw scan of the rows it covers in the same run. Bar: each under 300 ms at the till and
// on the server.
//
// The same movements on both sides, drawn by formula: movement g is contact
// (g × 7919 + 13) mod 20 000's k-th (7919 is prime to 20 000, so each contact's movements
// are 20 000 apart), at till G(g mod 10 + 1), a year spread evenly; six in ten on credit
// balances (a funding, then a spending smaller than any funding, in turn), four in ten on
// deferred accounts (a charge, then a smaller settlement). No balance goes the wrong way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openTill } from '../../src/main/till.ts';
import { admin, startTestServer } from '../../sync/src/testing/harness.ts';
import { startTestCluster } from '../../sync/src/testing/postgres.ts';
import type { Db } from '../../sync/src/store/store.ts';
import { figure, type BenchCase, type Figure } from '../case.ts';
import { percentile } from '../stats.ts';

const contactsCount = 20_000;
const tillsCount = 10;
const dayMs = 86_400_000;
const yearStartMs = Date.UTC(2026, 0, 1);
const barMs = 300;
const thisTill = 'G1';

interface Movement {
  entryId: string;
  contact: number;
  kind: 'credit' | 'deferred';
  tillId: string;
  atMs: number;
  entryType: string;
  amountMinor: number;
}

/** Movement g of n, as both sides write it (see the head of the file). */
function movementAt(g: number, n: number): Movement {
  const contact = (g * 7919 + 13) % contactsCount;
  const isFirstOfPair = Math.floor(g / contactsCount) % 2 === 0;
  const kind = g % 10 < 6 ? 'credit' : 'deferred';
  const large = 1000 + (g % 9000);
  const small = 500 + (g % 500);
  const atMs = yearStartMs + Math.floor((g * 365 * dayMs) / n);
  const entryId = String(g).padStart(26, '0');
  const tillId = `G${(g % tillsCount) + 1}`;
  // ledger signs: a funding is owed to the contact (−), a charge is owed by it (+)
  if (kind === 'credit') return { entryId, contact, kind, tillId, atMs, entryType: isFirstOfPair ? 'credit_fund' : 'sale', amountMinor: isFirstOfPair ? -large : small };
  return { entryId, contact, kind, tillId, atMs, entryType: isFirstOfPair ? 'sale' : 'deferred_settle', amountMinor: isFirstOfPair ? large : -small };
}

/** The SQL of movementAt over g (a bigint column) and n, for PostgreSQL. */
const movementSql = (n: number) => `
  SELECT g, (g * 7919 + 13) % ${contactsCount} AS contact, CASE WHEN g % 10 < 6 THEN 'credit' ELSE 'deferred' END AS kind,
    'G' || (g % ${tillsCount} + 1) AS till_id, ${yearStartMs}::int8 + (g * 365 * ${dayMs}::int8) / ${n} AS at_ms, lpad(g::text, 26, '0') AS event_id,
    (g / ${contactsCount}) % 2 = 0 AS is_first, 1000 + g % 9000 AS large, 500 + g % 500 AS small
  FROM generate_series(0::int8, ${n - 1}::int8) AS g`;

type Totals = { balance: number; debits: number; credits: number; count: number };

/** The till: the box office's movements in its own ledger (G1's) and its known ledger (the others'), as its sync writes them. */
function generateAtTill(db: ReturnType<typeof openTill>['context']['db'], n: number): void {
  db.pragma('foreign_keys = OFF'); // the movements refer to journal rows; the bench leaves the journal out (it measures reports)
  const tills = Array.from({ length: tillsCount }, (_, i) => `G${i + 1}`).filter((t) => t !== thisTill);
  const insertTill = db.prepare("INSERT OR IGNORE INTO tills (id, name, point_of_sale_id, order_prefix) VALUES (?, ?, 'pos-main', ?)");
  const insertContact = db.prepare("INSERT INTO contacts (id, kind, name, first_name, deferred_authorised, deferred_limit_minor, created_at_ms) VALUES (?, 'organization', ?, '', 1, 100000000, 0)");
  const own = db.prepare(
    `INSERT INTO account_movements (entry_id, account_id, kind, contact_id, till_id, at_ms, user_id, entry_type, amount_minor, balance_after_minor, debits_after_minor, credits_after_minor, method_id, reference)
     VALUES (?, ?, ?, ?, ?, ?, 'u-cashier', ?, ?, ?, ?, ?, 'pm-card', '')`,
  );
  const known = db.prepare(
    `INSERT INTO known_movements (entry_id, account_id, kind, contact_id, till_id, till_name, at_ms, user_id, entry_type, amount_minor, balance_after_minor, debits_after_minor, credits_after_minor,
       order_id, order_number, refund_id, method_id, reference, pulled_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'u-cashier', ?, ?, ?, ?, ?, NULL, NULL, NULL, 'pm-card', '', 0)`,
  );
  const totals = { own: new Map<string, Totals>(), known: new Map<string, Totals>() };
  db.transaction(() => {
    for (const t of tills) insertTill.run(t, `Guichet ${t.slice(1)}`, t);
    for (let c = 0; c < contactsCount; c += 1) insertContact.run(`bc-${c}`, `Contact ${c}`);
  })();
  const batch = 100_000;
  for (let start = 0; start < n; start += batch) {
    db.transaction(() => {
      for (let g = start; g < Math.min(n, start + batch); g += 1) {
        const m = movementAt(g, n);
        const accountId = `${m.kind}:bc-${m.contact}`;
        const ledger = m.tillId === thisTill ? totals.own : totals.known;
        const t = ledger.get(accountId) ?? { balance: 0, debits: 0, credits: 0, count: 0 };
        t.balance += m.amountMinor;
        if (m.amountMinor > 0) t.debits += m.amountMinor;
        else t.credits -= m.amountMinor;
        t.count += 1;
        ledger.set(accountId, t);
        if (m.tillId === thisTill) own.run(m.entryId, accountId, m.kind, `bc-${m.contact}`, m.tillId, m.atMs, m.entryType, m.amountMinor, t.balance, t.debits, t.credits);
        else known.run(m.entryId, accountId, m.kind, `bc-${m.contact}`, m.tillId, `Guichet ${m.tillId.slice(1)}`, m.atMs, m.entryType, m.amountMinor, t.balance, t.debits, t.credits);
      }
    })();
  }
  const insertAccount = db.prepare("INSERT INTO accounts (id, kind, contact_id, currency) VALUES (?, ?, ?, 'CHF')");
  const insertBalance = db.prepare('INSERT INTO account_balances (account_id, kind, balance_minor, debits_minor, credits_minor) VALUES (?, ?, ?, ?, ?)');
  const insertKnown = db.prepare('INSERT INTO known_accounts (account_id, kind, contact_id, balance_minor, debits_minor, credits_minor, movements) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const [accountId, t] of totals.own) {
      const [kind, contactId] = accountId.split(':') as [string, string];
      insertAccount.run(accountId, kind, contactId);
      insertBalance.run(accountId, kind, t.balance, t.debits, t.credits);
    }
    for (const [accountId, t] of totals.known) {
      const [kind, contactId] = accountId.split(':') as [string, string];
      insertKnown.run(accountId, kind, contactId, t.balance, t.debits, t.credits, t.count);
    }
  })();
  for (const [movements, days] of [['account_movements', 'account_day_totals'], ['known_movements', 'known_day_totals']] as const) {
    db.exec(`INSERT INTO ${days} (kind, day, till_id, entry_type, is_debit, movements, amount_minor)
             SELECT kind, at_ms / 86400000, till_id, entry_type, amount_minor > 0, COUNT(*), SUM(amount_minor) FROM ${movements} GROUP BY 1, 2, 3, 4, 5`);
  }
  db.pragma('foreign_keys = ON');
  db.exec('ANALYZE');
}

async function timeMs(run: () => unknown, rounds = 7): Promise<number> {
  await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return percentile([...times].sort((a, b) => a - b), 50);
}

const month = { fromMs: yearStartMs + 181 * dayMs, toMs: yearStartMs + 212 * dayMs };
const year = { fromMs: yearStartMs, toMs: yearStartMs + 366 * dayMs };
const someContacts = Array.from({ length: 50 }, (_, i) => `bc-${i * 397}`);

/** Each report: its name, its till input and server query, and the rows it covers (a WHERE on `m`, both sides). */
const reports = [
  { name: 'slip.one-till-month', method: 'reports.creditSlip', input: { ...month, tillIds: ['G2'] }, path: `credit-slip?fromMs=${month.fromMs}&toMs=${month.toMs}&tillIds=G2`, covers: `m.kind = 'credit' AND m.till_id = 'G2' AND m.at_ms BETWEEN ${month.fromMs} AND ${month.toMs}` },
  { name: 'slip.all-tills-year', method: 'reports.creditSlip', input: { ...year, tillIds: [] }, path: `credit-slip?fromMs=${year.fromMs}&toMs=${year.toMs}`, covers: `m.kind = 'credit' AND m.at_ms BETWEEN ${year.fromMs} AND ${year.toMs}` },
  { name: 'credit-accounts.year', method: 'reports.creditAccounts', input: year, path: `credit-accounts?fromMs=${year.fromMs}&toMs=${year.toMs}`, covers: `m.kind = 'credit' AND m.at_ms <= ${year.toMs}` },
  // a period inside the year: every account's opening and closing sought by index
  { name: 'credit-accounts.month', method: 'reports.creditAccounts', input: month, path: `credit-accounts?fromMs=${month.fromMs}&toMs=${month.toMs}`, covers: `m.kind = 'credit' AND m.at_ms <= ${month.toMs}` },
  { name: 'credit-movements.50-contacts-year', method: 'reports.creditMovements', input: { ...year, contactIds: someContacts }, path: `credit-movements?fromMs=${year.fromMs}&toMs=${year.toMs}&contactIds=${someContacts.join(',')}`, covers: `m.kind = 'credit' AND m.contact_id IN (${someContacts.map((c) => `'${c}'`).join(',')})` },
  { name: 'deferred-accounts.all', method: 'reports.deferredAccounts', input: {}, path: 'deferred-accounts', covers: `m.kind = 'deferred'` },
  { name: 'deferred-movements.year', method: 'reports.deferredMovements', input: { ...year, status: 'all' }, path: `deferred-movements?fromMs=${year.fromMs}&toMs=${year.toMs}`, covers: `m.kind = 'deferred' AND m.at_ms BETWEEN ${year.fromMs} AND ${year.toMs}` },
  { name: 'deferred-movements.50-contacts-year', method: 'reports.deferredMovements', input: { ...year, status: 'all', contactIds: someContacts }, path: `deferred-movements?fromMs=${year.fromMs}&toMs=${year.toMs}&contactIds=${someContacts.join(',')}`, covers: `m.kind = 'deferred' AND m.contact_id IN (${someContacts.map((c) => `'${c}'`).join(',')})` },
] as const;

const note = (side: string, baseline: string) => `median of 7 after a warm-up, ${side}; baseline: ${baseline}, same run`;

export async function atTill(n: number, log: (message: string) => void): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-accounts-'));
  try {
    const till = openTill({ dataDir: join(dir, 'data'), keyDir: join(dir, 'keys'), sync: false, log: () => {} });
    const t0 = performance.now();
    generateAtTill(till.context.db, n);
    log(`till: ${n} movements at ${tillsCount} tills (${thisTill}'s own, the others known) in ${((performance.now() - t0) / 1000).toFixed(1)} s`); // lint-allow: float
    const login = till.dispatch('auth.login', { userId: 'u-supervisor', pin: '234567' }, null) as { ok: true; value: { token: string } };
    const db = till.context.db;
    const figures: Figure[] = [];
    for (const r of reports) {
      const value = await timeMs(() => {
        const result = till.dispatch(r.method, r.input, login.value.token);
        if (!result.ok) throw new Error(`${r.method}: ${result.error.code}`);
      });
      // the raw scan: every row the report covers, of both ledgers, read and dropped
      const base = await timeMs(() => {
        for (const table of ['account_movements', 'known_movements']) for (const row of db.prepare(`SELECT * FROM ${table} m WHERE ${r.covers}`).raw().iterate()) void row;
      });
      log(`accounts.till.${r.name}: ${value.toFixed(1)} ms (raw scan ${base.toFixed(1)} ms)`); // lint-allow: float
      figures.push(
        figure(`accounts.till.${r.name}`, 'ms', value, base, {
          bar: { text: `< ${barMs} ms at a till, ${tillsCount} tills × ${n.toLocaleString('fr-CH')} movements`, isMet: value < barMs },
          note: note('through dispatch (validation, permission, query, view) over its own and its known ledger', 'SELECT * of the rows the report covers in both ledgers, iterated'),
        }),
      );
    }
    till.close();
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server: every channel's movements in account_movements, with their running totals, day totals and balances, as publishMovements writes them. */
export async function generateAtServer(db: Db, n: number): Promise<void> {
  await sql.raw(`
    INSERT INTO tills (id, name) SELECT 'G' || i, 'Guichet ' || i FROM generate_series(1, ${tillsCount}) AS i ON CONFLICT DO NOTHING;
    ALTER TABLE account_movements DISABLE TRIGGER USER;
    SET session_replication_role = replica; -- the movements refer to events; the bench leaves the journal out (it measures reports)
    INSERT INTO account_movements (version, event_id, account_id, kind, contact_id, till_id, at_ms, user_id, entry_type, amount_minor,
      order_id, order_number, refund_id, method_id, reference, balance_after_minor, debits_after_minor, credits_after_minor)
    SELECT 1000000000000 + g, event_id, kind || ':bc-' || contact, kind, 'bc-' || contact, till_id, at_ms, 'u-cashier', entry_type, amount, NULL, NULL, NULL, 'pm-card', '',
      SUM(amount) OVER w, SUM(GREATEST(amount, 0)) OVER w, SUM(GREATEST(-amount, 0)) OVER w
    FROM (SELECT x.*,
            CASE WHEN kind = 'credit' THEN (CASE WHEN is_first THEN 'credit_fund' ELSE 'sale' END) ELSE (CASE WHEN is_first THEN 'sale' ELSE 'deferred_settle' END) END AS entry_type,
            CASE WHEN kind = 'credit' THEN (CASE WHEN is_first THEN -large ELSE small END) ELSE (CASE WHEN is_first THEN large ELSE -small END) END AS amount
          FROM (${movementSql(n)}) x) y
    WINDOW w AS (PARTITION BY kind, contact ORDER BY at_ms, event_id);
    SET session_replication_role = DEFAULT;
    ALTER TABLE account_movements ENABLE TRIGGER USER;
    INSERT INTO account_day_totals (kind, day, till_id, entry_type, is_debit, movements, amount_minor)
      SELECT kind, (at_ms / 86400000)::int4, till_id, entry_type, amount_minor > 0, COUNT(*), SUM(amount_minor) FROM account_movements GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO account_totals (account_id, kind, contact_id, first_at_ms, last_at_ms, balance_minor, debits_minor, credits_minor, movements)
      SELECT account_id, kind, contact_id, MIN(at_ms), MAX(at_ms), SUM(amount_minor), SUM(GREATEST(amount_minor, 0)), SUM(GREATEST(-amount_minor, 0)), COUNT(*) FROM account_movements GROUP BY 1, 2, 3;
    INSERT INTO balances (account_id, balance_minor) SELECT account_id, SUM(amount_minor) FROM account_movements GROUP BY 1
      ON CONFLICT (account_id) DO UPDATE SET balance_minor = excluded.balance_minor;
    INSERT INTO records (kind, id, body, version, updated_at_ms)
      SELECT 'contact', 'bc-' || c, json_build_object('id', 'bc-' || c, 'kind', 'organization', 'name', 'Contact ' || c, 'firstName', '', 'deferredAuthorised', true, 'deferredLimitMinor', 100000000)::text, nextval('record_version'), 0
      FROM generate_series(0, ${contactsCount - 1}) AS c;
  `).execute(db);
  // a server's autovacuum visits a table filled over months and marks its pages all-visible
  // (what lets the accounts report's seeks read the index alone); a million rows inserted at
  // once have not been visited yet: the bench does what autovacuum would have done
  await sql.raw('VACUUM (ANALYZE)').execute(db);
}

export async function atServer(n: number, log: (message: string) => void): Promise<Figure[]> {
  const cluster = await startTestCluster();
  try {
    const server = await startTestServer({ engine: 'postgresql', cluster, checkOutputs: false });
    try {
      const t0 = performance.now();
      await generateAtServer(server.store.db, n);
      log(`server: ${n} movements of ${tillsCount} tills in ${((performance.now() - t0) / 1000).toFixed(1)} s`); // lint-allow: float
      const figures: Figure[] = [];
      for (const r of reports) {
        const value = await timeMs(async () => {
          const answer = await admin(server.url, 'GET', `/reports/${r.path}`);
          if (!answer.ok) throw new Error(`${r.path}: ${JSON.stringify(answer.error)}`);
        });
        // the raw scan: every row the report covers, counted and summed inside PostgreSQL
        const base = await timeMs(() => sql.raw(`SELECT COUNT(*), SUM(m.amount_minor) FROM account_movements m WHERE ${r.covers}`).execute(server.store.db));
        log(`accounts.server.${r.name}: ${value.toFixed(1)} ms (raw scan ${base.toFixed(1)} ms)`); // lint-allow: float
        figures.push(
          figure(`accounts.server.${r.name}`, 'ms', value, base, {
            bar: { text: `< ${barMs} ms on the server, ${tillsCount} tills × ${n.toLocaleString('fr-CH')} movements`, isMet: value < barMs },
            note: note('through the HTTP route /v1/admin/reports (PostgreSQL, parsing, JSON)', 'COUNT and SUM of the rows the report covers, scanned by PostgreSQL'),
          }),
        );
      }
      return figures;
    } finally {
      await server.close();
    }
  } finally {
    await cluster.stop();
  }
}

export const accountReportsCase: BenchCase = {
  name: 'accounts',
  description: `the five account reports over ${tillsCount} tills' movements, at an enrolled till (own + known ledgers) and on the server (PostgreSQL), vs raw scans`,
  async run({ journalEntries, log }) {
    return [...(await atTill(journalEntries, log)), ...(await atServer(journalEntries, log))];
  },
};
