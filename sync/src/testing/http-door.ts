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
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: end === -1 ? '' : text.slice(end + 4) };
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
 * POSTs a chunked body (no Content-Length) of up to `totalBytes`, 64 KiB a chunk, and
 * stops writing as soon as the answer arrives; resolves once the server closes the socket
 * (or, at the latest, `timeoutMs` after the answer). A door that cuts the body closes the
 * connection while the client is still sending, and neither door lingers: the client's
 * kernel may then take a reset before the client has read the answer, and drop it (a few
 * times in a hundred under a loaded machine). An attempt that read nothing at all is made
 * again, at most `attempts` times; the last one is answered whatever it read.
 */
export async function streamChunkedBody(port: number, request: ChunkedRequest, totalBytes: number, timeoutMs = 10_000, attempts = 3): Promise<StreamedAnswer> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await streamOnce(port, request, totalBytes, timeoutMs);
    if (answer.status !== 0 || attempt >= attempts) return answer;
  }
}

function streamOnce(port: number, request: ChunkedRequest, totalBytes: number, timeoutMs: number): Promise<StreamedAnswer> {
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
    const pump = () => {
      while (!isAnswered && !socket.destroyed && sentBytes < totalBytes) {
        sentBytes += chunk.length;
        if (!socket.write(frame)) return void socket.once('drain', pump);
      }
      if (!isAnswered && sentBytes >= totalBytes) socket.write('0\r\n\r\n');
    };
    socket.on('connect', () => {
      socket.write(`POST ${request.path} HTTP/1.1\r\nHost: ${request.host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n${extra}\r\n`);
      pump();
    });
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      text += data;
      if (!isAnswered && text.includes('\r\n\r\n')) {
        isAnswered = true;
        setTimeout(() => finish(false), timeoutMs).unref();
      }
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}
