// 009 on a till that issued invoices before it: the invoices and their cancellation keep
// every row, a whole cancellation stays unique per invoice, and their PDFs are rebuilt from
// the rows as they stood at issue — what was settled after an invoice does not lower what
// it asks, and the page says it was rebuilt.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, expect, it } from 'vitest';
import { migrate, migrations } from './migrations/index.ts';
import { invoiceDocument } from '../../invoicing/index.ts';
import { testTill } from '../../testing/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'guichet-009-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Takes 009's tables, column and indexes away again: the database as a till before 009 left it. */
const before009 = `
DROP TABLE invoice_documents;
DROP TABLE invoice_installments;
DROP INDEX invoices_refund;
DROP INDEX invoices_credited;
DROP INDEX invoices_cancelled;
ALTER TABLE invoices DROP COLUMN refund_id;
CREATE UNIQUE INDEX invoices_cancelled ON invoices(cancels_invoice_id) WHERE cancels_invoice_id IS NOT NULL;`;

it('keeps invoices issued before it, and rebuilds their documents as they were issued', async () => {
  const t = testTill();
  t.must('sessions.open', { float: [] });
  const order = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred-3', amountMinor: 9000 }] });
  const invoice = t.must('invoices.createForOrder', { orderId: order.id }, 'supervisor');
  t.clock.advance(60_000);
  t.must('deferred.settle', { requestId: ulid(), contactId: 'c-ecole', methodId: 'pm-cheque', amountMinor: 3000, reference: 'Chèque 7', excessToCredit: false }, 'supervisor');
  const { cancellation } = t.must('invoices.changeBillingContact', { invoiceId: invoice.id, billingContactId: 'c-amis' }, 'supervisor');
  const rows = JSON.stringify(t.db.prepare('SELECT id, number, kind, total_minor, reference FROM invoices ORDER BY seq').all());

  t.db.exec(before009);
  t.db.pragma('user_version = 8');
  migrate(t.db, migrations.slice(0, 9));
  expect(t.db.pragma('foreign_key_check')).toEqual([]);
  expect(JSON.stringify(t.db.prepare('SELECT id, number, kind, total_minor, reference FROM invoices ORDER BY seq').all())).toBe(rows);
  expect(t.db.prepare('SELECT COUNT(*) AS n FROM invoices WHERE refund_id IS NOT NULL').get()).toEqual({ n: 0 });
  // still cancelled once at most
  expect(() => t.db.prepare("INSERT INTO invoices SELECT * FROM invoices WHERE kind = 'cancellation'").run()).toThrow(/UNIQUE/);

  const rebuilt = invoiceDocument(t.db, invoice.id);
  expect(rebuilt).toMatchObject({ isRebuilt: true, kind: 'invoice', totalMinor: 9000, paidMinor: 0, dueMinor: 9000 });
  expect(rebuilt.installments.map((i) => i.amountMinor)).toEqual([3000, 3000, 3000]);
  expect(invoiceDocument(t.db, cancellation.id)).toMatchObject({ isRebuilt: true, kind: 'cancellation', totalMinor: -9000, cancels: { number: invoice.number } });

  const pdf = async (invoiceId: string, name: string) => {
    writeFileSync(join(dir, name), Buffer.from((await t.mustAsync('invoices.pdf', { invoiceId, language: 'fr' }, 'supervisor')).contentBase64, 'base64'));
    return execFileSync('pdftotext', ['-layout', join(dir, name), '-'], { encoding: 'utf8' }).replace(/\u2212/g, '-');
  };
  const text = await pdf(invoice.id, 'legacy.pdf');
  expect(text).toMatch(/Montant à payer\s+90\.00 CHF/);
  expect(text).toContain('reconstituée à partir des écritures');
  expect(await pdf(cancellation.id, 'legacy-cancellation.pdf')).toMatch(/Total annulé\s+-90\.00 CHF/);
  expect(await pdf(invoice.id, 'legacy-again.pdf')).toBe(text);
});
