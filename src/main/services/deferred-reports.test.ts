// The two deferred-account reports checked against the ledger and the items.
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
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
  t.clock.advance(60 * dayMs); // École's item is now overdue
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
    expect(report.totals).toEqual({ chargedMinor: 17100, settledMinor: 4500, refundedMinor: 3600, movedMinor: 0, netMinor: 9000 });
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
