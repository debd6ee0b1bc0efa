// Another till's invoice documents (issue 15), against one ledger server on PGlite and
// PostgreSQL: an invoice G1 issued opens at G2 as the same PDF, byte for byte, fetched from
// the document G1 sent to the server and kept at G2 (migration 018) — and its credit note,
// which G2 knows only by its id. Before G1 sent it: a typed refusal naming G1; offline and
// never fetched: a typed refusal, the kept one opening offline; a document that is not the
// sealed text: refused, nothing kept. The web shop: hasDocument once G1 sent it, the same
// PDF bytes for the contact it bills, invoice_not_found for another contact.
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { call as serverCall, testEngines, type TestEngine } from '../../../sync/src/testing/harness.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';
import { closeCounters, cutLine, okValue, useBoxOffice, type Counter } from '../testing/box-office.ts';
import { loadInvoiceCopy } from '../printing/index.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));
afterAll(() => closeCounters());

const twoTickets = [{ kind: 'ticket' as const, performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }];
const onAccount = (amountMinor: number) => [{ methodId: 'pm-deferred', amountMinor }];

type FetchOf = { options: { fetch: typeof fetch } };
const clientOf = (t: Counter) => t.till.context.sync as unknown as FetchOf;

/** G1's documents do not reach the server (its POST /v1/documents fails as a cut line does); the answer mends it. */
function holdDocuments(t: Counter): () => void {
  const client = clientOf(t);
  const real = client.options.fetch;
  client.options.fetch = (input, init) => (String(input).endsWith('/v1/documents') && init?.method === 'POST' ? Promise.reject(new TypeError('fetch failed')) : real(input, init));
  return () => {
    client.options.fetch = real;
  };
}

/** The server's answer for an invoice document, its text altered (its SHA-256 left as the entry seals it). */
function alterDocuments(t: Counter): () => void {
  const client = clientOf(t);
  const real = client.options.fetch;
  client.options.fetch = async (input, init) => {
    const response = await real(input, init);
    if (!String(input).includes('/v1/documents/invoices/')) return response;
    const body = (await response.json()) as { ok: boolean; value?: { document: string } };
    if (body.value) body.value.document = body.value.document.replace('"totalMinor":', '"totalMinor": ');
    return new Response(JSON.stringify(body), { status: response.status, headers: { 'content-type': 'application/json' } });
  };
  return () => {
    client.options.fetch = real;
  };
}

describe.each(testEngines)('another till’s invoice documents, server on %s', (engine: TestEngine) => {
  const office = useBoxOffice(engine, () => cluster, ['G1', 'G2'] as const);
  const { tills, syncAll } = office;
  const shop = (path: string) => serverCall(office.server.url, 'GET', `/v1/shop${path}`, { token: office.shopKey });
  const pdf = async (t: Counter, invoiceId: string, language: 'fr' | 'en' = 'fr') => t.answer('invoices.pdf', { invoiceId, language }, 'supervisor');
  const bytesOf = (file: { contentBase64: string }) => Buffer.from(file.contentBase64, 'base64');
  const kept = (t: Counter) => t.till.context.db.prepare('SELECT invoice_id, number, till_id, sha256 FROM known_invoice_documents ORDER BY number').all();


  it('G1’s invoice and credit note open at G2 as the same PDF once G1 sent them; before: refused, naming G1; offline: refused, the kept one opens', async () => {
    const { G1, G2 } = tills;
    const sale = okValue(await G1.answer('sales.checkout', { requestId: ulid(), lines: twoTickets, buyerContactId: 'c-ecole', payments: onAccount(9000) }));
    const invoice = G1.must('invoices.createForOrder', { orderId: sale.id }, 'supervisor');
    expect(invoice).toMatchObject({ number: 'F-G1-000001', isIssuedHere: true });
    // G1's journal reaches the server, its documents do not yet
    const sendDocuments = holdDocuments(G1);
    await syncAll();
    expect(G2.must('invoices.get', { invoiceId: invoice.id }, 'supervisor')).toMatchObject({ number: 'F-G1-000001', isIssuedHere: false, documentSha256: null });
    const notSent = await pdf(G2, invoice.id);
    expect(notSent).toMatchObject({ ok: false, error: { code: 'invoice_document_not_sent', details: { invoice: 'F-G1-000001', tillId: 'G1' } } });
    expect(notSent.ok ? '' : notSent.error.message).toBe('Document de la facture F-G1-000001 pas encore disponible : le poste G1 ne l’a pas encore envoyé au serveur. Réessayez après sa prochaine synchronisation.');
    expect((await shop('/contacts/c-ecole/invoices')).value).toMatchObject([{ id: invoice.id, hasDocument: false }]);
    expect(await shop(`/contacts/c-ecole/invoices/${invoice.id}/pdf`)).toMatchObject({ status: 404, error: { code: 'invoice_document_not_sent' } });
    expect(kept(G2)).toEqual([]);

    // offline at G2, never fetched: refused as offline, in French, nothing kept
    sendDocuments();
    await syncAll();
    const mend = cutLine(G2);
    const offline = await pdf(G2, invoice.id);
    expect(offline).toMatchObject({ ok: false, error: { code: 'invoice_document_offline', details: { invoice: 'F-G1-000001' } } });
    expect(offline.ok ? '' : offline.error.message).toContain('hors ligne');
    expect(loadInvoiceCopy(G2.till.context.db, G2.till.context.tillId, invoice.id)).toMatchObject({ ok: false, error: { code: 'invoice_issued_elsewhere' } });
    mend();

    // online: the same bytes as at G1, in either language; kept, with the SHA-256 G1's entry seals
    const atG1 = { fr: bytesOf(okValue(await pdf(G1, invoice.id))), en: bytesOf(okValue(await pdf(G1, invoice.id, 'en'))) };
    const file = okValue(await pdf(G2, invoice.id));
    expect(file.fileName).toBe('F-G1-000001.pdf');
    expect(bytesOf(file).equals(atG1.fr)).toBe(true);
    expect(bytesOf(okValue(await pdf(G2, invoice.id, 'en'))).equals(atG1.en)).toBe(true);
    expect(kept(G2)).toEqual([{ invoice_id: invoice.id, number: 'F-G1-000001', till_id: 'G1', sha256: invoice.documentSha256 }]);
    expect(G2.must('invoices.get', { invoiceId: invoice.id }, 'supervisor').documentSha256).toBe(invoice.documentSha256);

    // offline again: the kept document opens, the same bytes, and its receipt copy prints from it
    const mendAgain = cutLine(G2);
    expect(bytesOf(okValue(await pdf(G2, invoice.id))).equals(atG1.fr)).toBe(true);
    expect(okValue(loadInvoiceCopy(G2.till.context.db, G2.till.context.tillId, invoice.id))).toMatchObject({ number: 'F-G1-000001', totalMinor: 9000 });
    mendAgain();
    // its billing contact stays G1's to change
    expect(G2.call('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-dupont' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'invoice_issued_elsewhere' } });

    // a credit note G1 issues on it: G2 knows only its id, the server says what it is; the same bytes
    G1.must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: onAccount(4500), reason: 'Empêché' }, 'supervisor');
    const note = G1.must('invoices.list', { contactId: 'c-ecole' }, 'supervisor').find((i) => i.kind === 'credit_note')!;
    expect(note.number).toBe('F-G1-000002');
    await syncAll();
    expect(bytesOf(okValue(await pdf(G2, note.id))).equals(bytesOf(okValue(await pdf(G1, note.id))))).toBe(true);
    // an id no till issued: not found, by the server
    expect(await pdf(G2, ulid())).toMatchObject({ ok: false, error: { code: 'invoice_not_found' } });
  });

  it('the web shop: hasDocument once G1 sent it, the same PDF for the contact it bills, invoice_not_found for another contact', async () => {
    const { G1 } = tills;
    const sale = okValue(await G1.answer('sales.checkout', { requestId: ulid(), lines: twoTickets, buyerContactId: 'c-ecole', payments: onAccount(9000) }));
    const invoice = G1.must('invoices.createForOrder', { orderId: sale.id }, 'supervisor');
    await syncAll();
    const listed = (await shop('/contacts/c-ecole/invoices')).value as { id: string; hasDocument: boolean; documentSha256: string }[];
    expect(listed.find((i) => i.id === invoice.id)).toMatchObject({ hasDocument: true, documentSha256: invoice.documentSha256 });
    for (const language of ['fr', 'en'] as const) {
      const answer = await shop(`/contacts/c-ecole/invoices/${invoice.id}/pdf?language=${language}`);
      expect(answer).toMatchObject({ status: 200, ok: true, value: { fileName: `${invoice.number}.pdf`, mimeType: 'application/pdf' } });
      expect(Buffer.from(answer.value.contentBase64 as string, 'base64').equals(bytesOf(okValue(await pdf(G1, invoice.id, language))))).toBe(true);
    }
    // another contact never reads it: not found, as an invoice that does not exist
    const other = await shop(`/contacts/c-dupont/invoices/${invoice.id}/pdf`);
    expect(other).toMatchObject({ status: 404, ok: false, error: { code: 'invoice_not_found', details: { invoiceId: invoice.id } } });
    expect(JSON.stringify(other)).not.toContain(invoice.number);
  });

  it('a document that is not the text G1’s entry seals is refused at G2 and not kept', async () => {
    const { G1, G2 } = tills;
    const sale = okValue(await G1.answer('sales.checkout', { requestId: ulid(), lines: twoTickets, buyerContactId: 'c-ecole', payments: onAccount(9000) }));
    const invoice = G1.must('invoices.createForOrder', { orderId: sale.id }, 'supervisor');
    await syncAll();
    const before = kept(G2);
    const restore = alterDocuments(G2);
    expect(await pdf(G2, invoice.id)).toMatchObject({ ok: false, error: { code: 'invoice_document_invalid', details: { invoice: invoice.number } } });
    restore();
    expect(kept(G2)).toEqual(before);
    expect(bytesOf(okValue(await pdf(G2, invoice.id))).equals(bytesOf(okValue(await pdf(G1, invoice.id))))).toBe(true);
  });
});
