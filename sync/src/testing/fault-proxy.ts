// A small HTTP proxy of our own between a till and the ledger server, on loopback, that
// misbehaves on demand, one request at a time:
//   pass         forward and answer
//   drop-before  close the connection without forwarding (the server never saw it)
//   drop-after   forward, let the server commit, then close without answering
//   delay:MS     forward after MS milliseconds
//   duplicate    forward twice at once, answer the first (the server sees it twice)
//   stale        forward and answer, and keep a copy to replay later (replayStale)
//   hold         forward, let the server commit, and never answer (the till is killed meanwhile)
//   truncate     forward, let the server commit, then send half the answer and cut (a line
//                that dies in the middle of a body: the till must write nothing of it)
//   cut          refuse: the network is down
// Every request forwarded is logged with the server's status, for the history checks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'pass' | 'drop-before' | 'drop-after' | `delay:${number}` | 'duplicate' | 'stale' | 'hold' | 'truncate' | 'cut';

export interface ForwardedRequest {
  method: string;
  path: string;
  body: string;
  headers: Record<string, string>;
}

export interface FaultProxy {
  url: string;
  /** Decides the fault of each request (the default passes everything). */
  plan: (request: ForwardedRequest, index: number) => Fault;
  /** Where requests go (changeable: a restarted server on another port). */
  target: string;
  /** Where the second copy of a duplicated request goes (another instance), if not to target. */
  duplicateTarget: string | null;
  readonly log: { path: string; fault: Fault; status: number | null }[];
  /** Sends again the requests kept by `stale`, oldest first; answers their statuses. */
  replayStale(): Promise<number[]>;
  /** Called when a request reaches the proxy, before it is forwarded (tests wait on it). */
  onRequest: ((request: ForwardedRequest, fault: Fault) => void) | null;
  close(): Promise<void>;
}

const hopHeaders = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const stale: ForwardedRequest[] = [];
  let index = 0;
  const forward = async (request: ForwardedRequest, target = proxy.target) => {
    const response = await fetch(`${target}${request.path}`, { method: request.method, headers: request.headers, body: request.method === 'GET' ? undefined : request.body });
    return { status: response.status, body: await response.text(), type: response.headers.get('content-type') ?? 'application/json' };
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (!hopHeaders.has(name) && typeof value === 'string') headers[name] = value;
    const request: ForwardedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body: await readBody(req), headers };
    const fault = proxy.plan(request, index++);
    proxy.onRequest?.(request, fault);
    const entry = { path: request.path.split('?')[0]!, fault, status: null as number | null };
    proxy.log.push(entry);
    if (fault === 'cut' || fault === 'drop-before') {
      req.socket.destroy();
      return;
    }
    if (fault.startsWith('delay:')) await new Promise((r) => setTimeout(r, Number(fault.slice('delay:'.length))));
    try {
      const copies = fault === 'duplicate' ? [forward(request), forward(request, proxy.duplicateTarget ?? proxy.target)] : [forward(request)];
      const answer = await copies[0]!;
      await Promise.allSettled(copies);
      entry.status = answer.status;
      if (fault === 'stale') stale.push(request);
      if (fault === 'hold') return;
      if (fault === 'drop-after') {
        req.socket.destroy();
        return;
      }
      if (fault === 'truncate') {
        const bytes = Buffer.from(answer.body, 'utf8');
        res.writeHead(answer.status, { 'content-type': answer.type, 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.status, { 'content-type': answer.type });
      res.end(answer.body);
    } catch {
      // the server is down: the till sees the connection drop, as it would without a proxy
      req.socket.destroy();
    }
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    plan: () => 'pass',
    target,
    duplicateTarget: null,
    log: [],
    onRequest: null,
    async replayStale() {
      const statuses: number[] = [];
      for (const request of stale.splice(0)) statuses.push((await forward(request)).status);
      return statuses;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return proxy;
}
