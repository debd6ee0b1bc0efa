// X and Z reports answered with their lines (report-shown.ts): the screen shows the nets and
// totals the services work out; the Z stored at closing stays as it was signed off.
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { tillReportSections } from '../../shared/domain/till-report-lines.ts';
import { testTill } from '../testing/fixtures.ts';

describe('an X or Z report as the screens get it', () => {
  it('carries the printed lines, nets and totals worked out, from the X to the Z read back', () => {
    const t = testTill();
    t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
    t.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 5000 }, 'supervisor');
    const order = t.must('sales.checkout', {
      requestId: ulid(),
      lines: [{ kind: 'ticket', performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 2 }],
      buyerContactId: 'c-dupont',
      payments: [{ methodId: 'pm-credit', amountMinor: 2000 }, { methodId: 'pm-card', amountMinor: 7000 }],
    });
    t.must('orders.refund', { requestId: ulid(), orderId: order.id, lines: [{ orderLineId: order.lines[0]!.id, quantity: 1 }], payments: [{ methodId: 'pm-card', amountMinor: 4500 }], reason: 'Empêché' });

    const { sections, ...x } = t.must('sessions.xReport', {});
    expect(sections).toEqual(tillReportSections(x));
    const line = (id: string, label: string) => sections.find((s) => s.id === id)?.lines.find((l) => l.label === label)?.value;
    expect(line('tickets', 'ticketsNet')).toBe(1);
    expect(line('credit', 'creditNet')).toBe(5000 - 2000);
    expect(line('revenue', 'netSales')).toBe(4500);

    const counts = t.must('sessions.closingPreview', { counts: [] }, 'supervisor').methods.map((m) => ({ methodId: m.methodId, countedMinor: m.expectedMinor }));
    const z = t.must('sessions.close', { counts }, 'supervisor');
    const { sections: zSections, ...zReport } = z;
    expect(zSections).toEqual(tillReportSections(zReport));
    expect(t.must('reports.zGet', { number: z.number }, 'supervisor')).toEqual(z);
    const stored = JSON.parse((t.db.prepare('SELECT report FROM session_closings').get() as { report: string }).report) as Record<string, unknown>;
    expect(stored).not.toHaveProperty('sections');
  });
});
