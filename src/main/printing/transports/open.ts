// A printer's transport from its configured connection.
import type { z } from 'zod';
import type { PrinterConnection } from '../../../shared/api/printing-schemas.ts';
import { assertNever } from '../../../shared/assert.ts';
import { fileTransport } from './file.ts';
import { serialTransport } from './serial.ts';
import { tcpTransport } from './tcp.ts';
import type { Transport } from './transport.ts';
import { usbTransport, type UsbBackend } from './usb.ts';
import { virtualTransport } from './virtual.ts';
import type { SimulatedPrinter } from '../virtual/simulated-printer.ts';

export type ConnectionConfig = z.infer<typeof PrinterConnection>;

export interface TransportDeps {
  /** The libusb backend, loaded only when a USB printer is used (tests pass a fake). */
  usbBackend: () => Promise<UsbBackend>;
  connectTimeoutMs?: number;
  /** The simulated printers behind virtual printer ids: the till's (its printing registration's). */
  simulatedPrinters: Map<string, SimulatedPrinter>;
}

export async function transportFor(printerId: string, connection: ConnectionConfig, deps: TransportDeps): Promise<Transport> {
  switch (connection.transport) {
    case 'network':
      return tcpTransport(connection.host, connection.port, { connectTimeoutMs: deps.connectTimeoutMs });
    case 'serial':
      return serialTransport(connection.path, connection.baudRate, connection.flowControl);
    case 'usb':
      return usbTransport(await deps.usbBackend(), connection.vendorId, connection.productId, connection.serialNumber);
    case 'file':
      return fileTransport(connection.path);
    case 'virtual':
      return virtualTransport(deps.simulatedPrinters, printerId);
    default:
      return assertNever(connection);
  }
}

export const defaultUsbBackend = async (): Promise<UsbBackend> => (await import('./usb-libusb.ts')).libusbBackend;
