// Network printers: raw TCP on port 9100, full duplex, so status replies come back on the
// same socket.
import { Socket } from 'node:net';
import { codeOfErrno, DataListeners, TransportError, withTimeout, type Connection, type Transport } from './transport.ts';

export function tcpTransport(host: string, port: number, options: { connectTimeoutMs?: number } = {}): Transport {
  return {
    description: `tcp ${host}:${port}`,
    open: () => openTcp(host, port, options.connectTimeoutMs ?? 3000),
  };
}

async function openTcp(host: string, port: number, timeoutMs: number): Promise<Connection> {
  const socket = new Socket();
  socket.setNoDelay(true);
  const listeners = new DataListeners();
  let failure: Error | null = null;
  socket.on('data', (chunk: Buffer) => listeners.emit(chunk));
  socket.on('error', (error) => {
    failure = error;
  });
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (error) => reject(new TransportError(codeOfErrno(error, 'unreachable'), `tcp ${host}:${port}: ${error.message}`, { cause: error })));
  });
  socket.connect({ host, port });
  try {
    await withTimeout(connected, timeoutMs, `tcp ${host}:${port}`);
  } catch (error) {
    socket.destroy();
    throw error instanceof TransportError && error.code === 'timeout' ? new TransportError('unreachable', error.message, { cause: error }) : error;
  }
  return {
    canRead: true,
    onData: (listener) => listeners.add(listener),
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (failure || socket.destroyed) return reject(new TransportError('io_error', `tcp ${host}:${port}: connection lost`, { cause: failure }));
        socket.write(bytes, (error) => (error ? reject(new TransportError(codeOfErrno(error, 'io_error'), `tcp ${host}:${port}: ${error.message}`, { cause: error })) : resolve()));
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.destroyed) return resolve();
        const timer = setTimeout(() => socket.destroy(), 1000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.end();
      }),
  };
}
