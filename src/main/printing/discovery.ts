// What is plugged in: USB devices (libusb), serial ports (serialport, which asks udevadm on
// Linux), kernel printer files. Scans run in the background; a method answers the last
// scan. A missing udevadm is reported, never allowed to crash the process.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { z } from 'zod';
import type { Discovery } from '../../shared/api/printing-schemas.ts';
import type { UsbBackend } from './transports/usb.ts';
import { defaultUsbBackend } from './transports/open.ts';

export type DiscoveryView = z.infer<typeof Discovery>;

/** The vendors of assets/udev/60-guichet-printers.rules. */
export const knownPrinterVendors = [0x04b8, 0x0519, 0x1504, 0x1d90, 0x0416, 0x0483];

let last: DiscoveryView = { state: 'idle', startedAtMs: null, finishedAtMs: null, usb: [], serial: [], files: [], problems: [] };

export function hasUdevadm(path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => dir && existsSync(join(dir, 'udevadm')));
}

async function scanSerial(): Promise<Pick<DiscoveryView, 'serial' | 'problems'>> {
  if (process.platform === 'linux' && !hasUdevadm()) return { serial: [], problems: [{ source: 'serial', detail: 'udevadm not found: install udev' }] };
  try {
    const { SerialPort } = await import('serialport');
    const ports = await SerialPort.list();
    return {
      serial: ports.map((p) => ({ path: p.path, manufacturer: p.manufacturer ?? null, serialNumber: p.serialNumber ?? null, vendorId: p.vendorId ?? null, productId: p.productId ?? null })),
      problems: [],
    };
  } catch (error) {
    return { serial: [], problems: [{ source: 'serial', detail: (error as Error).message }] };
  }
}

function scanFiles(): Pick<DiscoveryView, 'files' | 'problems'> {
  try {
    return { files: existsSync('/dev/usb') ? readdirSync('/dev/usb').filter((n) => /^lp\d+$/.test(n)).map((n) => `/dev/usb/${n}`) : [], problems: [] };
  } catch (error) {
    return { files: [], problems: [{ source: 'files', detail: (error as Error).message }] };
  }
}

async function scanUsb(backend: () => Promise<UsbBackend>): Promise<Pick<DiscoveryView, 'usb' | 'problems'>> {
  try {
    const devices = (await backend()).list();
    return { usb: devices.map((d) => ({ ...d, isKnownVendor: knownPrinterVendors.includes(d.vendorId) })), problems: [] };
  } catch (error) {
    return { usb: [], problems: [{ source: 'usb', detail: (error as Error).message }] };
  }
}

export async function scan(nowMs: () => number, backend: () => Promise<UsbBackend> = defaultUsbBackend): Promise<DiscoveryView> {
  const startedAtMs = nowMs();
  last = { ...last, state: 'scanning', startedAtMs };
  const [usb, serial] = await Promise.all([scanUsb(backend), scanSerial()]);
  const files = scanFiles();
  last = { state: 'done', startedAtMs, finishedAtMs: nowMs(), usb: usb.usb, serial: serial.serial, files: files.files, problems: [...usb.problems, ...serial.problems, ...files.problems] };
  return last;
}

/** The last scan; starts one if none ran yet or if asked to refresh (and none is running). */
export function discover(refresh: boolean, nowMs: () => number): DiscoveryView {
  if (last.state !== 'scanning' && (refresh || last.state === 'idle')) {
    last = { ...last, state: 'scanning', startedAtMs: nowMs() };
    void scan(nowMs).catch(() => {});
  }
  return last;
}
