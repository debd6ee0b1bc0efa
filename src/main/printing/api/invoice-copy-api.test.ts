// An invoice's receipt copy through the dispatcher and the queue, to a printer on a real
// socket: printed once and journaled, a second print comes out as DUPLICATA 1, the preview
// reads back the invoice; an unknown invoice is refused with nothing written.
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyJournal } from '../../kernel/ledger/verify.ts';
import { testTill, type TestTill } from '../../testing/fixtures.ts';
import { startPrinting, type PrintingRuntime } from '../runtime.ts';
import { eventually, RunningClock, startTcpPrinter, type TcpPrinter } from '../../testing/tcp-printer.ts';

const fast = { statusTimeoutMs: 150, retryBaseMs: 20, retryCapMs: 80, notReadyPollMs: 40, timeZone: 'Europe/Zurich', log: () => {} };
let runtime: PrintingRuntime | null = null;
let tcp: TcpPrinter | null = null;
afterEach(async () => {
  await runtime?.stop();
  await tcp?.close();
  runtime = null;
  tcp = null;
});

function invoicedTill(port: number) {
  const t = testTill({ clock: new RunningClock() });
  runtime = startPrinting(t.context, fast);
  t.must('printers.save', { name: 'Caisse', connection: { transport: 'network', host: '127.0.0.1', port }, documents: ['receipt', 'ticket', 'report'] }, 'technician');
  t.must('sessions.open', { float: [] });
  const order = t.must('sales.checkout', {
    requestId: ulid(),
    lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }, { kind: 'item', itemId: 'i-programme', quantity: 1 }],
    buyerContactId: 'c-ecole',
    payments: [{ methodId: 'pm-card', amountMinor: 1000 }, { methodId: 'pm-deferred-3', amountMinor: 8500 }],
  });
  const invoice = t.must('invoices.createForOrder', { orderId: order.id }, 'supervisor');
  return { t, order, invoice };
}

const tables = ['print_jobs', 'print_job_events', 'audit_log', 'journal'];
const counts = (t: TestTill) => Object.fromEntries(tables.map((n) => [n, (t.db.prepare(`SELECT COUNT(*) AS n FROM ${n}`).get() as { n: number }).n]));
const printed = (tcp: TcpPrinter, text: string) => tcp.printer.printedBytes.toString('latin1').split(text).length - 1;

describe('the invoice copy', () => {
  it('prints once and is journaled; a second print is DUPLICATA 1, journaled as a reprint', async () => {
    tcp = await startTcpPrinter();
    const { t, invoice } = invoicedTill(tcp.port);
    const first = t.must('printing.print', { requestId: ulid(), document: { kind: 'invoice_copy', invoiceId: invoice.id } });
    expect(first).toMatchObject({ kind: 'invoice_copy', invoiceId: invoice.id, copyNumber: 0, label: `Copie de la facture ${invoice.number}` });
    const second = t.must('printing.print', { requestId: ulid(), document: { kind: 'invoice_copy', invoiceId: invoice.id } });
    expect(second).toMatchObject({ copyNumber: 1, label: `Copie de la facture ${invoice.number} — DUPLICATA N° 1` });
    const jobs = () => t.must('printJobs.list', { status: 'all' }).filter((j) => j.kind === 'invoice_copy');
    await eventually(() => jobs().every((j) => j.status === 'printed'), 5000, 'both copies printed');
    expect(printed(tcp, `FACTURE N\xf8 ${invoice.number}`)).toBe(2);
    expect(printed(tcp, 'DUPLICATA N\xf8 1')).toBe(1);
    expect(printed(tcp, invoice.reference.slice(0, 2))).toBeGreaterThan(0);
    const entries = t.db.prepare("SELECT type, payload FROM journal WHERE type IN ('print', 'reprint') ORDER BY seq").all() as { type: string; payload: string }[];
    const ofInvoice = entries.map((e) => ({ type: e.type, data: JSON.parse(e.payload) as { kind: string; invoiceId: string | null; copyNumber: number } })).filter((e) => e.data.invoiceId === invoice.id);
    expect(ofInvoice.map((e) => [e.type, e.data.kind, e.data.copyNumber])).toEqual([['print', 'invoice_copy', 0], ['reprint', 'invoice_copy', 1]]);
    expect(verifyJournal(t.db, () => t.context.journalKey).ok).toBe(true);
  });

  it('previews with the number, the billing contact, the total and the reference', async () => {
    tcp = await startTcpPrinter();
    const { t, invoice } = invoicedTill(tcp.port);
    const preview = t.must('printing.preview', { document: { kind: 'invoice_copy', invoiceId: invoice.id } });
    expect(preview.text).toContain(`FACTURE N° ${invoice.number}`);
    expect(preview.text).toContain(invoice.billingContactName);
    expect(preview.text).toMatch(/TOTAL FACTURE\s+85\.00 CHF/);
    expect(preview.text.replace(/ /g, '')).toContain(invoice.reference);
  });

  it('previews a cancellation invoice as such, and the new invoice with its three installments', async () => {
    tcp = await startTcpPrinter();
    const { t, invoice } = invoicedTill(tcp.port);
    const { cancellation, invoice: renewed } = t.must('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-mairie' }, 'supervisor');
    const cancelled = t.must('printing.preview', { document: { kind: 'invoice_copy', invoiceId: cancellation.id } }).text;
    expect(cancelled).toContain(`FACTURE D'ANNULATION N° ${cancellation.number}`);
    expect(cancelled).toMatch(new RegExp(`Annule la facture\\s+${invoice.number}`));
    expect(cancelled).toMatch(/Annulé\s+-85\.00 CHF/);
    expect(cancelled).toMatch(/TOTAL ANNULÉ\s+-85\.00 CHF/);
    const renewedText = t.must('printing.preview', { document: { kind: 'invoice_copy', invoiceId: renewed.id } }).text;
    expect(renewedText).toContain(renewed.billingContactName);
    expect(renewedText.match(/^[123]\/3 au .*CHF$/gm)).toHaveLength(3);
  });

  it('refuses an unknown invoice (invoice_not_found) and writes nothing', async () => {
    tcp = await startTcpPrinter();
    const { t } = invoicedTill(tcp.port);
    const before = counts(t);
    expect(t.call('printing.print', { requestId: ulid(), document: { kind: 'invoice_copy', invoiceId: 'nope' } })).toMatchObject({ ok: false, error: { code: 'invoice_not_found' } });
    expect(t.call('printing.preview', { document: { kind: 'invoice_copy', invoiceId: 'nope' } })).toMatchObject({ ok: false, error: { code: 'invoice_not_found' } });
    expect(counts(t)).toEqual(before);
  });
});
