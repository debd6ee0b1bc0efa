// The durable print queue against a printer on a real socket: a sale commits whether or
// not the printer is on; its jobs wait while it is off or out of paper, print once when it
// comes back, and every print and reprint is in the journal.
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyJournal } from '../../kernel/ledger/verify.ts';
import { testTill, type TestTill } from '../../testing/fixtures.ts';
import { startPrinting, type PrintingRuntime } from '../runtime.ts';
import { eventually, freePort, RunningClock, startTcpPrinter, type TcpPrinter } from '../../testing/tcp-printer.ts';

const fast = { statusTimeoutMs: 150, retryBaseMs: 20, retryCapMs: 80, notReadyPollMs: 40, log: () => {} };
let runtime: PrintingRuntime | null = null;
let tcp: TcpPrinter | null = null;
afterEach(async () => {
  await runtime?.stop();
  await tcp?.close();
  runtime = null;
  tcp = null;
});

function setUp(port: number, drawer = true): { t: TestTill; printerId: string } {
  const t = testTill({ clock: new RunningClock() });
  runtime = startPrinting(t.context, fast);
  const printer = t.must('printers.save', { name: 'Caisse', connection: { transport: 'network', host: '127.0.0.1', port }, documents: ['receipt', 'ticket', 'report'], drawerPin: drawer ? 2 : null }, 'technician');
  t.must('sessions.open', { float: [{ valueMinor: 10000, count: 1 }] });
  return { t, printerId: printer.id };
}

function sell(t: TestTill, quantity = 2) {
  const catalogue = t.must('catalogue.get', {});
  const event = catalogue.events[0]!;
  const lines = [{ kind: 'ticket' as const, performanceId: event.performances[0]!.id, tariffId: event.tariffs[0]!.id, quantity }];
  const quote = t.must('sales.quote', { lines });
  const cash = t.must('paymentMethods.list', {}).find((m) => m.type === 'cash')!;
  return t.must('sales.checkout', { requestId: ulid(), lines, buyerContactId: null, payments: [{ methodId: cash.id, amountMinor: quote.totalMinor }] });
}

const jobs = (t: TestTill, status: 'open' | 'all' = 'all') => t.must('printJobs.list', { status });
const printedCount = (tcp: TcpPrinter, text: string) => tcp.printer.printedBytes.toString('latin1').split(text).length - 1;

describe('print queue', () => {
  it('commits the sale with the printer off; the jobs wait, then print once when it is on', async () => {
    const port = await freePort();
    const { t } = setUp(port);
    const order = sell(t);
    expect(t.must('orders.get', { orderId: order.id }).number).toBe(order.number);
    expect(jobs(t).map((j) => j.kind).sort()).toEqual(['drawer', 'receipt', 'tickets']);
    await eventually(() => jobs(t).filter((j) => j.kind !== 'drawer').every((j) => j.status === 'waiting' && j.reason === 'unreachable' && j.attempts >= 2), 3000, 'waiting jobs');
    tcp = await startTcpPrinter(port);
    await eventually(() => jobs(t).filter((j) => j.kind !== 'drawer').every((j) => j.status === 'printed'), 5000, 'printed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printedCount(tcp, order.number)).toBe(3); // the receipt and two tickets, once each
    const entries = t.db.prepare("SELECT type, payload FROM journal WHERE type IN ('print', 'reprint', 'drawer_open') ORDER BY seq").all() as { type: string; payload: string }[];
    expect(entries.map((e) => e.type).filter((x) => x === 'print')).toHaveLength(2);
    expect(verifyJournal(t.db, () => t.context.journalKey).ok).toBe(true);
  });

  it('opens the drawer on a cash sale before the receipt prints, and journals it', async () => {
    tcp = await startTcpPrinter();
    const { t } = setUp(tcp.port);
    sell(t, 1);
    await eventually(() => jobs(t).every((j) => j.status === 'printed'), 5000, 'printed');
    const bytes = tcp.printer.printedBytes;
    const pulse = bytes.indexOf(Buffer.from([0x1b, 0x70, 0x00, 25, 250]));
    expect(pulse).toBeGreaterThanOrEqual(0);
    expect(pulse).toBeLessThan(bytes.indexOf(Buffer.from('Re\x87u', 'latin1')));
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM journal WHERE type = 'drawer_open'").get()).toEqual({ n: 1 });
  });

  it('keeps a job to a printer out of paper waiting, says so, and never calls it printed', async () => {
    tcp = await startTcpPrinter();
    tcp.printer.state.isPaperOut = true;
    const { t } = setUp(tcp.port, false);
    const order = sell(t, 1);
    await eventually(() => jobs(t).every((j) => j.status === 'waiting' && j.reason === 'paper_out' && j.attempts >= 2), 3000, 'waiting for paper');
    expect(printedCount(tcp, order.number)).toBe(0);
    expect(t.must('printers.list', {})[0]!.status.state).toBe('paper_out');
    tcp.printer.state.isPaperOut = false;
    await eventually(() => jobs(t).every((j) => j.status === 'printed'), 3000, 'printed after paper');
    expect(printedCount(tcp, order.number)).toBe(2);
  });

  it('reprints as DUPLICATA 1, then 2, each journaled as a reprint; the original is never resent', async () => {
    tcp = await startTcpPrinter();
    const { t } = setUp(tcp.port, false);
    const order = sell(t, 1);
    await eventually(() => jobs(t).every((j) => j.status === 'printed'), 5000, 'printed');
    for (const n of [1, 2]) {
      const job = t.must('printing.print', { requestId: ulid(), document: { kind: 'receipt', orderId: order.id } });
      expect(job.copyNumber).toBe(n);
      await eventually(() => jobs(t).every((j) => j.status === 'printed'), 5000, 'reprinted');
    }
    const text = tcp.printer.printedBytes.toString('latin1');
    expect(text.split('DUPLICATA N\xf8 1').length - 1).toBe(1);
    expect(text.split('DUPLICATA N\xf8 2').length - 1).toBe(1);
    const reprints = t.db.prepare("SELECT payload FROM journal WHERE type = 'reprint' ORDER BY seq").all() as { payload: string }[];
    expect(reprints.map((r) => JSON.parse(r.payload).copyNumber)).toEqual([1, 2]);
  });

  it('lets a person cancel a waiting job with a reason (audited), or reroute it to another printer', async () => {
    const port = await freePort();
    const { t } = setUp(port, false);
    sell(t, 1);
    tcp = await startTcpPrinter();
    const other = t.must('printers.save', { name: 'Secours', connection: { transport: 'network', host: '127.0.0.1', port: tcp.port } }, 'technician');
    await eventually(() => jobs(t).every((j) => j.status === 'waiting'), 3000, 'waiting');
    const [tickets, receipt] = [jobs(t).find((j) => j.kind === 'tickets')!, jobs(t).find((j) => j.kind === 'receipt')!];
    expect(t.must('printJobs.cancel', { jobId: tickets.id, reason: 'Client parti' })).toMatchObject({ status: 'cancelled', cancelReason: 'Client parti' });
    expect(t.must('printJobs.reroute', { jobId: receipt.id, printerId: other.id })).toMatchObject({ printerName: 'Secours' });
    await eventually(() => jobs(t).find((j) => j.id === receipt.id)!.status === 'printed', 3000, 'rerouted print');
    const audit = t.must('audit.list', {}, 'supervisor').map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['print.cancelled', 'print.rerouted']));
    expect(t.call('printJobs.retry', { jobId: tickets.id })).toMatchObject({ ok: false, error: { code: 'print_job_not_open' } });
  });

  it('leaves a job in doubt when the printer fails after the bytes left, for a person to confirm', async () => {
    tcp = await startTcpPrinter();
    const { t } = setUp(tcp.port, false);
    let seen = 0;
    const original = tcp.printer.feed.bind(tcp.printer);
    tcp.printer.feed = (chunk) => {
      seen += chunk.length;
      if (chunk.length > 10) tcp!.printer.state.isCoverOpen = true; // the cover opens while printing
      return original(chunk);
    };
    sell(t, 1);
    await eventually(() => jobs(t).some((j) => j.status === 'in_doubt'), 3000, 'in doubt');
    const job = jobs(t).find((j) => j.status === 'in_doubt')!;
    expect(job.reason).toBe('cover_open');
    expect(seen).toBeGreaterThan(0);
    expect(t.must('printJobs.confirm', { jobId: job.id })).toMatchObject({ status: 'printed' });
    expect(t.db.prepare("SELECT COUNT(*) AS n FROM journal WHERE type = 'print'").get()).toEqual({ n: 1 });
  });
});
