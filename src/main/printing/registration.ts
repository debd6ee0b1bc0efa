// The printing module's registration in the till's context (`TillContext.print`): the print
// hooks the services call, and what the module keeps for this till while it runs — the
// printers' last status readings, the probes in flight, the last discovery, the simulated
// printers of the virtual transport, how to wake the queue. One per open till, made by
// startPrinting (runtime.ts): no module-level state, so two tills in one process share none.
import type { z } from 'zod';
import type { Discovery } from '../../shared/api/printing-schemas.ts';
import type { TillContext } from '../kernel/context.ts';
import type { PrintHooks } from '../kernel/print-hooks.ts';
import type { PrinterStatus } from './escpos/status.ts';
import type { TransportDeps } from './transports/open.ts';
import type { SimulatedPrinter } from './virtual/simulated-printer.ts';

export type DiscoveryView = z.infer<typeof Discovery>;

export const idleDiscovery: DiscoveryView = Object.freeze({ state: 'idle', startedAtMs: null, finishedAtMs: null, usb: [], serial: [], files: [], problems: [] });

export class PrintingRegistration implements PrintHooks {
  /** Last status read back per printer (kept in memory: it is a reading, not a record). */
  readonly statuses = new Map<string, PrinterStatus>();
  /** Printers being asked for their status now. */
  readonly probing = new Set<string>();
  /** The last scan of what is plugged in (discovery.ts). */
  discovery: DiscoveryView = idleDiscovery;
  /** The in-process printers behind virtual printer ids (transports/virtual.ts). */
  readonly simulatedPrinters = new Map<string, SimulatedPrinter>();
  /** Called after a commit that queued a job: the worker takes it (none until the worker runs). */
  wake: () => void = () => {};
  /** Whether the worker is sending to this printer now (a probe must not race it). */
  isBusy: (printerId: string) => boolean = () => false;
  /** How a status probe reaches a printer: the worker's transports and status timeout (set when it starts). */
  probe: { transports: TransportDeps; statusTimeoutMs: number } | null = null;

  constructor(private readonly hooks: PrintHooks) {}

  onSale(...args: Parameters<PrintHooks['onSale']>): void {
    this.hooks.onSale(...args);
  }

  onRefund(...args: Parameters<PrintHooks['onRefund']>): void {
    this.hooks.onRefund(...args);
  }

  onSessionClosed(...args: Parameters<PrintHooks['onSessionClosed']>): void {
    this.hooks.onSessionClosed(...args);
  }

  onCashSlip(...args: Parameters<PrintHooks['onCashSlip']>): void {
    this.hooks.onCashSlip(...args);
  }
}

/** This till's printing registration, or null where printing was not started (tests, tools). */
export function printingOf(till: TillContext): PrintingRegistration | null {
  return till.print instanceof PrintingRegistration ? till.print : null;
}
