// A printer on a real listening socket for tests: it records every byte and answers
// DLE EOT and GS a like an Epson TM would, from a state the test sets; it can fall silent
// (reads, answers nothing) or stop reading altogether (accepts, takes in nothing: the
// bytes stay in the sockets' buffers until it reads again). Loopback only.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TestClock } from './fixtures.ts';
import { SimulatedPrinter } from '../printing/index.ts';

export interface TcpPrinter {
  port: number;
  printer: SimulatedPrinter;
  connections: number;
  /** Holds back answers to status queries while set (a printer busy or stuck). */
  holdReplies: boolean;
  /** Accepts connections but reads nothing from them until startReading(). */
  stopReading(): void;
  startReading(): void;
  close(): Promise<void>;
}

export async function startTcpPrinter(port = 0): Promise<TcpPrinter> {
  const printer = new SimulatedPrinter();
  const sockets = new Set<Socket>();
  let isReading = true;
  const state: TcpPrinter = {
    port: 0,
    printer,
    connections: 0,
    holdReplies: false,
    stopReading: () => {
      isReading = false;
      for (const s of sockets) s.pause();
    },
    startReading: () => {
      isReading = true;
      for (const s of sockets) s.resume();
    },
    close: async () => {},
  };
  const server: Server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    if (!isReading) socket.pause();
    socket.on('data', (chunk: Buffer) => {
      const replies = printer.feed(chunk);
      if (replies.length > 0 && !state.holdReplies) socket.write(replies);
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  state.port = (server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** A port on which nothing listens (a printer switched off). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A test clock that moves with real time (the queue's backoff needs time to pass). */
export class RunningClock extends TestClock {
  private readonly startedAt = Date.now();
  override nowMs(): number {
    return this.ms + (Date.now() - this.startedAt);
  }
}

/** Waits until a condition holds, polling; fails after the timeout. */
export async function eventually<T>(check: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
