// The network transport on a real loopback socket: the bytes arrive as sent, and the
// status read back matches what the printer says (ready, paper out, cover open, silent, a
// printer that takes nothing in).
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, freePort, startTcpPrinter, type TcpPrinter } from '../../testing/tcp-printer.ts';
import { StatusChannel } from './status-channel.ts';
import { tcpTransport } from './tcp.ts';
import { TransportError } from './transport.ts';

let printer: TcpPrinter | null = null;
afterEach(async () => {
  await printer?.close();
  printer = null;
});

describe('TCP 9100 transport', () => {
  it('delivers the bytes in order over a real socket', async () => {
    printer = await startTcpPrinter();
    const conn = await tcpTransport('127.0.0.1', printer.port).open();
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => 0x20 + (i % 90));
    await conn.write(bytes);
    await conn.close();
    await eventually(() => printer!.printer.received.length === 5000, 2000, 'all bytes');
    expect(Buffer.compare(printer.printer.received, Buffer.from(bytes))).toBe(0);
  });

  it.each([
    ['ready', {}, { state: 'ready', isOnline: true, paper: 'ok', isCoverOpen: false }],
    ['paper out', { isPaperOut: true }, { state: 'paper_out', isOnline: false, paper: 'out' }],
    ['paper near end', { isPaperNearEnd: true }, { state: 'paper_near_end', paper: 'near_end' }],
    ['cover open', { isCoverOpen: true }, { state: 'cover_open', isOnline: false, isCoverOpen: true }],
    ['cutter error', { hasCutterError: true }, { state: 'error', errors: ['autocutter'] }],
    ['silent clone', { isSilent: true }, { state: 'no_answer', source: 'none' }],
  ] as const)('reads the status back with DLE EOT: %s', async (_name, state, expected) => {
    printer = await startTcpPrinter();
    Object.assign(printer.printer.state, state);
    const conn = await tcpTransport('127.0.0.1', printer.port).open();
    const status = await new StatusChannel(conn).read('dle_eot', 'none', 200, 1);
    await conn.close();
    expect(status).toMatchObject(expected);
  });

  it('reads automatic status back (GS a) and the drawer sensor', async () => {
    printer = await startTcpPrinter();
    printer.printer.state.isDrawerPinHigh = true;
    printer.printer.state.isPaperNearEnd = true;
    const conn = await tcpTransport('127.0.0.1', printer.port).open();
    const status = await new StatusChannel(conn).read('asb', 'open_high', 300, 1);
    await conn.close();
    expect(status).toMatchObject({ source: 'asb', state: 'paper_near_end', isDrawerOpen: true, drawerPinHigh: true });
  });

  it('says "no_answer", in its time, of a printer that accepts the connection and reads nothing', async () => {
    printer = await startTcpPrinter();
    printer.stopReading();
    const conn = await tcpTransport('127.0.0.1', printer.port).open();
    const startedAt = Date.now();
    const status = await new StatusChannel(conn).read('dle_eot', 'none', 150, 1);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    await conn.close();
    expect(status).toMatchObject({ state: 'no_answer', source: 'none', detail: 'no reply to DLE EOT 1' });
    expect(printer.printer.received.length).toBe(0);
    printer.startReading();
  });

  it('says "no_answer" of a printer that reads the questions and never answers, and "ready" once it does', async () => {
    printer = await startTcpPrinter();
    printer.holdReplies = true;
    const conn = await tcpTransport('127.0.0.1', printer.port).open();
    const channel = new StatusChannel(conn);
    expect(await channel.read('dle_eot', 'none', 150, 1)).toMatchObject({ state: 'no_answer' });
    await eventually(() => printer!.printer.received.includes(Buffer.from([0x10, 0x04, 0x01])), 1000, 'the question read');
    printer.holdReplies = false;
    expect(await channel.read('dle_eot', 'none', 150, 2)).toMatchObject({ state: 'ready' });
    await conn.close();
  });

  it('says "unreachable" for a printer that is off', async () => {
    const port = await freePort();
    const error = await tcpTransport('127.0.0.1', port).open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('unreachable');
  });
});
