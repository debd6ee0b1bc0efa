// One interface for every way bytes reach a printer (network, serial, USB, kernel file,
// virtual), and the typed failure a transport reports, with its cause.

/** not_device: the configured path is not a character device (a regular file, or a symlink to one): never opened. */
export const transportCodes = ['unreachable', 'not_found', 'busy', 'access_denied', 'io_error', 'timeout', 'not_device'] as const;
export type TransportCode = (typeof transportCodes)[number];

export class TransportError extends Error {
  override name = 'TransportError';
  constructor(readonly code: TransportCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface Connection {
  /** Resolves once the device (or the OS on its behalf) has taken every byte. */
  write(bytes: Uint8Array): Promise<void>;
  /** Whether the printer can answer on this connection (DLE EOT, ASB). */
  readonly canRead: boolean;
  onData(listener: (chunk: Uint8Array) => void): void;
  close(): Promise<void>;
}

export interface Transport {
  /** For logs and job events: "tcp 192.168.1.50:9100", "serial /dev/ttyUSB0 @38400"… */
  readonly description: string;
  open(): Promise<Connection>;
}

/** Maps an errno-style failure to a transport code. */
export function codeOfErrno(error: unknown, fallback: TransportCode): TransportCode {
  const code = (error as { code?: unknown; errno?: unknown } | null)?.code;
  const text = `${String(code ?? '')} ${error instanceof Error ? error.message : ''}`;
  if (/ENOTTY|Inappropriate ioctl/.test(text)) return 'not_device'; // a serial port that is no terminal
  if (/ENOENT|ENODEV|ENXIO|NOT_FOUND|NO_DEVICE/.test(text)) return 'not_found';
  if (/EACCES|EPERM|ACCESS/.test(text)) return 'access_denied';
  if (/EBUSY|BUSY|cannot lock port/i.test(text)) return 'busy';
  if (/ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ECONNRESET|EPIPE/.test(text)) return 'unreachable';
  if (/ETIMEDOUT|TIMEOUT/.test(text)) return 'timeout';
  return fallback;
}

/** Rejects with a timeout TransportError unless the promise settles first. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransportError('timeout', `${what}: no answer in ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Listeners of a connection's incoming bytes. */
export class DataListeners {
  private listeners: ((chunk: Uint8Array) => void)[] = [];
  add(listener: (chunk: Uint8Array) => void): void {
    this.listeners.push(listener);
  }
  emit(chunk: Uint8Array): void {
    for (const l of this.listeners) l(chunk);
  }
}
