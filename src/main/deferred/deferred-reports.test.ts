// The two deferred-account reports checked against the ledger and the installments.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportRowsMax } from '../../shared/limits.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

let t: TestTill;
const dayMs = 86_400_000;
let start: number;

beforeAll(() => {
  t = testTill();
  start = t.clock.nowMs();
  t.must('sessions.open', { float: [] });
  const sell = (contactId: string, quantity: number, itemOrTicket: 'ticket' | 'item', methodId = 'pm-deferred') =>
    t.must('sales.checkout', {
      requestId: ulid(),
      lines: itemOrTicket === 'ticket' ? [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity }] : [{ kind: 'item', itemId: 'i-affiche', quantity }],
      buyerContactId: contactId,
      payments: [{ methodId, amountMinor: (itemOrTicket === 'ticket' ? 4500 : 1200) * quantity }],
    });
  sell('c-ecole', 2, 'ticket'); // 90.00 open
  t.clock.advance(dayMs);
  const b = sell('c-amis', 3, 'item', 'pm-deferred-3'); // 36.00 in 3
  t.clock.advance(dayMs);
  sell('c-mairie', 1, 'ticket'); // 45.00, then settled
  t.must('deferred.settle', { requestId: ulid(), contactId: 'c-mairie', methodId: 'pm-cheque', amountMinor: 4500, reference: 'Mandat 12', excessToCredit: false }, 'supervisor');
  t.clock.advance(dayMs);
  t.must('orders.refund', { requestId: ulid(), orderId: b.id, lines: [{ orderLineId: b.lines[0]!.id, quantity: 3 }], payments: [{ methodId: 'pm-deferred-3', amountMinor: 3600 }], reason: 'Annulé' });
  t.clock.advance(60 * dayMs); // École's installment is now overdue
});

describe("Suivi des comptes d'attente", () => {
  it('gives each account its limit, outstanding, overdue and headroom, bounded by amounts', () => {
    const all = t.must('reports.deferredAccounts', {}, 'supervisor');
    const row = (id: string) => all.rows.find((r) => r.contactId === id);
    expect(row('c-ecole')).toEqual({ contactId: 'c-ecole', contactName: 'École du Bois-Gentil', isAuthorised: true, limitMinor: 200000, outstandingMinor: 9000, overdueMinor: 9000, headroomMinor: 191000 });
    expect(row('c-amis')).toMatchObject({ outstandingMinor: 0, overdueMinor: 0 });
    expect(row('c-mairie')).toMatchObject({ outstandingMinor: 0 });
    expect(all.totals.outstandingMinor).toBe(9000);
    const bounded = t.must('reports.deferredAccounts', { minMinor: 1, maxMinor: 10000 }, 'supervisor');
    expect(bounded.rows.map((r) => r.contactId)).toEqual(['c-ecole']);
    expect(bounded).toMatchObject({ rowCount: 1, isTruncated: false });
  });

  it('lists the first 2 000 accounts of a larger book, counts them all in the totals, and its files say so', () => {
    const big = testTill();
    const before = big.must('reports.deferredAccounts', {}, 'supervisor');
    const insert = big.db.prepare("INSERT INTO contacts (id, kind, name, deferred_authorised, deferred_limit_minor, created_at_ms) VALUES (?, 'organization', ?, 1, 1000, 0)");
    big.db.transaction(() => {
      for (let i = 0; i < reportRowsMax; i += 1) insert.run(`c-bulk-${i}`, `Société ${String(i).padStart(4, '0')}`);
    })();
    const report = big.must('reports.deferredAccounts', {}, 'supervisor');
    const total = before.rowCount + reportRowsMax;
    expect(report).toMatchObject({ rowCount: total, isTruncated: true });
    expect(report.rows).toHaveLength(reportRowsMax);
    expect(report.totals.limitMinor).toBe(before.totals.limitMinor + reportRowsMax * 1000);
    const csv = big.must('reports.export', { format: 'csv', language: 'fr', request: { report: 'deferredAccounts', params: {} } }, 'supervisor');
    const lines = Buffer.from(csv.contentBase64, 'base64').toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(1 + reportRowsMax); // the header and the listed accounts
    const pdf = big.must('reports.export', { format: 'pdf', language: 'fr', request: { report: 'deferredAccounts', params: {} } }, 'supervisor');
    const dir = mkdtempSync(join(tmpdir(), 'guichet-deferred-accounts-'));
    try {
      writeFileSync(join(dir, 'report.pdf'), Buffer.from(pdf.contentBase64, 'base64'));
      const firstPage = execFileSync('pdftotext', ['-l', '1', '-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
      expect(firstPage.replace(/\s+/g, ' ')).toContain(`${reportRowsMax} comptes listés sur ${total} (les totaux les comptent tous)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Liste des mouvements du compte d'attente", () => {
  const period = () => ({ fromMs: start, toMs: start + 99 * dayMs });

  it('lists charges, settlements and refunds over the period, with totals', () => {
    const report = t.must('reports.deferredMovements', period(), 'supervisor');
    expect(report.rows.map((r) => [r.contactId, r.kind, r.amountMinor, r.status])).toEqual([
      ['c-ecole', 'charged', 9000, 'open'],
      ['c-amis', 'charged', 3600, 'cancelled'],
      ['c-mairie', 'charged', 4500, 'settled'],
      ['c-mairie', 'settled', -4500, null],
      ['c-amis', 'refunded', -3600, null],
    ]);
    expect(report.totals).toEqual({ chargedMinor: 17100, settledMinor: 4500, refundedMinor: 3600, movedMinor: 0, overpaidToCreditMinor: 0, netMinor: 9000 });
  });

  it('filters by status, product and contact', () => {
    const ids = (input: object) => t.must('reports.deferredMovements', { ...period(), ...input }, 'supervisor').rows.map((r) => `${r.contactId}:${r.kind}`);
    expect(ids({ status: 'open' })).toEqual(['c-ecole:charged']);
    expect(ids({ status: 'settled' })).toEqual(['c-mairie:charged']);
    expect(ids({ status: 'cancelled' })).toEqual(['c-amis:charged']);
    expect(ids({ productIds: ['i-affiche'] })).toEqual(['c-amis:charged', 'c-amis:refunded']);
    // a settlement pays an account, not a product: a product filter keeps charges and refunds
    expect(ids({ productIds: ['e-misanthrope'] })).toEqual(['c-ecole:charged', 'c-mairie:charged']);
    expect(ids({ contactIds: ['c-mairie'] })).toEqual(['c-mairie:charged', 'c-mairie:settled']);
  });

  it('as CSV and PDF', () => {
    const csv = t.must('reports.export', { format: 'csv', language: 'fr', request: { report: 'deferredMovements', params: period() } }, 'supervisor');
    const text = Buffer.from(csv.contentBase64, 'base64').toString('utf8');
    expect(text).toContain('Paiement différé');
    expect(text).toContain('École du Bois-Gentil');
    const pdf = t.must('reports.export', { format: 'pdf', language: 'en', request: { report: 'deferredAccounts', params: {} } }, 'supervisor');
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });
});
