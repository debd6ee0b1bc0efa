// Probes of an HTTP door on a real socket, shared by the till's web mode tests and the
// ledger server's: a raw request line (paths fetch() would refuse to send), and a chunked
// body streamed far beyond the limit while the server's answer is awaited.
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parseAnswer(text: string): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...headerLines] = text.slice(0, end === -1 ? text.length : end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  // read as latin1 (one character a byte, so the head is found whatever the body holds); the body is UTF-8
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: end === -1 ? '' : Buffer.from(text.slice(end + 4), 'latin1').toString('utf8') };
}

/** Sends `GET <path>` as written (no client-side normalisation) and reads the answer. */
export function rawGet(port: number, path: string, host: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(parseAnswer(text)));
    socket.on('error', reject);
  });
}

export interface StreamedAnswer extends RawAnswer {
  /** Body bytes the client managed to write before the server answered or closed. */
  sentBytes: number;
  /** Whether the server closed the connection. */
  isClosed: boolean;
}

type ChunkedRequest = { path: string; host: string; headers?: Record<string, string> };

/**
 * How the client behaves: `stops` stops writing as soon as the answer arrives (a careful
 * client); `writes-first` writes the whole body before it reads anything, as simple clients
 * do (Python's urllib, a script): it reads the answer only once it has written it all, or
 * once the door has stopped reading.
 */
export type ClientManner = 'stops' | 'writes-first';

/**
 * POSTs a chunked body (no Content-Length) of up to `totalBytes`, 64 KiB a chunk, and
 * resolves once the server closes the socket (or, at the latest, `timeoutMs` after the
 * answer). A door that cuts the body must let its answer reach the client even though the
 * client is still sending: the door lingers (lingerAfterCut) instead of closing at once,
 * which would make the client's kernel take a reset and drop the unread answer.
 */
export function streamChunkedBody(port: number, request: ChunkedRequest, totalBytes: number, timeoutMs = 10_000, manner: ClientManner = 'stops'): Promise<StreamedAnswer> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  const extra = Object.entries(request.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return new Promise((resolve) => {
    let text = '';
    let sentBytes = 0;
    let isAnswered = false;
    let isDone = false;
    const socket = connect(port, '127.0.0.1');
    const finish = (isClosed: boolean) => {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseAnswer(text), sentBytes, isClosed });
    };
    const timer = setTimeout(() => finish(false), timeoutMs * 10);
    let isReading = false;
    const read = () => {
      if (isReading) return;
      isReading = true;
      socket.on('data', (data: string) => {
        text += data;
        if (!isAnswered && text.includes('\r\n\r\n')) {
          isAnswered = true;
          setTimeout(() => finish(false), timeoutMs).unref();
        }
      });
      socket.resume();
    };
    // a client that writes first reads once it has written all, or once the door has stopped
    // reading for longer than a lingering door waits (5 s)
    let stall: NodeJS.Timeout | undefined;
    const pump = () => {
      clearTimeout(stall);
      while (!isAnswered && !socket.destroyed && sentBytes < totalBytes) {
        sentBytes += chunk.length;
        if (!socket.write(frame)) {
          if (manner === 'writes-first') stall = setTimeout(read, 5000);
          return void socket.once('drain', pump);
        }
      }
      if (!isAnswered && sentBytes >= totalBytes) {
        socket.write('0\r\n\r\n');
        if (manner === 'writes-first') read();
      }
    };
    socket.setEncoding('latin1');
    if (manner === 'writes-first') socket.pause();
    else read();
    socket.on('connect', () => {
      socket.write(`POST ${request.path} HTTP/1.1\r\nHost: ${request.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n${extra}\r\n`);
      pump();
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}
