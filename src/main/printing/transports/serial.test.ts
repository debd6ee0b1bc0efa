// The serial transport on a real pseudo-terminal pair made by socat: the till writes to one
// end at the configured baud rate, the test reads the other end and answers like a printer.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../testing/tcp-printer.ts';
import { SimulatedPrinter } from '../virtual/simulated-printer.ts';
import { serialTransport } from './serial.ts';
import { StatusChannel } from './status-channel.ts';
import { TransportError } from './transport.ts';

let socat: ChildProcess | null = null;
let printerEnd: SerialPort | null = null;
afterEach(async () => {
  if (printerEnd?.isOpen) await new Promise((resolve) => printerEnd!.close(resolve));
  socat?.kill();
  socat = null;
  printerEnd = null;
});

async function ptyPair(): Promise<{ till: string; printer: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-pty-'));
  const [till, printer] = [join(dir, 'till'), join(dir, 'printer')];
  socat = spawn('socat', [`pty,raw,echo=0,link=${till}`, `pty,raw,echo=0,link=${printer}`], { stdio: 'ignore' });
  await eventually(() => existsSync(till) && existsSync(printer), 5000, 'socat pty pair');
  return { till, printer };
}

async function simulatedPrinterOn(path: string): Promise<SimulatedPrinter> {
  const printer = new SimulatedPrinter();
  printerEnd = new SerialPort({ path, baudRate: 38400, autoOpen: false });
  await new Promise<void>((resolve, reject) => printerEnd!.open((e) => (e ? reject(e) : resolve())));
  printerEnd.on('data', (chunk: Buffer) => {
    const replies = printer.feed(chunk);
    if (replies.length > 0) printerEnd!.write(Buffer.from(replies));
  });
  return printer;
}

describe('serial transport (socat pseudo-terminals)', () => {
  it('writes the bytes through to the other end', async () => {
    const { till, printer: path } = await ptyPair();
    const printer = await simulatedPrinterOn(path);
    const conn = await serialTransport(till, 38400, 'none').open();
    const bytes = Buffer.from('\x1b@Caf\x82 cr\x8ame 4.50 \xd5\n', 'latin1');
    await conn.write(bytes);
    await eventually(() => printer.received.length >= bytes.length, 3000, 'bytes at the printer end');
    await conn.close();
    expect(printer.received).toEqual(bytes);
  });

  it('reads the status back: paper out', async () => {
    const { till, printer: path } = await ptyPair();
    const printer = await simulatedPrinterOn(path);
    printer.state.isPaperOut = true;
    const conn = await serialTransport(till, 38400, 'xonxoff').open();
    const status = await new StatusChannel(conn).read('dle_eot', 'none', 500, 1);
    await conn.close();
    expect(status).toMatchObject({ state: 'paper_out', paper: 'out', source: 'dle_eot' });
  });

  it('says no_answer when nothing answers at the other end', async () => {
    const { till } = await ptyPair();
    const conn = await serialTransport(till, 9600, 'none').open();
    const status = await new StatusChannel(conn).read('dle_eot', 'none', 150, 1);
    await conn.close();
    expect(status.state).toBe('no_answer');
  });

  it('reports a port that does not exist as not_found', async () => {
    const error = await serialTransport('/dev/ttyGUICHET404', 38400, 'rtscts').open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('not_found');
  });
});
