// The print hooks are the till's, registered in its context: one till printing does not
// make another queue jobs (they were a module-level object set by whoever started last).
import { ulid } from 'ulid';
import { expect, it } from 'vitest';
import { printingHooks } from '../printing/index.ts';
import { testTill, type TestTill } from '../testing/fixtures.ts';

function sellOneSeat(t: TestTill): number {
  t.must('printers.save', { name: 'Comptoir', connection: { transport: 'virtual' }, documents: ['receipt', 'ticket', 'report'], drawerPin: 2 }, 'technician');
  t.must('sessions.open', { float: [{ valueMinor: 10000, count: 1 }] });
  const lines = [{ kind: 'ticket' as const, performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }];
  t.must('sales.checkout', { requestId: ulid(), lines, buyerContactId: null, payments: [{ methodId: 'pm-cash', amountMinor: t.must('sales.quote', { lines }).totalMinor }] });
  return (t.db.prepare('SELECT COUNT(*) AS n FROM print_jobs').get() as { n: number }).n;
}

it('queues a sale’s receipt, tickets and drawer only on the till whose context holds printing’s hooks', () => {
  const printing = testTill({ print: printingHooks });
  const silent = testTill();
  expect(sellOneSeat(printing)).toBe(3);
  expect(sellOneSeat(silent)).toBe(0);
});
