// The printing module at run time, one per open till: the print hooks registered in the
// till's context, the queue's worker started (and stopped on close), status probes that
// never race the worker for a printer.
import type { TillContext } from '../kernel/context.ts';
import { noPrintHooks } from '../kernel/print-hooks.ts';
import type { Db } from '../kernel/db/connection.ts';
import { unknownStatus } from './escpos/status.ts';
import { onQueued, printingHooks } from './queue/enqueue.ts';
import { printerById, setPrinterStatus } from './queue/printers-store.ts';
import { defaultWorkerOptions, PrintWorker, type WorkerOptions } from './queue/worker.ts';
import { StatusChannel } from './transports/status-channel.ts';
import { defaultUsbBackend, transportFor } from './transports/open.ts';
import { TransportError } from './transports/transport.ts';

export interface PrintingRuntime {
  worker: PrintWorker;
  options: WorkerOptions;
  stop(): Promise<void>;
}

const runtimes = new WeakMap<Db, PrintingRuntime>();
const probing = new Set<string>();

export function runtimeOf(db: Db): PrintingRuntime | null {
  return runtimes.get(db) ?? null;
}

export function startPrinting(till: TillContext, options: Partial<WorkerOptions> = {}): PrintingRuntime {
  till.print = printingHooks;
  const full: WorkerOptions = {
    ...defaultWorkerOptions,
    language: 'fr',
    transports: { usbBackend: defaultUsbBackend },
    log: (message, error) => console.error(`[guichet] ${message}`, error ?? ''),
    ...options,
  };
  const worker = new PrintWorker(till, full);
  const runtime: PrintingRuntime = {
    worker,
    options: full,
    stop: async () => {
      runtimes.delete(till.db);
      till.print = noPrintHooks;
      await worker.stop();
    },
  };
  runtimes.set(till.db, runtime);
  onQueued(till.db, () => worker.poke());
  worker.start();
  return runtime;
}

/** Asks a printer for its status in the background (not while the queue is sending to it). */
export function probeStatus(till: TillContext, printerId: string): void {
  const runtime = runtimeOf(till.db);
  if (probing.has(printerId) || runtime?.worker.isBusy(printerId)) return;
  const printer = printerById(till.db, printerId);
  if (!printer) return;
  const options = runtime?.options ?? { ...defaultWorkerOptions, transports: { usbBackend: defaultUsbBackend } };
  probing.add(printerId);
  void (async () => {
    try {
      const conn = await (await transportFor(printer.id, printer.connection, options.transports)).open();
      try {
        const status = await new StatusChannel(conn).read(printer.statusMode, printer.drawerSensor, options.statusTimeoutMs, till.clock.nowMs());
        if (db(till)) setPrinterStatus(till.db, printerId, status);
      } finally {
        await conn.close().catch(() => {});
      }
    } catch (error) {
      if (db(till)) setPrinterStatus(till.db, printerId, unknownStatus('unreachable', error instanceof TransportError ? error.code : 'io_error', till.clock.nowMs()));
    } finally {
      probing.delete(printerId);
    }
  })();
}

const db = (till: TillContext): boolean => till.db.open;
