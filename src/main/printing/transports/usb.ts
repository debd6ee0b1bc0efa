// USB printers through libusb (usb 2.x): find the device, take its printer interface from
// the kernel's usblp driver when it holds it (and give it back on close), write to the
// bulk OUT endpoint, read status from the bulk IN endpoint. The device seam (UsbBackend)
// is the only thing tests replace.
import { codeOfErrno, DataListeners, TransportError, type Connection, type Transport } from './transport.ts';

export interface UsbOut {
  transfer(data: Buffer): Promise<void>;
}
export interface UsbIn {
  /** Up to `length` bytes; an empty buffer when nothing came within the timeout. */
  read(length: number, timeoutMs: number): Promise<Buffer>;
}
export interface UsbInterfaceHandle {
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
  attachKernelDriver(): void;
  claim(): void;
  release(): Promise<void>;
  endpointOut(): UsbOut | null;
  endpointIn(): UsbIn | null;
}
export interface UsbDeviceHandle {
  open(): void;
  close(): void;
  serialNumber(): Promise<string | null>;
  /** The printer-class interface (USB class 7), else the first one. */
  printerInterface(): UsbInterfaceHandle | null;
}
export interface UsbDeviceInfo {
  vendorId: number;
  productId: number;
  busNumber: number;
  deviceAddress: number;
  isPrinter: boolean;
}
export interface UsbBackend {
  list(): UsbDeviceInfo[];
  find(vendorId: number, productId: number): UsbDeviceHandle[];
}

const hex = (n: number) => n.toString(16).padStart(4, '0');

export function usbTransport(backend: UsbBackend, vendorId: number, productId: number, serialNumber?: string): Transport {
  const name = `usb ${hex(vendorId)}:${hex(productId)}${serialNumber ? ` ${serialNumber}` : ''}`;
  return { description: name, open: () => openUsb(backend, name, vendorId, productId, serialNumber) };
}

async function pickDevice(backend: UsbBackend, name: string, vendorId: number, productId: number, serialNumber?: string): Promise<UsbDeviceHandle> {
  for (const device of backend.find(vendorId, productId)) {
    try {
      device.open();
    } catch (error) {
      throw new TransportError(codeOfErrno(error, 'io_error'), `${name}: ${(error as Error).message}`, { cause: error });
    }
    if (!serialNumber || (await device.serialNumber()) === serialNumber) return device;
    device.close();
  }
  throw new TransportError('not_found', `${name}: no such device`);
}

async function openUsb(backend: UsbBackend, name: string, vendorId: number, productId: number, serialNumber?: string): Promise<Connection> {
  const device = await pickDevice(backend, name, vendorId, productId, serialNumber);
  const iface = device.printerInterface();
  let detached = false;
  try {
    if (!iface) throw new TransportError('not_found', `${name}: no interface`);
    if (iface.isKernelDriverActive()) {
      iface.detachKernelDriver();
      detached = true;
    }
    iface.claim();
  } catch (error) {
    if (detached) iface?.attachKernelDriver();
    device.close();
    throw error instanceof TransportError ? error : new TransportError(codeOfErrno(error, 'busy'), `${name}: ${(error as Error).message}`, { cause: error });
  }
  const out = iface.endpointOut();
  const input = iface.endpointIn();
  if (!out) {
    await iface.release();
    device.close();
    throw new TransportError('not_found', `${name}: no bulk OUT endpoint`);
  }
  const listeners = new DataListeners();
  let isOpen = true;
  const readLoop = async () => {
    while (isOpen && input) {
      try {
        const chunk = await input.read(64, 200);
        if (chunk.length > 0) listeners.emit(Uint8Array.from(chunk));
      } catch {
        if (isOpen) await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  void readLoop();
  return {
    canRead: input !== null,
    onData: (listener) => listeners.add(listener),
    write: async (bytes) => {
      try {
        await out.transfer(Buffer.from(bytes));
      } catch (error) {
        throw new TransportError(codeOfErrno(error, 'io_error'), `${name}: ${(error as Error).message}`, { cause: error });
      }
    },
    close: async () => {
      isOpen = false;
      await iface.release().catch(() => {});
      if (detached) {
        try {
          iface.attachKernelDriver();
        } catch {
          // the device may be gone: nothing to give back
        }
      }
      device.close();
    },
  };
}
