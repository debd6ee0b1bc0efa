// A till in a process whose host zone the test sets (TZ=…): it sells, pays in and funds a
// credit balance at 22:05 UTC (23:05 in Zurich, the demo institution's zone), locks a PIN,
// and prints as JSON every place a time shows: the receipt and the cash slip (preview and
// the print queue's render context), a report's CSV and PDF, a refusal's message.
// time-zone.test.ts reads them (the screen's formatter is src/renderer/format.test.ts).
import { ulid } from 'ulid';
import { Words } from '../printing/index.ts';
import { renderContextOf } from '../printing/index.ts';
import { TestClock, testTill } from './fixtures.ts';

const saleAtMs = Date.UTC(2026, 10, 24, 22, 5);
const t = testTill({ clock: new TestClock(saleAtMs) });
t.must('sessions.open', { float: [{ valueMinor: 1000, count: 10 }] });
const order = t.must('sales.checkout', {
  requestId: ulid(),
  lines: [{ kind: 'item', itemId: 'i-programme', quantity: 1 }],
  buyerContactId: null,
  payments: [{ methodId: 'pm-cash', amountMinor: 500 }],
});
const payIn = t.must('sessions.payIn', { requestId: ulid(), amountMinor: 2000, reason: 'Monnaie' }, 'supervisor');
t.must('credit.fund', { requestId: ulid(), contactId: 'c-dupont', methodId: 'pm-cash', amountMinor: 5000 }, 'supervisor');

const preview = (document: { kind: 'receipt'; orderId: string } | { kind: 'cash_slip'; entryId: string }) => t.must('printing.preview', { document }, 'supervisor').text;
const receipt = preview({ kind: 'receipt', orderId: order.id });
const slip = preview({ kind: 'cash_slip', entryId: payIn.entryId });
const queued = new Words(renderContextOf(t.db, 'fr')).dateTime(saleAtMs);

// 00:30 in Zurich the next day: the export is of the 25th there
t.clock.ms = Date.UTC(2026, 10, 24, 23, 30);
const period = { fromMs: Date.UTC(2026, 10, 24, 0, 0), toMs: Date.UTC(2026, 10, 24, 23, 59) };
const exported = (format: 'csv' | 'pdf') =>
  t.must('reports.export', { format, language: 'fr', request: { report: 'creditSlip', params: { ...period, tillIds: [] } } }, 'supervisor');
const csv = exported('csv');
const pdf = exported('pdf');

t.clock.ms = saleAtMs;
for (let i = 0; i < 5; i += 1) t.call('auth.login', { userId: 'u-cashier', pin: '000000' }, null);
const locked = t.call('auth.login', { userId: 'u-cashier', pin: '000000' }, null);

process.stdout.write(`${JSON.stringify({
  hostZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  receipt,
  slip,
  queued,
  csv: Buffer.from(csv.contentBase64, 'base64').toString('utf8'),
  csvFileName: csv.fileName,
  pdfBase64: pdf.contentBase64,
  lockedMessage: locked.ok ? null : locked.error.message,
})}\n`);
