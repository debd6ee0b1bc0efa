// The USB transport at its only mocked seam, the device and its endpoints: a device that
// is not there, a kernel driver taken and given back, a transfer that fails, status read
// from the IN endpoint.
import { describe, expect, it } from 'vitest';
import { SimulatedPrinter } from '../virtual/simulated-printer.ts';
import { StatusChannel } from './status-channel.ts';
import { TransportError } from './transport.ts';
import { usbTransport, type UsbBackend, type UsbDeviceHandle } from './usb.ts';

interface FakeDevice {
  handle: UsbDeviceHandle;
  calls: string[];
  written: Buffer[];
}

function fakeDevice(options: { kernelDriver?: boolean; failTransfer?: boolean; serial?: string } = {}): FakeDevice {
  const calls: string[] = [];
  const written: Buffer[] = [];
  const printer = new SimulatedPrinter();
  let pending: number[] = [];
  let kernel = options.kernelDriver ?? false;
  const handle: UsbDeviceHandle = {
    open: () => void calls.push('open'),
    close: () => void calls.push('close'),
    serialNumber: async () => options.serial ?? null,
    printerInterface: () => ({
      isKernelDriverActive: () => kernel,
      detachKernelDriver: () => {
        calls.push('detach');
        kernel = false;
      },
      attachKernelDriver: () => {
        calls.push('attach');
        kernel = true;
      },
      claim: () => void calls.push('claim'),
      release: async () => void calls.push('release'),
      endpointOut: () => ({
        transfer: async (data) => {
          if (options.failTransfer) throw Object.assign(new Error('LIBUSB_ERROR_IO'), { errno: -1 });
          written.push(data);
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
    }),
  };
  return { handle, calls, written };
}

const backendOf = (...devices: FakeDevice[]): UsbBackend => ({ list: () => [], find: () => devices.map((d) => d.handle) });

describe('USB transport (libusb seam)', () => {
  it('reports a printer that is not plugged in as not_found', async () => {
    const error = await usbTransport(backendOf(), 0x04b8, 0x0202).open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('not_found');
  });

  it('detaches the usblp kernel driver to claim the interface, and gives it back on close', async () => {
    const device = fakeDevice({ kernelDriver: true });
    const conn = await usbTransport(backendOf(device), 0x04b8, 0x0202).open();
    await conn.write(Uint8Array.of(0x1b, 0x40));
    await conn.close();
    expect(device.calls).toEqual(['open', 'detach', 'claim', 'release', 'attach', 'close']);
    expect(Buffer.concat(device.written)).toEqual(Buffer.from([0x1b, 0x40]));
  });

  it('leaves the kernel driver alone when it does not hold the printer', async () => {
    const device = fakeDevice({ kernelDriver: false });
    const conn = await usbTransport(backendOf(device), 0x04b8, 0x0202).open();
    await conn.close();
    expect(device.calls).toEqual(['open', 'claim', 'release', 'close']);
  });

  it('turns a failed bulk transfer into an io_error with its cause', async () => {
    const conn = await usbTransport(backendOf(fakeDevice({ failTransfer: true })), 0x04b8, 0x0202).open();
    const error = await conn.write(Uint8Array.of(0x1b, 0x40)).catch((e: unknown) => e);
    await conn.close();
    expect(error).toMatchObject({ code: 'io_error', cause: { message: 'LIBUSB_ERROR_IO' } });
  });

  it('picks the device with the configured serial number', async () => {
    const [a, b] = [fakeDevice({ serial: 'AAA' }), fakeDevice({ serial: 'BBB' })];
    const conn = await usbTransport(backendOf(a, b), 0x04b8, 0x0202, 'BBB').open();
    await conn.close();
    expect(a.calls).toEqual(['open', 'close']);
    expect(b.calls).toContain('claim');
  });

  it('reads the status back from the bulk IN endpoint', async () => {
    const conn = await usbTransport(backendOf(fakeDevice()), 0x04b8, 0x0202).open();
    const status = await new StatusChannel(conn).read('dle_eot', 'none', 300, 1);
    await conn.close();
    expect(status).toMatchObject({ state: 'ready', source: 'dle_eot' });
  });
});
