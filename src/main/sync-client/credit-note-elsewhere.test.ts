// Credit notes and settlements across tills (issue 15), against one ledger server on PGlite
// and PostgreSQL. An order sold on account at till G2 and invoiced at till G1, then partly
// refunded at G2: G2 issues a credit note in its own series naming G1's invoice (its PDF
// says so), and the account's outstanding is the same at both tills and on the server. G2
// settles "by invoice" G1's invoice (an unknown invoice id, or more than the outstanding, is
// refused and writes nothing). The reverse: sold and invoiced at G1, settled in part at G2
// by G1's invoice, refunded at G1: G1's credit note, the same outstanding everywhere.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { admin, call as serverCall, testEngines, type TestEngine } from '../../../sync/src/testing/harness.ts';
import { writtenRowCounts } from '../testing/fixtures.ts';
import { okValue, counter, closeCounters, closeTill, type Counter, setUp, useBoxOffice } from '../testing/box-office.ts';
import { verifyJournal } from '../kernel/ledger/verify.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));
const dir = mkdtempSync(join(tmpdir(), 'guichet-credit-elsewhere-'));
afterAll(() => {
  closeCounters();
  rmSync(dir, { recursive: true, force: true });
});

const twoTickets = [{ kind: 'ticket' as const, performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }];
const onAccount = (amountMinor: number) => [{ methodId: 'pm-deferred', amountMinor }];

async function pdfText(t: Counter, invoiceId: string, name: string): Promise<string> {
  const bytes = Buffer.from(okValue(await t.answer('invoices.pdf', { invoiceId, language: 'fr' }, 'supervisor')).contentBase64, 'base64');
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, bytes);
  // pdftotext puts U+2212 or a hyphen for a minus: read them as one; its layout may put several spaces between words
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\u2212/g, '-').replace(/[ \t]+/g, ' ');
}

describe.each(testEngines)('credit notes and settlements of another till’s invoice, server on %s', (engine: TestEngine) => {
  const office = useBoxOffice(engine, () => cluster, ['G1', 'G2'] as const);
  const { tills, syncAll } = office;
  const balance = async (accountId: string) => Number((await office.server.store.db.selectFrom('balances').select('balance_minor').where('account_id', '=', accountId).executeTakeFirst())?.balance_minor ?? 0);
  const shop = (method: string, path: string) => serverCall(office.server.url, method, path, { token: office.shopKey });

  it('a refund at G2 of an order G1 invoiced: a credit note F-G2-… naming G1’s invoice; settling by G1’s invoice at G2', async () => {
    const { G1, G2 } = tills;
    // an older order on account at G2, not invoiced: "oldest first" would pay it first
    const older = okValue(await G2.answer('sales.checkout', { requestId: ulid(), lines: twoTickets, buyerContactId: 'c-ecole', payments: onAccount(9000) }));
    const sale = okValue(await G2.answer('sales.checkout', { requestId: ulid(), lines: twoTickets, buyerContactId: 'c-ecole', payments: onAccount(9000) }));
    await syncAll();
    const invoice = G1.must('invoices.create', { contactId: 'c-ecole', orderIds: [sale.id] }, 'supervisor');
    expect(invoice).toMatchObject({ number: 'F-G1-000001', totalMinor: 9000, openMinor: 9000 });
    await syncAll();

    // G2 knows G1's invoice: on the school's account, and by its id or number
    const before = G2.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor');
    expect(before.outstandingMinor).toBe(18_000);
    expect(before.invoices.map((i) => [i.id, i.number, i.totalMinor, i.openMinor])).toEqual([[invoice.id, 'F-G1-000001', 9000, 9000]]);
    expect(G2.must('invoices.get', { number: 'F-G1-000001' }, 'supervisor')).toMatchObject({ id: invoice.id, issuedAtMs: invoice.issuedAtMs, dueDate: invoice.dueDate });
    // its billing contact is G1's: a typed refusal at G2, not "not found"; its document G2 fetches from the server (known-documents.test.ts)
    const elsewhere = { ok: false, error: { code: 'invoice_issued_elsewhere', details: { invoice: 'F-G1-000001' } } };
    expect(G2.call('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-dupont' }, 'supervisor')).toMatchObject(elsewhere);

    // one ticket given back at G2, on account
    G2.must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: onAccount(4500), reason: 'Empêché' }, 'supervisor');
    const notes = G2.must('invoices.list', { contactId: 'c-ecole' }, 'supervisor').filter((i) => i.kind === 'credit_note');
    expect(notes).toMatchObject([{ number: 'F-G2-000001', cancelsInvoiceId: invoice.id, cancelsInvoiceNumber: 'F-G1-000001', totalMinor: -4500, openMinor: 0, creditNoteNumbers: [] }]);
    const note = notes[0]!;
    const text = await pdfText(G2, note.id, 'credit-note-g2');
    expect(text).toContain('F-G2-000001');
    expect(text).toMatch(/Crédite la facture : F-G1-000001 du \d{1,2} \S+ \d{4}/);
    expect(text).toContain('porte sur la facture F-G1-000001');
    expect(text).toMatch(/Total crédité -45\.00 CHF/);
    expect(G2.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor').invoices.find((i) => i.id === invoice.id)).toMatchObject({ openMinor: 4500, creditNoteNumbers: ['F-G2-000001'] });

    // after the sync: the same outstanding at both tills and on the server, and the server lists the credit note on G1's invoice
    await syncAll();
    expect(G1.must('invoices.get', { invoiceId: invoice.id }, 'supervisor')).toMatchObject({ openMinor: 4500, installments: [{ cancelledMinor: 4500, openMinor: 4500 }] });
    for (const t of [G1, G2]) expect(t.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor').outstandingMinor).toBe(13_500);
    expect(await balance('deferred:c-ecole')).toBe(13_500);
    const listed = await shop('GET', '/v1/shop/contacts/c-ecole/invoices');
    expect(listed.ok).toBe(true);
    expect((listed.value as { number: string; cancelsInvoiceId: string | null; totalMinor: number }[]).filter((i) => i.number === 'F-G2-000001')).toMatchObject([{ cancelsInvoiceId: invoice.id, totalMinor: -4500 }]);

    // settling by an invoice G2 does not know, or beyond the outstanding: refused, nothing written
    const rows = writtenRowCounts(G2.till.context.db);
    const byCheque = (amountMinor: number, invoiceId: string) => ({ requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor, reference: 'Chèque 4711', invoiceId, excessToCredit: false });
    const unknown = ulid();
    expect(G2.call('deferred.settle', byCheque(1000, unknown), 'supervisor')).toMatchObject({ ok: false, error: { code: 'invoice_not_found', details: { invoice: unknown } } });
    expect(await G2.answer('deferred.hold', byCheque(1000, unknown), 'supervisor')).toMatchObject({ ok: false, error: { code: 'invoice_not_found' } });
    expect(G2.call('deferred.settle', byCheque(20_000, invoice.id), 'supervisor')).toMatchObject({ ok: false, error: { code: 'settlement_exceeds_outstanding', details: { excessMinor: 6500, outstandingMinor: 13_500 } } });
    // G1's invoice is the school's, not Marie Dupont's
    expect(G2.call('deferred.settle', { ...byCheque(1000, invoice.id), contactId: 'c-dupont' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'invoice_not_found' } });
    expect(writtenRowCounts(G2.till.context.db)).toEqual(rows);

    // 20.– by G1's invoice: its installment first, not the older order's
    const settle = byCheque(2000, invoice.id);
    expect(await G2.answer('deferred.hold', settle, 'supervisor')).toMatchObject({ ok: true, value: { holds: [{ amountMinor: 2000 }] } });
    const settled = G2.must('deferred.settle', settle, 'supervisor');
    const invoicedInstallment = before.installments.find((i) => i.orderId === sale.id)!;
    expect(settled.allocations).toEqual([{ installmentId: invoicedInstallment.id, amountMinor: 2000 }]);
    expect(settled.account.installments.find((i) => i.orderId === older.id)).toMatchObject({ openMinor: 9000 });
    await syncAll();
    for (const t of [G1, G2]) expect(t.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor').outstandingMinor).toBe(11_500);
    expect(await balance('deferred:c-ecole')).toBe(11_500);
    expect(G1.must('invoices.get', { invoiceId: invoice.id }, 'supervisor')).toMatchObject({ openMinor: 2500 });
    expect(G2.must('invoices.get', { invoiceId: invoice.id }, 'supervisor')).toMatchObject({ openMinor: 2500, creditNoteNumbers: ['F-G2-000001'] });
  }, 120_000);

  it('the reverse: sold and invoiced at G1, settled in part at G2 by that invoice, refunded at G1', async () => {
    const { G1, G2 } = tills;
    const contactId = 'c-ecole';
    const startOutstanding = G1.must('deferred.account', { contactId }, 'supervisor').outstandingMinor;
    const sale = okValue(await G1.answer('sales.checkout', { requestId: ulid(), lines: twoTickets, buyerContactId: contactId, payments: onAccount(9000) }));
    const invoice = G1.must('invoices.createForOrder', { orderId: sale.id }, 'supervisor');
    await syncAll();
    const settle = { requestId: ulid(), contactId, methodId: 'pm-cheque', amountMinor: 3000, reference: 'Chèque 815', invoiceId: invoice.id, excessToCredit: false };
    expect(await G2.answer('deferred.hold', settle, 'supervisor')).toMatchObject({ ok: true });
    G2.must('deferred.settle', settle, 'supervisor');
    await syncAll();
    expect(G1.must('invoices.get', { invoiceId: invoice.id }, 'supervisor')).toMatchObject({ openMinor: 6000 });

    // G2 was paid 30.– of it: G1 takes back on account no more than the 60.– still open box-office wide (as the server would cancel), nothing written
    const rows = writtenRowCounts(G1.till.context.db);
    const both = { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 2 }], payments: onAccount(9000), reason: 'Empêché' };
    expect(G1.call('orders.refund', both, 'supervisor')).toMatchObject({ ok: false, error: { code: 'refund_exceeds_paid', details: { refundableMinor: 6000 } } });
    expect(writtenRowCounts(G1.till.context.db)).toEqual(rows);
    G1.must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: onAccount(4500), reason: 'Empêché' }, 'supervisor');
    // before the sync too: what this refund cancelled counts (15.– left open, not 45.–)
    expect(G1.must('invoices.get', { invoiceId: invoice.id }, 'supervisor')).toMatchObject({ openMinor: 1500 });
    expect(G1.call('orders.refund', { ...both, requestId: ulid(), lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: onAccount(4500) }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'refund_exceeds_paid', details: { refundableMinor: 1500 } } });
    const note = G1.must('invoices.list', { contactId }, 'supervisor').find((i) => i.kind === 'credit_note' && i.cancelsInvoiceId === invoice.id)!;
    expect(note).toMatchObject({ number: 'F-G1-000003', cancelsInvoiceId: invoice.id, cancelsInvoiceNumber: invoice.number, totalMinor: -4500 });
    expect(await pdfText(G1, note.id, 'credit-note-g1')).toMatch(/Crédite la facture : F-G1-000002 du/);
    await syncAll();
    for (const t of [G1, G2]) expect(t.must('deferred.account', { contactId }, 'supervisor').outstandingMinor).toBe(startOutstanding + 1500);
    expect(await balance(`deferred:${contactId}`)).toBe(startOutstanding + 1500);
    expect(G1.must('invoices.get', { invoiceId: invoice.id }, 'supervisor')).toMatchObject({ openMinor: 1500, creditNoteNumbers: [note.number] });
    expect(G2.must('invoices.get', { invoiceId: invoice.id }, 'supervisor')).toMatchObject({ openMinor: 1500 });
    // nothing was collected twice: no installment flagged
    expect(G1.must('reports.overpaidInstallments', {}, 'supervisor')).toEqual([]);
  }, 120_000);

  it('G2’s journal verifies with its credit note of G1’s invoice, and a machine replacing G2 restores it as issued', async () => {
    const dead = tills.G2;
    await dead.cycle();
    const note = dead.must('invoices.list', { contactId: 'c-ecole' }, 'supervisor').find((i) => i.number === 'F-G2-000001')!;
    expect(verifyJournal(dead.till.context.db, () => dead.till.context.journalKey)).toMatchObject({ ok: true, problem: null });
    const headSeq = dead.status().ackedSeq;
    closeTill(dead);
    const replaced = await admin(office.server.url, 'POST', '/tills/G2/replace');
    const fresh = counter();
    setUp(fresh, { tillName: 'Nouveau poste', adminName: 'Admin G2 bis' });
    for (const role of ['cashier', 'supervisor'] as const) fresh.userIds.set(role, dead.userIds.get(role)!);
    fresh.must('sync.enrol', { serverUrl: office.server.url, code: replaced.value.code as string }, 'administrator');
    for (let i = 0; i < 5 && (fresh.status().restoring || fresh.status().ackedSeq < headSeq); i += 1) await fresh.cycle();
    expect(fresh.status()).toMatchObject({ tillId: 'G2', lastError: null, ackedSeq: headSeq });
    tills.G2 = fresh;
    const restored = fresh.must('invoices.get', { invoiceId: note.id }, 'supervisor');
    expect(restored).toMatchObject({ number: 'F-G2-000001', kind: 'credit_note', cancelsInvoiceId: note.cancelsInvoiceId, cancelsInvoiceNumber: 'F-G1-000001', totalMinor: -4500 });
    expect(verifyJournal(fresh.till.context.db, () => fresh.till.context.journalKey)).toMatchObject({ ok: true, problem: null, restored: [{ tillId: 'G2', toSeq: headSeq }] });
  }, 120_000);
});
