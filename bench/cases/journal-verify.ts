// Verifying a long journal (DESIGN Quality bars: 10⁶ entries in under 10 s), against a
// bare SELECT iterating the same rows: verifyJournalFile (what `npm run verify-journal`
// runs, on every core) and verifyJournal (one thread). The journal is generated with raw inserts and
// real HMACs (entryHash), sale-like payloads and postings, and balances that match.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../src/main/kernel/db/migrations/index.ts';
import { canonicalJson } from '../../src/shared/canonical-json.ts';
import { entryHash, genesisHash, journalFormat } from '../../src/main/kernel/ledger/journal.ts';
import { verifyJournal, type VerifyReport } from '../../src/main/kernel/ledger/verify.ts';
import { verifyJournalFile } from '../../src/main/kernel/ledger/verify-file.ts';
import { figure, type BenchCase, type Figure } from '../case.ts';
import { timeMs, timeMsAsync } from '../stats.ts';

const tillId = 'G1';
const batchEntries = 50_000;
/** Every tenth entry is a refund (3 postings), the rest sales (5 postings), as at a till. */
const refundEvery = 10;

const accounts = [
  ['revenue:810', 'revenue', null, null, 810],
  ['vat:810', 'vat', null, null, 810],
  ['till:G1:pm-card', 'till', tillId, 'pm-card', null],
  ['till:G1:pm-cash', 'till', tillId, 'pm-cash', null],
  ['rounding:G1', 'rounding', tillId, null, null],
] as const;

/** A sale's postings, [account, amount] sorted by account as the ledger hashes them; they sum to zero. */
function salePostings(n: number): [string, number][] {
  const totalMinor = 9000 + (n % 7) * 500;
  const vatMinor = Math.floor((totalMinor * 810) / 10810);
  const cashMinor = 1000 + (n % 5) * 5;
  return [
    ['revenue:810', -(totalMinor - vatMinor)],
    ['rounding:G1', 2],
    ['till:G1:pm-card', totalMinor - cashMinor],
    ['till:G1:pm-cash', cashMinor - 2],
    ['vat:810', -vatMinor],
  ];
}

function refundPostings(n: number): [string, number][] {
  const amountMinor = 4500 + (n % 3) * 100;
  const vatMinor = Math.floor((amountMinor * 810) / 10810);
  return [
    ['revenue:810', amountMinor - vatMinor],
    ['till:G1:pm-card', -amountMinor],
    ['vat:810', vatMinor],
  ];
}

/** A payload the size and shape of a real sale's (≈ 900 bytes). */
function payloadOf(n: number, postings: [string, number][]): string {
  const id = (k: number) => `01BENCH${String(n).padStart(12, '0')}${String(k).padStart(7, '0')}`;
  if (n % refundEvery === 0) {
    return canonicalJson({ orderId: id(1), refundId: id(2), reason: 'Client empêché', lines: [[id(3), 1, postings[1]![1]]], postings });
  }
  return canonicalJson({
    orderId: id(0),
    number: `G1-${String(n).padStart(6, '0')}`,
    buyerContactId: null,
    totalMinor: postings[2]![1] + postings[3]![1] + 2,
    changeMinor: 240,
    lines: [
      [id(1), 'ticket', 'Le Misanthrope — Molière — Plein tarif', 2, 4500, 9000, 810, 674],
      [id(2), 'ticket', 'Le Misanthrope — Molière — Tarif réduit', 1, 3000, 3000, 810, 225],
      [id(3), 'item', 'Programme de salle', 1, 500, 500, 260, 13],
    ],
    tickets: [[id(4), id(1), `8${String(n).padStart(15, '0')}`], [id(5), id(1), `7${String(n).padStart(15, '0')}`], [id(6), id(2), `6${String(n).padStart(15, '0')}`]],
    vouchers: [],
    payments: [[id(7), 'pm-card', postings[2]![1], postings[2]![1], 0, 0], [id(8), 'pm-cash', postings[3]![1] + 2, 5000, 240, 2]],
    postings,
  });
}

/** Writes a journal of `entries` entries (chained, HMACed) with postings and balances. */
export function generateJournal(file: string, key: Buffer, entries: number): void {
  const db = new Database(file);
  try {
    migrate(db);
    // generation only: a throwaway file, so no journal and no fsync; the verifier reads it like any till's
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.prepare("INSERT INTO points_of_sale (id, name) VALUES ('pos-bench', 'Bench')").run();
    db.prepare("INSERT INTO tills (id, name, point_of_sale_id, order_prefix) VALUES (?, 'Bench', 'pos-bench', 'G1')").run(tillId);
    const insertAccount = db.prepare("INSERT INTO accounts (id, kind, till_id, method_id, rate_bp, currency) VALUES (?, ?, ?, ?, ?, 'CHF')");
    for (const a of accounts) insertAccount.run(...a);
    const insertEntry = db.prepare(
      `INSERT INTO journal (till_id, seq, id, type, created_at_ms, user_id, session_id, payload, prev_hash, hash, format)
       VALUES (@till_id, @seq, @id, @type, @created_at_ms, @user_id, @session_id, @payload, @prev_hash, @hash, @format)`,
    );
    const insertPosting = db.prepare("INSERT INTO postings (entry_id, account_id, amount_minor, currency) VALUES (?, ?, ?, 'CHF')");
    let prevHash = genesisHash;
    const startMs = Date.UTC(2026, 0, 1);
    const writeBatch = db.transaction((from: number, to: number) => {
      for (let seq = from; seq <= to; seq += 1) {
        const isRefund = seq % refundEvery === 0;
        const postings = isRefund ? refundPostings(seq) : salePostings(seq);
        const row = {
          till_id: tillId,
          seq,
          id: `01BENCHENTRY${String(seq).padStart(14, '0')}`,
          // sale- and refund-shaped entries, typed apart: they carry no order rows to check
          type: isRefund ? 'bench_refund' : 'bench_sale',
          created_at_ms: startMs + seq * 1000,
          user_id: 'u-cashier',
          session_id: 'bench-session',
          payload: payloadOf(seq, postings),
          prev_hash: prevHash,
          format: journalFormat,
        };
        const hash = entryHash(key, row);
        insertEntry.run({ ...row, hash });
        for (const [accountId, amountMinor] of postings) insertPosting.run(row.id, accountId, amountMinor);
        prevHash = hash;
      }
    });
    for (let from = 1; from <= entries; from += batchEntries) writeBatch(from, Math.min(from + batchEntries - 1, entries));
    db.exec(`INSERT INTO account_balances (account_id, kind, balance_minor)
             SELECT a.id, a.kind, SUM(p.amount_minor) FROM accounts a JOIN postings p ON p.account_id = a.id GROUP BY a.id`);
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

const label = (entries: number): string => (entries % 1_000_000 === 0 ? `${entries / 1_000_000}m` : entries % 1000 === 0 ? `${entries / 1000}k` : String(entries));

export const journalVerifyCase: BenchCase = {
  name: 'journal',
  description: 'verifyJournalFile (the command) and verifyJournal (one thread) over a generated journal vs a bare SELECT iterating the same rows',
  async run({ journalEntries, log }): Promise<Figure[]> {
    const root = mkdtempSync(join(tmpdir(), 'guichet-bench-journal-'));
    try {
      const file = join(root, 'guichet.sqlite');
      const key = Buffer.alloc(32, 7);
      log(`journal: generating ${journalEntries} entries`);
      const generateMs = timeMs(() => generateJournal(file, key, journalEntries));
      const sizeMb = statSync(file).size / 1e6;
      log(`journal: generated in ${(generateMs / 1000).toFixed(1)} s, ${sizeMb.toFixed(0)} MB`);

      // as the verify-journal command opens it: read-only
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const iterate = () => {
          let rows = 0;
          for (const _ of db.prepare('SELECT * FROM journal ORDER BY till_id, seq').iterate()) rows += 1;
          if (rows !== journalEntries) throw new Error(`iterated ${rows} rows, expected ${journalEntries}`);
        };
        const isGood = (report: VerifyReport) => {
          if (!report.ok || report.entries !== journalEntries) throw new Error(`the generated journal does not verify: ${JSON.stringify(report.problem)}`);
        };
        // twice each, alternating, best of two: the first pass also warms the page cache
        const selectMs: number[] = [];
        const singleMs: number[] = [];
        const fileMs: number[] = [];
        for (let round = 0; round < 2; round += 1) {
          selectMs.push(timeMs(iterate));
          singleMs.push(timeMs(() => isGood(verifyJournal(db, () => key))));
          fileMs.push(await timeMsAsync(async () => isGood(await verifyJournalFile(file, () => key))));
          log(`journal: round ${round + 1}: SELECT ${(selectMs[round]! / 1000).toFixed(2)} s, verifyJournalFile ${(fileMs[round]! / 1000).toFixed(2)} s, verifyJournal ${(singleMs[round]! / 1000).toFixed(2)} s`);
        }
        const baselineS = Math.min(...selectMs) / 1000;
        const fileS = Math.min(...fileMs) / 1000;
        const singleS = Math.min(...singleMs) / 1000;
        const size = label(journalEntries);
        const barFor = (valueS: number): Figure['bar'] =>
          journalEntries >= 1_000_000 ? { text: '< 10 s for 1 000 000 entries', isMet: valueS < 10 * (journalEntries / 1_000_000) } : { text: 'n/a below 10⁶ entries', isMet: true };
        return [
          figure(`journal.verify.${size}`, 's', fileS, baselineS, {
            bar: barFor(fileS),
            note: `verifyJournalFile, as npm run verify-journal runs it (${availableParallelism()} worker threads); ${journalEntries} entries (9 sales : 1 refund, ${sizeMb.toFixed(0)} MB file, generated in ${(generateMs / 1000).toFixed(0)} s); baseline = SELECT * FROM journal ORDER BY till_id, seq, iterated; best of 2, warm cache`,
          }),
          figure(`journal.verify.${size}.single-thread`, 's', singleS, baselineS, { note: 'verifyJournal on one connection in one thread: for comparison, the bar is the command’s' }),
        ];
      } finally {
        db.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
