// The printing module at run time, one per open till: its registration in the till's
// context (the print hooks and what the module keeps for the till, registration.ts), the
// queue's worker started (and stopped on close), status probes that never race the worker
// for a printer.
import type { TillContext } from '../kernel/context.ts';
import { noPrintHooks } from '../kernel/print-hooks.ts';
import { unknownStatus } from './escpos/status.ts';
import { printingHooks } from './queue/enqueue.ts';
import { printerById, setPrinterStatus } from './queue/printers-store.ts';
import { defaultWorkerOptions, PrintWorker, type WorkerOptions } from './queue/worker.ts';
import { PrintingRegistration, printingOf } from './registration.ts';
import { StatusChannel } from './transports/status-channel.ts';
import { defaultUsbBackend, transportFor, type TransportDeps } from './transports/open.ts';
import { TransportError } from './transports/transport.ts';

export interface PrintingRuntime {
  worker: PrintWorker;
  options: WorkerOptions;
  registration: PrintingRegistration;
  stop(): Promise<void>;
}

/** What a till's printing may be started with: the worker's options; the transports' dependencies but the till's simulated printers. */
export type PrintingOptions = Partial<Omit<WorkerOptions, 'transports'>> & { transports?: Partial<TransportDeps> };

export function startPrinting(till: TillContext, options: PrintingOptions = {}): PrintingRuntime {
  const registration = new PrintingRegistration(printingHooks);
  const full: WorkerOptions = {
    ...defaultWorkerOptions,
    language: 'fr',
    log: (message, error) => console.error(`[guichet] ${message}`, error ?? ''),
    ...options,
    transports: { usbBackend: defaultUsbBackend, ...options.transports, simulatedPrinters: registration.simulatedPrinters },
  };
  const worker = new PrintWorker(till, full);
  registration.wake = () => worker.poke();
  registration.isBusy = (printerId) => worker.isBusy(printerId);
  registration.probe = { transports: full.transports, statusTimeoutMs: full.statusTimeoutMs };
  // from here on a sale queues its receipt, and the worker takes it after the commit
  till.print = registration;
  const runtime: PrintingRuntime = {
    worker,
    options: full,
    registration,
    stop: async () => {
      if (till.print === registration) till.print = noPrintHooks;
      await worker.stop();
    },
  };
  worker.start();
  return runtime;
}

/** Asks a printer for its status in the background (not while the queue is sending to it). Without printing started, there is nowhere to keep it. */
export function probeStatus(till: TillContext, printerId: string): void {
  const printing = printingOf(till);
  if (!printing || printing.probing.has(printerId) || printing.isBusy(printerId)) return;
  const printer = printerById(till.db, printerId);
  if (!printer) return;
  const options = printing.probe ?? { transports: { usbBackend: defaultUsbBackend, simulatedPrinters: printing.simulatedPrinters }, statusTimeoutMs: defaultWorkerOptions.statusTimeoutMs };
  printing.probing.add(printerId);
  void (async () => {
    try {
      const conn = await (await transportFor(printer.id, printer.connection, options.transports)).open();
      try {
        const status = await new StatusChannel(conn).read(printer.statusMode, printer.drawerSensor, options.statusTimeoutMs, till.clock.nowMs());
        if (till.db.open) setPrinterStatus(till, printerId, status);
      } finally {
        await conn.close().catch(() => {});
      }
    } catch (error) {
      if (till.db.open) setPrinterStatus(till, printerId, unknownStatus('unreachable', error instanceof TransportError ? error.code : 'io_error', till.clock.nowMs()));
    } finally {
      printing.probing.delete(printerId);
    }
  })();
}
