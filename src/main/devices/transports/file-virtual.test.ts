// The kernel-file transport (here on a plain file: it takes the bytes, and cannot be asked
// for a status), the virtual transport (strict about what it is sent), and discovery
// (a missing udevadm is reported, not a crash).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover, hasUdevadm, scan } from '../discovery.ts';
import { fileTransport } from './file.ts';
import { StatusChannel } from './status-channel.ts';
import { TransportError } from './transport.ts';
import { simulatedPrinter, virtualTransport } from './virtual.ts';

describe('file transport (/dev/usb/lpN)', () => {
  it('writes the bytes; a file that cannot answer has no status to read', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'guichet-lp-')), 'lp0');
    writeFileSync(path, '');
    const conn = await fileTransport(path).open();
    await conn.write(Buffer.from('\x1b@Bonjour\n', 'latin1'));
    const status = await new StatusChannel(conn).read('dle_eot', 'none', 100, 1);
    await conn.close();
    expect(readFileSync(path, 'latin1')).toBe('\x1b@Bonjour\n');
    expect(status).toMatchObject({ state: 'not_supported' });
  });

  it('reports a missing device file as not_found', async () => {
    const error = await fileTransport('/dev/usb/lp97').open().catch((e: unknown) => e);
    expect((error as TransportError).code).toBe('not_found');
  });
});

describe('virtual transport', () => {
  it('takes bytes it can read and answers status like a printer', async () => {
    const conn = await virtualTransport('v-test').open();
    await conn.write(Uint8Array.of(0x1b, 0x40, 0x41, 0x0a));
    simulatedPrinter('v-test').state.isCoverOpen = true;
    expect(await new StatusChannel(conn).read('dle_eot', 'none', 200, 1)).toMatchObject({ state: 'cover_open' });
    expect(simulatedPrinter('v-test').printedBytes).toEqual(Buffer.from([0x1b, 0x40, 0x41, 0x0a]));
  });

  it('fails a job whose bytes it cannot read', async () => {
    const conn = await virtualTransport('v-strict').open();
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

  it('answers at once and scans in the background', () => {
    const first = discover(true, () => 2);
    expect(['scanning', 'done']).toContain(first.state);
  });
});
