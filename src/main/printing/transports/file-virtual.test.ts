// The kernel-file transport (on a pseudo-terminal made by socat: a character device whose
// other end the test reads, as /dev/usb/lpN would be; never on a regular file or a symlink
// to one, which it refuses unopened), the virtual transport (strict about what it is sent),
// and discovery (a missing udevadm is reported, not a crash).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { discover, hasUdevadm, scan } from '../discovery.ts';
import { idleDiscovery } from '../registration.ts';
import type { SimulatedPrinter } from '../virtual/simulated-printer.ts';
import { eventually } from '../../testing/tcp-printer.ts';
import { checkDevicePath } from './device-path.ts';
import { fileTransport } from './file.ts';
import { serialTransport } from './serial.ts';
import { StatusChannel } from './status-channel.ts';
import { TransportError } from './transport.ts';
import { simulatedPrinter, virtualTransport } from './virtual.ts';

let socat: ChildProcess | null = null;
let otherEnd: SerialPort | null = null;
afterEach(async () => {
  if (otherEnd?.isOpen) await new Promise((resolve) => otherEnd!.close(resolve));
  socat?.kill();
  socat = null;
  otherEnd = null;
});

/** A pty pair: `device` is the end the transport opens, `received` what reached the other end. */
async function ptyDevice(): Promise<{ device: string; received: () => Buffer }> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-lp-'));
  const [device, other] = [join(dir, 'lp0'), join(dir, 'other')];
  socat = spawn('socat', [`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${other}`], { stdio: 'ignore' });
  await eventually(() => existsSync(device) && existsSync(other), 5000, 'socat pty pair');
  otherEnd = new SerialPort({ path: other, baudRate: 38400, autoOpen: false });
  await new Promise<void>((resolve, reject) => otherEnd!.open((e) => (e ? reject(e) : resolve())));
  const chunks: Buffer[] = [];
  otherEnd.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { device, received: () => Buffer.concat(chunks) };
}

/** A data folder with its journal key: what a printer path must never reach. */
function dataFolder(): { key: string; link: string; secret: string } {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-data-'));
  const key = join(dir, 'journal.key');
  const secret = `${'ab'.repeat(32)}\n`;
  writeFileSync(key, secret);
  const link = join(dir, 'lp-link');
  symlinkSync(key, link);
  return { key, link, secret };
}

describe('file transport (/dev/usb/lpN)', () => {
  it('writes the bytes to a character device, through a symlink too', async () => {
    const { device, received } = await ptyDevice();
    const link = join(mkdtempSync(join(tmpdir(), 'guichet-link-')), 'printer');
    symlinkSync(device, link);
    const conn = await fileTransport(link).open();
    await conn.write(Buffer.from('\x1b@Bonjour\n', 'latin1'));
    await eventually(() => received().length >= 10, 3000, 'bytes at the other end');
    await conn.close();
    expect(received().toString('latin1')).toBe('\x1b@Bonjour\n');
  });

  it.each([
    ['a regular file (the journal key)', (f: ReturnType<typeof dataFolder>) => f.key],
    ['a symlink to a regular file', (f: ReturnType<typeof dataFolder>) => f.link],
  ])('refuses %s: not_device, nothing written', async (_name, pathOf) => {
    const folder = dataFolder();
    const error = await fileTransport(pathOf(folder)).open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('not_device');
    expect(readFileSync(folder.key, 'utf8')).toBe(folder.secret);
  });

  it('refuses a regular file as a serial port too, before opening it', async () => {
    const folder = dataFolder();
    for (const path of [folder.key, folder.link]) {
      const error = await serialTransport(path, 9600, 'none').open().catch((e: unknown) => e);
      expect((error as TransportError).code).toBe('not_device');
    }
    expect(readFileSync(folder.key, 'utf8')).toBe(folder.secret);
  });

  it('refuses a character device that is not a terminal as a serial port', async () => {
    const error = await serialTransport('/dev/null', 9600, 'none').open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('not_device');
  });

  it('reports a missing device file as not_found', async () => {
    const error = await fileTransport('/dev/usb/lp97').open().catch((e: unknown) => e);
    expect((error as TransportError).code).toBe('not_found');
  });

  it('says which paths are devices: char devices and links to them; not files, directories, relative or missing paths', () => {
    const folder = dataFolder();
    expect(checkDevicePath('/dev/null')).toEqual({ ok: true, realPath: '/dev/null' });
    expect(checkDevicePath(folder.key)).toEqual({ ok: false, reason: 'not_character_device' });
    expect(checkDevicePath(folder.link)).toEqual({ ok: false, reason: 'not_character_device' });
    expect(checkDevicePath(tmpdir())).toEqual({ ok: false, reason: 'not_character_device' });
    expect(checkDevicePath('lp0')).toEqual({ ok: false, reason: 'not_absolute' });
    expect(checkDevicePath('COM3')).toEqual({ ok: false, reason: 'not_absolute' });
    expect(checkDevicePath('COM3', 'win32')).toEqual({ ok: true, realPath: 'COM3' });
    expect(checkDevicePath('/dev/usb/lp97')).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('virtual transport', () => {
  it('takes bytes it can read and answers status like a printer', async () => {
    const printers = new Map<string, SimulatedPrinter>();
    const conn = await virtualTransport(printers, 'v-test').open();
    await conn.write(Uint8Array.of(0x1b, 0x40, 0x41, 0x0a));
    simulatedPrinter(printers, 'v-test').state.isCoverOpen = true;
    expect(await new StatusChannel(conn).read('dle_eot', 'none', 200, 1)).toMatchObject({ state: 'cover_open' });
    expect(simulatedPrinter(printers, 'v-test').printedBytes).toEqual(Buffer.from([0x1b, 0x40, 0x41, 0x0a]));
    // another till's simulated printers are its own
    expect(simulatedPrinter(new Map(), 'v-test').printedBytes).toEqual(Buffer.alloc(0));
  });

  it('fails a job whose bytes it cannot read', async () => {
    const conn = await virtualTransport(new Map(), 'v-strict').open();
    const error = await conn.write(Uint8Array.of(0x1b, 0x7a)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).toMatch(/unknown command ESC 0x7a/);
  });
});

describe('discovery', () => {
  it('lists USB devices from the backend, flags printers and known vendors, and the kernel files', async () => {
    const backend = async () => ({
      list: () => [
        { vendorId: 0x04b8, productId: 0x0202, busNumber: 1, deviceAddress: 4, isPrinter: true },
        { vendorId: 0x046d, productId: 0xc52b, busNumber: 1, deviceAddress: 5, isPrinter: false },
      ],
      find: () => [],
    });
    const found = await scan(() => 1, backend);
    expect(found.state).toBe('done');
    expect(found.usb).toEqual([
      { vendorId: 0x04b8, productId: 0x0202, busNumber: 1, deviceAddress: 4, isPrinter: true, isKnownVendor: true },
      { vendorId: 0x046d, productId: 0xc52b, busNumber: 1, deviceAddress: 5, isPrinter: false, isKnownVendor: false },
    ]);
    expect(Array.isArray(found.files)).toBe(true);
  });

  it('reports a missing udevadm instead of letting serialport crash the process', async () => {
    expect(hasUdevadm('/nonexistent')).toBe(false);
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const found = await scan(() => 1, async () => ({ list: () => [], find: () => [] }));
      if (process.platform === 'linux') expect(found.problems).toContainEqual({ source: 'serial', detail: 'udevadm not found: install udev' });
    } finally {
      process.env.PATH = path;
    }
  });

  it('answers at once and scans in the background, keeping the scan where it is told (the till’s printing registration)', async () => {
    const holder = { discovery: idleDiscovery };
    const first = discover(holder, true, () => 2);
    expect(['scanning', 'done']).toContain(first.state);
    await vi.waitFor(() => expect(holder.discovery.state).toBe('done'), { timeout: 10_000 });
    expect(discover(holder, false, () => 3)).toBe(holder.discovery);
    expect(discover(null, true, () => 4)).toBe(idleDiscovery);
  });
});
