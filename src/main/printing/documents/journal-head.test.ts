// The journal's head on paper (ADR 0007): a sale's receipt, a refund's receipt and the Z
// print the seq and the first 16 hex digits of their own entry's hash, in the form
// `verify-journal --z-head` takes, whole on 32 columns; a reprint prints the same; the
// auditor's check against that line passes on the journal and fails once its end is cut.
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { testTill, type TestTill } from '../../testing/fixtures.ts';
import { anchorProblem, parseAnchor } from '../../kernel/ledger/anchors.ts';
import { defaultProfile, type PrintProfile } from '../escpos/profile.ts';
import { renderText } from '../virtual/index.ts';
import { referenceContext } from './reference.ts';
import { loadDocument, renderDocument } from './render.ts';
import type { DocumentRefValue } from './load.ts';

const narrow: PrintProfile = { ...defaultProfile, widthMm: 58, columns: 32 };

describe('the journal head printed on receipts and the Z', () => {
  let t: TestTill;
  let sale: { id: string; lines: { id: string }[] };
  let refundId: string;
  let zNumber: number;
  const entry = (id: string, table: string) => t.db.prepare(`SELECT j.seq, j.hash FROM journal j JOIN ${table} x ON x.entry_id = j.id WHERE x.id = ?`).get(id) as { seq: number; hash: string };

  beforeAll(() => {
    t = testTill();
    t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
    sale = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'item', itemId: 'i-programme', quantity: 2 }], buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: 1000 }] });
    refundId = t.must('orders.refund', { requestId: ulid(), orderId: sale.id, lines: [{ orderLineId: sale.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-cash', amountMinor: 500 }], reason: 'Client empêché' }).refunds[0]!.id;
    t.must('sessions.close', { counts: [{ methodId: 'pm-cash', countedMinor: 10500 }] }, 'supervisor');
    zNumber = (t.db.prepare('SELECT z_number FROM session_closings ORDER BY z_number DESC LIMIT 1').get() as { z_number: number }).z_number;
  });

  const printed = (ref: DocumentRefValue, profile = defaultProfile, copyNumber = 0) => {
    const doc = loadDocument(t.db, t.context.tillId, ref, null);
    if (!doc.ok) throw new Error(doc.error.code);
    return renderText(renderDocument(doc.value, profile, referenceContext, copyNumber), profile.columns);
  };
  const headLine = (text: string) => text.split('\n').map((l) => l.trim()).find((l) => l.startsWith('Journal '));

  it('a sale’s receipt carries its entry’s seq and hash, whole on 58 mm paper, the same on a reprint', () => {
    const { seq, hash } = entry(sale.id, 'orders');
    const line = `Journal ${seq}:${hash.slice(0, 16)}`;
    expect(headLine(printed({ kind: 'receipt', orderId: sale.id }))).toBe(line);
    expect(headLine(printed({ kind: 'receipt', orderId: sale.id }, narrow))).toBe(line);
    expect(headLine(printed({ kind: 'receipt', orderId: sale.id }, defaultProfile, 2))).toBe(line);
  });

  it('a refund’s receipt carries the refund’s entry', () => {
    const { seq, hash } = entry(refundId, 'refunds');
    expect(headLine(printed({ kind: 'refund_receipt', refundId }))).toBe(`Journal ${seq}:${hash.slice(0, 16)}`);
  });

  it('the Z carries its closing entry, the journal’s last, which the auditor’s check takes as printed', () => {
    const last = t.db.prepare('SELECT seq, hash, type FROM journal ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string; type: string };
    expect(last.type).toBe('session_close');
    const line = headLine(printed({ kind: 'z_report', zNumber }, narrow))!;
    expect(line).toBe(`Journal ${last.seq}:${last.hash.slice(0, 16)}`);
    const anchor = parseAnchor(line.slice('Journal '.length))!;
    expect(anchorProblem(t.db, t.context.tillId, { source: 'z_report', ...anchor })).toBeNull();
  });

  it('an X (a moment, not an entry) prints no head', () => {
    t.must('sessions.open', { float: [] }, 'supervisor');
    const x = t.must('sessions.xReport', {}, 'supervisor');
    const doc = loadDocument(t.db, t.context.tillId, { kind: 'x_report' }, x);
    if (!doc.ok) throw new Error(doc.error.code);
    expect(headLine(renderText(renderDocument(doc.value, defaultProfile, referenceContext, 0), 48))).toBeUndefined();
  });
});
