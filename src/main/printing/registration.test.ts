// The printing module keeps nothing at module level: each till's printer readings, probes,
// scans, simulated printers and queue wake-up are its registration's (TillContext.print),
// made when its printing starts and gone when it stops — two tills in one process share none.
import { afterEach, describe, expect, it } from 'vitest';
import { noPrintHooks } from '../kernel/print-hooks.ts';
import { testTill } from '../testing/fixtures.ts';
import { unknownStatus } from './escpos/status.ts';
import { wakeQueue } from './queue/enqueue.ts';
import { printerStatus, setPrinterStatus } from './queue/printers-store.ts';
import { printingOf } from './registration.ts';
import { startPrinting, type PrintingRuntime } from './runtime.ts';

const runtimes: PrintingRuntime[] = [];
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((r) => r.stop()));
});
const start = (t: ReturnType<typeof testTill>) => {
  const runtime = startPrinting(t.context, { log: () => {} });
  runtimes.push(runtime);
  return runtime;
};

describe('printing registered in the till’s context', () => {
  it('keeps each till’s printer readings apart', () => {
    const a = testTill();
    const b = testTill();
    start(a);
    start(b);
    const printer = a.must('printers.save', { name: 'Comptoir', connection: { transport: 'virtual' } }, 'technician');
    b.must('printers.save', { name: 'Comptoir', connection: { transport: 'virtual' } }, 'technician');
    setPrinterStatus(a.context, printer.id, { ...unknownStatus('unknown', null, 1), state: 'cover_open' });
    expect(printerStatus(a.context, printer.id).state).toBe('cover_open');
    expect(a.must('printers.list', {}, 'technician')[0]!.status.state).toBe('cover_open');
    expect(b.must('printers.list', {}, 'technician')[0]!.status.state).toBe('unknown');
  });

  it('wakes only the queue of the till that queued', async () => {
    const a = testTill();
    const b = testTill();
    start(a);
    start(b);
    const woken: string[] = [];
    printingOf(a.context)!.wake = () => woken.push('a');
    printingOf(b.context)!.wake = () => woken.push('b');
    wakeQueue(a.context);
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toEqual(['a']);
  });

  it('is the till’s print hooks while printing runs, and gone when it stops', async () => {
    const t = testTill();
    expect(printingOf(t.context)).toBeNull();
    const runtime = start(t);
    expect(t.context.print).toBe(runtime.registration);
    expect(printingOf(t.context)).toBe(runtime.registration);
    await runtime.stop();
    expect(t.context.print).toBe(noPrintHooks);
  });
});
