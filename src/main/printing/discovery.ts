// What is plugged in: USB devices (libusb), serial ports (serialport, which asks udevadm on
// Linux), kernel printer files. Scans run in the background; a method answers the last
// scan, kept in the till's printing registration. A missing udevadm is reported, never
// allowed to crash the process.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { UsbBackend } from './transports/usb.ts';
import { defaultUsbBackend } from './transports/open.ts';
import { idleDiscovery, type DiscoveryView } from './registration.ts';

export type { DiscoveryView } from './registration.ts';

/** The vendors of assets/udev/60-guichet-printers.rules. */
export const knownPrinterVendors = [0x04b8, 0x0519, 0x1504, 0x1d90, 0x0416, 0x0483];

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

/** Where the last scan is kept: the till's printing registration. */
export interface DiscoveryHolder {
  discovery: DiscoveryView;
}

/** Scans now; `holder` shows it scanning, then holds what it found. */
export async function scan(nowMs: () => number, backend: () => Promise<UsbBackend> = defaultUsbBackend, holder: DiscoveryHolder = { discovery: idleDiscovery }): Promise<DiscoveryView> {
  const startedAtMs = nowMs();
  holder.discovery = { ...holder.discovery, state: 'scanning', startedAtMs };
  const [usb, serial] = await Promise.all([scanUsb(backend), scanSerial()]);
  const files = scanFiles();
  holder.discovery = { state: 'done', startedAtMs, finishedAtMs: nowMs(), usb: usb.usb, serial: serial.serial, files: files.files, problems: [...usb.problems, ...serial.problems, ...files.problems] };
  return holder.discovery;
}

/** The last scan; starts one if none ran yet or if asked to refresh (and none is running). Without printing started, nothing is scanned. */
export function discover(holder: DiscoveryHolder | null, refresh: boolean, nowMs: () => number): DiscoveryView {
  if (!holder) return idleDiscovery;
  const last = holder.discovery;
  if (last.state !== 'scanning' && (refresh || last.state === 'idle')) {
    holder.discovery = { ...last, state: 'scanning', startedAtMs: nowMs() };
    void scan(nowMs, defaultUsbBackend, holder).catch(() => {});
  }
  return holder.discovery;
}
