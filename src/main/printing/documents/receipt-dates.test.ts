// A receipt prints a ticket line's performance in its language's date format, not the
// stored ISO date (issue 17 point 7).
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { testTill } from '../../testing/fixtures.ts';
import { defaultProfile } from '../escpos/profile.ts';
import { renderText } from '../virtual/index.ts';
import { referenceContext } from './reference.ts';
import { loadDocument, renderDocument } from './render.ts';

describe('a receipt’s ticket line', () => {
  it('prints the performance as 08.12.2026 20:00, the hall as written', () => {
    const t = testTill();
    t.must('sessions.open', { float: [] });
    const order = t.must('sales.checkout', { requestId: ulid(), lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }], buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: 4500 }] });
    const stored = (t.db.prepare('SELECT detail FROM order_lines WHERE order_id = ?').get(order.id) as { detail: string }).detail;
    const [, y, m, d, time] = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}) · /.exec(stored)!;
    const doc = loadDocument(t.db, t.context.tillId, { kind: 'receipt', orderId: order.id }, null);
    if (!doc.ok) throw new Error(doc.error.code);
    const text = renderText(renderDocument(doc.value, defaultProfile, referenceContext, 0), defaultProfile.columns);
    expect(text).toContain(`${d}.${m}.${y} ${time} · `);
    expect(text).not.toContain(`${y}-${m}-${d}`);
  });
});
