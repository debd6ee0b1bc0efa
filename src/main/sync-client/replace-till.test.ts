// Till identity and replacing a dead till, at the till against a real ledger server (on
// PGlite and PostgreSQL; ADR 0011): a bare install has its own id; a code for another id is
// taken by a fresh till and refused, changing nothing, by one with entries; a till sells, dies, is
// marked replaced, and a fresh machine enrolled with the replacement code restores its
// journal from the server — postings, balances, orders and the rows its events describe —
// then signs with a new key from head + 1 and sells on the same sequence, which the
// server accepts. The verifier accepts the restored range and says so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestServer, testAdminKey, testEngines, type TestEngine } from '../../../sync/src/testing/harness.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract.ts';
import type { Result } from '../../shared/result.ts';
import { openTill, type Till } from '../till.ts';
import { hashPin } from '../kernel/pin.ts';
import { signingKeysOf } from '../kernel/ledger/keys.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { runVerifyJournal } from '../cli/verify-journal.ts';
import { financialRowCounts } from '../testing/fixtures.ts';
import type { SyncClient } from './client.ts';
import { syncState } from './state.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));
/** The server of the engine under test (each describe.each block starts its own). */
let server: RunningServer;
const dirs: string[] = [];
const tills: Till[] = [];

afterAll(() => {
  for (const till of tills) till.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A till on a fresh data folder (its key folder beside), its sync loop driven by the test. */
function newTill(options: { demo: boolean; tillId?: string }): Till {
  const parent = mkdtempSync(join(tmpdir(), 'guichet-replace-'));
  dirs.push(parent);
  const till = openTill({ dataDir: join(parent, 'data'), demo: options.demo, ...(options.tillId ? { tillId: options.tillId } : {}), checkOutputs: true, sync: { log: () => {} }, log: (m, e) => console.error(m, e) });
  tills.push(till);
  // the test runs each cycle itself: the loop's own timer and pokes would run others in between
  void (till.context.sync as SyncClient).stop();
  return till;
}

/** The demo's users with their PINs; on a bare install, made as the first-start set-up would. */
const users = { cashier: ['u-cashier', '123456'], supervisor: ['u-supervisor', '234567'], administrator: ['u-admin', '456789'] } as const;
type Role = keyof typeof users;

function addUsers(till: Till): void {
  const insert = till.context.db.prepare('INSERT INTO users (id, name, role, pin_salt, pin_hash, active) VALUES (?, ?, ?, ?, ?, 1)');
  for (const [role, [id, pin]] of Object.entries(users)) {
    const { salt, hash } = hashPin(pin);
    insert.run(id, id, role, salt, hash);
  }
}

function caller(till: Till) {
  const tokens = new Map<Role, string>();
  const token = (role: Role) => {
    if (!tokens.has(role)) {
      const [userId, pin] = users[role];
      const login = till.dispatch('auth.login', { userId, pin }, null) as Result<{ token: string }>;
      if (!login.ok) throw new Error(`login refused: ${login.error.code}`);
      tokens.set(role, login.value.token);
    }
    return tokens.get(role)!;
  };
  const call = <M extends MethodName>(method: M, input: InputOf<M>, role: Role = 'cashier') => till.dispatch(method, input, token(role)) as Result<OutputOf<M>>;
  const must = <M extends MethodName>(method: M, input: InputOf<M>, role: Role = 'cashier') => {
    const result = call(method, input, role);
    if (!result.ok) throw new Error(`${method} refused: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  return { call, must };
}

const cycle = (till: Till) => (till.context.sync as SyncClient).runOnce();
const status = (till: Till) => (till.dispatch('sync.status', {}, null) as Result<OutputOf<'sync.status'>>);

async function enrol(till: Till, code: string): Promise<OutputOf<'sync.status'>> {
  caller(till).must('sync.enrol', { serverUrl: server.url, code }, 'administrator');
  await cycle(till);
  const answer = status(till);
  if (!answer.ok) throw new Error(answer.error.code);
  return answer.value;
}

async function makeCode(tillId: string, tillName = `Caisse ${tillId}`): Promise<string> {
  const answer = await admin(server.url, 'POST', '/enrolment-codes', { tillId, tillName });
  expect(answer.ok).toBe(true);
  return answer.value.code as string;
}

/** What a restore must bring back: balances, orders with their lines, tickets, vouchers and payments, sessions, refunds. */
function ledgerState(till: Till) {
  const db = till.context.db;
  const all = (sql: string) => db.prepare(sql).all();
  return {
    journal: all('SELECT till_id, seq, id, type, payload, hash, signature FROM journal ORDER BY seq'),
    postings: all('SELECT entry_id, account_id, amount_minor FROM postings ORDER BY entry_id, account_id'),
    balances: all('SELECT account_id, balance_minor, debits_minor, credits_minor FROM account_balances WHERE balance_minor <> 0 OR debits_minor <> 0 ORDER BY account_id'),
    movements: all('SELECT entry_id, account_id, amount_minor, balance_after_minor, order_id, refund_id, method_id FROM account_movements ORDER BY entry_id, account_id'),
    orders: all('SELECT id, number, number_seq, till_id, session_id, entry_id, buyer_contact_id, total_minor, change_minor FROM orders ORDER BY number'),
    lines: all('SELECT id, order_id, line_no, kind, performance_id, label, quantity, unit_price_minor, total_minor, vat_rate_bp, vat_minor FROM order_lines ORDER BY order_id, line_no'),
    tickets: all('SELECT id, order_line_id, performance_id, barcode FROM tickets ORDER BY id'),
    vouchers: all('SELECT id, code, order_line_id, value_minor FROM vouchers ORDER BY id'),
    payments: all('SELECT id, order_id, method_id, method_type, amount_minor, payer_contact_id, voucher_id, known_voucher_id FROM payments ORDER BY id'),
    refunds: all('SELECT id, order_id, total_minor, reason FROM refunds ORDER BY id'),
    refundTickets: all('SELECT ticket_id, refund_id FROM refund_tickets ORDER BY ticket_id'),
    sessions: all('SELECT id, till_id, number, float_minor FROM till_sessions ORDER BY number'),
    cash: all('SELECT kind, amount_minor, reason, session_id FROM cash_movements ORDER BY created_at_ms'),
    seats: all('SELECT performance_id, sold FROM performance_stock WHERE sold <> 0 ORDER BY performance_id'),
    closings: all('SELECT session_id, z_number, closed_by FROM session_closings ORDER BY z_number'),
    installments: all('SELECT s.item_id, s.payer_contact_id, s.due_date, s.open_minor, s.paid_minor, s.cancelled_minor, i.amount_minor FROM deferred_item_state s JOIN deferred_items i ON i.id = s.item_id ORDER BY s.item_id'),
    invoices: all('SELECT id, number, series, seq, kind, contact_id, due_date, total_minor, reference FROM invoices ORDER BY number'),
    invoiceInstallments: all('SELECT invoice_id, item_id, amount_minor FROM invoice_items ORDER BY invoice_id, item_id'),
    settlements: all('SELECT id, contact_id, method_id, amount_minor, reference FROM settlements ORDER BY id'),
    allocations: all('SELECT settlement_id, item_id, amount_minor FROM settlement_allocations ORDER BY settlement_id, item_id'),
    cancellations: all('SELECT item_id, refund_id, amount_minor FROM item_cancellations ORDER BY item_id'),
    refundLines: all('SELECT refund_id, order_line_id, quantity, amount_minor, vat_minor FROM refund_lines ORDER BY refund_id, order_line_id'),
    refundPayments: all('SELECT refund_id, method_id, amount_minor, rounding_minor FROM refund_payments ORDER BY refund_id, method_id'),
    refundVouchers: all('SELECT voucher_id, refund_id FROM refund_vouchers ORDER BY voucher_id'),
    creditOperations: all('SELECT entry_id, kind FROM account_operations ORDER BY entry_id'),
    dayTotals: all('SELECT kind, day, till_id, entry_type, is_debit, movements, amount_minor FROM account_day_totals ORDER BY kind, day, till_id, entry_type, is_debit'),
  };
}

async function serverHead(tillId: string) {
  const till = await server.store.db.selectFrom('tills').select(['head_seq', 'head_hash']).where('id', '=', tillId).executeTakeFirstOrThrow();
  return { seq: Number(till.head_seq), hash: till.head_hash };
}

describe('till identity', () => {
  it('a bare install has its own id, never G1; a demo till is G1, or the id it is given; order numbers carry it', () => {
    const [a, b] = [newTill({ demo: false }), newTill({ demo: false })];
    expect(a.context.tillId).toMatch(/^T[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(b.context.tillId).toMatch(/^T[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(a.context.tillId).not.toBe(b.context.tillId);
    expect(newTill({ demo: true }).context.tillId).toBe('G1');
    const g2 = newTill({ demo: true, tillId: 'G2' });
    expect(g2.context.tillId).toBe('G2');
    const cashier = caller(g2);
    cashier.must('sessions.open', { float: [] });
    const order = cashier.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 5000 }] });
    expect(order.number).toMatch(/^G2-\d+$/);
  });
});

/** The dead till's journal: session, pay-in, credit, two sales, a refund, a sale paid by a gift voucher, a sale on account, its invoice, a settlement, a refund on account and its credit note, a closing and a new session. */
const headSeq = 14;

describe.each(testEngines)('enrolling and replacing a till against the ledger server on %s', (engine: TestEngine) => {
  beforeAll(async () => {
    server = await startTestServer({ engine, cluster, clock: { nowMs: () => Date.now() } }); // the tills' clock
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  let old: Till;
  let before: ReturnType<typeof ledgerState>;
  let replacementCode: string;

  it('a till with entries refuses a code for another id in French, naming both, and nothing changes', async () => {
    const busy = newTill({ demo: true, tillId: 'G3' });
    const cashier = caller(busy);
    cashier.must('sessions.open', { float: [] });
    const rows = financialRowCounts(busy.context.db);
    const code = await makeCode('G4', 'Guichet 4');
    const after = await enrol(busy, code);
    expect(after.lastError).toMatchObject({ code: 'enrolment_till_mismatch', details: { tillId: 'G3', codeTillId: 'G4' } });
    expect(after.lastError!.message).toMatch(/^Ce code est pour la caisse G4, pas pour la caisse G3/);
    expect(busy.context.tillId).toBe('G3');
    expect(after).toMatchObject({ tillId: 'G3', enrolled: false, enrolling: false });
    expect(financialRowCounts(busy.context.db)).toEqual(rows);
    // the code was not spent: a fresh till takes its id and name, then enrols; the answer is
    // lost on the way (the server spent the code), and the same code asked again with the
    // proof of this machine's key answers again
    const fresh = newTill({ demo: false });
    addUsers(fresh);
    const lost = loseAnswer(fresh, '/v1/enrol', (body) => body.includes('"tillId":"G4"'));
    const waiting = await enrol(fresh, code);
    expect(lost.lost).toBe(1);
    expect(waiting).toMatchObject({ tillId: 'G4', enrolled: false, enrolling: true, lastError: { code: 'sync_server_unreachable' } });
    await cycle(fresh);
    const enrolled = status(fresh).ok ? (status(fresh) as { value: OutputOf<'sync.status'> }).value : null;
    expect(enrolled).toMatchObject({ tillId: 'G4', enrolled: true, enrolling: false, lastError: null });
    expect(fresh.context.tillId).toBe('G4');
    expect(fresh.context.db.prepare("SELECT name, order_prefix FROM tills WHERE id = 'G4'").get()).toEqual({ name: 'Guichet 4', order_prefix: 'G4' });
  });

  it('a till sells and pushes; it dies; it is marked replaced', async () => {
    old = newTill({ demo: true });
    expect((await enrol(old, await makeCode('G1'))).enrolled).toBe(true);
    const { must } = caller(old);
    must('sessions.open', { float: [{ valueMinor: 1000, count: 5 }] });
    must('sessions.payIn', { requestId: ulid(), amountMinor: 2000, reason: 'Monnaie' }, 'supervisor');
    must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-card', amountMinor: 5000 }, 'supervisor');
    const sale = must('sales.checkout', {
      requestId: ulid(),
      lines: [
        { kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 },
        { kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 },
      ],
      buyerContactId: 'c-dupont',
      payments: [{ methodId: 'pm-card', amountMinor: 9000 }, { methodId: 'pm-cash', amountMinor: 5000 }],
    });
    must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 4500 }], reason: 'Empêché' });
    must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 4500 }] });
    // the gift voucher sold above pays a programme
    must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-voucher', amountMinor: 500, reference: sale.vouchers[0]!.code }] });
    // on account: three installments, an invoice, a cheque settling part of it
    const onAccount = must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred-3', amountMinor: 9000 }] });
    must('invoices.createForOrder', { orderId: onAccount.id }, 'supervisor');
    must('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 3000, reference: 'Chèque 4711', excessToCredit: false }, 'supervisor');
    // one of the two tickets given back on account: the furthest installments cancelled, a credit note
    must('orders.refund', { requestId: ulid(), orderId: onAccount.id, lines: [{ orderLineId: onAccount.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 4500 }], reason: 'Classe réduite' });
    must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 26500 }, { methodId: 'pm-card', countedMinor: 9500 }, { methodId: 'pm-cheque', countedMinor: 3000 }], comment: 'Compté à la main' }, 'supervisor');
    must('sessions.open', { float: [{ valueMinor: 1000, count: 5 }] });
    await cycle(old);
    expect(status(old)).toMatchObject({ ok: true, value: { lastError: null } });
    const head = old.context.db.prepare("SELECT MAX(seq) AS seq FROM journal WHERE till_id = 'G1'").get() as { seq: number };
    expect(head.seq).toBe(headSeq);
    expect((await serverHead('G1')).seq).toBe(headSeq);
    before = ledgerState(old);
    old.close();
    tills.splice(tills.indexOf(old), 1);
    const replaced = await admin(server.url, 'POST', '/tills/G1/replace');
    expect(replaced).toMatchObject({ ok: true, value: { tillId: 'G1', head: { seq: headSeq } } });
    replacementCode = replaced.value.code as string;
  });

  it('a fresh machine enrolled with the replacement code restores the journal, verifies it, and sells on the same sequence', async () => {
    const code = replacementCode;
    const fresh = newTill({ demo: false });
    addUsers(fresh);
    const provisional = fresh.context.tillId;
    // the first page of the journal is lost on the way: the restore waits at the head it reached
    const fetchOnce = cutFirst(fresh, '/v1/journal');
    const waiting = await enrol(fresh, code);
    expect(fetchOnce.cut).toBe(1);
    expect(fresh.context.tillId).toBe('G1');
    expect(provisional).not.toBe('G1');
    expect(waiting).toMatchObject({ tillId: 'G1', enrolled: true, restoring: { tillId: 'G1', restoredSeq: 0, targetSeq: headSeq } });
    // nothing is written meanwhile: the ledger refuses, and changes nothing
    const rows = financialRowCounts(fresh.context.db);
    const { call, must } = caller(fresh);
    expect(call('sessions.open', { float: [] })).toMatchObject({ ok: false, error: { code: 'till_restoring' } });
    expect(financialRowCounts(fresh.context.db)).toEqual(rows);

    // a page altered on the way (a figure changed in the last entry sent): refused, nothing written, the restore waits
    const tampered = alterFirst(fresh, '/v1/journal', (page) => {
      const last = page.value.events.at(-1)!;
      const altered = last.payload.replace(/\d/, (d) => String((Number(d) + 1) % 10));
      expect(altered).not.toBe(last.payload);
      last.payload = altered;
    });
    await cycle(fresh);
    expect(tampered.altered).toBe(1);
    expect(status(fresh)).toMatchObject({ ok: true, value: { lastError: { code: 'journal_restore_invalid', details: { tillId: 'G1', seq: headSeq } }, restoring: { restoredSeq: 0 } } });
    expect(financialRowCounts(fresh.context.db)).toEqual(rows);

    await cycle(fresh);
    const done = status(fresh);
    expect(done.ok && done.value).toMatchObject({ tillId: 'G1', enrolled: true, lastError: null, ackedSeq: headSeq });
    expect(done.ok && done.value.restoring).toBeUndefined();
    const after = ledgerState(fresh);
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect([key, after[key]]).toEqual([key, before[key]]);

    // a new key from head + 1, registered at the server beside the keys that signed the journal
    const keys = signingKeysOf(fresh.context.db, 'G1');
    expect(keys.at(-1)!.from_seq).toBe(headSeq + 1);
    expect(fresh.context.signer).toMatchObject({ tillId: 'G1', fromSeq: headSeq + 1 });
    const report = verifyJournal(fresh.context.db, () => fresh.context.journalKey);
    expect(report).toMatchObject({ ok: true, entries: headSeq, problem: null, restored: [{ tillId: 'G1', fromSeq: 1, toSeq: headSeq }] });

    // the restored session is open: the next sale is the entry after the head, numbered after the dead till's orders
    const sale = must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'voucher', voucherProductId: 'vp-50', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 5000 }] });
    expect(sale.number).toBe('G1-000005');
    expect((fresh.context.db.prepare('SELECT seq FROM journal WHERE id = (SELECT entry_id FROM orders WHERE id = ?)').get(sale.id) as { seq: number }).seq).toBe(headSeq + 1);
    // the invoice series carries on too
    const onAccount = must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 4500 }] });
    expect(must('invoices.createForOrder', { orderId: onAccount.id }, 'supervisor').number).toBe('F-G1-000003'); // after the dead till's invoice and credit note
    await cycle(fresh);
    expect(status(fresh)).toMatchObject({ ok: true, value: { lastError: null, waitingEvents: 0, ackedSeq: headSeq + 3 } });
    const head = await serverHead('G1');
    expect(head).toEqual({ seq: headSeq + 3, hash: (fresh.context.db.prepare('SELECT hash FROM journal WHERE till_id = ? AND seq = ?').get('G1', headSeq + 3) as { hash: string }).hash });
    expect(verifyJournal(fresh.context.db, () => fresh.context.journalKey)).toMatchObject({ ok: true, entries: headSeq + 3, restored: [{ toSeq: headSeq }] });
    // the verifier as the accountant runs it, against the server's head and keys: intact, and it says what was restored
    const cli = await runVerifyJournal(['--data-dir', fresh.dataDir, '--server', server.url, '--admin-key', testAdminKey, '--till', 'G1']);
    expect(cli).toMatchObject({ exitCode: 0, stderr: '' });
    expect(cli.stdout).toMatch(new RegExp(`^Journal intègre : ${headSeq + 3} écritures vérifiées`));
    expect(cli.stdout).toContain(`caisse G1 : écritures n° 1 à ${headSeq} restaurées depuis le serveur central`);
    expect(syncState(fresh.context.db).pending_code).toBeNull();
  });
});

/** Makes the till's sync loop lose the first answer to a path (the request fails as a cut line does). */
function cutFirst(till: Till, path: string): { cut: number } {
  const client = till.context.sync as unknown as { options: { fetch: typeof fetch } };
  const seen = { cut: 0 };
  const real = client.options.fetch;
  client.options.fetch = (input, init) => {
    if (seen.cut === 0 && String(input).includes(path)) {
      seen.cut += 1;
      return Promise.reject(new TypeError('fetch failed'));
    }
    return real(input, init);
  };
  return seen;
}

/** Makes the till's sync loop receive the first answer to a path altered (a man in the middle, a bad disk at the server). */
function alterFirst(till: Till, path: string, alter: (body: { value: { events: { payload: string }[] } }) => void): { altered: number } {
  const client = till.context.sync as unknown as { options: { fetch: typeof fetch } };
  const seen = { altered: 0 };
  const real = client.options.fetch;
  client.options.fetch = async (input, init) => {
    const response = await real(input, init);
    if (seen.altered > 0 || !String(input).includes(path)) return response;
    seen.altered += 1;
    const body = (await response.json()) as { value: { events: { payload: string }[] } };
    alter(body);
    return new Response(JSON.stringify(body), { status: response.status, headers: { 'content-type': 'application/json' } });
  };
  return seen;
}

/** Makes the till's sync loop lose the answer to the first matching request, after the server handled it. */
function loseAnswer(till: Till, path: string, matches: (body: string) => boolean): { lost: number } {
  const client = till.context.sync as unknown as { options: { fetch: typeof fetch } };
  const seen = { lost: 0 };
  const real = client.options.fetch;
  client.options.fetch = async (input, init) => {
    const response = await real(input, init);
    if (seen.lost > 0 || !String(input).includes(path) || !matches(String(init?.body ?? ''))) return response;
    seen.lost += 1;
    await response.text();
    throw new TypeError('fetch failed');
  };
  return seen;
}
