// The virtual transport: bytes go to an in-process simulated printer that reads them
// strictly (a byte it cannot read fails the job) — for training, demos and tests. The
// simulated printers are the till's (its printing registration holds them).
import { decodeEscPos, EscPosDecodeError } from '../virtual/decoder.ts';
import { SimulatedPrinter } from '../virtual/simulated-printer.ts';
import { DataListeners, TransportError, type Transport } from './transport.ts';

/** The simulated printer behind a virtual printer id among `printers` (created on first use). */
export function simulatedPrinter(printers: Map<string, SimulatedPrinter>, printerId: string): SimulatedPrinter {
  let printer = printers.get(printerId);
  if (!printer) {
    printer = new SimulatedPrinter();
    printers.set(printerId, printer);
  }
  return printer;
}

export function virtualTransport(printers: Map<string, SimulatedPrinter>, printerId: string): Transport {
  return {
    description: `virtual ${printerId}`,
    open: async () => {
      const printer = simulatedPrinter(printers, printerId);
      const listeners = new DataListeners();
      return {
        canRead: true,
        onData: (listener) => listeners.add(listener),
        write: async (bytes) => {
          try {
            decodeEscPos(bytes);
          } catch (error) {
            if (error instanceof EscPosDecodeError) throw new TransportError('io_error', `virtual printer: ${error.message}`, { cause: error });
            throw error;
          }
          const replies = printer.feed(bytes);
          if (replies.length > 0) setImmediate(() => listeners.emit(replies));
        },
        close: async () => {},
      };
    },
  };
}
