// A printer that goes silent, on a real socket: one that accepts the connection and reads
// nothing, one that reads but never answers DLE EOT, one that answered and falls silent
// once the bytes have left. No job is called printed without the printer's word (or a
// person's); once it answers again each document comes out exactly once, counted in what
// the printer received, decoded by the virtual printer. A printer that stops taking bytes
// mid-job does not hold its queue. And the drawer opens with the paper out.
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { testTill, type TestTill } from '../../testing/fixtures.ts';
import { startPrinting, type PrintingRuntime } from '../runtime.ts';
import { eventually, RunningClock, startTcpPrinter, type TcpPrinter } from '../../testing/tcp-printer.ts';
import type { UsbBackend, UsbDeviceHandle, UsbInterfaceHandle } from '../transports/usb.ts';
import { renderText } from '../virtual/index.ts';
import { SimulatedPrinter } from '../virtual/simulated-printer.ts';

const fast = { statusTimeoutMs: 150, confirmTimeoutMs: 150, msPerByte: 0, retryBaseMs: 20, retryCapMs: 80, notReadyPollMs: 40, log: () => {} };
let runtime: PrintingRuntime | null = null;
let tcp: TcpPrinter | null = null;
afterEach(async () => {
  await runtime?.stop();
  await tcp?.close();
  runtime = null;
  tcp = null;
});

function setUp(port: number, options: { drawer?: boolean; statusMode?: 'dle_eot' | 'none' } = {}): TestTill {
  const t = testTill({ clock: new RunningClock() });
  runtime = startPrinting(t.context, fast);
  t.must(
    'printers.save',
    { name: 'Caisse', connection: { transport: 'network', host: '127.0.0.1', port }, documents: ['receipt', 'ticket'], drawerPin: options.drawer ? 2 : null, statusMode: options.statusMode ?? 'dle_eot' },
    'technician',
  );
  t.must('sessions.open', { float: [{ valueMinor: 10000, count: 1 }] });
  return t;
}

function sell(t: TestTill, quantity: number, method: 'cash' | 'card') {
  const event = t.must('catalogue.get', {}).events[0]!;
  const lines = [{ kind: 'ticket' as const, performanceId: event.performances[0]!.id, tariffId: event.tariffs[0]!.id, quantity }];
  const quote = t.must('sales.quote', { lines });
  const payment = t.must('paymentMethods.list', {}).find((m) => m.type === method)!;
  return t.must('sales.checkout', { requestId: ulid(), lines, buyerContactId: null, payments: [{ methodId: payment.id, amountMinor: quote.totalMinor }] });
}

const jobs = (t: TestTill) => t.must('printJobs.list', { status: 'all' });
const job = (t: TestTill, kind: string) => jobs(t).find((j) => j.kind === kind)!;
const journaled = (t: TestTill, type: string) => (t.db.prepare('SELECT COUNT(*) AS n FROM journal WHERE type = ?').get(type) as { n: number }).n;
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** The documents the printer received, read back from its bytes: receipts and tickets of an order, drawer pulses. */
function received(printer: TcpPrinter, orderNumber: string) {
  const text = renderText(printer.printer.printedBytes, 48);
  const count = (needle: string) => text.split(needle).length - 1;
  return { receipts: count(`Reçu ${orderNumber}`), tickets: count(`Dossier ${orderNumber}`), duplicates: count('DUPLICATA'), pulses: count('[DRAWER pin 2') };
}

describe('a printer that goes silent', () => {
  it('accepts the connection and reads nothing: every job waits (no_answer), none is printed; once it reads, each prints once', async () => {
    tcp = await startTcpPrinter();
    tcp.stopReading();
    const t = setUp(tcp.port, { drawer: true });
    const order = sell(t, 2, 'cash');
    // one job at a time is being asked again (a silent printer holds each attempt a while)
    await eventually(() => jobs(t).every((j) => j.attempts >= 2), 15_000, 'every job asked twice');
    expect(jobs(t).map((j) => j.kind).sort()).toEqual(['drawer', 'receipt', 'tickets']);
    expect(jobs(t).every((j) => (j.status === 'waiting' && j.reason === 'no_answer') || j.status === 'sending')).toBe(true);
    const waits = t.db.prepare("SELECT DISTINCT job_id, json_extract(details, '$.reason') AS reason FROM print_job_events WHERE event = 'waiting'").all();
    expect(waits).toHaveLength(3);
    expect(waits.every((w) => (w as { reason: string }).reason === 'no_answer')).toBe(true);
    expect(journaled(t, 'print') + journaled(t, 'drawer_open')).toBe(0);
    expect(t.must('printers.list', {})[0]!.status.state).toBe('no_answer');
    tcp.startReading();
    await eventually(() => jobs(t).every((j) => j.status === 'printed'), 10_000, 'printed once it reads');
    await settle();
    expect(received(tcp, order.number)).toEqual({ receipts: 1, tickets: 2, duplicates: 0, pulses: 1 });
    expect([journaled(t, 'print'), journaled(t, 'drawer_open')]).toEqual([2, 1]);
  }, 30_000);

  it('reads but never answers DLE EOT: the jobs wait and nothing of them is sent; once it answers, each prints once', async () => {
    tcp = await startTcpPrinter();
    tcp.holdReplies = true;
    const t = setUp(tcp.port);
    const order = sell(t, 2, 'card');
    await eventually(() => jobs(t).every((j) => j.status === 'waiting' && j.reason === 'no_answer' && j.attempts >= 2), 15_000, 'waiting for an answer');
    expect(tcp.printer.printedBytes.length).toBe(0); // status questions only
    expect(journaled(t, 'print')).toBe(0);
    tcp.holdReplies = false;
    await eventually(() => jobs(t).every((j) => j.status === 'printed'), 5000, 'printed once it answers');
    await settle();
    expect(received(tcp, order.number)).toEqual({ receipts: 1, tickets: 2, duplicates: 0, pulses: 0 });
    expect(journaled(t, 'print')).toBe(2);
  });

  it('answered, then falls silent once the receipt has left: the receipt is in doubt, never resent; the tickets wait and print once', async () => {
    tcp = await startTcpPrinter();
    const printer = tcp;
    const feed = printer.printer.feed.bind(printer.printer);
    printer.printer.feed = (chunk) => {
      if (chunk.length > 10 && !printer.holdReplies) printer.holdReplies = true; // the receipt's bytes arrive: it falls silent
      return feed(chunk);
    };
    const t = setUp(printer.port);
    const order = sell(t, 1, 'card');
    await eventually(() => job(t, 'receipt').status === 'in_doubt' && job(t, 'tickets').status === 'waiting' && job(t, 'tickets').attempts >= 2, 15_000, 'in doubt and waiting');
    expect(job(t, 'receipt').reason).toBe('no_answer');
    expect(job(t, 'tickets').reason).toBe('no_answer');
    expect(journaled(t, 'print')).toBe(0);
    printer.holdReplies = false;
    printer.printer.feed = feed;
    await eventually(() => job(t, 'tickets').status === 'printed', 5000, 'the tickets once it answers');
    await settle();
    expect(job(t, 'receipt').status).toBe('in_doubt');
    expect(received(printer, order.number)).toEqual({ receipts: 1, tickets: 1, duplicates: 0, pulses: 0 });
    // a person looks at the paper: it did come out
    expect(t.must('printJobs.confirm', { jobId: job(t, 'receipt').id })).toMatchObject({ status: 'printed' });
    await settle();
    expect(received(printer, order.number)).toEqual({ receipts: 1, tickets: 1, duplicates: 0, pulses: 0 });
    const prints = t.db.prepare("SELECT payload FROM journal WHERE type = 'print' ORDER BY seq").all() as { payload: string }[];
    expect(prints.map((p) => JSON.parse(p.payload) as { kind: string; confirmedBy: string | null }).map((p) => [p.kind, p.confirmedBy !== null])).toEqual([
      ['tickets', false],
      ['receipt', true],
    ]);
    expect(t.must('audit.list', {}, 'supervisor').map((a) => a.action)).toContain('print.confirmed');
  });

  it('reprints a job in doubt as the same document, not a DUPLICATA, when a person says it did not come out', async () => {
    tcp = await startTcpPrinter();
    const printer = tcp;
    printer.holdReplies = false;
    let questions = 0;
    const feed = printer.printer.feed.bind(printer.printer);
    printer.printer.feed = (chunk) => {
      const replies = feed(chunk);
      questions += Buffer.from(chunk).toString('latin1').split('\x10\x04\x01').length - 1;
      return questions === 2 ? new Uint8Array() : replies; // no answer to the question after the receipt
    };
    const t = setUp(printer.port);
    const order = sell(t, 1, 'card');
    await eventually(() => job(t, 'receipt').status === 'in_doubt' && job(t, 'tickets').status === 'printed', 5000, 'receipt in doubt');
    t.must('printJobs.retry', { jobId: job(t, 'receipt').id });
    await eventually(() => job(t, 'receipt').status === 'printed', 5000, 'reprinted');
    await settle();
    expect(job(t, 'receipt').copyNumber).toBe(0);
    expect(received(printer, order.number)).toEqual({ receipts: 2, tickets: 1, duplicates: 0, pulses: 0 });
    const prints = t.db.prepare("SELECT type, payload FROM journal WHERE type IN ('print', 'reprint') ORDER BY seq").all() as { type: string; payload: string }[];
    expect(prints.map((p) => [p.type, (JSON.parse(p.payload) as { kind: string }).kind])).toEqual([
      ['print', 'tickets'],
      ['print', 'receipt'],
    ]);
  });

  it('prints to a printer whose status reading is switched off, without asking it', async () => {
    tcp = await startTcpPrinter();
    tcp.holdReplies = true;
    const t = setUp(tcp.port, { statusMode: 'none' });
    const order = sell(t, 1, 'card');
    await eventually(() => jobs(t).every((j) => j.status === 'printed'), 5000, 'printed');
    await settle();
    expect(received(tcp, order.number)).toEqual({ receipts: 1, tickets: 1, duplicates: 0, pulses: 0 });
    expect(tcp.printer.received.includes(Buffer.from([0x10, 0x04]))).toBe(false);
  });
});

/** A USB printer (at the libusb seam) that answers status but stops taking bytes at the first job: that transfer never completes. */
function stuckUsbPrinter(): { backend: UsbBackend; printer: SimulatedPrinter } {
  const printer = new SimulatedPrinter();
  let pending: number[] = [];
  let isStuck = false;
  const iface: UsbInterfaceHandle = {
    isKernelDriverActive: () => false,
    detachKernelDriver: () => {},
    attachKernelDriver: () => {},
    claim: () => {},
    release: async () => {},
    endpointOut: () => ({
      transfer: async (data) => {
        if (data.length > 10 && !isStuck) {
          isStuck = true;
          return new Promise<void>(() => {}); // its buffer full, it never takes the rest
        }
        pending.push(...printer.feed(data));
      },
    }),
    endpointIn: () => ({
      read: async (_length, timeoutMs) => {
        if (pending.length === 0) await new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 5)));
        const out = Buffer.from(pending);
        pending = [];
        return out;
      },
    }),
  };
  const device: UsbDeviceHandle = { open: () => {}, close: () => {}, serialNumber: async () => null, printerInterface: () => iface };
  return { backend: { list: () => [], find: () => [device] }, printer };
}

describe('a printer that stops taking bytes in the middle of a job', () => {
  it('leaves that job in doubt when its write passes its deadline, and the next job is not held behind it', async () => {
    const usb = stuckUsbPrinter();
    const t = testTill({ clock: new RunningClock() });
    runtime = startPrinting(t.context, { ...fast, writeTimeoutMs: 300, transports: { usbBackend: async () => usb.backend } });
    t.must('printers.save', { name: 'USB', connection: { transport: 'usb', vendorId: 0x04b8, productId: 0x0202 }, documents: ['receipt', 'ticket'] }, 'technician');
    t.must('sessions.open', { float: [{ valueMinor: 10000, count: 1 }] });
    const order = sell(t, 1, 'card');
    await eventually(() => job(t, 'receipt').status === 'in_doubt' && job(t, 'tickets').status === 'printed', 5000, 'receipt in doubt, tickets printed');
    expect(job(t, 'receipt').reason).toBe('timeout');
    expect(renderText(usb.printer.printedBytes, 48)).toContain(`Dossier ${order.number}`);
    expect(journaled(t, 'print')).toBe(1);
  });
});

describe('the drawer with the paper out', () => {
  it('opens on the cash sale and on demand while the receipt waits for paper, by a real-time pulse, journaled', async () => {
    tcp = await startTcpPrinter();
    tcp.printer.state.isPaperOut = true;
    const t = setUp(tcp.port, { drawer: true });
    const order = sell(t, 1, 'cash');
    await eventually(() => job(t, 'drawer').status === 'printed' && job(t, 'receipt').status === 'waiting' && job(t, 'receipt').reason === 'paper_out', 5000, 'drawer opened, receipt waiting');
    const realtimePulse = Buffer.from([0x10, 0x14, 0x01, 0x00, 0x01]);
    const pulses = () => tcp!.printer.received.toString('latin1').split(realtimePulse.toString('latin1')).length - 1;
    expect(pulses()).toBe(1);
    expect(received(tcp, order.number)).toMatchObject({ receipts: 0, tickets: 0 });
    t.must('drawer.open', { requestId: ulid(), reason: 'Monnaie pour le client' });
    await eventually(() => pulses() === 2, 5000, 'the drawer opened on demand');
    await eventually(() => jobs(t).filter((j) => j.kind === 'drawer').every((j) => j.status === 'printed'), 5000, 'drawer jobs printed');
    expect(['waiting', 'sending']).toContain(job(t, 'receipt').status); // polled for paper meanwhile
    expect(received(tcp, order.number)).toMatchObject({ receipts: 0, tickets: 0 });
    const openings = t.db.prepare("SELECT payload FROM journal WHERE type = 'drawer_open' ORDER BY seq").all() as { payload: string }[];
    expect(openings.map((o) => (JSON.parse(o.payload) as { reason: string }).reason)).toEqual(['sale', 'Monnaie pour le client']);
    tcp.printer.state.isPaperOut = false;
    await eventually(() => jobs(t).every((j) => j.status === 'printed'), 5000, 'printed once the paper is in');
    await settle();
    expect(received(tcp, order.number)).toMatchObject({ receipts: 1, tickets: 1, pulses: 2 });
    expect(tcp.printer.received.includes(Buffer.from([0x1b, 0x70]))).toBe(false); // no ESC p left waiting in the buffer
  });
});
