// Serial printers through serialport: baud rate and flow control (RTS/CTS in hardware,
// XON/XOFF handled by the kernel) as configured; status replies arrive on the same port.
import { SerialPort } from 'serialport';
import { codeOfErrno, DataListeners, TransportError, type Connection, type Transport } from './transport.ts';

export type FlowControl = 'none' | 'rtscts' | 'xonxoff';

export function serialTransport(path: string, baudRate: number, flowControl: FlowControl): Transport {
  return { description: `serial ${path} @${baudRate} ${flowControl}`, open: () => openSerial(path, baudRate, flowControl) };
}

async function openSerial(path: string, baudRate: number, flowControl: FlowControl): Promise<Connection> {
  const port = new SerialPort({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none', rtscts: flowControl === 'rtscts', xon: flowControl === 'xonxoff', xoff: flowControl === 'xonxoff', autoOpen: false });
  const listeners = new DataListeners();
  port.on('data', (chunk: Buffer) => listeners.emit(chunk));
  port.on('error', () => {}); // surfaced by write and drain below
  await new Promise<void>((resolve, reject) =>
    port.open((error) => (error ? reject(new TransportError(codeOfErrno(error, 'not_found'), `serial ${path}: ${error.message}`, { cause: error })) : resolve())),
  );
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
