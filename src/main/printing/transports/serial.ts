// Serial printers through serialport: baud rate and flow control (RTS/CTS in hardware,
// XON/XOFF handled by the kernel) as configured; status replies arrive on the same port.
// Only a terminal is written to: the path must lead to a character device, and what was
// opened must be a tty, else the port is closed before a byte is sent (issue 13).
import { isatty } from 'node:tty';
import { SerialPort } from 'serialport';
import { checkDevicePath } from './device-path.ts';
import { codeOfErrno, DataListeners, TransportError, type Connection, type Transport } from './transport.ts';

export type FlowControl = 'none' | 'rtscts' | 'xonxoff';

export function serialTransport(path: string, baudRate: number, flowControl: FlowControl): Transport {
  return { description: `serial ${path} @${baudRate} ${flowControl}`, open: () => openSerial(path, baudRate, flowControl) };
}

async function openSerial(path: string, baudRate: number, flowControl: FlowControl): Promise<Connection> {
  const checked = checkDevicePath(path);
  if (!checked.ok) {
    if (checked.reason === 'missing') throw new TransportError('not_found', `serial ${path}: no such port`);
    throw new TransportError('not_device', `serial ${path}: not a character device (${checked.reason}), not opened`);
  }
  const port = new SerialPort({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none', rtscts: flowControl === 'rtscts', xon: flowControl === 'xonxoff', xoff: flowControl === 'xonxoff', autoOpen: false });
  const listeners = new DataListeners();
  port.on('data', (chunk: Buffer) => listeners.emit(chunk));
  port.on('error', () => {}); // surfaced by write and drain below
  await new Promise<void>((resolve, reject) =>
    port.open((error) => (error ? reject(new TransportError(codeOfErrno(error, 'not_found'), `serial ${path}: ${error.message}`, { cause: error })) : resolve())),
  );
  // the fd the binding opened (POSIX bindings expose it): a character device that is no terminal is refused
  const fd = (port.port as { fd?: unknown } | undefined)?.fd;
  if (typeof fd === 'number' && !isatty(fd)) {
    await new Promise<void>((resolve) => port.close(() => resolve()));
    throw new TransportError('not_device', `serial ${path}: not a terminal, closed unwritten`);
  }
  const fail = (error: Error) => new TransportError(codeOfErrno(error, 'io_error'), `serial ${path}: ${error.message}`, { cause: error });
  return {
    canRead: true,
    onData: (listener) => listeners.add(listener),
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(bytes), (error) => {
          if (error) return reject(fail(error));
          port.drain((drainError) => (drainError ? reject(fail(drainError)) : resolve()));
        });
      }),
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}
