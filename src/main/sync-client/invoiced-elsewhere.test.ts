// An order sold on account at till A and invoiced at till B (issue 15 point 3: any till
// invoices any channel's order), against one ledger server on PGlite and PostgreSQL. Once A
// has pulled, its order is invoiced: A does not invoice it a second time (per order, nor
// globally), nor moves its payer, and shows B's number on the installment. A refund at A
// cancels what B's invoice asks, which B shows after its pull.
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testEngines, type TestEngine } from '../../../sync/src/testing/harness.ts';
import type { RunningServer } from '../../../sync/src/server.ts';
import { financialRowCounts } from '../testing/fixtures.ts';
import { okValue, closeCounters, type Counter, enrolledTills } from '../testing/box-office.ts';
import { useTestCluster } from '../../../sync/src/testing/cluster-hooks.ts';
import type { TestCluster } from '../../../sync/src/testing/postgres.ts';

let cluster: TestCluster;
useTestCluster((started) => (cluster = started));
afterAll(closeCounters);

describe.each(testEngines)('an order of till A invoiced at till B, server on %s', (engine: TestEngine) => {
  let server: RunningServer;
  const tills: Record<'A' | 'B', Counter> = {} as never;

  beforeAll(async () => {
    server = await startTestServer({ engine, cluster, clock: { nowMs: () => Date.now() } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('is invoiced at A too: never a second time, its payer not moved, and a refund at A shows at B', async () => {
    Object.assign(tills, await enrolledTills(server.url, ['A', 'B'], { openSessions: true }));
    const { A, B } = tills;

    const sale = okValue(await A.answer('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 9000 }] }));
    await A.cycle();
    await B.cycle();
    const invoice = B.must('invoices.createForOrder', { orderId: sale.id }, 'supervisor');
    expect(invoice).toMatchObject({ number: 'F-B-000001', totalMinor: 9000, openMinor: 9000 });
    await B.cycle();
    await A.cycle();

    // at A: the order is invoiced (B's number), and nothing below writes anything
    const rows = financialRowCounts(A.till.context.db);
    expect(A.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor').installments.filter((i) => i.orderId === sale.id)).toMatchObject([{ invoiceNumber: 'F-B-000001', invoiceId: null, openMinor: 9000 }]);
    // A finds the school's account by B's invoice number, as the seed's supervisor does ("par le numéro de facture")
    expect(A.must('deferred.account', { invoiceNumber: 'f-b-000001' }, 'supervisor')).toMatchObject({ contact: { id: 'c-ecole' } });
    expect(A.call('deferred.account', { invoiceNumber: 'F-B-000099' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'invoice_not_found' } });
    expect(A.call('invoices.createForOrder', { orderId: sale.id }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'order_already_invoiced', details: { invoice: 'F-B-000001' } } });
    expect(A.call('invoices.create', { contactId: 'c-ecole' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'nothing_to_invoice' } });
    expect(A.call('orders.changePayer', { orderId: sale.id, payerContactId: 'c-dupont' }, 'supervisor')).toMatchObject({ ok: false, error: { code: 'order_already_invoiced', details: { invoice: 'F-B-000001' } } });
    expect(financialRowCounts(A.till.context.db)).toEqual(rows);

    // a ticket given back at A: what B's invoice asks goes down by its price once B has pulled
    A.must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-deferred', amountMinor: 4500 }], reason: 'Empêché' });
    await A.cycle();
    await B.cycle();
    expect(B.must('invoices.get', { invoiceId: invoice.id }, 'supervisor')).toMatchObject({ number: 'F-B-000001', totalMinor: 9000, openMinor: 4500, installments: [{ cancelledMinor: 4500, openMinor: 4500 }] });
    expect(A.must('deferred.account', { contactId: 'c-ecole' }, 'supervisor').installments.filter((i) => i.orderId === sale.id)).toMatchObject([{ invoiceNumber: 'F-B-000001', openMinor: 4500 }]);
  }, 120_000);
});
