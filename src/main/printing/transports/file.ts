// The kernel's printer file (/dev/usb/lpN, usblp): the USB fallback that needs neither
// libusb nor a detached driver. Opened non-blocking so an offline printer cannot hang a
// thread: writes retry on EAGAIN until a deadline, reads are polled. Only a character
// device is opened, never a regular file (device-path.ts), checked before and after open.
import { closeSync, constants, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { checkDevicePath } from './device-path.ts';
import { codeOfErrno, DataListeners, TransportError, type Connection, type Transport } from './transport.ts';

export function fileTransport(path: string, options: { writeTimeoutMs?: number; pollMs?: number } = {}): Transport {
  return { description: `file ${path}`, open: async () => openFile(path, options.writeTimeoutMs ?? 20_000, options.pollMs ?? 25) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens the device the path leads to; refuses (not_device) anything but a character device. */
function openDevice(path: string): number {
  const checked = checkDevicePath(path);
  if (!checked.ok) {
    if (checked.reason === 'missing') throw new TransportError('not_found', `file ${path}: no such device`);
    throw new TransportError('not_device', `file ${path}: not a character device (${checked.reason}), not opened`);
  }
  let fd: number;
  try {
    // O_NOCTTY: a terminal given as a printer file must not become the till's controlling terminal
    fd = openSync(checked.realPath, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new TransportError(codeOfErrno(error, 'not_found'), `file ${path}: ${(error as Error).message}`, { cause: error });
  }
  // the path could have been swapped between the check and the open: check what was opened
  if (!fstatSync(fd).isCharacterDevice()) {
    closeSync(fd);
    throw new TransportError('not_device', `file ${path}: not a character device once opened, closed unwritten`);
  }
  return fd;
}

function openFile(path: string, writeTimeoutMs: number, pollMs: number): Connection {
  const fd = openDevice(path);
  const canRead = true; // a character device: the printer may answer status requests
  const listeners = new DataListeners();
  let isOpen = true;
  const poll = async () => {
    const buffer = Buffer.alloc(64);
    while (isOpen) {
      try {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        if (n > 0) listeners.emit(Uint8Array.from(buffer.subarray(0, n)));
      } catch {
        // EAGAIN: nothing to read yet
      }
      await sleep(pollMs);
    }
  };
  if (canRead) void poll();
  return {
    canRead,
    onData: (listener) => listeners.add(listener),
    write: async (bytes) => {
      const deadline = Date.now() + writeTimeoutMs;
      let at = 0;
      while (at < bytes.length) {
        try {
          at += writeSync(fd, bytes, at, bytes.length - at);
        } catch (error) {
          if ((error as { code?: string }).code !== 'EAGAIN') throw new TransportError(codeOfErrno(error, 'io_error'), `file ${path}: ${(error as Error).message}`, { cause: error });
          if (Date.now() > deadline) throw new TransportError('timeout', `file ${path}: the printer took no data for ${writeTimeoutMs} ms`);
          await sleep(pollMs);
        }
      }
    },
    close: async () => {
      isOpen = false;
      closeSync(fd);
    },
  };
}
