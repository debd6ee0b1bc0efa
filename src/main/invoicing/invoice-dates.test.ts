// An invoice's ticket line says its performance in the invoice's language, not the stored
// ISO date (issue 17 point 7): read back from the PDF by pdftotext.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { testTill } from '../testing/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'guichet-invoice-dates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an invoice’s ticket line', () => {
  it('says the performance as “8 déc. 2026, 20:00” in French and in English as written in English', async () => {
    const t = testTill();
    t.must('sessions.open', { float: [] });
    const order = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }], buyerContactId: 'c-ecole', payments: [{ methodId: 'pm-deferred', amountMinor: 4500 }] });
    const stored = (t.db.prepare('SELECT detail FROM order_lines WHERE order_id = ?').get(order.id) as { detail: string }).detail;
    const iso = stored.slice(0, 16);
    const invoice = t.must('invoices.createForOrder', { orderId: order.id });
    const textIn = async (language: 'fr' | 'en') => {
      const path = join(dir, `${language}.pdf`);
      writeFileSync(path, Buffer.from((await t.mustAsync('invoices.pdf', { invoiceId: invoice.id, language }, 'supervisor')).contentBase64, 'base64'));
      return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    };
    const day = Number(iso.slice(8, 10));
    const fr = await textIn('fr');
    expect(fr).not.toContain(iso);
    expect(fr).toMatch(new RegExp(`${day} \\S+ ${iso.slice(0, 4)}, ${iso.slice(11, 16)} · Grande salle`));
    expect(await textIn('en')).toMatch(new RegExp(`${day} \\S+ ${iso.slice(0, 4)}, ${iso.slice(11, 16)} · Grande salle`));
  });
});
