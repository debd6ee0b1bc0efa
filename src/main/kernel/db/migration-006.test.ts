// 006 rebuilds print_jobs and print_job_events: a database with jobs and their events
// migrates with every row, its foreign keys whole, and its triggers back.
import { it, expect } from 'vitest';
import { ulid } from 'ulid';
import { migrate, migrations } from './migrations/index.ts';
import { testTill } from '../../testing/fixtures.ts';
import { printingHooks } from '../../printing/index.ts';
it('keeps every job and event through the rebuild of print_jobs, with foreign keys and triggers', () => {
  const t = testTill({ print: printingHooks });
  t.must('printers.save', { name: 'Comptoir', connection: { transport: 'virtual' }, documents: ['receipt', 'report'], drawerPin: 2 }, 'technician');
  t.must('sessions.open', { float: [{ valueMinor: 10000, count: 1 }] });
  const lines = [{ kind: 'ticket' as const, performanceId: 'e-misanthrope-p1', tariffId: 'e-misanthrope-plein', quantity: 1 }];
  t.must('sales.checkout', { requestId: ulid(), lines, buyerContactId: null, payments: [{ methodId: 'pm-card', amountMinor: t.must('sales.quote', { lines }).totalMinor }] });
  const n = (t.db.prepare('SELECT COUNT(*) AS n FROM print_job_events').get() as { n: number }).n;
  const j = (t.db.prepare('SELECT COUNT(*) AS n FROM print_jobs').get() as { n: number }).n;
  expect(j).toBeGreaterThan(0);
  t.db.pragma('user_version = 5');
  migrate(t.db, migrations.slice(0, 6)); // 006 again, on its own: later migrations ran already
  expect(t.db.pragma('foreign_key_check')).toEqual([]);
  expect((t.db.prepare('SELECT COUNT(*) AS n FROM print_jobs').get() as { n: number }).n).toBe(j);
  expect(() => t.db.prepare('DELETE FROM print_jobs').run()).toThrow(/kept/);
  expect((t.db.prepare('SELECT COUNT(*) AS n FROM print_job_events').get() as { n: number }).n).toBe(n);
  expect(() => t.db.prepare('DELETE FROM print_job_events').run()).toThrow(/immutable/);
});
