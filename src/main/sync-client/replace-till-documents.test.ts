// A replaced till gets its issued documents back (issue 15 point 1, ADR 0011 amended), against
// a real ledger server on PGlite and PostgreSQL. Till G1 invoices an order on account (three
// installments, each with its QR reference), gives a ticket back (a credit note), moves the
// invoice to another payer (a cancellation invoice and a new invoice) and closes its session
// (a Z report); its sync sends each document after its entry. The server refuses, storing
// nothing, a document whose SHA-256 differs from its entry's, one for an entry it does not
// hold, and one sent with another till's token; one sent twice is stored once. G1 dies; the
// replacement restores its journal and its documents — a page whose document was altered on
// the way is refused and writes nothing — and every invoice's document, PDF and receipt copy
// and the Z report are those of the dead machine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, call as serverCall, startTestServer, testEngines, type TestEngine } from '../../../sync/src/testing/harness.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';
import { okValue, counter, closeCounters, closeTill, type Counter, setUp, enrolledTills } from '../testing/box-office.ts';
import { financialRowCounts } from '../testing/fixtures.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { loadInvoiceCopy } from '../printing/index.ts';
import { syncState } from './state.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));
const dir = mkdtempSync(join(tmpdir(), 'guichet-restore-documents-'));
afterAll(() => {
  closeCounters();
  rmSync(dir, { recursive: true, force: true });
});

const twoTickets = [{ kind: 'ticket' as const, performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }];

/** An invoice's PDF: its bytes and its text as pdftotext reads it. */
async function pdfOf(t: Counter, invoiceId: string, name: string): Promise<{ bytes: Buffer; text: string }> {
  const bytes = Buffer.from(okValue(await t.answer('invoices.pdf', { invoiceId, language: 'fr' }, 'supervisor')).contentBase64, 'base64');
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  return { bytes, text: execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }) };
}

/** What a till holds of its issued documents: each invoice's (with its references, PDF and copy) and each Z report's. */
async function issuedDocuments(t: Counter, name: string) {
  const db = t.till.context.db;
  const invoices = db.prepare('SELECT id, number FROM invoices ORDER BY number').all() as { id: string; number: string }[];
  return {
    documents: db.prepare('SELECT invoice_id, document, sha256 FROM invoice_documents ORDER BY invoice_id').all(),
    references: db.prepare('SELECT invoice_id, n, due_date, amount_minor, reference FROM invoice_installments ORDER BY invoice_id, n').all(),
    pdfs: await Promise.all(invoices.map(async (i) => ({ number: i.number, ...(await pdfOf(t, i.id, `${name}-${i.number}`)) }))),
    copies: invoices.map((i) => okValue(loadInvoiceCopy(db, t.till.context.tillId, i.id))),
    closings: db.prepare('SELECT z_number, counts, report FROM session_closings ORDER BY z_number').all(),
    zReport: t.must('reports.zGet', { number: 1 }, 'supervisor'),
  };
}

describe.each(testEngines)('a replaced till’s issued documents, server on %s', (engine: TestEngine) => {
  let server: RunningServer;
  const tills: Record<'G1' | 'G2', Counter> = {} as never;
  let before: Awaited<ReturnType<typeof issuedDocuments>>;
  const held = async () => (await server.store.db.selectFrom('issued_documents').select(['entry_id', 'till_id', 'kind', 'document', 'counts']).orderBy('seq').execute());
  const send = (token: string, documents: unknown[]) => serverCall(server.url, 'POST', '/v1/documents', { token, body: { documents } });

  beforeAll(async () => {
    server = await startTestServer({ engine, cluster, clock: { nowMs: () => Date.now() } });
    Object.assign(tills, await enrolledTills(server.url, ['G1', 'G2']));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('a till sends each invoice’s, credit note’s, cancellation’s and Z report’s document after its entry, once', async () => {
    const { G1 } = tills;
    G1.must('sessions.open', { float: [] }, 'supervisor');
    const sale = okValue(await G1.answer('sales.checkout', { requestId: ulid(), lines: twoTickets, buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred-3', amountMinor: 9000 }] }));
    const invoice = G1.must('invoices.createForOrder', { orderId: sale.id }, 'supervisor');
    G1.must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 4500 }], reason: 'Classe réduite' }, 'supervisor');
    G1.must('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-amis' }, 'supervisor');
    G1.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 0 }], comment: 'Rien en caisse' }, 'supervisor');
    const db = G1.till.context.db;
    expect(db.prepare("SELECT kind, refund_id IS NOT NULL AS isCredit FROM invoices ORDER BY number").all()).toEqual([
      { kind: 'invoice', isCredit: 0 },
      { kind: 'cancellation', isCredit: 1 },
      { kind: 'cancellation', isCredit: 0 },
      { kind: 'invoice', isCredit: 0 },
    ]);
    await G1.cycle();
    expect(G1.status()).toMatchObject({ lastError: null, waitingEvents: 0 });
    // the server holds each document as the till archived it, checked against its entry
    const documents = db.prepare('SELECT v.entry_id, d.document FROM invoices v JOIN invoice_documents d ON d.invoice_id = v.id').all() as { entry_id: string; document: string }[];
    const closing = db.prepare('SELECT entry_id, report, counts FROM session_closings').get() as { entry_id: string; report: string; counts: string };
    const expected = [...documents.map((d) => ({ entry_id: d.entry_id, till_id: 'G1', kind: 'invoice', document: d.document, counts: null })), { entry_id: closing.entry_id, till_id: 'G1', kind: 'z_report', document: closing.report, counts: closing.counts }];
    expect((await held()).sort((a, b) => a.entry_id.localeCompare(b.entry_id))).toEqual(expected.sort((a, b) => a.entry_id.localeCompare(b.entry_id)));
    // the next cycles send nothing again
    await G1.cycle();
    expect(await held()).toHaveLength(5);
    before = await issuedDocuments(G1, 'dead');
  });

  it('the server refuses a wrong SHA-256, an entry it does not hold and another till’s token, storing nothing; a document sent twice is stored once', async () => {
    const { G1, G2 } = tills;
    const token = syncState(G1.till.context.db).token!;
    const rows = await held();
    const invoice = rows.find((r) => r.kind === 'invoice')!;
    const altered = invoice.document.replace(/"totalMinor":(\d)/, (_, d: string) => `"totalMinor":${(Number(d) + 1) % 10}`);
    expect(altered).not.toBe(invoice.document);
    // each refusal names its rule, in the caller's language, and the good document sent with it is not stored either
    const fresh = { kind: 'invoice', entryId: ulid(), document: invoice.document };
    const refusals = [
      [token, [{ kind: 'invoice', entryId: invoice.entry_id, document: altered }], 'document_hash_mismatch', 422],
      [token, [{ kind: 'z_report', entryId: invoice.entry_id, report: invoice.document, counts: '[]' }], 'document_hash_mismatch', 422],
      [token, [{ kind: 'invoice', entryId: invoice.entry_id, document: invoice.document }, fresh], 'document_entry_unknown', 409],
      [syncState(G2.till.context.db).token!, [{ kind: 'invoice', entryId: invoice.entry_id, document: invoice.document }], 'document_other_till', 403],
    ] as const;
    for (const [caller, documents, code, status] of refusals) {
      const answer = await send(caller, [...documents]);
      expect([code, answer]).toMatchObject([code, { status, ok: false, error: { code } }]);
      expect(answer.error!.message).not.toMatch(/\{\{/);
    }
    expect(await held()).toEqual(rows);
    // sent again (a lost answer): held already, stored once
    const twice = await send(token, [{ kind: 'invoice', entryId: invoice.entry_id, document: invoice.document }]);
    expect(twice).toMatchObject({ ok: true, value: { statuses: [{ entryId: invoice.entry_id, status: 'duplicate' }] } });
    expect(await held()).toEqual(rows);
    // read back a page at a time, by seq, within [fromSeq, toSeq]
    const seqs = (page: { value?: { documents: { seq: number }[] } }) => page.value!.documents.map((d) => d.seq);
    const all = await serverCall(server.url, 'GET', '/v1/documents', { token });
    expect(all).toMatchObject({ ok: true, value: { more: false } });
    expect(all.value.documents.map((d: { entryId: string }) => d.entryId)).toEqual(rows.map((r) => r.entry_id));
    const first = await serverCall(server.url, 'GET', '/v1/documents?fromSeq=1&limit=2', { token });
    expect(first).toMatchObject({ ok: true, value: { more: true } });
    expect(seqs(first)).toEqual(seqs(all).slice(0, 2));
    const rest = await serverCall(server.url, 'GET', `/v1/documents?fromSeq=${seqs(first)[1]! + 1}&toSeq=${seqs(all).at(-2)}`, { token });
    expect(seqs(rest)).toEqual(seqs(all).slice(2, -1));
    // another till reads none of G1's documents
    const page = await serverCall(server.url, 'GET', '/v1/documents?fromSeq=1', { token: syncState(G2.till.context.db).token! });
    expect(page).toMatchObject({ ok: true, value: { documents: [], more: false } });
  });

  it('G1 dies; its new machine restores the journal with its documents: each invoice’s document, PDF and copy and the Z report are the dead machine’s', async () => {
    const dead = tills.G1;
    const headSeq = (dead.till.context.db.prepare("SELECT MAX(seq) FROM journal WHERE till_id = 'G1'").pluck().get() as number);
    closeTill(dead);
    const replaced = await admin(server.url, 'POST', '/tills/G1/replace');
    expect(replaced).toMatchObject({ ok: true, value: { tillId: 'G1', head: { seq: headSeq } } });
    const fresh = counter();
    setUp(fresh, { tillName: 'Nouveau poste', adminName: 'Admin G1 bis' });
    for (const role of ['cashier', 'supervisor'] as const) fresh.userIds.set(role, dead.userIds.get(role)!);

    // the documents' page altered on the way (a figure of the Z report): refused, nothing written, the restore waits
    const rows = financialRowCounts(fresh.till.context.db);
    const tampered = alterFirst(fresh, '/v1/documents', (page) => {
      const z = page.value.documents.find((d) => d.kind === 'z_report')!;
      z.report = z.report.replace(/"netSalesMinor":(-?\d)/, (_, d: string) => `"netSalesMinor":${d === '9' ? 8 : Number(d) + 1}`);
    });
    fresh.must('sync.enrol', { serverUrl: server.url, code: replaced.value.code as string }, 'administrator');
    await fresh.cycle();
    expect(tampered.altered).toBe(1);
    expect(fresh.status()).toMatchObject({ tillId: 'G1', lastError: { code: 'journal_restore_invalid', details: { tillId: 'G1' } }, restoring: { restoredSeq: 0 } });
    expect(fresh.status().lastError!.message).toContain('Z');
    expect(financialRowCounts(fresh.till.context.db)).toEqual(rows);

    for (let i = 0; i < 5 && (fresh.status().restoring || fresh.status().ackedSeq < headSeq); i += 1) await fresh.cycle();
    expect(fresh.status()).toMatchObject({ tillId: 'G1', enrolled: true, lastError: null, ackedSeq: headSeq });
    expect(fresh.status().restoring).toBeUndefined();
    const after = await issuedDocuments(fresh, 'restored');
    expect(after.documents).toEqual(before.documents);
    expect(after.references).toEqual(before.references);
    expect(after.pdfs.map((p) => [p.number, p.text])).toEqual(before.pdfs.map((p) => [p.number, p.text]));
    for (const [i, pdf] of after.pdfs.entries()) expect([pdf.number, pdf.bytes.equals(before.pdfs[i]!.bytes)]).toEqual([pdf.number, true]);
    expect(before.pdfs[0]!.text).toContain('F-G1-000001');
    expect(after.copies.map((c) => ({ ...c, tillName: null }))).toEqual(before.copies.map((c) => ({ ...c, tillName: null })));
    expect(after.closings).toEqual(before.closings);
    expect(after.zReport).toEqual(before.zReport);
    expect(verifyJournal(fresh.till.context.db, () => fresh.till.context.journalKey)).toMatchObject({ ok: true, problem: null, restored: [{ tillId: 'G1', toSeq: headSeq }] });

    // the new machine sends its own documents from head + 1 on, never the restored ones again
    fresh.must('sessions.open', { float: [] }, 'supervisor');
    const sale = okValue(await fresh.answer('sales.checkout', { requestId: ulid(), lines: twoTickets, buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 9000 }] }));
    const invoice = fresh.must('invoices.createForOrder', { orderId: sale.id }, 'supervisor');
    expect(invoice.number).toBe('F-G1-000005');
    await fresh.cycle();
    expect(fresh.status()).toMatchObject({ lastError: null, waitingEvents: 0 });
    expect((await held()).map((r) => r.kind)).toEqual(['invoice', 'invoice', 'invoice', 'invoice', 'z_report', 'invoice']);
    // the restored Z report is checked like any other: edited after the restore, the verifier names its entry
    const db = fresh.till.context.db;
    const closing = db.prepare('SELECT c.report, j.seq FROM session_closings c JOIN journal j ON j.id = c.entry_id').get() as { report: string; seq: number };
    // as someone with the file would: the immutability triggers dropped first
    for (const name of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'session_closings'").pluck().all() as string[]) db.exec(`DROP TRIGGER ${name}`);
    db.prepare('UPDATE session_closings SET report = ?').run(closing.report.replace('"kind":"Z"', '"kind":"X"'));
    expect(verifyJournal(db, () => fresh.till.context.journalKey)).toMatchObject({ ok: false, problem: { reason: 'row_altered', tillId: 'G1', seq: closing.seq } });
  });

  it('documents the server refuses or never gets hold back nothing else; a Z the dead till never sent is listed, and refused typed when asked, after the restore', async () => {
    const { G2 } = tills;
    G2.must('sessions.open', { float: [] }, 'supervisor');
    G2.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 0 }], comment: 'Fermé' }, 'supervisor');
    // the documents' route unreachable: the journal is pushed all the same, the cycle succeeds
    const lost = loseDocuments(G2);
    await G2.cycle();
    expect(lost.lost).toBeGreaterThan(0);
    expect(G2.status()).toMatchObject({ lastError: null, waitingEvents: 0 });
    expect((await held()).filter((r) => r.till_id === 'G2')).toEqual([]);
    const headSeq = G2.till.context.db.prepare("SELECT MAX(seq) FROM journal WHERE till_id = 'G2'").pluck().get() as number;
    const zList = G2.must('reports.zList', {}, 'supervisor');
    closeTill(G2);
    const replaced = await admin(server.url, 'POST', '/tills/G2/replace');
    const fresh = counter();
    setUp(fresh, { tillName: 'Nouveau poste 2', adminName: 'Admin G2 bis' });
    for (const role of ['cashier', 'supervisor'] as const) fresh.userIds.set(role, G2.userIds.get(role)!);
    fresh.must('sync.enrol', { serverUrl: server.url, code: replaced.value.code as string }, 'administrator');
    for (let i = 0; i < 5 && (fresh.status().restoring || fresh.status().ackedSeq < headSeq); i += 1) await fresh.cycle();
    expect(fresh.status()).toMatchObject({ tillId: 'G2', lastError: null, ackedSeq: headSeq });
    // listed from its entry, as the dead till listed it; its text is not there, and the till says so in its language
    expect(fresh.must('reports.zList', {}, 'supervisor')).toEqual(zList);
    expect(fresh.call('reports.zGet', { number: 1 }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'z_report_not_restored', message: expect.stringMatching(/^Le rapport Z n° 1 a été restauré/) } });
    expect(verifyJournal(fresh.till.context.db, () => fresh.till.context.journalKey)).toMatchObject({ ok: true, problem: null });
    // the new machine never sends the restored range's placeholder: nothing refused, nothing held for G2
    await fresh.cycle();
    expect(fresh.status()).toMatchObject({ lastError: null });
    expect((await held()).filter((r) => r.till_id === 'G2')).toEqual([]);
  });
});

/** Makes every POST of documents by the till fail as a cut line does. */
function loseDocuments(t: Counter): { lost: number } {
  const client = t.till.context.sync as unknown as { options: { fetch: typeof fetch } };
  const seen = { lost: 0 };
  const real = client.options.fetch;
  client.options.fetch = (input, init) => {
    if (String(input).includes('/v1/documents') && init?.method === 'POST') {
      seen.lost += 1;
      return Promise.reject(new TypeError('fetch failed'));
    }
    return real(input, init);
  };
  return seen;
}

interface HeldPage {
  value: { documents: ({ kind: 'invoice'; document: string } | { kind: 'z_report'; report: string })[] };
}

/** Makes the till's sync loop receive the first answer to a path altered (a man in the middle, a bad disk at the server). */
function alterFirst(t: Counter, path: string, alter: (body: HeldPage) => void): { altered: number } {
  const client = t.till.context.sync as unknown as { options: { fetch: typeof fetch } };
  const seen = { altered: 0 };
  const real = client.options.fetch;
  client.options.fetch = async (input, init) => {
    const response = await real(input, init);
    if (seen.altered > 0 || !String(input).includes(path) || (init?.method ?? 'GET') !== 'GET') return response;
    seen.altered += 1;
    const body = (await response.json()) as HeldPage;
    alter(body);
    return new Response(JSON.stringify(body), { status: response.status, headers: { 'content-type': 'application/json' } });
  };
  return seen;
}
